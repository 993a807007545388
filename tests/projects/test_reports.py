"""Highlight reports: publishing freezes them and puts them on the Project Board's next agenda; what changed since the
previous report; read receipts; questions and answers; papers for me; stale edits; who may do what."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance import history
from governance.actions import GovernanceError
from governance.models import Meeting, MeetingStatus, Membership, Person, Role
from projects import report_actions
from projects.models import Deliverable, HighlightReport, ReportComment, ReportRead

JAN_1, JAN_31 = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
FEB_1, FEB_28 = dt.date(2026, 2, 1), dt.date(2026, 2, 28)
PUBLISHED = "A published report cannot be changed"


@pytest.fixture
def leader(db):
    return get_user_model().objects.get(username="project.leader")


@pytest.fixture
def draft(project, leader):
    return report_actions.draft_report(project, FEB_1, FEB_28, leader)


@pytest.fixture
def published(draft, leader):
    return report_actions.publish_report(draft, leader)


def next_board_meeting():
    return (
        Meeting.objects.filter(body__slug="project-board", starts_at__gt=timezone.now(), status=MeetingStatus.SCHEDULED)
        .order_by("starts_at")
        .first()
    )


def person(name):
    return Person.objects.get(name=name)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ----------------------------------------------------------------------------------------------- publish and freeze


def test_publishing_freezes_the_report(project, published, leader):
    assert published.is_published and published.published_by == leader and published.published_at
    text = published.work_done
    # A later change to the plan, dated inside the period, does not touch the published text.
    plan = project.deliverables.get(title="Project plan")
    plan.status, plan.percent_complete = "complete", 100
    plan._history_date = timezone.make_aware(dt.datetime(2026, 2, 20, 12))
    plan.save()
    published.refresh_from_db()
    assert published.work_done == text
    assert "Project plan" not in published.products_completed
    for attempt in (
        lambda: report_actions.draft_report(project, FEB_1, FEB_28, leader),
        lambda: report_actions.save_report(published, leader),
        lambda: report_actions.submit_report(published, leader),
        lambda: report_actions.redraft_report(published, leader),
        lambda: report_actions.publish_report(published, leader),
    ):
        with pytest.raises(GovernanceError, match=PUBLISHED):
            attempt()


def test_a_stale_copy_cannot_change_a_published_report(draft, leader):
    stale = HighlightReport.objects.get(pk=draft.pk)
    report_actions.publish_report(draft, leader)
    stale.summary = "Changed behind the board's back"
    with pytest.raises(GovernanceError, match=PUBLISHED):
        report_actions.save_report(stale, leader)
    assert HighlightReport.objects.get(pk=draft.pk).summary != "Changed behind the board's back"


def test_the_pages_refuse_to_change_a_published_report(published, as_persona):
    client = as_persona("project_leader")
    before = published.summary
    response = client.post(
        reverse("projects:report_edit", args=[published.pk]),
        {"summary": "Changed", "edit_token": history.edit_token(published)},
        follow=True,
    )
    assert PUBLISHED in response.content.decode()
    response = client.get(reverse("projects:report_edit", args=[published.pk]), follow=True)
    assert PUBLISHED in response.content.decode()
    for action in ("submit", "redraft", "publish"):
        response = client.post(reverse("projects:report_action", args=[published.pk, action]), follow=True)
        assert PUBLISHED in response.content.decode()
    response = client.post(
        reverse("projects:report_new", args=[published.project.slug]),
        {"period_start": "2026-02-01", "period_end": "2026-02-28"},
    )
    assert PUBLISHED in response.content.decode()
    published.refresh_from_db()
    assert published.summary == before and published.is_published


def test_submit_redraft_and_publish_through_the_page(draft, as_persona):
    client = as_persona("project_leader")
    client.post(reverse("projects:report_action", args=[draft.pk, "submit"]))
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_at
    response = client.get(reverse("projects:report_edit", args=[draft.pk]), follow=True)
    assert "Return the report to draft first" in response.content.decode()
    client.post(reverse("projects:report_action", args=[draft.pk, "redraft"]))
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = client.post(reverse("projects:report_action", args=[draft.pk, "publish"]), follow=True)
    meeting = next_board_meeting()
    assert (
        f"Report published. A paper for the {meeting.body.name} meeting on {meeting.date.day} "
        f"{meeting.date:%B %Y}, item"
    ) in response.content.decode()
    assert client.post(reverse("projects:report_action", args=[draft.pk, "delete"])).status_code == 404


def test_publishing_links_the_report_to_the_next_board_meeting(published):
    meeting = next_board_meeting()
    assert meeting is not None
    item = published.agenda_item
    assert item is not None
    assert item.agenda.meeting == meeting
    assert item.standing == "highlight_report" and item.title == "Highlight report"


def test_a_report_is_linked_even_when_the_agenda_has_left_draft(draft, leader):
    agenda = next_board_meeting().agendas.get(supplement=0)
    agenda.status = "issued"
    agenda.save()
    report = report_actions.publish_report(draft, leader)
    assert report.agenda_item.agenda == agenda


def test_with_no_meeting_scheduled_the_report_is_left_unlinked_and_the_page_says_so(draft, as_persona):
    Meeting.objects.filter(body__slug="project-board", starts_at__gt=timezone.now()).update(
        status=MeetingStatus.CANCELLED, cancelled_reason="Test"
    )
    client = as_persona("project_leader")
    response = client.post(reverse("projects:report_action", args=[draft.pk, "publish"]), follow=True)
    draft.refresh_from_db()
    assert draft.is_published and draft.agenda_item is None
    assert "the Project Board has no meeting scheduled" in response.content.decode()


# ----------------------------------------------------------------------------------------- the page and the diff


def test_the_report_page_lays_out_ratings_with_words_and_sections(published, as_persona):
    html = page(as_persona("provider"), reverse("projects:report_detail", args=[published.pk]))
    for label in ("Overall", "Time", "Cost", "Scope", "Quality", "Risks", "Issues", "Benefits"):
        assert f'<th scope="row" class="govuk-table__header">{label}</th>' in html
    assert 'govuk-tag--green">Green</strong>' in html
    for heading in (
        "Summary",
        "Work done this period",
        "Work planned for the next period",
        "Products completed",
        "Tolerance status",
        "Requests for change",
        "Key risks and issues",
        "Lessons",
    ):
        assert f'<h2 class="govuk-heading-m">{heading}</h2>' in html
    assert "Time: forecast 1 of 4 weeks — within tolerance" in html
    assert reverse("projects:papers_for_me") in html
    assert "style=" not in html and "<script>" not in html


def test_what_changed_since_the_previous_report(project, leader, as_persona):
    # The plan dates from the project's start; the Project plan is completed on 20 February.
    Deliverable.history.filter(project_id=project.pk).update(history_date=timezone.make_aware(dt.datetime(2026, 1, 5)))
    january = report_actions.draft_report(project, JAN_1, JAN_31, leader)
    report_actions.publish_report(january, leader)
    plan = project.deliverables.get(title="Project plan")
    plan.status, plan.percent_complete = "complete", 100
    plan._history_date = timezone.make_aware(dt.datetime(2026, 2, 20, 12))
    plan.save()
    february = report_actions.draft_report(project, FEB_1, FEB_28, leader)
    february.summary = "The plan is signed off."
    report_actions.save_report(february, leader)
    february = report_actions.publish_report(february, leader)

    rows = report_actions.report_lines(february)
    assert ("Products completed", "Completed: Project plan (Project management)") in rows
    html = page(as_persona("councillor"), reverse("projects:report_detail", args=[february.pk]))
    assert "What changed since the previous report" in html
    assert "<ins>Completed: Project plan (Project management)</ins>" in html
    assert "<ins>The plan is signed off.</ins>" in html
    assert reverse("projects:report_detail", args=[january.pk]) in html
    # The first report has nothing to compare with.
    assert "What changed since" not in page(
        as_persona("councillor"), reverse("projects:report_detail", args=[january.pk])
    )


# ------------------------------------------------------------------------------------ reading and who has read it


def board_size():
    return len(
        set(
            Membership.objects.current()
            .filter(body__slug="project-board", role__in=Role.seated(), person__isnull=False, confirmed=True)
            .values_list("person_id", flat=True)
        )
    )


def test_read_receipts_and_who_has_read_it_for_the_chair(published, as_persona):
    url = reverse("projects:report_detail", args=[published.pk])
    executive = as_persona("project_executive")
    assert "Mark as read" in page(executive, url)
    executive.post(reverse("projects:report_read", args=[published.pk]))
    executive.post(reverse("projects:report_read", args=[published.pk]))  # twice: still one receipt
    assert ReportRead.objects.filter(report=published).count() == 1
    assert "You marked this report as read" in page(executive, url)
    as_persona("provider").post(reverse("projects:report_read", args=[published.pk]))

    chair_view = page(as_persona("chair"), url)
    assert f"Read by 1 of {board_size()} board members" in chair_view
    assert 'Michelle Atkinson</td><td class="govuk-table__cell">Read' in chair_view
    assert "Not read yet" in chair_view
    assert "Also read by: Louise Copley" in chair_view
    assert "Read by 1 of" in page(as_persona("admin_staff"), url)
    # A member who is not the Chair or Sponsor does not see who has read it.
    assert "board members" not in page(as_persona("provider"), url)


def test_a_draft_cannot_be_marked_read(draft):
    with pytest.raises(GovernanceError, match="once it is published"):
        report_actions.mark_read(draft, person("Michelle Atkinson"))


# ----------------------------------------------------------------------------------------- questions and comments


def test_a_question_and_the_project_leaders_answer(published, as_persona):
    url = reverse("projects:report_comment", args=[published.pk])
    as_persona("councillor").post(url, {"text": "Why did the fee model slip?", "is_question": "on"})
    question = ReportComment.objects.get(report=published)
    assert question.is_question and question.author.name == "Cllr Ann Blackburn"
    as_persona("project_leader").post(url, {"text": "The provider data came late.", "parent": question.pk})
    answer = ReportComment.objects.get(parent=question)
    assert answer.author.name == "Georgia Young" and not answer.is_question
    assert answer.history.first().history_user.username == "project.leader"

    html = page(as_persona("provider"), reverse("projects:report_detail", args=[published.pk]))
    assert html.index("Why did the fee model slip?") < html.index("The provider data came late.")
    assert ">Question</strong>" in html and ">Answer</strong>" in html


def test_comments_are_refused_when_empty_or_from_another_report_or_from_outsiders(project, published, leader, outsider):
    with pytest.raises(GovernanceError, match="Write your comment"):
        report_actions.add_comment(published, person("Louise Copley"), "   ")
    january = report_actions.draft_report(project, JAN_1, JAN_31, leader)
    other = report_actions.add_comment(january, person("Georgia Young"), "On the January draft")
    with pytest.raises(GovernanceError, match="only reply to a comment on this report"):
        report_actions.add_comment(published, person("Louise Copley"), "Reply", parent=other)
    stranger = Person.objects.create(name="A Stranger", user=outsider)
    with pytest.raises(GovernanceError, match="Only people who may see this report"):
        report_actions.add_comment(published, stranger, "Hello")
    # A member cannot comment on a draft they may not see.
    with pytest.raises(GovernanceError, match="Only people who may see this report"):
        report_actions.add_comment(january, person("Louise Copley"), "Hello")


def test_a_reply_to_a_reply_joins_the_thread(published):
    question = report_actions.add_comment(published, person("Louise Copley"), "Q?", is_question=True)
    answer = report_actions.add_comment(published, person("Georgia Young"), "A.", parent=question)
    more = report_actions.add_comment(published, person("Louise Copley"), "Thanks", parent=answer)
    assert more.parent == question
    assert report_actions.threads(published) == [(question, [answer, more])]


# ------------------------------------------------------------------------------------------------- papers for me


def test_papers_for_me_lists_published_reports_newest_first_with_read_state(project, published, leader, as_persona):
    january = report_actions.draft_report(project, JAN_1, JAN_31, leader)
    HighlightReport.objects.filter(pk=january.pk).update(
        status="published", published_at=timezone.now() - dt.timedelta(days=30)
    )
    march = report_actions.draft_report(project, dt.date(2026, 3, 1), dt.date(2026, 3, 31), leader)  # a draft
    client = as_persona("councillor")
    html = page(client, reverse("projects:papers_for_me"))
    feb_url = reverse("projects:report_detail", args=[published.pk])
    jan_url = reverse("projects:report_detail", args=[january.pk])
    assert feb_url in html and jan_url in html
    assert html.index(feb_url) < html.index(jan_url)
    assert reverse("projects:report_detail", args=[march.pk]) not in html
    assert "Not read yet" in html and ">Read</strong>" not in html
    client.post(reverse("projects:report_read", args=[published.pk]))
    assert ">Read</strong>" in page(client, reverse("projects:papers_for_me"))
    assert feb_url not in page(as_persona("outsider"), reverse("projects:papers_for_me"))


# ------------------------------------------------------------------------------------------------ stale edits


def edit_data(report, **changes):
    data = {name: getattr(report, name) for name in ["overall_rag", *report.SECTIONS]}
    for dimension in report.DIMENSIONS:
        data[f"{dimension}_rag"] = getattr(report, f"{dimension}_rag")
        data[f"{dimension}_comment"] = getattr(report, f"{dimension}_comment")
    data["edit_token"] = history.edit_token(report)
    data.update(changes)
    return data


def test_the_project_leader_edits_a_draft(draft, as_persona):
    client = as_persona("project_leader")
    assert "Edit the highlight report" in page(client, reverse("projects:report_edit", args=[draft.pk]))
    response = client.post(
        reverse("projects:report_edit", args=[draft.pk]), edit_data(draft, summary="In my words", time_rag="red")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "In my words" and draft.time_rag == "red" and draft.status == "draft"


def test_a_stale_edit_is_refused_and_shows_what_changed(draft, leader, as_persona):
    data = edit_data(draft, summary="Mine")
    other = HighlightReport.objects.get(pk=draft.pk)
    other.summary = "Theirs"
    report_actions.save_report(other, leader)
    response = as_persona("project_leader").post(reverse("projects:report_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Theirs"


# ----------------------------------------------------------------------------------------------------------- access


def test_who_may_open_and_change_a_report(project, published, leader, as_persona):
    draft = report_actions.draft_report(project, JAN_1, JAN_31, leader)
    detail = reverse("projects:report_detail", args=[published.pk])
    assert as_persona("provider").get(detail).status_code == 200
    assert as_persona("outsider").get(detail).status_code == 404
    response = as_persona("anonymous").get(detail)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")
    assert as_persona("provider").get(reverse("projects:report_edit", args=[draft.pk])).status_code == 403
    assert as_persona("admin_staff").get(reverse("projects:report_edit", args=[draft.pk])).status_code == 403
    assert as_persona("provider").post(reverse("projects:report_action", args=[draft.pk, "publish"])).status_code == 403
    # A draft is not shown to members; staff see it.
    assert as_persona("provider").get(reverse("projects:report_detail", args=[draft.pk])).status_code == 404
    assert as_persona("admin_staff").get(reverse("projects:report_detail", args=[draft.pk])).status_code == 200
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_report_list_offers_drafting_to_the_project_leader_only(project, published, as_persona):
    url = reverse("projects:report_list", args=[project.slug])
    leader_view = page(as_persona("project_leader"), url)
    assert "Draft a report" in leader_view
    assert 'value="2026-03-01"' in leader_view  # the day after the last report
    member_view = page(as_persona("provider"), url)
    assert "Draft a report" not in member_view
    assert reverse("projects:report_detail", args=[published.pk]) in member_view
    assert (
        as_persona("provider")
        .post(
            reverse("projects:report_new", args=[project.slug]),
            {"period_start": "2026-03-01", "period_end": "2026-03-31"},
        )
        .status_code
        == 403
    )


def test_drafting_from_the_list_page(project, as_persona):
    response = as_persona("project_leader").post(
        reverse("projects:report_new", args=[project.slug]), {"period_start": "2026-03-01", "period_end": "2026-03-31"}
    )
    report = HighlightReport.objects.get(project=project, period_end=dt.date(2026, 3, 31))
    assert response["Location"] == reverse("projects:report_edit", args=[report.pk])
    response = as_persona("project_leader").post(
        reverse("projects:report_new", args=[project.slug]), {"period_start": "2026-03-31", "period_end": "2026-03-01"}
    )
    assert "The period must end on or after the day it starts." in response.content.decode()


@pytest.mark.django_db
def test_a_published_report_is_read_only_in_the_admin(client):
    from django.contrib.auth import get_user_model

    from projects.models import HighlightReport

    report = HighlightReport.objects.filter(status="published").first()
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-admin-password-1")
    client.force_login(admin_user)
    url = reverse("admin:projects_highlightreport_change", args=[report.pk])
    before = report.summary
    client.post(url, {"summary": "Changed in the admin"})
    report.refresh_from_db()
    assert report.summary == before
    assert 'name="summary"' not in client.get(url).content.decode()  # shown, not editable
