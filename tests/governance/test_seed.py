"""seed_demo loads what the seeds say about the bodies, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from governance.models import Body, Clause, Membership, QuorumRule, TermsOfReference
from governance.seed_data import DEMO_LOGIN_DUTIES, DEMO_PASSWORD, DEMO_USERS


def _all_rows():
    """Row counts of every table of the project's apps and auth, history tables included."""
    labels = ("governance", "projects", "risks", "auth")
    return {m._meta.label: m.objects.count() for label in labels for m in apps.get_app_config(label).get_models()}


def _snapshot():
    """Every row of the project's apps and of auth (users with their addresses, groups), as text."""
    return {
        m._meta.label: sorted(map(repr, m.objects.values_list()))
        for label in ("governance", "projects", "risks", "auth")
        for m in apps.get_app_config(label).get_models()
    }


@pytest.mark.django_db
def test_seed_demo_twice_changes_no_row():
    call_command("seed_demo", stdout=StringIO())  # the session fixture has loaded once already
    counts, rows = _all_rows(), _snapshot()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert out.getvalue().count("0 rows created, 0 updated") == 3  # governance, projects and risks
    assert _all_rows() == counts
    assert _snapshot() == rows


@pytest.mark.django_db
def test_seed_demo_prints_one_login_per_role():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    for username in (
        "project.leader",
        "admin.staff",
        "chair",
        "project.executive",
        "councillor",
        "provider",
        "service.user",
        "adam.ogilvie",
        "mark.phillott",
        "liz.ward",
        "director.commissioning",
        "director.adults",
    ):
        assert username in text
        assert DEMO_LOGIN_DUTIES[username] in text  # what the login does, on the line below it
    # The logins are the last thing printed: `make demo` shows them just before the server's own output.
    assert text.rstrip().endswith(DEMO_LOGIN_DUTIES["director.adults"])


@pytest.mark.django_db
def test_the_new_demo_logins_are_the_seeded_people_in_their_seats():
    User = get_user_model()
    adam = User.objects.get(username="adam.ogilvie")
    assert adam.person.name == "Cllr Adam Ogilvie" and adam.check_password(DEMO_PASSWORD)
    assert Membership.objects.get(body__slug="strategic-group", role="chair").person == adam.person
    for username, name in (("mark.phillott", "Mark Phillott"), ("liz.ward", "Liz Ward")):
        user = User.objects.get(username=username)
        assert user.person.name == name and user.check_password(DEMO_PASSWORD)
        seat = Membership.objects.get(body__slug="project-board", person=user.person)
        assert seat.role == "decision_maker" and seat.confirmed
    # The logins every test relies on keep their people, and so their seats.
    assert {
        u.username: u.person.name for u in User.objects.filter(username__in=_EXISTING).select_related("person")
    } == (_EXISTING)


_EXISTING = {
    "project.leader": "Georgia Young",
    "admin.staff": "Barry Bridle",
    "chair": "Mick Ward",
    "project.executive": "Michelle Atkinson",
    "councillor": "Cllr Ann Blackburn",
    "provider": "Louise Copley",
    "service.user": "Hatim Hassan",
}


def _login_of(person):
    """The demo login of `person`, or None."""
    user = getattr(person, "user", None)
    return user.username if user is not None and user.username in _DEMO_USERNAMES else None


_DEMO_USERNAMES = {username for username, *_ in DEMO_USERS}


@pytest.mark.django_db
def test_every_approver_in_every_seeded_chain_has_a_demo_login():
    from governance.meeting_actions import critical_friend_roles, holder_of
    from governance.models import AgendaApprovalStep, ApprovalRole, Meeting
    from governance.permissions import PROJECT_LEADER

    steps = AgendaApprovalStep.objects.select_related("body")
    assert steps.count() == 6  # Strategic Group, Project Board and its host board: two steps each
    for step in steps:
        holder = holder_of(step.role, step.body)
        assert _login_of(holder), f"{step.get_role_display()} of the {step.body} has no demo login"
    assert _login_of(holder_of(ApprovalRole.CHAIR, Body.objects.get(slug="strategic-group"))) == "adam.ogilvie"
    # Minutes: read by the critical friends the ToR names, approved by the Chair of each body that meets.
    for body in Body.objects.filter(pk__in=Meeting.objects.values("body")):
        assert _login_of(holder_of(ApprovalRole.CHAIR, body)), f"the Chair of the {body} has no demo login"
        for role in critical_friend_roles(Meeting(body=body)):
            if role == "Project Executive":
                assert _login_of(holder_of(ApprovalRole.PROJECT_EXECUTIVE, body)) == "project.executive"
            else:
                assert get_user_model().objects.filter(groups__name=PROJECT_LEADER, username__in=_DEMO_USERNAMES)


@pytest.mark.django_db
def test_the_demo_people_and_logins_have_addresses_on_the_reserved_domain():
    from governance import seed_reports
    from governance.models import Person
    from governance.seed_data import PEOPLE
    from projects.seed_data import EXTRA_PEOPLE

    names = [name for name, *_ in PEOPLE] + [name for name, _area in EXTRA_PEOPLE]
    emails = dict(Person.objects.filter(name__in=names).values_list("name", "email"))
    assert len(emails) == len(names)
    assert all(email.endswith("@example.org") for email in emails.values()), emails
    assert len(set(emails.values())) == len(names)  # one each
    assert emails["Cllr Adam Ogilvie"] == "adam.ogilvie@example.org" and emails["Mick Ward"] == "mick.ward@example.org"
    usernames = _DEMO_USERNAMES | {username for username, *_ in seed_reports.DEMO_LOGINS}
    for user in get_user_model().objects.filter(username__in=usernames).select_related("person"):
        assert user.email.endswith("@example.org")
        if hasattr(user, "person"):
            assert user.email == user.person.email


@pytest.mark.django_db
def test_the_strategic_group_has_every_seat_the_tor_lists():
    seats = Membership.objects.filter(body__slug="strategic-group")
    members = seats.filter(role__in=["chair", "deputy_chair", "member"])
    assert members.count() == 21
    assert sum(1 for m in members if m.vacant) == 7  # Cllr, LCH, Springfield, VCF, trade union, two service users
    assert members.filter(constituency="councillor").count() == 5
    assert members.filter(constituency="provider").count() == 6
    assert members.filter(constituency="service_user").count() == 4
    assert seats.get(role="chair").person.name == "Cllr Adam Ogilvie"
    assert seats.get(role="deputy_chair").person.name == "Cllr Graham Latty"
    assert set(seats.filter(voting=False).values_list("person__name", flat=True)) == {
        "Mick Ward",
        "Georgia Young",
        "Annemarie Bradley",
        "Michelle Atkinson",
        "Barry Bridle",
    }


@pytest.mark.django_db
def test_the_project_board_is_a_capacity_of_the_commissioning_board(project_board, host_board):
    assert project_board.capacity_of == host_board
    assert project_board.refers_disagreements_to.also_known_as == "Adult Commissioning Board"
    decision_makers = Membership.objects.filter(body=project_board, is_decision_maker=True)
    assert decision_makers.count() == 9  # Mick Ward and the eight named decision-makers
    assert decision_makers.get(person__name="Megan Rowlands").vacant  # "(tbc)" counts as vacant
    sponsor = Membership.objects.get(body=project_board, is_project_sponsor=True)
    assert sponsor.person.name == "Mick Ward" and sponsor.role == "chair"
    # The operational capacity has a different membership and roles for the same people.
    assert Membership.objects.get(body=host_board, person__name="Mark Phillott").role == "deputy_chair"
    assert Membership.objects.get(body=project_board, person__name="Mark Phillott").role == "decision_maker"


@pytest.mark.django_db
def test_both_terms_of_reference_are_loaded_with_their_texts():
    strategic = TermsOfReference.objects.get(body__slug="strategic-group")
    assert (strategic.version, strategic.status, strategic.meeting_length_minutes) == ("0.6", "draft", 120)
    governance = strategic.clauses.filter(section="governance")
    assert [c.number for c in governance] == [f"3.{n}" for n in range(1, 18)]
    assert strategic.revisions.count() == 6 and strategic.distribution.count() == 2
    board = TermsOfReference.objects.get(body__slug="home-care-pa-commissioning-board")
    assert (board.version, board.status, board.meeting_length_minutes, board.extraordinary_min_members) == (
        "1.0",
        "final",
        150,
        4,
    )
    assert board.clauses.filter(section="roles").count() == 6
    assert Clause.objects.filter(text__contains="2 other decision-makers").exists()


@pytest.mark.django_db
def test_quorum_rules_are_data_on_the_tor():
    rule = QuorumRule.objects.get(body__slug="strategic-group")
    assert rule.min_members_present == 5
    assert {m.constituency: m.minimum for m in rule.constituency_minimums.all()} == {
        "councillor": 2,
        "provider": 2,
        "service_user": 1,
    }
    board_rule = QuorumRule.objects.get(body__slug="project-board")
    assert [r.role for r in board_rule.required_roles.all()] == ["project_sponsor"]
    assert board_rule.min_other_decision_makers == 2


@pytest.mark.django_db
def test_every_body_the_seeds_name_is_there():
    names = set(Body.objects.values_list("name", flat=True))
    assert {
        "ASC Directorate Leadership Team",
        "ASC Directorate Senior Management Team",
        "ASC Commissioning Board",
        "Strategic Home Care Commissioning Group",
        "Home Care/Personal Assistance Commissioning Board",
        "Home Care Redesign and Commissioning Project Board",
        "Home Care Redesign and Commissioning Project Team",
        "Scrutiny Board (Health and Wellbeing and Adult Social Care)",
    } <= names
    co_opted = Membership.objects.filter(body__slug="scrutiny-board-health-wellbeing-asc", role="co_opted")
    assert co_opted.count() == 2 and all(m.vacant and not m.voting for m in co_opted)


@pytest.mark.django_db
def test_the_meetings_the_documents_date_are_loaded_with_their_decisions():
    from governance.models import Decision, Meeting

    dates = [m.date.isoformat() for m in Meeting.objects.filter(status="held").order_by("starts_at")]
    assert dates == ["2013-12-06", "2014-01-13", "2014-02-14"]
    approval = Decision.objects.get(item__agenda__meeting__starts_at__date="2013-12-06")
    assert approval.text == "Approved the Terms of Reference, version 1.0 (final)."
    assert "do not record who attended" in approval.quorum_note
    assert not Meeting.objects.filter(attendance__isnull=False).exists()  # no attendance is invented


@pytest.mark.django_db
def test_each_body_has_its_next_meeting_on_its_cycle_with_a_draft_agenda():
    import datetime as dt

    from django.utils import timezone

    from governance.models import Meeting

    for slug in ("project-board", "strategic-group"):
        upcoming = Meeting.objects.filter(body__slug=slug, starts_at__gte=timezone.now())
        assert upcoming.count() == 1
        meeting = upcoming.get()
        assert meeting.date - timezone.localdate() < dt.timedelta(weeks=6, days=3)
        assert meeting.agendas.get().status == "draft"
