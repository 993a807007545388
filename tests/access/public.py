"""Access expectations for the public pages and calendar feeds."""


def objects():
    return {}


ROWS = {}
