"""The first draft of a highlight report, written from what changed in the plan during the period.

Two halves:
- `summarise_changes(changes, period_start, period_end, plan=(), tolerances=())` is a pure function: plain change
  records in, the report's texts and suggested RAG ratings out (a dict keyed by HighlightReport field names). It
  reads no database and can be tested with hand-made records.
- `plan_changes`, `plan_at` and `draft_texts` are the glue: they read the django-simple-history records of the
  project's deliverables, its change requests and its lessons, and turn them into those records.

The Project Leader edits the narrative afterwards; the draft only says, in plain sentences, what the records show.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from projects.models import ChangeStatus, DeliverableKind, DeliverableStatus, Dimension, Priority, Rag

SECTION_LABELS = {
    "summary": "Summary",
    "work_done": "Work done this period",
    "work_planned": "Work planned for the next period",
    "products_completed": "Products completed",
    "tolerance_status": "Tolerance status",
    "change_requests": "Requests for change",
    "key_risks_and_issues": "Key risks and issues",
    "lessons": "Lessons",
}
DIMENSION_LABELS = {
    "time": "Time",
    "cost": "Cost",
    "scope": "Scope",
    "quality": "Quality",
    "risks": "Risks",
    "issues": "Issues",
    "benefits": "Benefits",
}
# A report dimension and the tolerance dimension it is judged against.
TOLERANCE_FOR = {
    "time": "time",
    "cost": "cost",
    "scope": "scope",
    "quality": "quality",
    "risks": "risk",
    "benefits": "benefits",
}
# The deliverable fields whose changes the report describes.
TRACKED_FIELDS = ["status", "due_on", "rag", "percent_complete", "owner"]

NO_CHANGES = "No changes to the plan in this period."
NO_RISKS_OR_ISSUES = "Nothing slipped, was missed or changed rating in this period."
DONE = {DeliverableStatus.COMPLETE, DeliverableStatus.CANCELLED}
RAG_ORDER = [Rag.GREEN, Rag.AMBER, Rag.RED]


@dataclass(frozen=True)
class PlanChange:
    """One thing that happened in the plan.

    kind: "deliverable" or "milestone" (field: status, due_on, rag, percent_complete, owner, added, removed),
          "change_request" (field: raised, or decided with `new` the decision such as "Approved"),
          "lesson" (field: logged, `new` the priority label).
    old/new: raw values for status and rag (e.g. "complete"), dates for due_on, numbers for percent_complete,
             names for owner.
    ref: identifies the record (a deliverable's id), so that several changes to it in a period are read as one.
    """

    when: dt.date
    title: str
    field: str
    old: object = None
    new: object = None
    kind: str = "deliverable"
    workstream: str = ""
    ref: object = None


@dataclass(frozen=True)
class PlanItem:
    """A deliverable or milestone as it stood at the end of the period."""

    title: str
    due_on: dt.date | None
    status: str = DeliverableStatus.NOT_STARTED
    kind: str = DeliverableKind.DELIVERABLE
    workstream: str = ""
    rag: str = Rag.GREEN


# -------------------------------------------------------------------------------------------------------- wording


def day(value):
    """29 May 2026"""
    return f"{value.day} {value:%B %Y}"


def span(days):
    """4 weeks, 1 week, 3 days, 1 day."""
    days = abs(days)
    if days and days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


def amount(value, unit=""):
    """A tolerance quantity: 4, 1.5, £10,000."""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return f"£{value:,}" if unit.strip() == "£" else f"{value:,}"


def quantity(value, unit):
    """A quantity with its unit: 4 weeks, £10,000."""
    return amount(value, unit) if unit.strip() == "£" else f"{amount(value)} {unit}".strip()


def tolerance_line(tolerance):
    """The tolerance in words, e.g. "Time: forecast 1 of 4 weeks — within tolerance". Takes a Tolerance, or anything
    with its dimension, limit, forecast, unit, exceeded and status."""
    label = Dimension(tolerance.dimension).label
    unit = tolerance.unit or ""
    limit = quantity(tolerance.limit, unit)
    forecast = amount(tolerance.forecast, unit)
    if tolerance.exceeded:
        state = "forecast to exceed the tolerance"
    else:
        state = tolerance.status[:1].lower() + tolerance.status[1:]
    return f"{label}: forecast {forecast} of {limit} — {state}"


def _status_label(value):
    try:
        return DeliverableStatus(value).label
    except ValueError:
        return str(value)


def _rag_label(value):
    try:
        return Rag(value).label
    except ValueError:
        return str(value)


def _named(change):
    return f"{change.title} ({change.workstream})" if change.workstream else change.title


def _count(n, noun):
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _worst(*rags):
    return max(rags, key=RAG_ORDER.index, default=Rag.GREEN)


# ---------------------------------------------------------------------------------------------------- the summary


def _key(change):
    return change.kind, change.ref if change.ref is not None else change.title


def _combine(changes):
    """Read several changes to the same field of the same record in the period as one: first old, last new.
    A field that ends where it started drops out."""
    out, index = [], {}
    for change in sorted(changes, key=lambda c: c.when):
        if change.field not in TRACKED_FIELDS:
            out.append(change)
            continue
        key = (*_key(change), change.field)
        if key in index:
            first = out[index[key]]
            out[index[key]] = PlanChange(
                change.when,
                change.title,
                change.field,
                first.old,
                change.new,
                change.kind,
                change.workstream,
                change.ref,
            )
        else:
            index[key] = len(out)
            out.append(change)
    return [c for c in out if c.field not in TRACKED_FIELDS or c.old != c.new]


def _lines(items, empty):
    return "\n".join(items) if items else empty


def summarise_changes(changes, period_start, period_end, plan=(), tolerances=()):
    """The report's texts and suggested RAG ratings for the period, keyed by HighlightReport field names.

    `changes`: PlanChange records (those outside the period are ignored); `plan`: PlanItem records, the plan as it
    stood at the end of the period (for milestones missed and the work planned for the next period); `tolerances`:
    Tolerance rows (or objects with dimension, limit, forecast, unit, exceeded and status).
    """
    changes = _combine([c for c in changes if period_start <= c.when <= period_end])
    # Progress to 100% says nothing more than "Completed".
    finished = {_key(c) for c in changes if c.field == "status" and c.new == DeliverableStatus.COMPLETE}
    changes = [c for c in changes if not (c.field == "percent_complete" and c.new == 100 and _key(c) in finished)]
    plan_kinds = (DeliverableKind.DELIVERABLE, DeliverableKind.MILESTONE)
    completed, met, done, slipped, issues, raised, lessons = [], [], [], [], [], [], []
    counts = {"completed": 0, "added": 0, "slipped": 0, "missed": 0}
    for c in changes:
        if c.kind in plan_kinds:
            if c.field == "status" and c.new == DeliverableStatus.COMPLETE:
                if c.kind == DeliverableKind.MILESTONE:
                    line = f"Met: {c.title} on {day(c.when)}"
                    met.append(line)
                else:
                    line = f"Completed: {_named(c)}"
                    completed.append(line)
                counts["completed"] += 1
            elif c.field == "status" and c.new == DeliverableStatus.CANCELLED:
                done.append(f"Cancelled: {_named(c)}")
            elif c.field == "status":
                done.append(f"Status: {c.title}, {_status_label(c.old)} → {_status_label(c.new)}")
            elif c.field == "added":
                counts["added"] += 1
                due = f", due {day(c.new)}" if c.new else ""
                done.append(f"Added to the plan: {_named(c)}{due}")
            elif c.field == "removed":
                done.append(f"Removed from the plan: {_named(c)}")
            elif c.field == "due_on" and c.old and c.new and c.new > c.old:
                counts["slipped"] += 1
                line = f"Slipped: {c.title}, due {day(c.old)} → {day(c.new)} ({span((c.new - c.old).days)})"
                slipped.append(line)
            elif c.field == "due_on" and c.old and c.new:
                done.append(
                    f"Brought forward: {c.title}, due {day(c.old)} → {day(c.new)} "
                    f"({span((c.old - c.new).days)} earlier)"
                )
            elif c.field == "due_on" and c.new:
                done.append(f"Due date set: {c.title}, due {day(c.new)}")
            elif c.field == "due_on":
                issues.append(f"Due date removed: {c.title}, was due {day(c.old)}")
            elif c.field == "percent_complete":
                done.append(f"Progress: {c.title}, {c.old or 0}% → {c.new or 0}%")
            elif c.field == "owner":
                done.append(f"Owner: {c.title}, {c.old or 'no owner'} → {c.new or 'no owner'}")
            elif c.field == "rag":
                issues.append(f"RAG: {c.title}, {_rag_label(c.old)} → {_rag_label(c.new)}")
        elif c.kind == "change_request":
            if c.field == "raised":
                raised.append(f"Raised: {c.title} ({day(c.when)})")
            else:
                raised.append(f"{c.new}: {c.title} ({day(c.when)})")
        elif c.kind == "lesson":
            priority = f" ({str(c.new).lower()} priority)" if c.new else ""
            lessons.append(f"Logged: {c.title}{priority}")

    missed = []
    for item in plan:
        if item.due_on and period_start <= item.due_on <= period_end and item.status not in DONE:
            counts["missed"] += 1
            if item.kind == DeliverableKind.MILESTONE:
                missed.append(f"Missed: {item.title}, due {day(item.due_on)}")
            else:
                missed.append(
                    f"Overdue: {item.title} ({item.workstream}), due {day(item.due_on)}"
                    if item.workstream
                    else f"Overdue: {item.title}, due {day(item.due_on)}"
                )

    length = period_end - period_start
    next_start, next_end = period_end + dt.timedelta(days=1), period_end + dt.timedelta(days=1) + length
    planned = [
        f"{item.title}{f' ({item.workstream})' if item.workstream else ''}, due {day(item.due_on)}"
        for item in sorted(plan, key=lambda i: (i.due_on or next_end, i.title))
        if item.due_on and next_start <= item.due_on <= next_end and item.status not in DONE
    ]

    tolerances = list(tolerances)
    by_dimension = {t.dimension: t for t in tolerances}

    def from_tolerance(dimension):
        tolerance = by_dimension.get(TOLERANCE_FOR.get(dimension, dimension))
        if tolerance is None:
            return Rag.GREEN
        if tolerance.exceeded:
            return Rag.RED
        return Rag.AMBER if tolerance.status != "Within tolerance" else Rag.GREEN

    rags = {f"{d}_rag": from_tolerance(d) for d in DIMENSION_LABELS}
    if rags["time_rag"] == Rag.GREEN and (slipped or missed):
        rags["time_rag"] = Rag.AMBER
    open_rags = [i.rag for i in plan if i.status not in DONE and i.rag in RAG_ORDER]
    rags["issues_rag"] = _worst(rags["issues_rag"], *open_rags)
    rags["overall_rag"] = _worst(*rags.values())

    comments = {}
    for dimension in DIMENSION_LABELS:
        tolerance = by_dimension.get(TOLERANCE_FOR.get(dimension, dimension))
        parts = []
        if dimension == "time" and (slipped or missed):
            parts.append(
                ", ".join(
                    p
                    for p in (
                        f"{len(slipped)} slipped" if slipped else "",
                        f"{len(missed)} missed or overdue" if missed else "",
                    )
                    if p
                )
                + "."
            )
        if tolerance is not None:
            text = tolerance_line(tolerance).split(": ", 1)[1]
            parts.append(text[:1].upper() + text[1:] + ".")
        comments[f"{dimension}_comment"] = " ".join(parts)  # blank when there is nothing to say: a refresh clears it

    decided = [line for line in raised if not line.startswith("Raised: ")]
    others = len(done) - counts["added"] + len(issues)
    summary_parts = [
        f"{counts['completed']} completed" if counts["completed"] else "",
        f"{counts['added']} added to the plan" if counts["added"] else "",
        f"{counts['slipped']} slipped" if counts["slipped"] else "",
        f"{counts['missed']} missed or overdue" if counts["missed"] else "",
        f"{_count(others, 'other change')} to the plan" if others else "",
        f"{_count(len(raised) - len(decided), 'change request')} raised" if len(raised) > len(decided) else "",
        f"{_count(len(decided), 'change request')} decided" if decided else "",
        f"{_count(len(lessons), 'lesson')} logged" if lessons else "",
    ]
    summary_parts = [p for p in summary_parts if p]
    summary = f"{day(period_start)} to {day(period_end)}: {', '.join(summary_parts)}." if summary_parts else NO_CHANGES
    work_done = completed + met + done
    return {
        "summary": summary,
        "work_done": _lines(work_done, NO_CHANGES),
        "products_completed": _lines(completed + met, "No products were completed in this period."),
        "work_planned": _lines(planned, f"Nothing is due between {day(next_start)} and {day(next_end)}."),
        "tolerance_status": _lines(
            [tolerance_line(t) for t in tolerances], "No tolerances are recorded for this project."
        ),
        "change_requests": _lines(raised, "No change requests were raised or decided in this period."),
        "key_risks_and_issues": _lines(slipped + missed + issues, NO_RISKS_OR_ISSUES),
        "lessons": _lines(lessons, "No lessons were logged in this period."),
        **rags,
        **comments,
    }


# ----------------------------------------------------------------------------------------------- database glue


def _bounds(period_start, period_end):
    """The period as aware datetimes: from the start of its first day to the start of the day after its last."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(period_start, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(period_end + dt.timedelta(days=1), dt.time.min), tz)
    return start, end


def _local_day(when):
    return timezone.localtime(when).date()


def _deliverable_records(project, before):
    """The history of the project's deliverables up to `before`, grouped by deliverable, oldest first."""
    from projects.models import Deliverable

    records = {}
    for record in Deliverable.history.filter(project_id=project.pk, history_date__lt=before).order_by(
        "history_date", "history_id"
    ):
        records.setdefault(record.id, []).append(record)
    return records


def _names(project):
    from governance.models import Person

    streams = dict(project.workstreams.values_list("id", "name"))
    people = dict(Person.objects.values_list("id", "name"))
    return streams, people


def plan_changes(project, start, end):
    """What happened to the project in the period `start`..`end` (dates, inclusive), as PlanChange records:
    deliverables added, removed or changed (each history record compared with the one before it), change requests
    raised or decided, lessons logged."""
    from projects.models import ChangeRequest, Lesson

    start_at, end_at = _bounds(start, end)
    streams, people = _names(project)
    changes = []
    for records in _deliverable_records(project, end_at).values():
        previous = None
        for record in records:
            if record.history_date >= start_at:
                common = {
                    "when": _local_day(record.history_date),
                    "title": record.title,
                    "kind": record.kind,
                    "workstream": streams.get(record.workstream_id, ""),
                    "ref": record.id,
                }
                if record.history_type == "+":
                    changes.append(PlanChange(field="added", new=record.due_on, **common))
                elif record.history_type == "-":
                    changes.append(PlanChange(field="removed", **common))
                elif previous is not None:
                    delta = record.diff_against(previous, included_fields=TRACKED_FIELDS)
                    for change in delta.changes:
                        old, new = change.old, change.new
                        if change.field == "owner":
                            old, new = people.get(old, ""), people.get(new, "")
                        changes.append(PlanChange(field=change.field, old=old, new=new, **common))
            previous = record
    for cr in ChangeRequest.objects.filter(project=project):
        title = f"{cr.reference}: {cr.title}"
        if start <= cr.raised_on <= end:
            changes.append(PlanChange(cr.raised_on, title, "raised", kind="change_request", ref=cr.pk))
        if cr.decided_on and start <= cr.decided_on <= end and cr.status != ChangeStatus.RAISED:
            changes.append(
                PlanChange(
                    cr.decided_on, title, "decided", new=cr.get_status_display(), kind="change_request", ref=cr.pk
                )
            )
    for lesson in Lesson.objects.filter(project=project, logged_on__gte=start, logged_on__lte=end):
        event = " ".join(lesson.event.split())
        event = event if len(event) <= 200 else event[:199] + "…"
        changes.append(
            PlanChange(
                lesson.logged_on, event, "logged", new=Priority(lesson.priority).label, kind="lesson", ref=lesson.pk
            )
        )
    return changes


def plan_at(project, on):
    """The project's deliverables and milestones as they stood at the end of the day `on`, as PlanItem records (from
    their history; a deliverable with no history at all is taken as it is now)."""
    from projects.models import Deliverable

    _, end_at = _bounds(on, on)
    streams, _ = _names(project)
    items = []
    for records in _deliverable_records(project, end_at).values():
        last = records[-1]
        if last.history_type != "-":
            items.append(
                PlanItem(last.title, last.due_on, last.status, last.kind, streams.get(last.workstream_id, ""), last.rag)
            )
    with_history = set(Deliverable.history.filter(project_id=project.pk).values_list("id", flat=True))
    for d in Deliverable.objects.filter(project=project).exclude(pk__in=with_history):
        items.append(PlanItem(d.title, d.due_on, d.status, d.kind, streams.get(d.workstream_id, ""), d.rag))
    return items


# The registers that report through the draft's "Key risks and issues" (the risk register is in the risks app,
# which depends on this one, so it registers itself here from its AppConfig.ready).
RISK_SOURCES = []


def register_risk_source(source):
    """`source(project, period_start, period_end)` returns lines for the draft's "Key risks and issues"."""
    if source not in RISK_SOURCES:
        RISK_SOURCES.append(source)


def draft_texts(project, period_start, period_end):
    """The draft report's texts and RAG suggestions for the period (tolerances as they stand now), with the lines the
    registers add to "Key risks and issues" (risks raised in the period) after the plan's own."""
    texts = summarise_changes(
        plan_changes(project, period_start, period_end),
        period_start,
        period_end,
        plan=plan_at(project, period_end),
        tolerances=list(project.tolerances.all()),
    )
    registers = [line for source in RISK_SOURCES for line in source(project, period_start, period_end)]
    if registers:
        plan_lines = [] if texts["key_risks_and_issues"] == NO_RISKS_OR_ISSUES else [texts["key_risks_and_issues"]]
        texts["key_risks_and_issues"] = "\n".join(plan_lines + registers)
    return texts


def draft_report(project, period_start, period_end, by):
    """Create (or refresh, while it is a draft) the project's highlight report for the period. The state change
    lives in projects.report_actions; this name is kept here for callers that think of it as the generator."""
    from projects import report_actions

    return report_actions.draft_report(project, period_start, period_end, by)
