"""Access expectations for the projects charts pages."""


def objects():
    return {}


ROWS = {}
