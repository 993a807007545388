"""Requesting and running pack builds. A request records a PackBuild and queues a task (governance/tasks.py); a
worker (`manage.py db_worker`) runs it: assemble (governance/packs.py), fingerprint, and either reuse the stored
file of an earlier build with the same fingerprint or lay out a new PDF (governance/pdf.py). The web request only
ever queues; the build itself never runs inside it."""

import logging
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from governance import packs, pdf
from governance.models import PackBuild, PackKind, PackStatus, PackVariant

log = logging.getLogger(__name__)


def request_agenda_pack(meeting, variant, by):
    if variant not in PackVariant.values:
        raise ValueError(f"Unknown pack variant {variant!r}")
    build = PackBuild.objects.create(kind=PackKind.AGENDA, variant=variant, meeting=meeting, requested_by=by)
    _enqueue(build)
    return build


def request_approval_pack(report, by):
    build = PackBuild.objects.create(
        kind=PackKind.APPROVAL, variant=PackVariant.PRIVATE, report=report, requested_by=by
    )
    _enqueue(build)
    return build


def latest_approval(report):
    return PackBuild.objects.filter(kind=PackKind.APPROVAL, report=report).order_by("-requested_at", "-pk").first()


def _enqueue(build):
    from governance.tasks import build_pack

    def send():
        result = build_pack.enqueue(build.pk)
        PackBuild.objects.filter(pk=build.pk).update(task_id=str(result.id))

    transaction.on_commit(send)


def latest(meeting, variant, kind=PackKind.AGENDA):
    return (
        PackBuild.objects.filter(kind=kind, meeting=meeting, variant=variant).order_by("-requested_at", "-pk").first()
    )


def latest_ready(meeting, variant, kind=PackKind.AGENDA):
    return (
        PackBuild.objects.filter(kind=kind, meeting=meeting, variant=variant, status=PackStatus.READY)
        .order_by("-finished_at", "-pk")
        .first()
    )


def _progress_for(build):
    def progress(percent, stage):
        PackBuild.objects.filter(pk=build.pk).update(progress=min(max(percent, 0), 99), stage=stage[:200])

    return progress


def assemble(build, progress=packs._no_progress):
    if build.kind == PackKind.AGENDA:
        return packs.agenda_pack(build.meeting, build.variant, progress)
    return _assemble_approval(build, progress)


def _assemble_approval(build, progress):
    from governance.report_papers import approval_papers

    report = build.report
    return packs.approval_pack(report, approval_papers(report), progress)


def _reusable(build, fingerprint):
    earlier = (
        PackBuild.objects.filter(
            kind=build.kind, variant=build.variant, meeting=build.meeting, fingerprint=fingerprint, status="ready"
        )
        .exclude(pk=build.pk)
        .exclude(file="")
        .order_by("-finished_at")
    )
    if build.kind == PackKind.APPROVAL:
        earlier = earlier.filter(report=build.report)
    for candidate in earlier[:5]:
        if candidate.file.storage.exists(candidate.file.name):
            return candidate
    return None


def run(build_id):
    """Build one requested pack (called by the worker). Never raises: a failure is recorded on the build."""
    build = PackBuild.objects.select_related("meeting__body", "report").get(pk=build_id)
    if build.is_done:
        return build.status
    started = time.monotonic()
    PackBuild.objects.filter(pk=build.pk).update(status=PackStatus.BUILDING, started_at=timezone.now(), progress=1)
    progress = _progress_for(build)
    try:
        pack = assemble(build, progress)
        html = pack.html()
        fingerprint = pack.fingerprint(html)
        earlier = _reusable(build, fingerprint)
        if earlier is not None:
            build.file.name = earlier.file.name
            build.pages, build.size, build.reused = earlier.pages, earlier.size, True
            stage = "Nothing has changed since the last build: the stored pack is reused"
        else:
            rendered = pdf.render(pack, html, progress)
            progress(97, "Saving")
            build.file.save(f"{_file_stem(build)}.pdf", ContentFile(rendered.data), save=False)
            build.pages, build.size = rendered.pages, len(rendered.data)
            stage = f"Built in {time.monotonic() - started:.1f} s"
        build.fingerprint = fingerprint
        build.status, build.progress, build.stage, build.finished_at = PackStatus.READY, 100, stage, timezone.now()
        build.save(
            update_fields=[
                "file",
                "pages",
                "size",
                "reused",
                "fingerprint",
                "status",
                "progress",
                "stage",
                "finished_at",
            ]
        )
    except Exception as error:  # the worker must record the failure, whatever it was
        log.exception("Pack build %s failed", build.pk)
        PackBuild.objects.filter(pk=build.pk).update(
            status=PackStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        return PackStatus.FAILED
    return PackStatus.READY


def _file_stem(build):
    if build.kind == PackKind.AGENDA:
        meeting = build.meeting
        return f"{meeting.body.slug}-{meeting.date:%Y-%m-%d}-{build.variant}-pack"
    return f"decision-report-{build.report_id}-approval-pack"


def build_file(pack):
    """Lay out a pack straight away (the build_pack command): the PDF bytes and page count."""
    return pdf.render(pack)


def public_pack_for(meeting):
    """The pack the public site offers: the latest ready public build made after the agenda was issued."""
    agenda = meeting.agendas.filter(supplement=0, status="issued").first()
    if agenda is None:
        return None
    builds = PackBuild.objects.filter(
        kind=PackKind.AGENDA, meeting=meeting, variant=PackVariant.PUBLIC, status=PackStatus.READY
    )
    if agenda.issued_at:
        builds = builds.filter(finished_at__gte=agenda.issued_at)
    for build in builds.exclude(file="").order_by("-finished_at", "-pk")[:3]:
        if build.file.storage.exists(build.file.name):
            return build
    return None
