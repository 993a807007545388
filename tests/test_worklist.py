"""The home page's work list: each kind of entry appears for the person who must act, links to the page where the
work is done, and disappears once it is done; an outsider is told nothing needs them; exempt items are named by their
exemption only; the header's count is the number of entries. The rules themselves are tested at the end."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions, report_actions, seed_reports, worklist
from governance import worklist_rules as rules
from governance.calendar import WorkingDayCalendar, default_calendar
from governance.models import (
    AgendaStatus,
    Body,
    DecisionReport,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Person,
)
from projects import report_actions as project_reports
from projects.models import Deliverable, DeliverableStatus, Project, ReportComment
from risks.models import Risk

User = get_user_model()


def user(name):
    return User.objects.get(username=name)


def person(name):
    return Person.objects.get(name=name)


def work_items(page):
    """The work list's entries on a rendered home page: (kind, link text, href)."""
    return [
        (li.attrs["data-kind"], " ".join(li.find(class_="govuk-task-list__name-and-hint").get_text().split()), li)
        for li in page.html.select("ul.govuk-task-list li")
    ]


def entry_link(page, kind, contains=""):
    for item_kind, text, li in work_items(page):
        if item_kind == kind and contains in text:
            link = li.find("a")
            return link["href"] if link else None
    return None


def kinds(page):
    return [kind for kind, _, _ in work_items(page)]


def home(django_app, username):
    return django_app.get(reverse("home"), user=username)


def header_count(page):
    """The count the header shows: on the home page as drawn; elsewhere as the page fetches it once loaded."""
    link = page.html.find("a", class_="app-service-navigation__work")
    count = link.find("span", class_="app-work-count")
    if count is None:
        fetched = link.find("span", attrs={"hx-get": True})
        count = page.goto(fetched["hx-get"]).html.find("span", class_="app-work-count")
    return int(count.get_text().strip("()"))


@pytest.fixture
def admin(db):
    return user("admin.staff")


@pytest.fixture
def board_meeting(db, admin):
    """A Project Board meeting six working days ahead, with its agenda (the standing items) started."""
    board = Body.objects.get(slug="project-board")
    day = default_calendar().add_working_days(timezone.localdate(), 6)
    meeting = meeting_actions.schedule_meetings(board, day, day, dt.time(10), admin)[0]
    meeting_actions.ensure_agenda(meeting, admin)
    return meeting


@pytest.fixture
def held_meeting(db, admin):
    """A Project Board meeting held two working days ago."""
    board = Body.objects.get(slug="project-board")
    day = default_calendar().add_working_days(timezone.localdate(), -2)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return Meeting.objects.create(
        body=board, starts_at=start, ends_at=start + dt.timedelta(hours=2), status=MeetingStatus.HELD
    )


# ------------------------------------------------------------------------------------------------- agendas


@pytest.mark.django_db
def test_the_project_executive_sees_the_agenda_sent_for_approval_and_approves_it_from_the_link(
    django_app, board_meeting
):
    agenda = board_meeting.agendas.get(supplement=0)
    meeting_url = reverse("governance:meeting_detail", args=[board_meeting.pk])
    assert "agenda_approval" not in kinds(home(django_app, "project.executive"))
    # The project leader sends it for approval with the button the meeting page renders.
    page = django_app.get(meeting_url, user="project.leader")
    page.forms[_form_index(page, "submit")].submit().follow()
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.AWAITING_APPROVAL

    # The Sponsor's step is not yet: the Chair and Sponsor sees nothing to approve.
    assert "agenda_approval" not in kinds(home(django_app, "chair"))
    page = home(django_app, "project.executive")
    assert entry_link(page, "agenda_approval", "Approve the agenda") == meeting_url
    assert "Project Board" in page.html.select_one("[data-kind=agenda_approval]").get_text()

    meeting_page = page.click(href=meeting_url, index=0)
    assert meeting_page.status_code == 200
    form = meeting_page.forms[_form_index(meeting_page, "approve")]
    form.submit().follow()
    agenda.refresh_from_db()
    assert agenda.step == 1
    assert "agenda_approval" not in kinds(home(django_app, "project.executive"))
    # Now it waits for the Project Sponsor.
    assert entry_link(home(django_app, "chair"), "agenda_approval") == meeting_url


def _form_index(page, action):
    """The key of the form on a meeting page that posts the agenda `action`."""
    for key, form in page.forms.items():
        if form.action.endswith(f"/{action}/"):
            return key
    raise AssertionError(f"no {action} form")


# ------------------------------------------------------------------------------------------------- minutes


@pytest.mark.django_db
def test_critical_friends_are_asked_to_read_the_minutes_then_the_chair_to_approve_them(django_app, held_meeting):
    url = reverse("governance:minutes", args=[held_meeting.pk])
    page = django_app.get(url, user="admin.staff")
    page.forms[_action_form(page, "start")].submit().follow()
    assert meeting_actions.current_minutes(held_meeting).status == MinutesStatus.DRAFT

    for username in ("project.leader", "project.executive"):
        page = home(django_app, username)
        assert entry_link(page, "minutes_read", "Read the draft minutes") == url
        minutes_page = page.click(href=url, index=0)
        assert "I have read these minutes" in minutes_page
        minutes_page.forms[_action_form(minutes_page, "review")].submit().follow()
        assert "minutes_read" not in kinds(home(django_app, username))
    assert meeting_actions.current_minutes(held_meeting).status == MinutesStatus.REVIEWED

    page = home(django_app, "chair")
    assert entry_link(page, "minutes_approval", "Approve the minutes") == url
    minutes_page = page.click(href=url, index=0)
    minutes_page.forms[_action_form(minutes_page, "approve")].submit().follow()
    assert meeting_actions.current_minutes(held_meeting).status == MinutesStatus.APPROVED
    assert "minutes_approval" not in kinds(home(django_app, "chair"))


def _action_form(page, action):
    for key, form in page.forms.items():
        if "action" in form.fields and form["action"].value == action:
            return key
    raise AssertionError(f"no {action} form")


# ------------------------------------------------------------------------------------------- papers and questions


@pytest.fixture
def published(db, board_meeting):
    """A highlight report of the seeded project, published onto the Project Board's next agenda."""
    project = Project.objects.get(slug="hcrc")
    leader = user("project.leader")
    today = timezone.localdate()
    report = project_reports.draft_report(project, today - dt.timedelta(days=27), today, leader)
    report = project_reports.publish_report(report, leader)
    assert report.agenda_item is not None
    return report


@pytest.mark.django_db
def test_a_board_member_is_asked_to_read_the_highlight_report_until_they_mark_it_read(django_app, published):
    url = published.get_absolute_url()
    page = home(django_app, "chair")
    assert entry_link(page, "paper", "Read the highlight report") == url
    report_page = page.click(href=url, index=0)
    form = next(f for f in report_page.forms.values() if f.action.endswith("/read/"))
    form.submit().follow()
    assert "paper" not in kinds(home(django_app, "chair"))
    # Someone with no seat on the board is not asked.
    assert "paper" not in kinds(home(django_app, "admin.staff"))


@pytest.mark.django_db
def test_the_project_leader_is_asked_to_answer_a_question_until_they_reply(django_app, published):
    report_page = django_app.get(published.get_absolute_url(), user="project.executive")
    form = _comment_form(report_page)
    form["text"] = "Why has the framework slipped?"
    form["is_question"] = True
    form.submit().follow()
    assert ReportComment.objects.filter(report=published, is_question=True).count() == 1

    page = home(django_app, "project.leader")
    link = entry_link(page, "question", "Answer Michelle Atkinson's question")
    assert link == f"{published.get_absolute_url()}#comments"
    report_page = django_app.get(link, user="project.leader")
    reply = next(f for f in report_page.forms.values() if "parent" in f.fields and f["parent"].value)
    reply["text"] = "The tender was re-run."
    reply.submit().follow()
    assert "question" not in kinds(home(django_app, "project.leader"))


def _comment_form(page):
    return next(f for f in page.forms.values() if "is_question" in f.fields)


# ------------------------------------------------------------------------------------------------------ actions


@pytest.mark.django_db
def test_an_action_due_soon_is_on_its_owners_list_until_it_is_done(django_app, board_meeting, admin):
    item = meeting_actions.meeting_items(board_meeting)[0]
    due = default_calendar().add_working_days(timezone.localdate(), 3)
    action = meeting_actions.add_action(item, "Circulate the provider survey", person("Michelle Atkinson"), due, admin)
    url = reverse("governance:action_edit", args=[action.pk])
    page = home(django_app, "project.executive")
    assert entry_link(page, "action", "Circulate the provider survey") == url
    edit = page.click(href=url, index=0)
    form = next(f for f in edit.forms.values() if "status" in f.fields)
    form["status"] = "done"
    form["done_on"] = timezone.localdate().isoformat()
    form.submit().follow()
    action.refresh_from_db()
    assert action.status == "done"
    assert "action" not in kinds(home(django_app, "project.executive"))


@pytest.mark.django_db
def test_an_overdue_action_says_so_in_words_and_red(django_app, board_meeting, admin):
    item = meeting_actions.meeting_items(board_meeting)[0]
    due = default_calendar().add_working_days(timezone.localdate(), -3)
    meeting_actions.add_action(item, "Send the tender timetable", person("Michelle Atkinson"), due, admin)
    page = home(django_app, "project.executive")
    entry = page.html.select_one("[data-kind=action]")
    tag = entry.select_one(".govuk-tag")
    assert "Overdue by 3 working days" in tag.get_text()
    assert "govuk-tag--red" in tag["class"]


@pytest.mark.django_db
def test_an_exempt_items_action_is_named_by_its_exemption_to_an_owner_who_may_not_see_it(django_app, admin):
    """An owner without a seat on the body (here an outsider with a Person) never sees the exempt item's words."""
    board = Body.objects.get(slug="project-board")
    day = default_calendar().add_working_days(timezone.localdate(), 8)
    meeting = meeting_actions.schedule_meetings(board, day, day, dt.time(10), admin)[0]
    agenda = meeting_actions.ensure_agenda(meeting, admin)
    item = meeting_actions.add_item(
        agenda,
        admin,
        title="Provider X insolvency SECRET-TITLE",
        exempt_paragraph=3,
        public_interest_reason="Commercially sensitive.",
    )
    outsider = User.objects.create_user(username="officer.outside")
    owner = Person.objects.create(name="An Officer Outside", user=outsider)
    due = default_calendar().add_working_days(timezone.localdate(), 2)
    meeting_actions.add_action(item, "Check SECRET-ACTION accounts", owner, due, admin)
    page = home(django_app, "officer.outside")
    text = page.html.select_one("[data-kind=action]").get_text()
    assert "paragraph 3 of Schedule 12A" in text
    assert "SECRET" not in page.text
    # Staff who may see the meeting read the action itself.
    meeting_actions.add_action(item, "Brief SECRET-ACTION counsel", person("Michelle Atkinson"), due, admin)
    assert "Brief SECRET-ACTION counsel" in home(django_app, "project.executive").text


# ------------------------------------------------------------------------------------------------ decision reports


@pytest.mark.django_db
def test_the_decision_maker_is_asked_to_record_the_seeded_reports_decision(django_app):
    report = DecisionReport.objects.get(subject=seed_reports.SUBJECT, version=1)
    url = reverse("governance:decision_report_decide", args=[report.pk])
    page = home(django_app, seed_reports.DECISION_MAKER)
    assert entry_link(page, "report_decision", "Record the decision") == url
    decide = page.click(href=url, index=0)
    form = next(f for f in decide.forms.values() if "decision_text" in f.fields)
    form["decided_on"] = timezone.localdate().isoformat()
    form["decision_text"] = "Approved the post."
    form["decision_reasons"] = "As set out in the report."
    form["alternatives_rejected"] = "Not creating the post."
    form["conflicts_declared"] = "None"
    form.submit()
    report.refresh_from_db()
    assert report.status == "decided"
    assert "report_decision" not in kinds(home(django_app, seed_reports.DECISION_MAKER))


@pytest.mark.django_db
def test_the_signing_director_is_asked_to_sign_off_a_report_sent_to_them(django_app):
    director, decider = user(seed_reports.SIGNING_DIRECTOR), user(seed_reports.DECISION_MAKER)
    values = seed_reports.report_values(director, decider)
    del values["status"], values["author"]
    values["subject"] = "Extend the reablement pilot"
    report = report_actions.create_report(user("project.leader"), **values)
    report_actions.send_for_sign_off(report, user("project.leader"))
    url = reverse("governance:decision_report", args=[report.pk])
    page = home(django_app, seed_reports.SIGNING_DIRECTOR)
    assert entry_link(page, "report_sign_off", "Sign off the decision report") == url
    detail = page.click(href=url, index=0)
    form = next(f for f in detail.forms.values() if f.action.endswith("/sign_off/"))
    form.submit()
    assert "report_sign_off" not in kinds(home(django_app, seed_reports.SIGNING_DIRECTOR))


# ------------------------------------------------------------------------------------------------------ deadlines


@pytest.mark.django_db
def test_admin_staff_see_the_agenda_issue_deadline_until_the_agenda_is_issued(django_app, board_meeting):
    url = reverse("governance:meeting_detail", args=[board_meeting.pk])
    page = home(django_app, "admin.staff")
    assert entry_link(page, "deadline", "Issue the agenda") == url
    agenda = board_meeting.agendas.get(supplement=0)
    meeting_actions.submit_agenda(agenda, user("project.leader"))
    meeting_actions.approve_agenda(agenda, user("project.executive"))
    meeting_actions.approve_agenda(agenda, user("chair"))
    meeting_page = page.click(href=url, index=0)
    form = meeting_page.forms[_form_index(meeting_page, "issue")]
    if "late_reason" in form.fields:
        form["late_reason"] = "The venue changed."
    form.submit().follow()
    agenda.refresh_from_db()
    assert agenda.is_issued
    assert entry_link(home(django_app, "admin.staff"), "deadline", "Issue the agenda") is None


@pytest.mark.django_db
def test_the_project_leader_is_told_when_the_highlight_report_for_the_board_is_due(django_app, board_meeting):
    page = home(django_app, "project.leader")
    link = entry_link(page, "highlight_due", "Publish the highlight report")
    assert link == reverse("projects:report_list", args=["hcrc"])
    reports = page.click(href=link, index=0)
    assert any("period_start" in f.fields for f in reports.forms.values())
    leader = user("project.leader")
    today = timezone.localdate()
    project = Project.objects.get(slug="hcrc")
    project_reports.publish_report(
        project_reports.draft_report(project, today - dt.timedelta(days=20), today, leader), leader
    )
    assert "highlight_due" not in kinds(home(django_app, "project.leader"))


@pytest.mark.django_db
def test_an_overdue_deliverable_is_on_its_owners_list_until_it_is_complete(django_app):
    deliverable = Deliverable.objects.filter(owner__user__username="project.leader").order_by("pk").first()
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    page = home(django_app, "project.leader")
    assert entry_link(page, "deliverable", deliverable.title) == url
    edit = page.click(href=url, index=0)
    form = next(f for f in edit.forms.values() if "status" in f.fields)
    form["status"] = DeliverableStatus.COMPLETE
    form["percent_complete"] = "100"
    if "completed_on" in form.fields:
        form["completed_on"] = timezone.localdate().isoformat()
    form.submit().follow()
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.COMPLETE
    assert entry_link(home(django_app, "project.leader"), "deliverable", deliverable.title) is None


@pytest.mark.django_db
def test_a_risk_due_for_review_is_on_its_owners_list(django_app):
    risk = Risk.objects.filter(owner__user__isnull=False, status="open").order_by("pk").first()
    username = risk.owner.user.username
    Risk.objects.filter(pk=risk.pk).update(review_date=timezone.localdate() - dt.timedelta(days=1))
    url = reverse("risks:risk_detail", args=[risk.project.slug, risk.pk])
    page = home(django_app, username)
    assert entry_link(page, "risk_review", risk.reference) == url
    assert page.click(href=url, index=0).status_code == 200
    Risk.objects.filter(pk=risk.pk).update(review_date=timezone.localdate() + dt.timedelta(weeks=8))
    assert entry_link(home(django_app, username), "risk_review", risk.reference) is None


# ------------------------------------------------------------------------------------------------ the page itself


@pytest.mark.django_db
def test_an_outsider_is_told_plainly_that_nothing_needs_them(django_app, outsider):
    page = home(django_app, "outsider")
    assert "Nothing needs you" in page.text
    assert page.html.select("ul.govuk-task-list") == []
    assert header_count(page) == 0
    assert "My bodies" in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["project.leader", "admin.staff", "chair", seed_reports.DECISION_MAKER])
def test_the_header_count_is_the_number_of_entries(django_app, board_meeting, username):
    page = home(django_app, username)
    assert header_count(page) == len(work_items(page))
    # The count is on every page, not only the home page.
    other = django_app.get(reverse("governance:structure"), user=username)
    assert header_count(other) == len(work_items(page))


@pytest.mark.django_db
def test_my_bodies_stay_below_the_work_list(django_app):
    text = home(django_app, "chair").html.find("main").get_text()
    assert text.index("What needs me") < text.index("My bodies")


@pytest.mark.django_db
def test_signed_out_the_home_page_asks_for_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# ----------------------------------------------------------------------------------------------------- the rules


def _seat(pk, body, host, who, role="member", sponsor=False, start=None, end=None, position=0):
    return rules.Seat(pk, body, host, who, role, sponsor, start, end, position)


DAY = dt.date(2026, 12, 7)  # a Monday


def test_the_holder_is_the_seat_on_the_body_itself_before_another_capacity():
    seats = [_seat(1, 10, 10, 100, role="chair"), _seat(2, 11, 10, 200, role="chair")]
    assert rules.holder(seats, "chair", 11, 10, DAY, "sponsor") == 200
    assert rules.holder(seats, "chair", 10, 10, DAY, "sponsor") == 100


def test_the_sponsor_is_found_by_the_sponsor_flag_and_a_past_seat_does_not_count():
    seats = [
        _seat(1, 10, 10, 100, sponsor=True, end=dt.date(2026, 1, 1)),
        _seat(2, 10, 10, 300, role="chair", sponsor=True),
    ]
    assert rules.holder(seats, "sponsor", 10, 10, DAY, "sponsor") == 300
    assert rules.holder(seats, "project_executive", 10, 10, DAY, "sponsor") is None


def test_a_recorded_delegate_acts_for_the_holder_only_within_the_delegations_dates_and_body():
    delegation = rules.Delegation(10, 100, 500, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert rules.acts_for(500, 100, [delegation], 10, DAY)
    assert not rules.acts_for(500, 100, [delegation], 99, DAY)
    assert not rules.acts_for(500, 100, [delegation], 10, dt.date(2027, 1, 4))
    assert rules.acts_for(100, 100, [], 10, DAY)
    assert not rules.acts_for(500, None, [delegation], 10, DAY)


def test_the_agenda_waits_for_the_role_of_its_next_step_and_for_no_one_when_all_are_done():
    chain = ["project_executive", "project_sponsor"]
    assert rules.current_step_role(chain, 0) == "project_executive"
    assert rules.current_step_role(chain, 1) == "project_sponsor"
    assert rules.current_step_role(chain, 2) is None


def test_a_critical_friend_who_has_read_the_minutes_is_not_asked_again():
    needed = ["Project Leader", "Project Executive"]
    assert rules.reads_still_mine(needed, {"Project Leader"}, {"Project Leader", "Project Executive"}) == [
        "Project Executive"
    ]
    assert rules.reads_still_mine([], set(), {"Project Leader"}) == []


def test_deadlines_are_listed_from_ten_working_days_ahead_and_said_honestly():
    calendar = WorkingDayCalendar()
    assert rules.horizon(DAY, calendar) == dt.date(2026, 12, 21)
    assert rules.is_on_the_list(dt.date(2026, 12, 21), DAY, calendar)
    assert not rules.is_on_the_list(dt.date(2026, 12, 22), DAY, calendar)
    assert rules.when_words(DAY, DAY, calendar) == "Due today"
    assert rules.when_words(dt.date(2026, 12, 9), DAY, calendar) == "Due in 2 working days (9 December 2026)"
    assert rules.when_words(dt.date(2026, 12, 2), DAY, calendar) == "Overdue by 3 working days (due 2 December 2026)"
    assert rules.when_words(dt.date(2016, 3, 31), DAY, calendar) == "Overdue since 31 March 2016"
    assert rules.when_words(None, DAY, calendar) == "No date set"
    assert [rules.colour(d, DAY, calendar) for d in (dt.date(2026, 12, 4), DAY, dt.date(2026, 12, 18), None)] == [
        "red",
        "yellow",
        "blue",
        "grey",
    ]


def test_overdue_work_comes_first_then_by_date_and_undated_work_last():
    def entry(title, due, overdue):
        return worklist.Entry("x", title, "", due, "", overdue=overdue)

    entries = [
        entry("undated", None, False),
        entry("later", dt.date(2026, 12, 18), False),
        entry("late", dt.date(2026, 12, 1), True),
        entry("soon", dt.date(2026, 12, 8), False),
    ]
    assert [e.title for e in sorted(entries, key=rules.sort_key)] == ["late", "soon", "later", "undated"]


def test_a_provider_is_registered_once_however_often_the_apps_are_made_ready():
    before = worklist.providers()
    worklist.register(worklist.actions)
    assert worklist.providers() == before
