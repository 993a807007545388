"""Published and approved records are final (governance/integrity.py): approved minutes and their notes, issued
agendas and their items, recorded decisions, published decision reports and their appendices, published highlight and
exception reports. For each of the nine kinds of row a locked row refuses the service's own page, the Django admin
(change, delete, the bulk "delete selected" action, revert), and the model (save(), QuerySet.update() and delete());
the PostgreSQL triggers are in test_integrity_pg.py. The workflows that lock, move on or correct a record still run:
minutes are circulated, a correction is a new version with its reason and author, a report is published and then read.
"""

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance import history, integrity, meeting_actions, report_actions
from governance.integrity import RecordIsFinal
from governance.models import (
    Agenda,
    AgendaItem,
    AgendaStatus,
    Body,
    Decision,
    DecisionReport,
    DecisionReportAppendix,
    DecisionReportStatus,
    ItemNote,
    Meeting,
    Minutes,
    MinutesStatus,
)
from projects import report_actions as project_reports
from projects.models import ExceptionReport, HighlightReport, Project, ReportRead, ReportStatus, Tolerance
from tests.access.decision_reports import _report
from tests.access.public import agenda_for, decision_on, make_meeting, minutes_for, secretariat
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------------------------------------------- builders


def user(username):
    return get_user_model().objects.get(username=username)


def meeting_records():
    """A Strategic Group meeting last week: its issued agenda, an item with a decision, approved minutes with a note."""
    meeting = make_meeting(Body.objects.get(slug="strategic-group"), -7)
    agenda, (item,) = agenda_for(meeting, {"title": "Outcomes framework"})
    minutes = minutes_for(meeting, {item: "Members discussed the outcomes framework."})
    decision = decision_on(item, "The outcomes framework was agreed.")
    return {"meeting": meeting, "agenda": agenda, "item": item, "minutes": minutes, "decision": decision}


def published_report():
    """A published decision report with one appendix (added while it was still decided)."""
    report = _report(DecisionReportStatus.DECIDED, "Integrity: a published report", decision_text="Agreed.")
    DecisionReportAppendix.objects.create(report=report, number=1, title="Market analysis")
    DecisionReport.objects.filter(pk=report.pk).update(
        status=DecisionReportStatus.PUBLISHED, published_at=timezone.now()
    )
    return DecisionReport.objects.get(pk=report.pk)


def hcrc():
    return Project.objects.get(slug="hcrc")


def published_highlight(**fields):
    return HighlightReport.objects.create(
        project=hcrc(),
        period_start=dt.date(2019, 1, 1),
        period_end=dt.date(2019, 1, 31),
        status=ReportStatus.PUBLISHED,
        published_at=timezone.now(),
        summary="The plan is on track.",
        **fields,
    )


def published_exception():
    tolerance, _ = Tolerance.objects.get_or_create(
        project=hcrc(), dimension="cost", defaults={"limit": 1000, "unit": "£", "forecast": 2000}
    )
    return ExceptionReport.objects.create(
        project=hcrc(),
        tolerance=tolerance,
        status=ReportStatus.PUBLISHED,
        title="Exception: cost tolerance forecast to be exceeded",
        cause="The fee uplift.",
    )


# ---------------------------------------------------------------------------------------------------- the kinds


@dataclass(frozen=True)
class Kind:
    """One kind of final row: how to build a locked one, a protected field, the page that would change it (persona,
    URL, data) with the message it shows, and where the admin shows it (its own admin, or the admin of the row it
    belongs to, as an inline)."""

    name: str
    build: Callable
    field: str
    page: Callable
    message: str
    admin_of: str = ""  # the parent field whose admin shows this row inline; "" for its own admin

    def __str__(self):
        return self.name


def _minutes():
    return meeting_records()["minutes"]


def _note():
    records = meeting_records()
    return ItemNote.objects.get(minutes=records["minutes"], item=records["item"])


def _agenda():
    return meeting_records()["agenda"]


def _item():
    return meeting_records()["item"]


def _decision():
    return meeting_records()["decision"]


def _appendix():
    return published_report().appendices.get()


KINDS = [
    Kind(
        "minutes",
        _minutes,
        "correction_reason",
        lambda m: ("admin_staff", reverse("governance:minutes", args=[m.meeting_id]), {"action": "send"}),
        "Only draft minutes can be sent to the Chair.",
    ),
    Kind(
        "item-note",
        _note,
        "discussion",
        lambda n: (
            "admin_staff",
            reverse("governance:minutes", args=[n.minutes.meeting_id]),
            {"action": "note", "item": n.item_id, "discussion": "Changed"},
        ),
        "Approved minutes cannot be changed. Start a correction, with a reason.",
        admin_of="minutes",
    ),
    Kind(
        "agenda",
        _agenda,
        "late_reason",
        lambda a: (
            "admin_staff",
            reverse("governance:agenda_action", args=[a.pk, "issue"]),
            {"late_reason": "Changed"},
        ),
        "An agenda that is issued cannot be issued.",
    ),
    Kind(
        "agenda-item",
        _item,
        "title",
        lambda i: (
            "admin_staff",
            reverse("governance:item_edit", args=[i.pk]),
            {"inline": "1", "title": "Changed", "purpose": "discussion", "edit_token": history.edit_token(i)},
        ),
        "The agenda can only be changed while it is a draft.",
        admin_of="agenda",
    ),
    Kind(
        "decision",
        _decision,
        "text",
        lambda d: (
            "admin_staff",
            reverse("governance:item_record", args=[d.item_id]),
            {"kind": "decision", "text": "Changed"},
        ),
        meeting_actions.MINUTES_APPROVED,
    ),
    Kind(
        "decision-report",
        published_report,
        "subject",
        lambda r: ("admin_staff", reverse("governance:decision_report_edit", args=[r.pk]), {"subject": "Changed"}),
        report_actions.PUBLISHED,
    ),
    Kind(
        "decision-report-appendix",
        _appendix,
        "title",
        lambda a: ("admin_staff", reverse("governance:decision_report_appendix_remove", args=[a.pk]), {}),
        report_actions.PUBLISHED,
    ),
    Kind(
        "highlight-report",
        published_highlight,
        "summary",
        lambda r: ("project_leader", reverse("projects:report_edit", args=[r.pk]), {"summary": "Changed"}),
        project_reports.PUBLISHED,
    ),
    Kind(
        "exception-report",
        published_exception,
        "title",
        lambda r: ("project_leader", reverse("projects:exception_edit", args=[r.pk]), {"title": "Changed"}),
        project_reports.PUBLISHED,
    ),
]
# Test ids count the kinds: "3of9-agenda".
IDS = [f"{n}of{len(KINDS)}-{kind.name}" for n, kind in enumerate(KINDS, start=1)]


def stored(obj):
    """The stored row and the number of its history entries: what a refused write must leave as it was."""
    model = type(obj)
    return model.objects.filter(pk=obj.pk).values().get(), obj.history.count()


# ------------------------------------------------------------------------------------------------------ the rules


def test_the_rules_cover_the_nine_kinds_of_final_row():
    assert {rule.model for rule in integrity.rules()} == {
        "governance.Minutes",
        "governance.ItemNote",
        "governance.Agenda",
        "governance.AgendaItem",
        "governance.Decision",
        "governance.DecisionReport",
        "governance.DecisionReportAppendix",
        "projects.HighlightReport",
        "projects.ExceptionReport",
    }
    assert len(KINDS) == len(integrity.rules())


@pytest.mark.parametrize("rule", integrity.rules(), ids=lambda rule: rule.model)
def test_each_rule_names_real_statuses_and_fields_and_its_model_is_guarded(rule):
    model = apps.get_model(rule.model)
    assert issubclass(model, integrity.Guarded)
    assert isinstance(model._default_manager.all(), integrity.GuardedQuerySet)
    for name in rule.free_fields:
        model._meta.get_field(name)
    if rule.parent:
        parent = model._meta.get_field(rule.parent).related_model
        assert integrity.rule_for(parent) is not None and not integrity.rule_for(parent).parent
    elif not rule.always:
        choices = {value for value, _label in model._meta.get_field(rule.status_field).choices}
        assert set(rule.locked_statuses) <= choices
        for step in rule.steps:
            assert {step.from_status, step.to_status} <= choices
            for name in step.fields:
                model._meta.get_field(name)


def test_every_guarded_model_has_a_rule():
    guarded = {model._meta.label for model in apps.get_models() if issubclass(model, integrity.Guarded)}
    assert guarded == {rule.model for rule in integrity.rules()}


# ------------------------------------------------------------------------------------------------------- (a) pages


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_locked_row_refuses_its_page_with_a_message(kind):
    obj = kind.build()
    before = stored(obj)
    persona, url, data = kind.page(obj)
    decisions_before = Decision.objects.count()
    response = client_for(persona).post(url, data, follow=True)
    assert response.status_code == 200
    assert kind.message in html.unescape(response.content.decode())
    assert stored(obj) == before
    assert Decision.objects.count() == decisions_before


# ------------------------------------------------------------------------------------------------------- (b) admin


@pytest.fixture
def superuser_client(db):
    """A superuser holds every permission, so only the integrity guard can refuse."""
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("integrity-admin", "admin@example.org", "x" * 20))
    return client


def admin_url(obj, view, *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args or [obj.pk])


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_the_admin_shows_a_locked_row_read_only_and_refuses_a_change(kind, superuser_client):
    obj = kind.build()
    before = stored(obj)
    shown = getattr(obj, kind.admin_of) if kind.admin_of else obj
    page = superuser_client.get(admin_url(shown, "change"))
    assert page.status_code == 200
    if kind.admin_of:
        (inline,) = [f for f in page.context["inline_admin_formsets"] if f.opts.model is type(obj)]
        assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (
            False,
            False,
            False,
        )
    else:
        assert page.context["has_change_permission"] is False
        assert page.context["has_delete_permission"] is False
        assert 'name="_save"' not in page.content.decode()
    response = superuser_client.post(admin_url(shown, "change"), {kind.field: "Changed"})
    assert response.status_code == 403
    assert stored(obj) == before


@pytest.mark.parametrize(
    "kind", [k for k in KINDS if not k.admin_of], ids=[i for i, k in zip(IDS, KINDS) if not k.admin_of]
)
def test_the_admin_refuses_to_delete_bulk_delete_or_revert_a_locked_row(kind, superuser_client):
    obj = kind.build()
    before = stored(obj)
    assert superuser_client.get(admin_url(obj, "delete")).status_code == 403
    assert superuser_client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    bulk = superuser_client.post(
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    # Refused: forbidden, or (when a decision also protects the agenda's item) the "Cannot delete" page.
    assert bulk.status_code == 403 or "Cannot delete" in bulk.content.decode()
    version = obj.history.last().history_id  # the first version: a revert would bring back its values
    revert = superuser_client.post(admin_url(obj, "simple_history", obj.pk, version), {kind.field: "Changed"})
    assert revert.status_code == 403
    assert stored(obj) == before


def test_the_admin_still_changes_a_draft(superuser_client):
    report = _report(DecisionReportStatus.DRAFT, "Integrity: a draft report")
    page = superuser_client.get(admin_url(report, "change"))
    assert page.context["has_change_permission"] is True and page.context["has_delete_permission"] is True
    assert superuser_client.post(admin_url(report, "delete"), {"post": "yes"}).status_code == 302
    assert not DecisionReport.objects.filter(pk=report.pk).exists()


# ------------------------------------------------------------------------------------------------------- (c) model


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_save_refuses_a_change_to_a_locked_row(kind):
    obj = kind.build()
    before = stored(obj)
    setattr(obj, kind.field, "Changed")
    with pytest.raises(RecordIsFinal, match="never") as refused:
        obj.save()
    assert kind.field in refused.value.fields
    assert stored(type(obj).objects.get(pk=obj.pk)) == before


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_queryset_update_refuses_a_change_to_a_locked_row(kind):
    obj = kind.build()
    before = stored(obj)
    with pytest.raises(RecordIsFinal, match="never"):
        type(obj).objects.filter(pk=obj.pk).update(**{kind.field: "Changed"})
    assert stored(obj) == before


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_delete_and_queryset_delete_refuse_a_locked_row(kind):
    obj = kind.build()
    before = stored(obj)
    with pytest.raises(RecordIsFinal):
        obj.delete()
    with pytest.raises(RecordIsFinal):
        type(obj).objects.filter(pk=obj.pk).delete()
    assert stored(obj) == before


def test_saving_a_locked_row_unchanged_writes_nothing_and_is_allowed():
    """The seed loader saves only what differs, but a save with nothing changed is no change either."""
    minutes = meeting_records()["minutes"]
    minutes.save()
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.APPROVED


def test_a_delete_that_cascades_from_the_meeting_is_refused():
    records = meeting_records()
    with integrity.allow_purge():  # the decision protects its item (on_delete=PROTECT): out of the way first
        records["decision"].delete()
    with pytest.raises(RecordIsFinal), transaction.atomic():
        Meeting.objects.filter(pk=records["meeting"].pk).delete()
    assert Minutes.objects.filter(pk=records["minutes"].pk).exists()
    assert Agenda.objects.filter(pk=records["agenda"].pk).exists()


def test_no_appendix_is_added_to_a_published_report_nor_is_a_row_moved_under_one():
    report = published_report()
    with pytest.raises(RecordIsFinal):
        DecisionReportAppendix.objects.create(report=report, number=2, title="Late appendix")
    with pytest.raises(RecordIsFinal):
        DecisionReportAppendix.objects.bulk_create([DecisionReportAppendix(report=report, number=2, title="Late")])
    draft = _report(DecisionReportStatus.DRAFT, "Integrity: a draft report")
    appendix = DecisionReportAppendix.objects.create(report=draft, number=1, title="Draft appendix")
    with pytest.raises(RecordIsFinal):
        DecisionReportAppendix.objects.filter(pk=appendix.pk).update(report=report)
    assert report.appendices.count() == 1


def test_a_non_workflow_status_change_is_refused():
    minutes = meeting_records()["minutes"]
    minutes.status = MinutesStatus.DRAFT
    with pytest.raises(RecordIsFinal):
        minutes.save()
    with pytest.raises(RecordIsFinal):
        Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.DRAFT)
    circulated = Minutes.objects.filter(status=MinutesStatus.CIRCULATED).first()  # the seed's
    with pytest.raises(RecordIsFinal):
        Minutes.objects.filter(pk=circulated.pk).update(status=MinutesStatus.APPROVED)


# ------------------------------------------------------------------------------------------------ what still runs


def test_approved_minutes_are_circulated_by_the_workflow():
    minutes = meeting_records()["minutes"]
    meeting_actions.circulate_minutes(minutes, secretariat())
    minutes = Minutes.objects.get(pk=minutes.pk)
    assert minutes.status == MinutesStatus.CIRCULATED and minutes.circulated_at is not None


def test_a_correction_of_minutes_is_a_new_version_with_its_reason_and_author():
    records = meeting_records()
    old, by = records["minutes"], secretariat()
    before = stored(old)
    new = meeting_actions.correct_minutes(old, "Eight members attended, not seven.", by)
    meeting_actions.save_note(new, records["item"], "Eight members discussed the outcomes framework.", by)
    assert stored(old) == before
    assert (new.version, new.corrects_id, new.status) == (2, old.pk, MinutesStatus.DRAFT)
    assert new.correction_reason == "Eight members attended, not seven."
    created = new.history.earliest()
    assert created.history_user == by and "Eight members attended, not seven." in created.history_change_reason
    item = records["item"]
    assert ItemNote.objects.get(minutes=old, item=item).discussion == "Members discussed the outcomes framework."
    assert ItemNote.objects.get(minutes=new, item=item).discussion == "Eight members discussed the outcomes framework."
    assert old.history.earliest().history_user == by  # the first version's own history is still there


def test_a_correction_of_a_decision_report_is_a_new_version_with_its_reason_and_author():
    old, by = published_report(), secretariat()
    before = stored(old)
    new = report_actions.start_correction(old, by, "The ward list was wrong.")
    assert stored(old) == before
    assert (new.version, new.corrects_id, new.status) == (2, old.pk, DecisionReportStatus.DRAFT)
    assert (new.correction_reason, new.correction_by) == ("The ward list was wrong.", by)
    assert [a.title for a in new.appendices.all()] == ["Market analysis"]
    created = new.history.earliest()
    assert created.history_user == by and "The ward list was wrong." in created.history_change_reason
    new.subject = "Integrity: the corrected report"
    report_actions.save_report(new, by)  # the new version is a draft, edited as any draft
    assert DecisionReport.objects.get(pk=new.pk).subject == "Integrity: the corrected report"


def test_a_highlight_report_is_published_then_read_and_discussed():
    leader = user("project.leader")
    report = HighlightReport.objects.create(
        project=hcrc(), period_start=dt.date(2019, 2, 1), period_end=dt.date(2019, 2, 28), summary="Draft."
    )
    project_reports.publish_report(report, leader)
    report = HighlightReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.PUBLISHED and report.published_by == leader
    project_reports.mark_read(report, leader.person)
    project_reports.add_comment(report, leader.person, "Is the fee uplift agreed?", is_question=True)
    assert ReportRead.objects.filter(report=report).count() == 1 and report.comments.count() == 1
    report.summary = "Changed"
    with pytest.raises(RecordIsFinal):
        report.save()


def test_an_agenda_is_issued_and_its_items_are_then_final():
    meeting = make_meeting(Body.objects.get(slug="strategic-group"), 40)
    agenda, (item,) = agenda_for(meeting, {"title": "Market position statement"}, status=AgendaStatus.APPROVED)
    meeting_actions.issue_agenda(agenda, secretariat())
    assert Agenda.objects.get(pk=agenda.pk).status == AgendaStatus.ISSUED
    with pytest.raises(RecordIsFinal):
        AgendaItem.objects.filter(pk=item.pk).update(title="Changed")


def test_removing_a_draft_item_clears_a_published_reports_link_to_it():
    """The agenda item a report is a paper for is a free field: it is cleared when that item goes."""
    board = Body.objects.get(slug="project-board")
    agenda = meeting_actions.ensure_agenda(make_meeting(board, 50), secretariat())
    item = meeting_actions.add_item(agenda, secretariat(), title="Highlight report (late)")
    report = published_highlight(agenda_item=item)
    meeting_actions.remove_item(item, secretariat())
    report = HighlightReport.objects.get(pk=report.pk)
    assert report.agenda_item is None and report.summary == "The plan is on track."


def test_an_item_in_approved_minutes_is_not_removed_from_a_later_draft():
    records = meeting_records()
    supplementary, (late,) = agenda_for(
        records["meeting"], {"title": "Late item"}, supplement=1, status=AgendaStatus.DRAFT
    )
    ItemNote.objects.create(minutes=records["minutes"], item=late, discussion="Taken as urgent business.")
    with pytest.raises(meeting_actions.GovernanceError, match="approved minutes"):
        meeting_actions.remove_item(late, secretariat())
    assert AgendaItem.objects.filter(pk=late.pk).exists()


@pytest.mark.parametrize("step", ["defer", "refer"])
def test_no_matter_is_deferred_or_referred_once_the_minutes_are_approved(step):
    item = meeting_records()["item"]
    function = {"defer": meeting_actions.defer_item, "refer": meeting_actions.refer_item}[step]
    with pytest.raises(meeting_actions.GovernanceError, match="minutes are approved"):
        function(item, "Changed", secretariat())
    assert item.decisions.count() == 1


def test_the_purge_switch_holds_for_its_block_only():
    minutes = meeting_records()["minutes"]
    with integrity.allow_purge():
        assert integrity.purge_allowed()
        Minutes.objects.filter(pk=minutes.pk).update(correction_reason="Rewritten in a purge")
    assert not integrity.purge_allowed()
    with pytest.raises(RecordIsFinal):
        Minutes.objects.filter(pk=minutes.pk).update(correction_reason="Again")
    with pytest.raises(ValueError), integrity.allow_purge():
        raise ValueError("an error inside the block")
    assert not integrity.purge_allowed()
