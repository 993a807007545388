"""Building packs in the background: the page queues a task and never builds; a worker builds; the page shows the
progress and then the download; unchanged inputs reuse the stored pack; the command line builds a file."""

import signal

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from governance.models import PackBuild
from tests.conftest import client_for
from tests.packs.helpers import MARKER, ReadPdf, board_meeting_with_papers

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return board_meeting_with_papers()


def run_worker():
    """Run the real worker command until the queue is empty. Between jobs it closes database connections that are
    not in autocommit mode; inside a test's transaction that would close the test's own connection (PostgreSQL), so
    that one housekeeping call is skipped here; everything else the worker does runs as in production."""
    from unittest import mock

    # The worker installs its own signal handlers; the test process keeps its own afterwards.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command(
                "db_worker", "--batch", "--queue-name", "packs", "--no-startup-delay", "--no-reload", verbosity=0
            )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def request_build(client, meeting, variant, capture):
    with capture(execute=True):
        response = client.post(reverse("governance:pack_build", args=[meeting.pk]), {"variant": variant})
    assert response.status_code == 302
    return PackBuild.objects.latest("requested_at", "pk")


def test_the_page_only_queues_and_a_worker_builds(records, django_capture_on_commit_callbacks):
    admin = client_for("admin_staff")
    build = request_build(admin, records["meeting"], "private", django_capture_on_commit_callbacks)
    assert build.status == "queued" and not build.file
    task = DBTaskResult.objects.get(pk=build.task_id)
    assert task.queue_name == "packs" and task.status == "READY"
    page = admin.get(reverse("governance:pack_detail", args=[build.pk]))
    assert b"<progress" in page.content and b'hx-trigger="every 1s"' in page.content
    run_worker()
    build.refresh_from_db()
    assert build.status == "ready" and build.progress == 100 and build.pages >= 7
    page = admin.get(reverse("governance:pack_detail", args=[build.pk]), headers={"HX-Request": "true"})
    assert b"hx-trigger" not in page.content and b"Download the pack" in page.content
    download = admin.get(reverse("governance:pack_download", args=[build.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    pdf = ReadPdf(b"".join(download.streaming_content))
    assert pdf.pages == build.pages and MARKER in pdf.text


def test_unchanged_inputs_reuse_the_stored_pack_and_a_change_builds_again(records, django_capture_on_commit_callbacks):
    admin = client_for("admin_staff")
    first = request_build(admin, records["meeting"], "public", django_capture_on_commit_callbacks)
    run_worker()
    second = request_build(admin, records["meeting"], "public", django_capture_on_commit_callbacks)
    run_worker()
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == "ready" and second.reused
    assert second.file.name == first.file.name and second.fingerprint == first.fingerprint
    item = records["with_paper"]
    item.title = "Home care tender timetable (revised)"
    item.save()
    third = request_build(admin, records["meeting"], "public", django_capture_on_commit_callbacks)
    run_worker()
    third.refresh_from_db()
    assert third.status == "ready" and not third.reused
    assert third.fingerprint != first.fingerprint and third.file.name != first.file.name
    assert "(revised)" in ReadPdf(third.file.read()).text


def test_public_and_private_packs_differ_only_by_what_is_withheld(records, django_capture_on_commit_callbacks):
    admin = client_for("admin_staff")
    private = request_build(admin, records["meeting"], "private", django_capture_on_commit_callbacks)
    public = request_build(admin, records["meeting"], "public", django_capture_on_commit_callbacks)
    run_worker()
    private.refresh_from_db()
    public.refresh_from_db()
    assert private.fingerprint != public.fingerprint
    assert MARKER in ReadPdf(private.file.read()).text
    assert MARKER not in ReadPdf(public.file.read()).text


def test_a_failed_build_is_recorded_with_its_reason(records, django_capture_on_commit_callbacks):
    admin = client_for("admin_staff")
    item = records["with_paper"]
    item.paper.save("broken.pdf", ContentFile(b"not a pdf"))
    build = request_build(admin, records["meeting"], "private", django_capture_on_commit_callbacks)
    run_worker()
    build.refresh_from_db()
    assert (
        build.status == "failed"
        and "is not a readable PDF" in build.error
        and f"Item {item.number} paper" in build.error
    )
    page = admin.get(reverse("governance:pack_detail", args=[build.pk]))
    assert b"could not be built" in page.content


def test_only_admin_staff_start_a_build(records):
    for persona in ("councillor", "chair", "project_leader"):
        response = client_for(persona).post(
            reverse("governance:pack_build", args=[records["meeting"].pk]), {"variant": "private"}
        )
        assert response.status_code in {403, 404}
    assert not PackBuild.objects.exists()


def test_a_bad_variant_is_refused_with_a_message(records):
    admin = client_for("admin_staff")
    response = admin.post(
        reverse("governance:pack_build", args=[records["meeting"].pk]), {"variant": "secret"}, follow=True
    )
    assert b"Choose the public or the private pack" in response.content
    assert not PackBuild.objects.exists()


def test_build_pack_command_writes_the_pdf(records, tmp_path, capsys):
    out = tmp_path / "pack.pdf"
    call_command("build_pack", str(records["meeting"].pk), "--public", "-o", str(out))
    pdf = ReadPdf(out.read_bytes())
    assert pdf.pages >= 7 and MARKER not in pdf.text
    assert "pages" in capsys.readouterr().out
    call_command("build_pack", str(records["meeting"].pk), "--private", "-o", str(out))
    assert MARKER in ReadPdf(out.read_bytes()).text
    with pytest.raises(CommandError, match="no meeting"):
        call_command("build_pack", "999999", "--public", "-o", str(out))
    with pytest.raises(CommandError):
        call_command("build_pack", str(records["meeting"].pk), "-o", str(out))


def test_the_public_site_offers_the_public_pack_once_the_agenda_is_issued(records, django_capture_on_commit_callbacks):
    from django.test import Client

    from governance import meeting_actions
    from governance.models import Body

    meeting = records["meeting"]
    Body.objects.filter(pk=meeting.body_id).update(publishes_papers=True)
    admin = client_for("admin_staff")
    url = reverse("public:meeting_pack", args=[meeting.pk])
    request_build(admin, meeting, "private", django_capture_on_commit_callbacks)
    run_worker()
    assert Client().get(url).status_code == 404, "not before the agenda is issued, and never the private pack"
    records["agenda"].status = "issued"
    records["agenda"].issued_at = meeting_actions.timezone.now()
    records["agenda"].save()
    assert Client().get(url).status_code == 404, "a private build is never offered publicly"
    request_build(admin, meeting, "public", django_capture_on_commit_callbacks)
    run_worker()
    response = Client().get(url)
    assert response.status_code == 200
    pdf = ReadPdf(b"".join(response.streaming_content))
    assert MARKER not in pdf.text and "Not for publication by virtue of paragraph 3" in pdf.text.replace("\n", " ")
    page = Client().get(reverse("public:meeting", args=[meeting.pk]))
    assert url.encode() in page.content and MARKER.encode() not in page.content
