"""Synthetic content for bench/packs.py: on top of the seeded programme, enough papers on the Project Board's next
agenda to make a pack of a few hundred pages, written through the models and the actions the pages use.

`grow(scale)` adds one "unit" of content per call: red risks in the HCRC project's register (the risks and issues
paper), items with long notes and actions in the last meeting's minutes, a published highlight report, and decision
reports with uploaded appendices (small real PDFs). Calling it again makes the pack longer by about the same amount.
"""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

SENTENCE = (
    "Providers in the outer wards report that double-handed calls are taking longer than commissioned, and the "
    "rota gaps this leaves are being filled by agency staff at premium rates, which the framework prices do not "
    "cover; the service will monitor the hours delivered against the hours commissioned each week. "
)
_counter = None


def _text(sentences):
    return (SENTENCE * sentences).strip()


def _admin():
    return get_user_model().objects.get(username="admin.staff")


def _board_project():
    from projects.models import GoverningBody, GoverningRole

    link = (
        GoverningBody.objects.filter(body__slug="project-board", role=GoverningRole.PROJECT_BOARD)
        .select_related("project", "body")
        .order_by("project_id")
        .first()
    )
    return link.project, link.body


def meeting():
    """The Project Board's next meeting (the seed schedules it with a draft agenda): the pack the bench builds."""
    from projects.report_actions import next_board_meeting

    project, _ = _board_project()
    return next_board_meeting(project)


def _last_meeting(next_meeting, by):
    """A board meeting four weeks before the next, scheduled once; its minutes are the long paper."""
    from governance import meeting_actions
    from governance.meeting_papers import previous_meeting

    last = previous_meeting(next_meeting)
    if last is not None and last.starts_at.date() > next_meeting.starts_at.date() - dt.timedelta(weeks=8):
        return last
    day = next_meeting.starts_at.date() - dt.timedelta(weeks=4)
    created = meeting_actions.schedule_meetings(
        next_meeting.body, day, day + dt.timedelta(days=6), dt.time(10, 0), by=by
    )
    return created[0] if created else previous_meeting(next_meeting)


def _risks(project, count, unit):
    from governance.models import Person
    from risks.models import Risk, RiskAction, RiskCategory

    people = list(Person.objects.order_by("id")[:6])
    categories = list(RiskCategory.values)
    today = timezone.localdate()
    for n in range(count):
        risk = Risk.objects.create(
            project=project,
            reference=f"B{unit:02d}-{n + 1:03d}",
            title=f"Bench risk {unit}.{n + 1}: home care capacity in the outer wards",
            cause=_text(1),
            event=_text(2),
            effect=_text(1),
            category=categories[n % len(categories)],
            owner=people[n % len(people)],
            actionee=people[(n + 1) % len(people)],
            raised_on=today - dt.timedelta(days=30 + n),
            inherent_likelihood=5,
            inherent_impact=4,
            residual_likelihood=4,
            residual_impact=4,
            contingency=_text(1),
            response="reduce",
        )
        RiskAction.objects.create(risk=risk, description=_text(1), owner=people[n % len(people)], due_on=today)


def _minutes(last, count, by):
    from governance import meeting_actions
    from governance.models import Person

    agenda = meeting_actions.ensure_agenda(last, by)
    minutes = meeting_actions.current_minutes(last) or meeting_actions.start_minutes(last, by)
    owner = Person.objects.order_by("id").first()
    for n in range(count):
        item = meeting_actions.add_item(
            agenda, by, title=f"Commissioning update {next(_counter)}", purpose="discussion"
        )
        meeting_actions.save_note(minutes, item, "\n\n".join(_text(3) for _ in range(3)), by)
        meeting_actions.add_action(item, _text(1)[:200], owner, timezone.localdate() + dt.timedelta(days=21 + n), by)


def _highlight(project, by):
    from projects import report_actions
    from projects.models import HighlightReport

    # A period that ends on a different day for each unit, so each call publishes a new report.
    end = timezone.localdate() - dt.timedelta(days=1 + 28 * HighlightReport.objects.filter(project=project).count())
    report = report_actions.draft_report(project, end - dt.timedelta(days=27), end, by)
    report_actions.publish_report(report, by)


def appendix_pdf(pages, title):
    from weasyprint import HTML

    sheets = "".join(
        f"<section style='break-after: page'><h1>{title}</h1><p>Sheet {n} of {pages}.</p><p>{_text(6)}</p></section>"
        for n in range(1, pages + 1)
    )
    return HTML(string=f"<html lang='en-GB'><body>{sheets}</body></html>").write_pdf()


def _decision_reports(next_meeting, count, appendix_pages, by):
    from governance import meeting_actions, seed_reports
    from governance.models import DecisionReport, DecisionReportAppendix

    agenda = meeting_actions.ensure_agenda(next_meeting, by)
    users = get_user_model().objects.in_bulk(
        [seed_reports.SIGNING_DIRECTOR, seed_reports.DECISION_MAKER], field_name="username"
    )
    values = seed_reports.report_values(users[seed_reports.SIGNING_DIRECTOR], users[seed_reports.DECISION_MAKER])
    for name in ("background", "main_issues", "risk_management", "resources_value_for_money"):
        values[name] = values[name] + "\n\n" + "\n\n".join(_text(4) for _ in range(3))
    pdf = appendix_pdf(appendix_pages, "Appendix: provider returns")
    for _ in range(count):
        n = next(_counter)
        item = meeting_actions.add_item(
            agenda, by, title=f"Decision report {n}: home care capacity", purpose="decision"
        )
        report = DecisionReport.objects.create(**{**values, "subject": f"Bench decision {n}", "agenda_item": item})
        appendix = DecisionReportAppendix(report=report, number=1, title=f"Provider returns {n}")
        appendix.file.save(f"returns-{n}.pdf", ContentFile(pdf), save=True)


def grow(scale=1.0):
    """Add one unit of content (about 300 pages at scale 1) to the next board meeting's pack."""
    # Each grow() runs in a process of its own: numbering starts from what the database already holds.
    global _counter
    from governance.models import DecisionReport

    by = _admin()
    project, _ = _board_project()
    next_meeting = meeting()
    done = DecisionReport.objects.filter(subject__startswith="Bench decision").count()
    unit = done + 1
    _counter = itertools.count(1000 * unit)
    _risks(project, round(500 * scale), unit)
    _minutes(_last_meeting(next_meeting, by), round(80 * scale), by)
    _highlight(project, by)
    _decision_reports(next_meeting, max(1, round(12 * scale)), 8, by)


def change_one_paper():
    """Change one paper in the middle of the pack (a decision report's text), as an officer's correction would."""
    from governance.models import DecisionReport

    report = DecisionReport.objects.filter(subject__startswith="Bench decision").order_by("id").first()
    report.conclusions = report.conclusions + " The figures were checked again on the day of the build."
    report.save()
    return report
