"""History withholds exempt values: one rule (governance.history.withheld_fields), the pages' own rules behind it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from governance import history, meeting_actions, report_actions
from governance.models import Body, DecisionReport
from tests.access.logs import admin_user, meeting_on
from tests.conftest import client_for, user_for
from tests.governance.test_decision_reports import draft

pytestmark = pytest.mark.django_db
User = get_user_model()
WITHHELD = "changed (withheld: paragraph 3)"


@pytest.fixture
def named():
    return {name: User.objects.get(username=name) for name in ("director.commissioning", "director.adults")}


def exempt_report(named, *, wholly=True):
    by = user_for("project_leader")
    report = draft(
        by,
        named["director.commissioning"],
        named["director.adults"],
        exempt=True,
        exempt_paragraph=3,
        access_to_information_rule="10.4 (3)",
        exempt_appendix="" if wholly else "1",
        public_interest_reason="Commercial terms under negotiation",
    )
    report.purpose = "1.1 The fee uplift offered to provider WXYZ-SECRET."
    report.public_interest_reason = "The bids are still open WXYZ-REASON."
    report_actions.save_report(report, by)
    return DecisionReport.objects.get(pk=report.pk)


def changes_seen_by(persona, report):
    rows = history.history_of(report, user_for(persona))
    return {change.field: change for row in rows for change in row.changes}


def test_a_wholly_exempt_reports_changes_are_withheld_from_a_reader_of_its_public_copy(named):
    report = exempt_report(named)
    seen = changes_seen_by("councillor", report)
    assert seen["1. purpose of this report"].withheld == WITHHELD
    assert seen["1. purpose of this report"].old == seen["1. purpose of this report"].new == ""
    assert seen["Public interest reason"].withheld == WITHHELD


def test_staff_and_the_people_named_on_the_report_see_its_changes(named):
    report = exempt_report(named)
    for reader in (user_for("admin_staff"), user_for("project_leader"), named["director.adults"]):
        change = {c.field: c for row in history.history_of(report, reader) for c in row.changes}[
            "1. purpose of this report"
        ]
        assert not change.withheld and "WXYZ-SECRET" in change.new


def test_a_partly_exempt_report_withholds_only_its_public_interest_reason(named):
    report = exempt_report(named, wholly=False)
    seen = changes_seen_by("councillor", report)
    assert seen["Public interest reason"].withheld == WITHHELD
    assert "WXYZ-SECRET" in seen["1. purpose of this report"].new


def test_a_value_written_while_the_report_was_wholly_exempt_stays_withheld_when_it_becomes_partly_exempt(named):
    report = exempt_report(named)
    report.exempt_appendix = "1"
    report_actions.save_report(report, user_for("project_leader"))
    report = DecisionReport.objects.get(pk=report.pk)
    rows = history.history_of(report, user_for("councillor"))
    purpose = [c for row in rows for c in row.changes if c.field == "1. purpose of this report"]
    assert purpose and all(c.withheld == WITHHELD for c in purpose)


def test_the_published_reports_page_shows_its_history_without_the_exempt_text(named):
    report = exempt_report(named)
    DecisionReport.objects.filter(pk=report.pk).update(status="published", published_at=timezone.now())
    page = client_for("councillor").get(reverse("governance:decision_report", args=[report.pk])).content.decode()
    assert 'id="history"' in page and WITHHELD in page
    assert "WXYZ" not in page
    page = client_for("admin_staff").get(reverse("governance:decision_report", args=[report.pk])).content.decode()
    assert "WXYZ-SECRET" in page and WITHHELD not in page


def test_withheld_fields_is_the_rule_for_one_record(named):
    report = exempt_report(named)
    assert history.withheld_fields(user_for("councillor"), report)["purpose"] == 3
    assert history.withheld_fields(user_for("admin_staff"), report) == {}
    assert history.withheld_fields(AnonymousUser(), report)["decision_reasons"] == 3
    open_report = draft(user_for("project_leader"), named["director.commissioning"], named["director.adults"])
    assert history.withheld_fields(user_for("councillor"), open_report) == {}


def test_an_exempt_items_minutes_note_is_withheld_through_its_item_and_named_by_its_exemption():
    by = admin_user()
    meeting = meeting_on(Body.objects.get(slug="project-board"), timezone.localdate() - dt.timedelta(weeks=5), by)
    agenda = meeting_actions.ensure_agenda(meeting, by)
    item = meeting_actions.add_item(
        agenda, by, title="Bid scores QRST", exempt_paragraph=3, public_interest_reason="Open bids"
    )
    minutes = meeting_actions.start_minutes(meeting, by)
    meeting_actions.save_note(minutes, item, "First QRST-NOTE", by)
    meeting_actions.save_note(minutes, item, "Second QRST-NOTE", by)
    note = minutes.notes.get(item=item)
    records = note.history.order_by("-history_date", "-history_id")
    outsider = User.objects.get_or_create(username="outsider")[0]
    rows = history.rows_with_previous(records, outsider)
    assert rows[0].changes[0].withheld == WITHHELD
    assert rows[0].subject == "Item note (withheld: paragraph 3)"
    assert "QRST" not in rows[0].subject
    # A member of the Board sees the note and its item's name.
    rows = history.rows_with_previous(records, user_for("chair"))
    assert "Second QRST-NOTE" in rows[0].changes[0].new and "QRST" in rows[0].subject
    # An open item's notes are nobody's secret.
    open_item = meeting_actions.add_item(agenda, by, title="Tender timetable")
    meeting_actions.save_note(minutes, open_item, "Open note", by)
    meeting_actions.save_note(minutes, open_item, "Open note, changed", by)
    open_note = minutes.notes.get(item=open_item)
    rows = history.rows_with_previous(open_note.history.order_by("-history_date", "-history_id"), outsider)
    assert rows[0].changes[0].new == "Open note, changed"


def test_a_model_is_registered_with_either_its_own_rule_or_a_link():
    with pytest.raises(ValueError):
        history.register_exemption(DecisionReport, ["purpose"])
    with pytest.raises(ValueError):
        history.register_exemption(
            DecisionReport, ["purpose"], paragraph=lambda r: 3, may_see=lambda u, r: True, through="agenda_item"
        )
