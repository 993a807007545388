"""Access expectations for the projects reports pages."""


def objects():
    return {}


ROWS = {}
