"""Access expectations for the projects plan pages."""


def objects():
    return {}


ROWS = {}
