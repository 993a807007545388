"""Access expectations for the projects registers pages."""


def objects():
    return {}


ROWS = {}
