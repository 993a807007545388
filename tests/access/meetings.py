"""Access expectations for meetings, agendas, attendance and minutes."""


def objects():
    return {}


ROWS = {}
