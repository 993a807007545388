"""Risks and issues before the Project Board: the rule (open red risks and open issues on the "All issues and red
risks" paper, as the registers stood when the agenda was issued), escalation by exception, and where a risk was
considered."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance import papers
from governance.models import (
    Agenda,
    AgendaItem,
    AgendaStatus,
    Body,
    Decision,
    Meeting,
    MeetingStatus,
    StandingItem,
)
from projects.models import GoverningBody, GoverningRole, Project
from risks import escalation
from risks.models import Escalation, Issue, Risk
from risks.papers import risk_papers

STANDING = StandingItem.ISSUES_AND_RED_RISKS


def user(name):
    return get_user_model().objects.get(username=name)


def save_at(obj, when):
    obj._history_date = when
    obj.save()
    del obj._history_date
    return obj


@pytest.fixture
def board(db):
    return Body.objects.get(slug="project-board")


@pytest.fixture
def project(board):
    project = Project.objects.create(title="Escalation project", slug="escalation-project")
    GoverningBody.objects.create(project=project, body=board, role=GoverningRole.PROJECT_BOARD)
    return project


def risk(project, reference, likelihood, impact, when=None, **fields):
    entry = Risk(
        project=project,
        reference=reference,
        title=f"Risk {reference}",
        event="Something happens",
        category="operational",
        raised_on=dt.date(2025, 1, 1),
        inherent_likelihood=likelihood,
        inherent_impact=impact,
        residual_likelihood=likelihood,
        residual_impact=impact,
        **fields,
    )
    return save_at(entry, when or timezone.now() - dt.timedelta(days=30))


def issue(project, reference, when=None, **fields):
    entry = Issue(
        project=project,
        reference=reference,
        issue_type="problem",
        title=f"Issue {reference}",
        description="A problem",
        raised_on=dt.date(2025, 1, 1),
        **fields,
    )
    return save_at(entry, when or timezone.now() - dt.timedelta(days=30))


@pytest.fixture
def registers(project):
    """A red open risk, an amber one, a closed red one; an open issue and a closed one."""
    return {
        "red": risk(project, "R1", 4, 4),
        "amber": risk(project, "R2", 3, 3),
        "closed": risk(project, "R3", 5, 5, status="closed"),
        "issue": issue(project, "I1"),
        "closed_issue": issue(project, "I2", status="closed", closed_on=dt.date(2025, 2, 1), resolution="Done"),
    }


@pytest.fixture
def next_item(board):
    """The "All issues and red risks" item of the seeded next Project Board meeting (a draft agenda)."""
    meeting, item = escalation.next_board_item(Project.objects.get(slug="hcrc"))
    assert item is not None and item.agenda.status == AgendaStatus.DRAFT
    return item


def board_meeting(board, starts, issued_at=None, status=MeetingStatus.SCHEDULED):
    meeting = Meeting.objects.create(
        body=board, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), status=status
    )
    agenda = Agenda.objects.create(
        meeting=meeting,
        status=AgendaStatus.ISSUED if issued_at else AgendaStatus.DRAFT,
        issued_at=issued_at,
    )
    return AgendaItem.objects.create(agenda=agenda, position=7, title="All issues and red risks", standing=STANDING)


def section(paper, project):
    return next(s for s in paper.sections if s.project == project)


def refs(entries):
    return [e.reference for e in entries]


# ---------------------------------------------------------------------------------------------------------- the rule


def test_a_red_open_risk_and_an_open_issue_are_on_the_paper(registers, project, next_item):
    paper = escalation.board_paper(next_item)
    assert paper.is_draft
    mine = section(paper, project)
    assert refs(mine.red_risks) == ["R1"]
    assert refs(mine.escalated_risks) == []  # the amber risk is not, unless escalated
    assert refs(mine.issues) == ["I1"]  # closed ones are not


def test_the_paper_page(registers, project, next_item, as_persona):
    response = as_persona("chair").get(reverse("risks:board_paper", args=[next_item.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft: as it stands today" in page
    assert 'id="escalation-project-red-risks-r1"' in page
    assert 'id="escalation-project-open-issues-i1"' in page
    assert "escalation-project-red-risks-r2" not in page and "escalation-project-red-risks-r3" not in page
    assert "escalation-project-open-issues-i2" not in page
    assert 'id="project-hcrc"' in page  # every project this body is the board of
    assert "style=" not in page and "<script>" not in page


def test_an_amber_risk_escalated_with_a_reason_is_on_the_paper(registers, project, next_item):
    record = escalation.escalate_risk(registers["amber"], "  The provider market may fail.  ", user("project.leader"))
    assert record.agenda_item == next_item
    assert record.reason == "The provider market may fail."
    paper = escalation.board_paper(next_item)
    mine = section(paper, project)
    assert refs(mine.escalated_risks) == ["R2"]
    assert mine.escalated_risks[0].escalation_reason == "The provider market may fail."
    registers["amber"].refresh_from_db()
    assert registers["amber"].escalated and registers["amber"].version == 2
    assert registers["amber"].history.first().history_user == user("project.leader")


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_escalation_needs_a_reason(registers, reason):
    with pytest.raises(escalation.GovernanceError, match="Say why"):
        escalation.escalate_risk(registers["amber"], reason, user("project.leader"))
    assert not Risk.objects.get(pk=registers["amber"].pk).escalated
    assert not Escalation.objects.filter(risk=registers["amber"]).exists()


def test_a_closed_risk_cannot_be_escalated(registers):
    with pytest.raises(escalation.GovernanceError, match="closed"):
        escalation.escalate_risk(registers["closed"], "Why not", user("project.leader"))


def test_deescalating_takes_it_off_the_paper_and_keeps_the_record(registers, project, next_item):
    escalation.escalate_risk(registers["amber"], "Watch it", user("project.leader"))
    escalation.deescalate_risk(Risk.objects.get(pk=registers["amber"].pk), user("project.leader"))
    assert refs(section(escalation.board_paper(next_item), project).escalated_risks) == []
    assert Escalation.objects.filter(risk=registers["amber"]).count() == 1
    with pytest.raises(escalation.GovernanceError, match="not escalated"):
        escalation.deescalate_risk(Risk.objects.get(pk=registers["amber"].pk), user("project.leader"))


def test_with_no_meeting_scheduled_the_escalation_still_stands(registers, board):
    board.meetings.filter(status=MeetingStatus.SCHEDULED).update(status=MeetingStatus.CANCELLED, cancelled_reason="x")
    record = escalation.escalate_risk(registers["amber"], "Watch it", user("project.leader"))
    assert record.agenda_item is None
    assert Risk.objects.get(pk=registers["amber"].pk).escalated


def test_an_issued_agenda_keeps_the_register_as_it_stood_at_issue(registers, project, board):
    now = timezone.now()
    item = board_meeting(board, now + dt.timedelta(days=3), issued_at=now - dt.timedelta(days=1))
    # After the issue, R1 is rescored to green and R2 to red; a new issue is raised; I1 is closed.
    red, amber = registers["red"], registers["amber"]
    red.residual_likelihood, red.residual_impact = 1, 2
    save_at(red, now - dt.timedelta(hours=2))
    amber.residual_likelihood, amber.residual_impact = 5, 5
    save_at(amber, now - dt.timedelta(hours=2))
    issue(project, "I3", when=now - dt.timedelta(hours=1))
    registers["issue"].status, registers["issue"].closed_on, registers["issue"].resolution = "closed", now, "Done"
    save_at(registers["issue"], now - dt.timedelta(hours=1))

    paper = escalation.board_paper(item)
    assert not paper.is_draft and paper.as_at == item.agenda.issued_at
    mine = section(paper, project)
    assert [(r.reference, r.residual_score) for r in mine.red_risks] == [("R1", 16)]
    assert refs(mine.issues) == ["I1"]
    # A draft agenda's paper shows the registers as they stand today.
    draft = section(escalation.board_paper(board_meeting(board, now + dt.timedelta(days=40))), project)
    assert refs(draft.red_risks) == ["R2"]
    assert refs(draft.issues) == ["I3"]


def test_the_issued_paper_page_says_it_is_as_at_issue(registers, board, as_persona):
    issued = timezone.now() - dt.timedelta(days=1)
    item = board_meeting(board, timezone.now() + dt.timedelta(days=3), issued_at=issued)
    page = as_persona("project_executive").get(reverse("risks:board_paper", args=[item.pk])).content.decode()
    assert "As the registers stood when the agenda was issued" in page
    assert "Draft" not in page
    assert 'id="escalation-project-red-risks-r1"' in page


def test_a_paper_from_before_the_registers_were_kept_says_so(board, as_persona):
    """The seeded 2014 meetings' agendas are marked issued with no time: as at the start of the meeting, when no
    register history had been recorded."""
    item = AgendaItem.objects.get(agenda__meeting__body=board, agenda__meeting__starts_at__year=2014, standing=STANDING)
    paper = escalation.board_paper(item)
    assert not paper.is_draft and not paper.issue_time_recorded and paper.as_at == item.agenda.meeting.starts_at
    hcrc = section(paper, Project.objects.get(slug="hcrc"))
    assert hcrc.red_risks == [] and hcrc.issues == [] and hcrc.history_starts is not None
    page = as_persona("chair").get(reverse("risks:board_paper", args=[item.pk])).content.decode()
    assert "the time was not recorded" in page
    assert 'id="hcrc-history-note"' in page


def test_an_escalation_after_issue_is_shown_apart(registers, project, board):
    now = timezone.now()
    # Sooner than any seeded meeting of the board, so that it is the board's next meeting on any day.
    item = board_meeting(board, now + dt.timedelta(minutes=5), issued_at=now - dt.timedelta(days=1))
    escalation.escalate_risk(registers["amber"], "Late news", user("project.leader"))
    mine = section(escalation.board_paper(item), project)
    assert refs(mine.escalated_risks) == []  # not as the register stood at issue
    assert [e.reason for e in mine.late_escalations] == ["Late news"]


# ------------------------------------------------------------------------------------------------------ the registry


def test_the_risks_app_registers_its_provider():
    assert risk_papers in papers._providers


def test_the_provider_gives_each_board_item_its_paper(registers, project, next_item):
    contributed = papers.papers_for([next_item])[next_item.pk]
    ours = [p for p in contributed if p.kind == "Risks and issues"]
    url = reverse("risks:board_paper", args=[next_item.pk])
    order = papers.Order.RISKS_AND_ISSUES
    assert (
        papers.Paper(next_item.pk, "Red risks and issues: Escalation project", url, "Risks and issues", order=order)
        in ours
    )
    hcrc = Project.objects.get(slug="hcrc")
    assert (
        papers.Paper(next_item.pk, f"Red risks and issues: {hcrc.title}", url, "Risks and issues", order=order) in ours
    )
    assert len(ours) == Project.objects.filter(governing_bodies__body=next_item.agenda.meeting.body).count()


def test_the_provider_ignores_other_items_and_bodies(registers, next_item):
    other = next_item.agenda.items.exclude(standing=STANDING).first()
    assert list(risk_papers([other])) == []
    strategic_item = AgendaItem.objects.filter(agenda__meeting__body__slug="strategic-group").order_by("-id").first()
    assert list(risk_papers([strategic_item])) == []


# ------------------------------------------------------------------------------------------ where it was considered


@pytest.fixture
def considered(registers, board):
    """Meeting 1 (issued 60 days ago): R1 was red, R2 amber. Then R2 is escalated; meeting 2 (issued after) has it."""
    now = timezone.now()
    first = board_meeting(board, now - dt.timedelta(days=55), issued_at=now - dt.timedelta(days=20), status="held")
    Decision.objects.create(
        item=first,
        text="The board accepted the mitigation of R1.",
        quorate=True,
        quorum_note="Quorate",
        recorded_by=user("admin.staff"),
    )
    escalation.escalate_risk(registers["amber"], "Providers are leaving", user("project.leader"))
    second = board_meeting(board, now + dt.timedelta(days=1), issued_at=now + dt.timedelta(seconds=1))
    return first, second


def test_a_risk_shows_where_it_was_considered_and_what_was_decided(registers, considered):
    first, second = considered
    red = escalation.considered_at(registers["red"], user("chair"))
    assert [c.item for c in red] == [first, second]
    assert red[0].why == "Red risk (residual score 16)"
    assert [d.text for d in red[0].decisions] == ["The board accepted the mitigation of R1."]
    amber = escalation.considered_at(registers["amber"], user("chair"))
    assert [c.item for c in amber] == [second]
    assert amber[0].why == "Escalated by exception: Providers are leaving"
    assert escalation.considered_at(registers["closed"], user("chair")) == []


def test_the_considered_page(registers, considered, as_persona):
    first, _ = considered
    page = as_persona("chair").get(reverse("risks:risk_considered", args=[registers["red"].pk])).content.decode()
    assert f'id="considered-{first.pk}"' in page
    assert "The board accepted the mitigation of R1." in page
    assert reverse("risks:risk_escalate", args=[registers["red"].pk]) not in page  # only the project leader may


def test_the_considered_page_for_the_project_leader_offers_escalation(registers, as_persona):
    page = as_persona("project_leader").get(reverse("risks:risk_considered", args=[registers["amber"].pk]))
    assert reverse("risks:risk_escalate", args=[registers["amber"].pk]) in page.content.decode()


def test_a_member_who_may_not_see_the_board_sees_no_meeting_of_it(considered, as_persona):
    hcrc_risk = Risk.objects.get(project__slug="hcrc", reference="R001")
    response = as_persona("councillor").get(reverse("risks:risk_considered", args=[hcrc_risk.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="board-hidden"' in page
    assert "The board accepted" not in page


# ------------------------------------------------------------------------------------------------------------ views


def test_the_project_leader_escalates_through_the_page(registers, next_item, as_persona):
    amber = registers["amber"]
    response = as_persona("project_leader").post(
        reverse("risks:risk_escalate", args=[amber.pk]), {"reason": "The market is fragile"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("risks:risk_considered", args=[amber.pk])
    assert "R2 is escalated to the Project Board" in response.content.decode()
    amber.refresh_from_db()
    assert amber.escalated and amber.escalation_reason == "The market is fragile"
    assert Escalation.objects.get(risk=amber).agenda_item == next_item


def test_escalating_without_a_reason_says_so(registers, as_persona):
    amber = registers["amber"]
    response = as_persona("project_leader").post(
        reverse("risks:risk_escalate", args=[amber.pk]), {"reason": ""}, follow=True
    )
    assert "Say why the risk is escalated to the board." in response.content.decode()
    assert not Risk.objects.get(pk=amber.pk).escalated


def test_deescalating_through_the_page(registers, as_persona):
    amber = registers["amber"]
    escalation.escalate_risk(amber, "Watch it", user("project.leader"))
    response = as_persona("project_leader").post(reverse("risks:risk_deescalate", args=[amber.pk]), follow=True)
    assert "no longer escalated" in response.content.decode()
    assert not Risk.objects.get(pk=amber.pk).escalated


@pytest.mark.parametrize("name", ["risks:risk_escalate", "risks:risk_deescalate"])
def test_who_may_escalate(name, as_persona):
    hcrc_risk = Risk.objects.get(project__slug="hcrc", reference="R002")
    url = reverse(name, args=[hcrc_risk.pk])
    assert as_persona("chair").post(url, {"reason": "x"}).status_code == 403  # a member: may see, not change
    assert as_persona("councillor").post(url, {"reason": "x"}).status_code == 403
    assert as_persona("outsider").post(url, {"reason": "x"}).status_code == 404
    response = as_persona("anonymous").post(url, {"reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert as_persona("project_leader").get(url).status_code == 405
    hcrc_risk.refresh_from_db()
    assert not hcrc_risk.escalated


def test_paper_access(next_item, as_persona):
    url = reverse("risks:board_paper", args=[next_item.pk])
    assert as_persona("chair").get(url).status_code == 200
    # A council member of another body (the Strategic Group) sees no paper of the Project Board.
    assert as_persona("councillor").get(url).status_code == 404
    assert as_persona("outsider").get(url).status_code == 404
    response = as_persona("anonymous").get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_item_that_is_not_the_risks_item_has_no_paper(next_item, as_persona):
    other = next_item.agenda.items.exclude(standing=STANDING).first()
    assert as_persona("admin_staff").get(reverse("risks:board_paper", args=[other.pk])).status_code == 404
    assert as_persona("admin_staff").get(reverse("risks:board_paper", args=[999999])).status_code == 404


def test_the_considered_page_access(as_persona):
    url = reverse("risks:risk_considered", args=[Risk.objects.get(project__slug="hcrc", reference="R001").pk])
    assert as_persona("service_user").get(url).status_code == 200
    assert as_persona("outsider").get(url).status_code == 404
    assert as_persona("anonymous").get(url)["Location"].startswith(reverse("login"))
