"""Meeting pages: schedule, agenda and its approval, attendance with the live quorum panel, items, minutes."""


def body_meetings(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def extraordinary_new(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def meeting_detail(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def meeting_edit(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def meeting_cancel(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def agenda_start(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def agenda_supplementary(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def attendance(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def meeting_quorum(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def minutes(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def item_new(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def agenda_action(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def item_detail(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def item_edit(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def item_move(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def item_remove(request, **kwargs):  # placeholder until built
    raise NotImplementedError


def item_record(request, **kwargs):  # placeholder until built
    raise NotImplementedError
