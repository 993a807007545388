"""Access expectations for the risks registers pages."""


def objects():
    return {}


ROWS = {}
