"""Retention: `purge_personal_data` removes personal data older than PERSONAL_DATA_RETENTION_DAYS and keeps what is
younger; minutes, decisions and reports are never deleted or changed and their history is whole for six years; a dry
run changes nothing; a second run changes nothing more."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from governance import retention
from governance.models import (
    Agenda,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Declaration,
    ItemNote,
    Meeting,
    Membership,
    Minutes,
    PackBuild,
    Person,
)
from projects.models import HighlightReport, ReportRead
from tests.access.logs import admin_user

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)

# ------------------------------------------------------------------------------------------------- the rules


def test_personal_data_expires_after_the_retention_period():
    c = retention.cutoffs(NOW, 2192)
    assert c.personal == NOW - dt.timedelta(days=2192)
    assert c.personal_date == dt.date(2020, 5, 31)


def test_the_history_of_minutes_decisions_and_reports_is_kept_six_years_whatever_the_retention_period():
    assert retention.cutoffs(NOW, 365).personal == NOW - dt.timedelta(days=365)
    assert retention.cutoffs(NOW, 365).records == NOW - dt.timedelta(days=retention.RECORDS_KEPT_DAYS)
    assert retention.cutoffs(NOW, 2192).records == NOW - dt.timedelta(days=2192)
    assert retention.cutoffs(NOW, 4000).records == NOW - dt.timedelta(days=4000)


def test_a_retention_period_of_less_than_a_day_is_refused():
    with pytest.raises(ValueError, match="at least one day"):
        retention.cutoffs(NOW, 0)


def test_an_anonymised_person_is_a_former_member_with_no_email_and_no_sign_in():
    person = Person(pk=7, name=retention.anonymised_name(7))
    assert person.name == "Former member 7"
    assert retention.is_anonymised(person)
    assert not retention.is_anonymised(Person(pk=7, name="Former member 7", email="x@example.org"))
    assert not retention.is_anonymised(Person(pk=8, name="Former member 7"))


# ---------------------------------------------------------------------------------------------------- the purge

KEPT = [Agenda, AgendaItem, Minutes, ItemNote, Decision, HighlightReport]


def snapshot():
    """Every row of every table (auth, sessions, history and sign-in attempts included)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


def kept_snapshot(since):
    """The records of the council's business whole, and their history rows from `since` on."""
    out = {}
    for model in KEPT:
        out[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
        history = model.history.model
        out[history._meta.label] = list(history.objects.filter(history_date__gte=since).order_by("pk").values_list())
        out[f"{history._meta.label} (count)"] = history.objects.count()
    return out


def backdate(obj, when):
    obj.history.filter(id=obj.pk).update(history_date=when)


def purge(*args):
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def counts(output):
    """{label: count} from the command's lines."""
    found = {}
    for line in output.splitlines():
        parts = line.strip().split("  ", 1)
        if len(parts) == 2 and parts[0].isdigit():
            found[parts[1].strip()] = int(parts[0])
    return found


@pytest.fixture
def old_and_new():
    """A former member whose last seat, meeting and sign-in are seven years old, with a decision and minutes from
    then; people with recent activity; old and recent read receipts, sessions, sign-in attempts and history."""
    now = timezone.now()
    old = now - dt.timedelta(days=7 * 365)
    recent = now - dt.timedelta(days=30)
    User = get_user_model()
    admin = admin_user()
    board = Body.objects.get(slug="project-board")

    retired_user = User.objects.create_user("retired.member", email="retired@example.org", password="x" * 16)
    User.objects.filter(pk=retired_user.pk).update(last_login=old, date_joined=old - dt.timedelta(days=400))
    retired = Person.objects.create(
        name="Rita Retired", title="Provider representative", email="rita@example.org", user=retired_user
    )
    Membership.objects.create(
        body=board, person=retired, start_date=(old - dt.timedelta(days=900)).date(), end_date=old.date()
    )
    meeting = Meeting.objects.create(body=board, starts_at=old, ends_at=old + dt.timedelta(hours=2), status="held")
    agenda = Agenda.objects.create(meeting=meeting)
    item = AgendaItem.objects.create(agenda=agenda, position=1, title="Provider fees")
    Attendance.objects.create(meeting=meeting, person=retired, status="present")
    Declaration.objects.create(item=item, person=retired, kind="other_registrable", interest="Works for a provider")
    decision = Decision(item=item, text="Fees agreed.", quorate=True, quorum_note="Quorate", recorded_by=retired_user)
    decision._history_user = retired_user
    decision.save()
    minutes = Minutes.objects.create(meeting=meeting)
    note = ItemNote.objects.create(minutes=minutes, item=item, discussion="Rita Retired declared an interest.")
    minutes.status, minutes.approved_by, minutes.approved_at = "approved", retired_user, old
    minutes.save()
    meeting._history_user = retired_user
    meeting.venue = "Civic Hall"
    meeting.save()
    for obj in (retired, meeting, decision, minutes, note, agenda, item):
        backdate(obj, old)
    for model in (Membership, Attendance, Declaration):
        model.history.filter(person_id=retired.pk).update(history_date=old)

    # Left 400 days ago: within the retention period.
    left = now - dt.timedelta(days=400)
    recent_leaver = Person.objects.create(name="Lee Recent", email="lee@example.org")
    Membership.objects.create(
        body=board, person=recent_leaver, start_date=(left - dt.timedelta(days=700)).date(), end_date=left.date()
    )
    backdate(recent_leaver, old)
    # No seat, but signed in last month.
    signed_in_user = User.objects.create_user("still.here", email="still@example.org")
    User.objects.filter(pk=signed_in_user.pk).update(last_login=recent, date_joined=old)
    still_here = Person.objects.create(name="Stella Still", email="stella@example.org", user=signed_in_user)
    backdate(still_here, old)
    # A sign-in that belongs to no one and was last used seven years ago, and one used last month.
    visitor = User.objects.create_user("old.visitor", email="visitor@example.org")
    User.objects.filter(pk=visitor.pk).update(last_login=old, date_joined=old)
    recent_visitor = User.objects.create_user("new.visitor", email="new@example.org")

    report = HighlightReport.objects.filter(status="published").first() or HighlightReport.objects.first()
    if report is None:
        from projects.models import Project

        report = HighlightReport.objects.create(
            project=Project.objects.get(slug="hcrc"), period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 1, 31)
        )
    mick = Person.objects.get(name="Mick Ward")
    barry = Person.objects.get(name="Barry Bridle")
    old_read = ReportRead.objects.create(report=report, person=mick)
    ReportRead.objects.filter(pk=old_read.pk).update(read_at=old)
    new_read = ReportRead.objects.create(report=report, person=barry)

    Session.objects.create(session_key="expired" + "x" * 25, session_data="", expire_date=now - dt.timedelta(days=1))
    Session.objects.create(session_key="current" + "x" * 25, session_data="", expire_date=now + dt.timedelta(days=1))
    old_pack = PackBuild.objects.create(kind="agenda", variant="public", meeting=meeting, requested_by=admin)
    PackBuild.objects.filter(pk=old_pack.pk).update(requested_at=old)
    new_pack = PackBuild.objects.create(kind="agenda", variant="private", meeting=meeting, requested_by=admin)

    # The body's history: one change by admin staff seven years ago, one last month.
    strategic = Body.objects.get(slug="strategic-group")
    strategic._history_user = admin
    strategic.save()
    strategic.save()
    old_change, new_change = strategic.history.order_by("-history_id")[:2][::-1]
    strategic.history.filter(history_id=old_change.history_id).update(history_date=old)
    strategic.history.filter(history_id=new_change.history_id).update(history_date=recent)

    attempts = {}
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt

        for name, when in (("old", old), ("new", recent)):
            attempt = AccessAttempt.objects.create(
                username=f"{name}.attempt",
                ip_address="192.0.2.1",
                user_agent="test",
                http_accept="*/*",
                path_info="/sign-in/",
                get_data="",
                post_data="",
                failures_since_start=1,
            )
            AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
            attempts[name] = attempt.pk
    return {
        "now": now,
        "old": old,
        "retired": retired,
        "retired_user": retired_user,
        "recent_leaver": recent_leaver,
        "still_here": still_here,
        "visitor": visitor,
        "recent_visitor": recent_visitor,
        "decision": decision,
        "minutes": minutes,
        "note": note,
        "meeting": meeting,
        "old_read": old_read,
        "new_read": new_read,
        "old_pack": old_pack,
        "new_pack": new_pack,
        "old_change": old_change,
        "new_change": new_change,
        "attempts": attempts,
    }


@pytest.mark.django_db
def test_personal_data_older_than_the_period_is_removed_and_younger_data_kept(old_and_new):
    o = old_and_new
    six_years_ago = o["now"] - dt.timedelta(days=retention.RECORDS_KEPT_DAYS)
    kept_before = kept_snapshot(six_years_ago)
    output = purge()

    retired = Person.objects.get(pk=o["retired"].pk)
    assert retired.name == f"Former member {retired.pk}"
    assert (retired.title, retired.email, retired.user_id) == ("", "", None)
    # The record's earlier versions lose the name and email too.
    assert not Person.history.filter(id=retired.pk, name="Rita Retired").exists()
    assert not Person.history.filter(id=retired.pk).exclude(email="").exists()
    account = get_user_model().objects.get(pk=o["retired_user"].pk)
    assert account.username == f"closed-account-{account.pk}"
    assert (account.email, account.is_active, account.has_usable_password()) == ("", False, False)
    # Their attendance, declaration and decision stay on the record, under the anonymised name.
    assert Attendance.objects.filter(person=retired).count() == 1
    assert Declaration.objects.get(person=retired).interest == "Works for a provider"
    assert Decision.objects.get(pk=o["decision"].pk).recorded_by_id == account.pk
    # The minutes are kept as minuted.
    assert ItemNote.objects.get(pk=o["note"].pk).discussion == "Rita Retired declared an interest."

    for name in ("recent_leaver", "still_here"):
        person = Person.objects.get(pk=o[name].pk)
        assert person.name == o[name].name and person.email == o[name].email
    assert get_user_model().objects.get(pk=o["visitor"].pk).username.startswith("closed-account-")
    assert get_user_model().objects.get(pk=o["recent_visitor"].pk).username == "new.visitor"
    assert get_user_model().objects.get(username="still.here").is_active

    assert not ReportRead.objects.filter(pk=o["old_read"].pk).exists()
    assert ReportRead.objects.filter(pk=o["new_read"].pk).exists()
    assert list(
        Session.objects.filter(session_key__in=["expired" + "x" * 25, "current" + "x" * 25]).values_list(
            "session_key", flat=True
        )
    ) == ["current" + "x" * 25]
    assert PackBuild.objects.get(pk=o["old_pack"].pk).requested_by_id is None
    assert PackBuild.objects.get(pk=o["new_pack"].pk).requested_by_id == admin_user().pk
    history = Body.history.model.objects
    assert history.get(history_id=o["old_change"].history_id).history_user_id is None
    assert history.get(history_id=o["new_change"].history_id).history_user_id == admin_user().pk
    if o["attempts"]:
        from axes.models import AccessAttempt

        assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [o["attempts"]["new"]]

    # Minutes, decisions and reports: none deleted or changed; their history from the last six years as it was.
    assert kept_snapshot(six_years_ago) == kept_before
    # Their history from before six years ago is still there, without the user's name.
    old_decision = Decision.history.get(id=o["decision"].pk)
    assert old_decision.history_date < six_years_ago and old_decision.history_user_id is None
    assert old_decision.text == "Fees agreed."

    found = counts(output)
    assert found["former members anonymised (no current seat and no activity in the retention period)"] == 1
    assert found["read receipts on highlight reports, older than the retention period, deleted"] == 1
    assert "Minutes, decisions, decision reports and highlight reports are kept as they are" in output


@pytest.mark.django_db
def test_a_dry_run_changes_nothing_and_counts_what_the_run_then_changes(old_and_new):
    before = snapshot()
    dry = purge("--dry-run")
    assert snapshot() == before
    assert "Dry run: nothing was changed. Would change:" in dry
    real = purge()
    assert counts(dry) == counts(real)
    assert counts(real)["in all"] >= 10


@pytest.mark.django_db
def test_the_purge_is_idempotent(old_and_new):
    first = purge()
    after_first = snapshot()
    second = purge()
    assert snapshot() == after_first
    assert counts(first)["in all"] > 0
    assert set(counts(second).values()) == {0}


@pytest.mark.django_db
def test_a_shorter_retention_period_leaves_the_history_of_records_younger_than_six_years_whole(old_and_new, settings):
    """With a one-year period a person gone two years is anonymised, and a change they made two years ago loses their
    name on an ordinary record but keeps it on a decision, whose history is kept whole for six years."""
    o = old_and_new
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    two_years_ago = o["now"] - dt.timedelta(days=730)
    for obj in (o["decision"], o["meeting"]):
        obj.history.filter(id=obj.pk).update(history_date=two_years_ago)
    purge()
    assert Person.objects.get(pk=o["retired"].pk).name.startswith("Former member")
    assert Decision.history.get(id=o["decision"].pk).history_user_id == o["retired_user"].pk
    meeting_change = Meeting.history.filter(id=o["meeting"].pk, history_type="~").latest("history_id")
    assert meeting_change.history_user_id is None
    # Lee left 400 days ago: past a one-year period.
    assert Person.objects.get(pk=o["recent_leaver"].pk).name.startswith("Former member")
