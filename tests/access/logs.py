"""Access expectations for the decision log, action log, deadlines and decisions between meetings."""


def objects():
    return {}


ROWS = {}
