"""The database's own guard on final records (governance/integrity.py, installed by the `*_immutable_records`
migrations): on PostgreSQL a raw UPDATE of a protected column or a raw DELETE of a locked row is refused even when it
never passes through Django's models, while the workflow's steps, free fields and the purge switch still work.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from governance import integrity
from governance.models import DecisionReportAppendix, Minutes, MinutesStatus
from projects.models import HighlightReport
from tests.security.test_integrity import IDS, KINDS, meeting_records, published_highlight, published_report

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the triggers are PostgreSQL's; SQLite has the application guards"
    ),
]


def raw(sql, params=()):
    """Run SQL straight on the connection, in a savepoint so that a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def column(obj, name):
    return obj._meta.get_field(name).column


def stored(obj):
    return type(obj).objects.filter(pk=obj.pk).values().get()


def test_every_rule_has_its_trigger():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s", ["homecare_final_%"])
        tables = {row[0] for row in cursor.fetchall()}
    from django.apps import apps

    assert tables == {apps.get_model(rule.model)._meta.db_table for rule in integrity.rules()}


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_raw_update_of_a_locked_row_is_refused(kind):
    obj = kind.build()
    before = stored(obj)
    with pytest.raises(IntegrityError, match="never"):
        raw(f'UPDATE "{obj._meta.db_table}" SET "{column(obj, kind.field)}" = %s WHERE id = %s', ["Changed", obj.pk])
    assert stored(obj) == before


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_a_raw_delete_of_a_locked_row_is_refused(kind):
    obj = kind.build()
    with pytest.raises(IntegrityError, match="never"):
        raw(f'DELETE FROM "{obj._meta.db_table}" WHERE id = %s', [obj.pk])
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_raw_update_that_changes_nothing_is_let_through():
    minutes = meeting_records()["minutes"]
    assert raw("UPDATE governance_minutes SET status = status WHERE id = %s", [minutes.pk]) == 1


def test_the_circulation_step_is_let_through_and_no_other_status_change():
    minutes = meeting_records()["minutes"]
    with pytest.raises(IntegrityError):
        raw("UPDATE governance_minutes SET status = 'draft' WHERE id = %s", [minutes.pk])
    with pytest.raises(IntegrityError):  # the step sets the status and the circulation time, nothing else
        raw(
            "UPDATE governance_minutes SET status = 'circulated', circulated_at = now(), correction_reason = 'x' "
            "WHERE id = %s",
            [minutes.pk],
        )
    raw("UPDATE governance_minutes SET status = 'circulated', circulated_at = now() WHERE id = %s", [minutes.pk])
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.CIRCULATED
    with pytest.raises(IntegrityError):
        raw("UPDATE governance_minutes SET status = 'approved' WHERE id = %s", [minutes.pk])


def test_a_free_field_changes_on_a_locked_row():
    report = published_highlight()
    raw("UPDATE projects_highlightreport SET agenda_item_id = NULL WHERE id = %s", [report.pk])
    with pytest.raises(IntegrityError):
        raw("UPDATE projects_highlightreport SET agenda_item_id = NULL, summary = 'x' WHERE id = %s", [report.pk])
    assert HighlightReport.objects.get(pk=report.pk).summary == "The plan is on track."


def test_no_appendix_is_inserted_under_a_published_report():
    report = published_report()
    with pytest.raises(IntegrityError, match="appendix of a published decision report"):
        raw(
            "INSERT INTO governance_decisionreportappendix (report_id, number, title, file, public_interest_reason) "
            "VALUES (%s, 2, 'Late', '', '')",
            [report.pk],
        )
    assert DecisionReportAppendix.objects.filter(report=report).count() == 1


def test_the_purge_switch_lets_its_block_through_and_no_more():
    records = meeting_records()
    with integrity.allow_purge():
        raw("UPDATE governance_minutes SET correction_reason = 'purged' WHERE id = %s", [records["minutes"].pk])
        raw("DELETE FROM governance_decision WHERE id = %s", [records["decision"].pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('homecare.allow_purge', true)")
        assert cursor.fetchone()[0] == "off"
    with pytest.raises(IntegrityError):
        raw("UPDATE governance_minutes SET correction_reason = 'again' WHERE id = %s", [records["minutes"].pk])
    assert Minutes.objects.get(pk=records["minutes"].pk).correction_reason == "purged"


def test_a_purge_that_fails_leaves_the_switch_off():
    minutes = meeting_records()["minutes"]
    with pytest.raises(ValueError), integrity.allow_purge():
        raise ValueError("an error inside the block")
    with pytest.raises(IntegrityError):
        raw("UPDATE governance_minutes SET correction_reason = 'x' WHERE id = %s", [minutes.pk])
