"""Everything held about a person, for a subject-access request: one document of sections, as JSON and as a PDF.

governance cannot import projects or risks, so each app registers a collector when it starts (in AppConfig.ready):
`collector(person, user) -> {section title: [record, ...]}`, where `user` is the person's sign-in account or None and
each record is a plain dict. Sections of the same title from several apps are joined (the history of changes made
with the person's sign-in, for one). The export keeps to records about the person: an agenda item that is exempt
information is named by its number and Schedule 12A paragraph only, and what others wrote is left out, while what
the person wrote or was given (their declarations, their actions, their comments) is theirs and is included.

The document is plain data, so the same thing reaches the JSON download, the PDF and the page: ISO dates, keys in a
fixed order, sections in a fixed order.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from governance import fonts
from governance.models import (
    Action,
    Agenda,
    AgendaApproval,
    Decision,
    DecisionReport,
    Declaration,
    Delegation,
    ExceptionMatter,
    ExceptionResponse,
    Minutes,
    MinutesReview,
    PackBuild,
)

# The section every app adds to: the history rows (django-simple-history) in which the person's sign-in is the
# acting user. It comes last in the document.
CHANGES = "Changes recorded with their sign-in"

_collectors = []


def register(collector):
    """`collector(person, user) -> {section title: [record dict, ...]}`. Registering it twice has no effect."""
    if collector not in _collectors:
        _collectors.append(collector)
    return collector


@dataclass(frozen=True)
class Section:
    title: str
    records: list


def plain(value):
    """A value as JSON holds it: ISO dates and times (times in the service's time zone), decimals as text."""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def collect(person):
    """Every registered app's records about `person`, as sections in a fixed order (CHANGES last)."""
    user = person.user
    sections = {}
    for collector in _collectors:
        for title, records in collector(person, user).items():
            sections.setdefault(title, []).extend(records)
    if CHANGES in sections:
        sections[CHANGES] = sorted(sections.pop(CHANGES), key=lambda r: (r["at"], r["record"], r["record_id"]))
    return [Section(title, [plain(record) for record in records]) for title, records in sections.items()]


def document(person, sections=None, now=None):
    sections = collect(person) if sections is None else sections
    return {
        "subject_access_export": {
            "person_id": person.pk,
            "person": person.name,
            "controller": settings.COUNCIL_NAME,
            "service": settings.SERVICE_NAME,
            "generated_at": plain(now or timezone.now()),
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        },
        "sections": [{"title": s.title, "count": len(s.records), "records": s.records} for s in sections],
    }


def to_json(doc):
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------------------------------------ PDF


ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    # A time to the minute, in the service's time zone (the JSON keeps it whole).
    time = ISO_TIME.fullmatch(str(value))
    return f"{time[1]} {time[2]}" if time else str(value)


def table(section):
    """(column labels, rows of text) for a section; the columns are every key its records use, in order."""
    keys = []
    for record in section.records:
        keys += [k for k in record if k not in keys]
    labels = [key.replace("_", " ").capitalize() for key in keys]
    return labels, [[_cell(record.get(key)) for key in keys] for record in section.records]


def render_pdf(doc):
    """The document as a readable PDF (WeasyPrint, the packs' fonts and print styles): a table per section."""
    from weasyprint import HTML

    head = doc["subject_access_export"]
    sections = []
    for s in doc["sections"]:
        columns, rows = table(Section(s["title"], s["records"]))
        sections.append({"title": s["title"], "columns": columns, "rows": rows})
    html = render_to_string(
        "governance/personal_data/export_pdf.html",
        {
            "head": head,
            "sections": sections,
            "generated_on": dt.datetime.fromisoformat(head["generated_at"]),
            "font_dir": fonts.font_dir_uri(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


# ------------------------------------------------------------------------------------------------ shared helpers


def history_models(app_label):
    """The django-simple-history models of an app's records (not the tables of many-to-many changes)."""
    return [
        model
        for model in apps.get_app_config(app_label).get_models()
        if hasattr(model, "instance_type") and any(f.name == "history_user" for f in model._meta.fields)
    ]


def changes_by(user, app_label):
    """{CHANGES: rows} for the history rows of an app's records in which `user` is the acting user: which record,
    what kind of change, when and why (the record's content is the council's, not the person's)."""
    if user is None:
        return {CHANGES: []}
    kinds = {"+": "Created", "~": "Changed", "-": "Deleted"}
    rows = []
    for model in history_models(app_label):
        tracked = model.instance_type._meta
        for row in model.objects.filter(history_user=user).values(
            "id", "history_type", "history_date", "history_change_reason"
        ):
            rows.append(
                {
                    "at": row["history_date"],
                    "record": f"{tracked.app_label}: {tracked.verbose_name}",
                    "record_id": row["id"],
                    "change": kinds.get(row["history_type"], row["history_type"]),
                    "reason": row["history_change_reason"] or "",
                }
            )
    return {CHANGES: rows}


def meeting_label(meeting):
    return f"{meeting.body.name}, {timezone.localtime(meeting.starts_at):%d %B %Y}"


def item_label(item):
    """An agenda item by number and title; an exempt item by number and paragraph only."""
    if item.exempt_paragraph:
        return f"Item {item.number}: exempt information (paragraph {item.exempt_paragraph} of Schedule 12A)"
    return f"Item {item.number}: {item.title}"


def user_label(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


# ------------------------------------------------------------------------------------------------- governance's


def governance_records(person, user):
    item_related = ("item__agenda__meeting__body",)
    sections = {
        "Person record": [
            {
                "person_id": person.pk,
                "name": person.name,
                "job_title": person.title,
                "organisation": str(person.organisation or ""),
                "service_area": person.service_area,
                "email": person.email,
                "private_calendar_link": "issued" if person.calendar_token else "none",
            }
        ],
        "History of the person record": [
            {
                "recorded_at": row.history_date,
                "change": {"+": "Created", "~": "Changed", "-": "Deleted"}.get(row.history_type, row.history_type),
                "name": row.name,
                "job_title": row.title,
                "service_area": row.service_area,
                "email": row.email,
                "reason": row.history_change_reason or "",
            }
            for row in person.history.order_by("history_date", "history_id")
        ],
        "Sign-in account": _account(user),
        "Seats on bodies": [
            {
                "body": m.body.name,
                "role": m.role_label,
                "constituency": m.get_constituency_display(),
                "title": m.title,
                "service_area": m.service_area,
                "responsibility": m.responsibility,
                "voting": m.voting,
                "confirmed": m.confirmed,
                "start_date": m.start_date,
                "end_date": m.end_date,
                "named_deputy": m.deputy.name if m.deputy_id else "",
                "deputy_authority": m.get_deputy_authority_display(),
            }
            for m in person.memberships.select_related("body", "deputy").order_by("body__position", "pk")
        ],
        "Named deputy for": [
            {
                "body": m.body.name,
                "for_seat": m.holder_name,
                "authority": m.get_deputy_authority_display(),
                "start_date": m.start_date,
                "end_date": m.end_date,
            }
            for m in person.deputy_for.select_related("body", "person").order_by("body__position", "pk")
        ],
        "Delegations": [
            {
                "body": d.body.name,
                "delegation": "given to" if d.principal_id == person.pk else "held for",
                "other_person": d.delegate.name if d.principal_id == person.pk else d.principal.name,
                "starts_on": d.starts_on,
                "ends_on": d.ends_on,
                "reason": d.reason,
            }
            for d in Delegation.objects.filter(Q(principal=person) | Q(delegate=person))
            .select_related("body", "principal", "delegate")
            .order_by("starts_on", "pk")
        ],
        "Meeting attendance": [
            {
                "meeting": meeting_label(a.meeting),
                "status": a.get_status_display(),
                "deputy_for": a.deputy_for.holder_name if a.deputy_for_id else "",
                "arrived_at_item": a.arrived_at_item,
                "left_before_item": a.left_at_item,
                "note": a.note,
            }
            for a in person.attendance.select_related("meeting__body", "deputy_for__person").order_by(
                "meeting__starts_at", "pk"
            )
        ],
        "Extraordinary meetings called": [
            {"meeting": meeting_label(m), "notice_given_on": m.notice_given_on, "status": m.get_status_display()}
            for m in person.meetings_called.select_related("body").order_by("starts_at", "pk")
        ],
        "Declarations of interest": [
            {
                "meeting": meeting_label(d.item.agenda.meeting),
                "item": item_label(d.item),
                "kind": d.get_kind_display(),
                "interest": d.interest,
                "disqualifying": d.disqualifying,
            }
            for d in Declaration.objects.filter(person=person)
            .select_related(*item_related)
            .order_by("item__agenda__meeting__starts_at", "pk")
        ],
        "Actions owned": [
            {
                "meeting": meeting_label(a.item.agenda.meeting),
                "item": item_label(a.item),
                "action": a.description,
                "due_on": a.due_on,
                "status": a.get_status_display(),
                "done_on": a.done_on,
                "update": a.update,
            }
            for a in Action.objects.filter(owner=person).select_related(*item_related).order_by("due_on", "pk")
        ],
        "Responses to matters put between meetings": [
            {
                "body": r.matter.body.name,
                "matter": r.matter.question,
                "response": r.get_response_display(),
                "comment": r.comment,
                "at": r.at,
            }
            for r in ExceptionResponse.objects.filter(person=person).select_related("matter__body").order_by("at", "pk")
        ],
        "Meeting business recorded with their sign-in": _meeting_business(user),
        "Officer decision reports": _decision_reports(user),
        "Document packs requested": [
            {
                "pack": f"{b.get_kind_display()} ({b.get_variant_display().lower()})",
                "of": meeting_label(b.meeting) if b.meeting_id else str(b.report),
                "requested_at": b.requested_at,
                "status": b.get_status_display(),
            }
            for b in (
                PackBuild.objects.filter(requested_by=user).select_related("meeting__body", "report")
                if user
                else PackBuild.objects.none()
            ).order_by("requested_at", "pk")
        ],
    }
    sections.update(changes_by(user, "governance"))
    return sections


def _account(user):
    if user is None:
        return []
    return [
        {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "active": user.is_active,
            "staff": user.is_staff,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "password": "held only as a salted one-way hash, which is not exported"
            if user.has_usable_password()
            else "none set",
        }
    ]


def _meeting_business(user):
    """Agendas approved, returned or issued, minutes read and approved, decisions recorded and matters raised with
    the person's sign-in. What the person wrote (a comment) is included; a decision's own words are the body's."""
    if user is None:
        return []
    rows = []
    for a in AgendaApproval.objects.filter(by=user).select_related("agenda__meeting__body", "on_behalf_of"):
        detail = f"as {a.role}" if a.role else ""
        if a.on_behalf_of_id:
            detail += f" for {a.on_behalf_of.name}"
        rows.append(
            (a.at, f"Agenda: {a.get_decision_display().lower()}", meeting_label(a.agenda.meeting), detail, a.comment)
        )
    for agenda in Agenda.objects.filter(issued_by=user).select_related("meeting__body"):
        which = f"supplementary agenda {agenda.supplement}" if agenda.supplement else "agenda"
        rows.append((agenda.issued_at, "Agenda issued", meeting_label(agenda.meeting), which, ""))
    for m in Minutes.objects.filter(approved_by=user).select_related("meeting__body"):
        rows.append((m.approved_at, "Minutes approved", meeting_label(m.meeting), f"version {m.version}", ""))
    for r in MinutesReview.objects.filter(by=user).select_related("minutes__meeting__body"):
        rows.append((r.at, "Minutes read as critical friend", meeting_label(r.minutes.meeting), r.role, r.comment))
    for d in Decision.objects.filter(recorded_by=user).select_related("item__agenda__meeting__body"):
        rows.append((d.recorded_at, "Decision recorded", meeting_label(d.item.agenda.meeting), item_label(d.item), ""))
    for m in ExceptionMatter.objects.filter(raised_by=user).select_related("body"):
        rows.append((m.raised_at, f"Matter put between meetings ({m.get_category_display()})", m.body.name, "", ""))
    rows.sort(key=lambda row: (row[0] or timezone.now(), row[1]))
    return [
        {"at": at, "what": what, "where": where, "detail": detail, "their_words": words}
        for at, what, where, detail, words in rows
    ]


def _decision_reports(user):
    if user is None:
        return []
    reports = DecisionReport.objects.filter(
        Q(author=user) | Q(signing_director=user) | Q(decision_maker=user) | Q(correction_by=user)
    ).order_by("created_at", "pk")
    rows = []
    for r in reports:
        parts = [
            label
            for label, field in (
                ("author", "author_id"),
                ("signing Director", "signing_director_id"),
                ("decision maker", "decision_maker_id"),
                ("correction", "correction_by_id"),
            )
            if getattr(r, field) == user.pk
        ]
        words = []
        if r.signing_director_id == user.pk and r.returned_comment:
            words.append(f"Returned with: {r.returned_comment}")
        if r.correction_by_id == user.pk and r.correction_reason:
            words.append(f"Correction: {r.correction_reason}")
        rows.append(
            {
                "report_id": r.pk,
                "subject": r.subject,
                "version": r.version,
                "their_part": ", ".join(parts),
                "status": r.get_status_display(),
                "report_date": r.report_date,
                "signed_off_at": r.signed_off_at,
                "decided_on": r.decided_on,
                "published_at": r.published_at,
                "their_words": "; ".join(words),
            }
        )
    return rows
