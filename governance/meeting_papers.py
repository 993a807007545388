"""The papers governance itself contributes to agenda items: the minutes of the body's last meeting (at the
"Minutes of the last meeting" item), its open actions (at the "Action log" item) and an item's uploaded paper.

Minutes and actions of an exempt item are not part of the open paper: they go in a separate exempt part that carries
the item's Schedule 12A paragraph, as councils print confidential minutes, so a public pack withholds exactly that
part. Each paper's body is one fragment template, rendered by the same function for its screen page and for a pack.
"""

from functools import partial

from django.template.loader import render_to_string
from django.urls import reverse

from governance.models import Action, ActionStatus, AgendaItem, Decision, ItemNote, Meeting, MinutesStatus, StandingItem
from governance.papers import Order, Paper

MINUTES = "minutes"
MINUTES_EXEMPT = "minutes-exempt"
ACTION_LOG = "action-log"
ACTION_LOG_EXEMPT = "action-log-exempt"
KINDS = {
    MINUTES: "Minutes of the last meeting",
    MINUTES_EXEMPT: "Minutes of the last meeting: exempt items",
    ACTION_LOG: "Action log",
    ACTION_LOG_EXEMPT: "Action log: exempt items",
}


def previous_meeting(meeting):
    """The body's last meeting before this one that was not cancelled."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .exclude(status="cancelled")
        .order_by("-starts_at", "-id")
        .first()
    )


def _minutes_rows(meeting, exempt):
    minutes = meeting.minutes.order_by("-version").first()
    if minutes is None:
        return None, []
    items = list(
        AgendaItem.objects.filter(agenda__meeting=meeting, exempt_paragraph__isnull=not exempt)
        .select_related("agenda")
        .order_by("agenda__supplement", "position", "id")
    )
    notes = {n.item_id: n.discussion for n in ItemNote.objects.filter(minutes=minutes, item__in=items)}
    decisions = Decision.objects.filter(item__in=items).select_related("referred_to").order_by("recorded_at", "id")
    actions = Action.objects.filter(item__in=items).select_related("owner").order_by("due_on", "id")
    rows = [
        {
            "item": item,
            "note": notes.get(item.pk, ""),
            "decisions": [d for d in decisions if d.item_id == item.pk],
            "actions": [a for a in actions if a.item_id == item.pk],
        }
        for item in items
    ]
    return minutes, rows


def minutes_context(item, exempt=False):
    meeting = previous_meeting(item.agenda.meeting)
    minutes, rows = _minutes_rows(meeting, exempt) if meeting else (None, [])
    return {
        "last_meeting": meeting,
        "minutes": minutes,
        "draft": minutes is not None and minutes.status not in {MinutesStatus.APPROVED, MinutesStatus.CIRCULATED},
        "rows": rows,
        "exempt": exempt,
    }


def _open_actions(item, exempt):
    meeting = item.agenda.meeting
    return list(
        Action.objects.filter(
            item__agenda__meeting__body_id=meeting.body_id,
            item__agenda__meeting__starts_at__lt=meeting.starts_at,
            item__exempt_paragraph__isnull=not exempt,
        )
        .filter(status=ActionStatus.OPEN)
        .select_related("owner", "item__agenda__meeting")
        .order_by("due_on", "id")
    )


def action_log_context(item, exempt=False):
    return {"actions": _open_actions(item, exempt), "as_at": item.agenda.meeting.date, "exempt": exempt}


def render_minutes(item_id, exempt=False):
    item = AgendaItem.objects.select_related("agenda__meeting").get(pk=item_id)
    return render_to_string("governance/papers/minutes.html", minutes_context(item, exempt))


def render_action_log(item_id, exempt=False):
    item = AgendaItem.objects.select_related("agenda__meeting").get(pk=item_id)
    return render_to_string("governance/papers/action_log.html", action_log_context(item, exempt))


RENDERERS = {
    MINUTES: partial(render_minutes, exempt=False),
    MINUTES_EXEMPT: partial(render_minutes, exempt=True),
    ACTION_LOG: partial(render_action_log, exempt=False),
    ACTION_LOG_EXEMPT: partial(render_action_log, exempt=True),
}


def _exempt_paragraph_of(queryset):
    """The lowest Schedule 12A paragraph among the exempt items behind a part, or None when there are none."""
    return queryset.order_by("exempt_paragraph").values_list("exempt_paragraph", flat=True).first()


def _paper(item, kind, order, exempt_paragraph=None):
    return Paper(
        item.pk,
        KINDS[kind],
        reverse("governance:meeting_paper", args=[item.pk, kind]),
        "Action log" if kind.startswith("action") else "Minutes",
        order=order,
        render=partial(RENDERERS[kind], item.pk),
        exempt_paragraph=exempt_paragraph,
    )


def meeting_papers(items):
    items = [item for item in items if item.standing in {StandingItem.MINUTES, StandingItem.ACTION_LOG} or item.paper]
    if not items:
        return
    items = AgendaItem.objects.filter(pk__in=[i.pk for i in items]).select_related("agenda__meeting")
    for item in items:
        if item.paper:
            yield Paper(
                item.pk,
                f"Item {item.number} paper",
                reverse("governance:item_paper", args=[item.pk]),
                "Paper (PDF)",
                order=Order.ITEM_PAPER,
                pdf=partial(_file_bytes, item.pk),
                fingerprint=f"item-paper:{item.pk}:{item.paper.name}",
            )
        if item.standing == StandingItem.MINUTES:
            last = previous_meeting(item.agenda.meeting)
            if last is None or not last.minutes.exists():
                continue
            yield _paper(item, MINUTES, Order.MINUTES)
            exempt_items = AgendaItem.objects.filter(agenda__meeting=last, exempt_paragraph__isnull=False)
            if exempt_items.exists():
                yield _paper(item, MINUTES_EXEMPT, Order.MINUTES, _exempt_paragraph_of(exempt_items))
        elif item.standing == StandingItem.ACTION_LOG:
            yield _paper(item, ACTION_LOG, Order.ACTION_LOG)
            exempt = _open_actions(item, exempt=True)
            if exempt:
                yield _paper(item, ACTION_LOG_EXEMPT, Order.ACTION_LOG, min(a.item.exempt_paragraph for a in exempt))


def _file_bytes(item_id):
    item = AgendaItem.objects.get(pk=item_id)
    with item.paper.open("rb") as handle:
        return handle.read()
