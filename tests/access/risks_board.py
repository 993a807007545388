"""Access expectations for the risks board pages."""


def objects():
    return {}


ROWS = {}
