"""The staff's journeys in a real browser, with the keyboard alone (Tab, Shift+Tab, Enter and typing; no mouse),
the focus visible on every control used, and every page checked with axe-core (WCAG 2.2 A and AA).

Journey 1: the project leader keeps the plan, raises a risk, sees the heat map change and drafts the highlight report.
Journey 3: admin staff schedule a meeting, build its agenda and send it for approval; the approvers approve it; it is
issued; the pack is built with a progress bar and downloaded; attendance is recorded and the quorum panel follows.
"""

import re
import secrets
import signal
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.core.management import call_command
from django.utils import dateformat, timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from governance import pack_builds
from governance.calendar import default_calendar
from governance.models import AgendaDecision, AgendaStatus, Body, Meeting
from governance.seed_data import DEMO_PASSWORD
from projects.models import DeliverableKind, DeliverableStatus, Project, Rag
from risks.models import Risk, Status
from tests.browser.conftest import Visitor, focused, follow, tab_to

PROJECT = "hcrc"
NOT_QUORATE = "At the start: Not quorate"


def sign_in_with_the_keyboard(visitor, username):
    """Through the sign-in page (checked) to the home page (checked)."""
    page = visitor.page
    visitor.open("/sign-in/")
    visitor.check_page()
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(username)
    tab_to(page, page.get_by_label("Password"), most=1)
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("/")
    assert page.get_by_role("button", name="Sign out").is_visible(), f"{username} is not signed in"
    visitor.check_page()


def choose(page, select, option, most=60):
    """Choose, in a <select>, the first option whose label starts with `option`, by typing it as the keyboard does
    (nothing is typed when it is chosen already: typing again would move on to the next match)."""
    tab_to(page, select, most)
    labels = select.evaluate("select => Array.from(select.options, option => option.text)")
    wanted = next(index for index, label in enumerate(labels) if label.startswith(option))
    if select.evaluate("select => select.selectedIndex") != wanted:
        page.keyboard.type(option)
    chosen = select.evaluate("select => select.selectedIndex")
    assert chosen == wanted, f"typing {option!r} chose {labels[chosen]!r}, not {labels[wanted]!r}"


def focus_moves(page, script, where):
    """After htmx swaps new content in, the focus moves (htmx focuses the swapped-in element marked autofocus)."""
    try:
        page.wait_for_function(script, timeout=2_000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"the focus did not move {where}; it is on {focused(page)}") from None


def type_into(page, field, text, most=60):
    tab_to(page, field, most)
    page.keyboard.press("Control+A")  # what the field holds is replaced
    page.keyboard.type(text)


# ----------------------------------------------------------------------------------------- journey 1: project leader


def heatmap_cell(page, likelihood, impact):
    """The residual heat map's square for likelihood x impact (a link), and the count of open risks it shows."""
    cell = page.locator(f"#heatmap-residual-cell-{likelihood}-{impact}")
    count = int(cell.locator("text").first.text_content())
    return cell, count


def three_deliverables(project):
    """Three not-started, green, 0% deliverables of the plan, each title once in the project."""
    titles = list(project.deliverables.values_list("title", flat=True))
    candidates = project.deliverables.filter(
        kind=DeliverableKind.DELIVERABLE, status=DeliverableStatus.NOT_STARTED, rag=Rag.GREEN, percent_complete=0
    ).order_by("workstream__position", "position", "id")
    chosen = [d for d in candidates if titles.count(d.title) == 1][:3]
    assert len(chosen) == 3, "the seeded plan has too few untouched deliverables"
    return chosen


def change_in_place(visitor, deliverable, field_label, value, check_open_row=False):
    """Open the deliverable's row for editing, change one field and save it, all in the plan page."""
    page = visitor.page
    row = page.locator(f"#deliverable-{deliverable.pk}")
    follow(page, row.get_by_role("link", name=f"Change {deliverable.title}", exact=True), most=200)
    page.wait_for_selector(f"#deliverable-{deliverable.pk}.app-item-edit")
    # The focus moves into the row's form, on its first field.
    focus_moves(page, "() => document.activeElement.name === 'status'", "into the row's first field")
    if check_open_row:
        visitor.check_page()  # the page with a row open for editing
    field = row.get_by_label(field_label, exact=True)
    if field.evaluate("element => element.tagName") == "SELECT":
        choose(page, field, value)
    else:
        type_into(page, field, value, most=20)
    follow(page, row.get_by_role("button", name="Save"), most=20)
    page.wait_for_selector(f"#deliverable-{deliverable.pk}:not(.app-item-edit)")
    # Back in the row, the focus is on its "Change" link, so the keyboard carries on from there.
    focus_moves(
        page,
        f"() => document.activeElement.closest('tr')?.id === 'deliverable-{deliverable.pk}'"
        " && document.activeElement.textContent.startsWith('Change')",
        "to the row's Change link",
    )
    return row


def test_the_project_leader_keeps_the_plan_raises_a_risk_and_drafts_the_highlight_report(visitor):
    """With the keyboard alone: three deliverables changed in place on the plan (no page reload, each save a new
    version), a risk raised through its form, the residual heat map's square counting it and opening the filtered
    register, and the next highlight report's draft naming the three changes and the new risk."""
    project = Project.objects.get(slug=PROJECT)
    completed, rated, progressed = three_deliverables(project)
    versions = {d.pk: d.version for d in (completed, rated, progressed)}
    marker = secrets.token_hex(4)
    risk_title = f"Providers leave the framework {marker}"
    likelihood, impact = 4, 5
    page = visitor.page

    sign_in_with_the_keyboard(visitor, "project.leader")

    # The plan, from the menu.
    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Projects"))
    page.wait_for_url("/projects/")
    visitor.check_page()
    follow(page, page.get_by_role("link", name=project.title, exact=True))
    page.wait_for_url(f"/projects/{PROJECT}/")
    visitor.check_page()
    follow(page, page.get_by_role("link", name="Plan: phases, work-streams and deliverables"))
    page.wait_for_url(f"/projects/{PROJECT}/plan/")
    visitor.check_page()

    # Three deliverables changed in their rows; the page is never loaded again.
    page.evaluate("() => { window.planNotReloaded = true }")
    row = change_in_place(visitor, completed, "Status", "Complete", check_open_row=True)
    assert "Complete" in row.inner_text() and "100%" in row.inner_text()
    row = change_in_place(visitor, rated, "RAG", "Red")
    assert row.locator(".govuk-tag--red", has_text="Red").is_visible()
    row = change_in_place(visitor, progressed, "% complete", "40")
    assert "40%" in row.inner_text()
    assert page.evaluate("() => window.planNotReloaded === true"), "the plan page was loaded again"
    for deliverable in (completed, rated, progressed):
        deliverable.refresh_from_db()
        assert deliverable.version == versions[deliverable.pk] + 1, f"{deliverable.title} was not saved once"
    assert (completed.status, rated.rag, progressed.percent_complete) == (DeliverableStatus.COMPLETE, Rag.RED, 40)
    visitor.check_page()

    # The heat map before the new risk: back up the page to the breadcrumbs.
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    follow(page, breadcrumbs.get_by_role("link", name=project.title), most=200, backwards=True)
    page.wait_for_url(f"/projects/{PROJECT}/")
    follow(page, page.get_by_role("link", name="Risk register", exact=True))
    page.wait_for_url(f"/risks/{PROJECT}/risks/")
    visitor.check_page()
    follow(page, page.get_by_role("link", name="Heat map", exact=True))
    page.wait_for_url(f"/risks/{PROJECT}/heat-map/")
    visitor.check_page()
    _cell, before = heatmap_cell(page, likelihood, impact)

    # A risk raised through the form.
    follow(page, page.get_by_role("link", name="Risk register", exact=True))
    page.wait_for_url(f"/risks/{PROJECT}/risks/")
    follow(page, page.get_by_role("link", name="Raise a risk"))
    page.wait_for_url(f"/risks/{PROJECT}/risks/new/")
    visitor.check_page()
    type_into(page, page.get_by_label("Title"), risk_title)
    choose(page, page.get_by_label("Category"), "Operational")
    type_into(page, page.get_by_label("Event (there is a risk that …)"), "Providers leave when the framework ends.")
    choose(page, page.get_by_label("Inherent likelihood"), "5")
    choose(page, page.get_by_label("Inherent impact"), "5")
    choose(page, page.get_by_label("Residual likelihood"), str(likelihood))
    choose(page, page.get_by_label("Residual impact"), str(impact))
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name="Save"))
    assert re.search(rf"/risks/{PROJECT}/risks/\d+/$", page.url), visitor.text()[:3000]
    risk = Risk.objects.get(project=project, title=risk_title)
    assert (risk.residual_likelihood, risk.residual_impact, risk.status) == (likelihood, impact, Status.OPEN)
    assert f"Risk {risk.reference} raised: scored {risk.residual_score}" in visitor.text()
    visitor.check_page()

    # The heat map's square counts it, and opens the register filtered to it.
    follow(page, page.get_by_role("link", name="Back to the risk register"))
    page.wait_for_url(f"/risks/{PROJECT}/risks/*")
    follow(page, page.get_by_role("link", name="Heat map", exact=True))
    page.wait_for_url(f"/risks/{PROJECT}/heat-map/")
    visitor.check_page()
    cell, after = heatmap_cell(page, likelihood, impact)
    assert after == before + 1, f"the square for {likelihood} x {impact} went from {before} to {after}"
    assert f"{after} open risk" in cell.locator("title").first.text_content()
    follow(page, cell, most=80)
    page.wait_for_url(f"/risks/{PROJECT}/risks/?*")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "status": [Status.OPEN],
        "residual_likelihood": [str(likelihood)],
        "residual_impact": [str(impact)],
    }
    listed = page.locator("tbody tr")
    assert listed.count() == after
    assert listed.filter(has_text=risk.reference).count() == 1
    visitor.check_page()

    # The highlight report drafted now picks the changes up.
    follow(page, page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=project.title))
    page.wait_for_url(f"/projects/{PROJECT}/")
    follow(page, page.get_by_role("link", name="Highlight reports"))
    page.wait_for_url(f"/projects/{PROJECT}/highlight-reports/")
    visitor.check_page()
    follow(page, page.get_by_role("button", name="Draft from the plan"))
    page.wait_for_url("/projects/highlight-reports/*/edit/")
    assert "Report drafted from the plan." in visitor.text()
    work_done = page.get_by_label("Work done this period").input_value().splitlines()
    completed_line = f"Completed: {completed.title} ({completed.workstream.name})"
    assert completed_line in work_done
    assert completed_line in page.get_by_label("Products completed").input_value().splitlines()
    assert f"Progress: {progressed.title}, 0% → 40%" in work_done
    risks_and_issues = page.get_by_label("Key risks and issues").input_value().splitlines()
    assert f"RAG: {rated.title}, Green → Red" in risks_and_issues
    assert (
        f"New risk: {risk.reference} {risk_title}, residual score {risk.residual_score} "
        f"({risk.residual_rag.capitalize()})" in risks_and_issues
    )
    visitor.check_page()


# ---------------------------------------------------------------------------------------------- journey 3: admin staff


def type_date(page, field, day):
    """Type a date into a date field as the keyboard does: its parts in the order the browser's locale shows them."""
    order = page.evaluate(
        """() => new Intl.DateTimeFormat().formatToParts(new Date(2027, 10, 23))
            .map(part => part.type).filter(type => ['day', 'month', 'year'].includes(type))"""
    )
    digits = {"day": f"{day:%d}", "month": f"{day:%m}", "year": f"{day:%Y}"}
    tab_to(page, field)
    page.keyboard.type("".join(digits[part] for part in order))
    assert field.input_value() == day.isoformat(), f"typing {day} gave {field.input_value()!r}"


def meeting_day(body):
    """A working day about six weeks ahead with no meeting of the body: the agenda can go out in good time."""
    calendar = default_calendar()
    day = calendar.add_working_days(timezone.localdate(), 30)
    while body.meetings.filter(starts_at__date=day).exists():
        day = calendar.add_working_days(day, 1)
    return day


def open_from_my_meetings(visitor, meeting):
    """From any page: My meetings in the menu, then the meeting's heading link (its date is in the line under it)."""
    page = visitor.page
    menu = page.get_by_role("navigation", name="Menu")
    follow(page, menu.get_by_role("link", name="My meetings"), most=200)
    page.wait_for_url("/governance/my/meetings/")
    visitor.check_page()
    when = dateformat.format(timezone.localtime(meeting.starts_at), "l j F Y")
    link = page.locator(f"xpath=//p[starts-with(normalize-space(.), '{when},')]/preceding-sibling::h3[1]//a")
    follow(page, link, most=120)
    page.wait_for_url(meeting.get_absolute_url())


def approve_as(new_context, username, meeting, role):
    """The approver signs in in a browser of their own, opens the meeting and approves its agenda."""
    visitor = Visitor(new_context().new_page())
    page = visitor.page
    sign_in_with_the_keyboard(visitor, username)
    open_from_my_meetings(visitor, meeting)
    assert "Awaiting approval" in visitor.text()
    visitor.check_page()
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name=f"Approve as {role}"), most=150)
    assert "Approved." in visitor.text()
    visitor.check_page()
    page.context.close()


def run_the_pack_worker(page):
    """Run the queued pack build as a worker does (`manage.py db_worker`), in this process. The first time the build
    reports progress part-way, it waits for the open page's bar to show it. Returns (percent, shown on the page)."""
    seen = []
    report_progress = pack_builds._progress_for

    def watched(build):
        progress = report_progress(build)

        def report(percent, stage):
            progress(percent, stage)
            if not seen and 1 < percent < 97:
                try:
                    page.wait_for_function(
                        "percent => document.querySelector('#pack-bar')?.value >= percent", arg=percent, timeout=5_000
                    )
                except PlaywrightTimeoutError:
                    seen.append((percent, False))
                else:
                    seen.append((percent, True))

        return report

    # The worker sets its own signal handlers; the test process keeps its own afterwards.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch.object(pack_builds, "_progress_for", watched):
            call_command(
                "db_worker", "--batch", "--queue-name", "packs", "--no-startup-delay", "--no-reload", verbosity=0
            )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return seen


def record_attendance(visitor, name, status):
    """One person's attendance through the form; the quorum panel's first line afterwards."""
    page = visitor.page
    form = page.locator("#attendance-and-quorum form").last
    # Past the register, which lists every seat with its own controls, to the form for one person.
    choose(page, form.get_by_label("Person"), name, most=400)
    choose(page, form.get_by_label("Status"), status)
    with page.expect_response(lambda response: response.request.method == "POST"):
        follow(page, form.get_by_role("button", name="Record"), most=10)
    # The form is new, and the focus is back on its first field, ready for the next person.
    page.wait_for_selector("#attendance-and-quorum form select[autofocus]")
    focus_moves(page, "() => document.activeElement.name === 'person'", "to the form's first field")
    return page.locator("#quorum-live p").first.inner_text()


def test_admin_staff_schedule_a_meeting_build_its_agenda_issue_it_build_the_pack_and_follow_quorum(
    visitor, new_context
):
    """With the keyboard alone: a Project Board meeting scheduled on a working day six weeks ahead, its agenda started
    with the standing items and given an item, sent for approval, approved by the Project Executive and then the
    Project Sponsor (each in their own browser), issued; the private pack built with its progress bar moving on the
    page and downloaded, its text holding the agenda; attendance recorded while the quorum panel goes from not
    quorate to quorate and back as members arrive and one leaves."""
    body = Body.objects.get(slug="project-board")
    day = meeting_day(body)
    marker = secrets.token_hex(4)
    item_title = f"Fee model options {marker}"
    venue = f"Civic Hall, Committee Room {marker}"
    page = visitor.page

    sign_in_with_the_keyboard(visitor, "admin.staff")
    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Governance"))
    page.wait_for_url("/governance/")
    visitor.check_page()
    follow(page, page.get_by_role("link", name=body.name, exact=True))
    page.wait_for_url(f"/governance/bodies/{body.slug}/")
    visitor.check_page()
    follow(page, page.get_by_role("link", name=re.compile("^All meetings of")), most=150)
    page.wait_for_url(f"/governance/bodies/{body.slug}/meetings/")
    visitor.check_page()

    # Scheduled: one meeting, from and to the same day.
    type_date(page, page.get_by_label("From"), day)
    type_date(page, page.get_by_label("To"), day)
    type_into(page, page.get_by_label("Venue"), venue)
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name="Schedule meetings"))
    assert "1 meetings scheduled." in visitor.text()
    meeting = Meeting.objects.get(body=body, starts_at__date=day)
    assert meeting.venue == venue
    visitor.check_page()
    follow(page, page.get_by_role("link", name=dateformat.format(day, "D j F Y")))
    page.wait_for_url(meeting.get_absolute_url())
    visitor.check_page()

    # The agenda: the standing items, one item of business, sent for approval.
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name="Start the agenda with the standing items"), most=80)
    assert "Agenda started with the standing items." in visitor.text()
    visitor.check_page()
    follow(page, page.get_by_role("link", name="Add an item"), most=120)
    page.wait_for_url("/governance/agendas/*/items/new/")
    visitor.check_page()
    type_into(page, page.get_by_label("Title"), item_title)
    choose(page, page.get_by_label("Purpose"), "For decision")
    type_into(page, page.get_by_label("Presenter"), "Georgia Young, Project Leader")
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name="Save"))
    assert "Item added." in visitor.text() and item_title in visitor.text()
    visitor.check_page()
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name="Send for approval"), most=150)
    assert "Sent for approval." in visitor.text()
    agenda = meeting.agendas.get()
    assert agenda.status == AgendaStatus.AWAITING_APPROVAL
    visitor.check_page()

    # The approval chain of the Project Board: the Project Executive, then the Project Sponsor.
    approve_as(new_context, "project.executive", meeting, "Project Executive")
    approve_as(new_context, "chair", meeting, "Project Sponsor")
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.APPROVED
    approvals = agenda.approvals.filter(decision=AgendaDecision.APPROVED).order_by("at", "pk")
    assert [(a.by.username, a.role) for a in approvals] == [
        ("project.executive", "Project Executive"),
        ("chair", "Project Sponsor"),
    ]

    # Issued by admin staff.
    open_from_my_meetings(visitor, meeting)
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name="Issue and email the agenda"), most=150)
    assert re.search(r"Issued\. Emailed to \d+ (people|person)\.", visitor.text())
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.ISSUED and not agenda.late_reason
    visitor.check_page()
    items = [item.title for item in agenda.items.order_by("position", "id")]
    assert item_title in items and len(items) > 1

    # The private pack, built in the background with its progress bar on the page, then downloaded.
    follow(page, page.get_by_role("link", name="Document packs"), most=150, backwards=True)
    page.wait_for_url(f"/governance/meetings/{meeting.pk}/packs/")
    visitor.check_page()
    with page.expect_navigation():
        follow(page, page.get_by_role("button", name="Build the private pack"))
    page.wait_for_url("/governance/packs/*/")
    bar = page.get_by_role("progressbar")
    assert bar.is_visible() and bar.get_attribute("id") == "pack-bar"
    assert page.get_by_label(re.compile("^Waiting for a worker")).count() == 1
    visitor.check_page()
    progress = run_the_pack_worker(page)
    assert progress, "the build reported no progress part-way"
    percent, shown = progress[0]
    assert shown, f"the page's progress bar never showed the build {percent}% done"
    page.get_by_role("heading", name="The pack is ready").wait_for()
    assert not page.get_by_role("progressbar").count()
    visitor.check_page()
    with page.expect_download() as download:
        follow(page, page.get_by_role("link", name="Download the pack (PDF)"))
    pdf = PdfReader(download.value.path())
    text = " ".join(" ".join((page_.extract_text() or "").split()) for page_ in pdf.pages)
    for title in items:
        assert " ".join(title.split()) in text, f"the pack does not hold item {title!r}"
    assert venue in text

    # Attendance, and the quorum panel as members arrive and one leaves.
    follow(page, page.get_by_role("link", name="All packs for this meeting"))
    page.wait_for_url(f"/governance/meetings/{meeting.pk}/packs/")
    follow(
        page,
        page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=dateformat.format(day, "j F Y")),
        backwards=True,
    )
    page.wait_for_url(meeting.get_absolute_url())
    follow(page, page.get_by_role("link", name="Attendance and quorum"))
    page.wait_for_url(f"/governance/meetings/{meeting.pk}/attendance/")
    panel = page.locator("#quorum-live p").first.inner_text()
    assert panel.startswith(NOT_QUORATE), panel
    assert "Project Sponsor or a deputy with delegated powers must be present" in panel, panel
    visitor.check_page()
    panel = record_attendance(visitor, "Mick Ward", "Present")  # the Project Sponsor, in the chair
    assert panel == f"{NOT_QUORATE} needs 2 more other decision-makers", panel
    panel = record_attendance(visitor, "Mark Phillott", "Present")
    assert panel == f"{NOT_QUORATE} needs 1 more other decision-maker", panel
    panel = record_attendance(visitor, "John Crowther", "Present")
    assert panel == "At the start: Quorate", panel
    visitor.check_page()
    panel = record_attendance(visitor, "John Crowther", "Absent")  # he has had to leave
    assert panel == f"{NOT_QUORATE} needs 1 more other decision-maker", panel
    visitor.check_page()
