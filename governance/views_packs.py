"""Document pack pages: a meeting's packs (build, follow the progress, download) and the screen page of each paper
governance contributes (the same fragment the pack prints).

Who may do what: anyone who may see the meeting (its members and staff) sees its packs and downloads them, private
included, as they see its exempt items on the meeting pages; only admin staff start a build. The public pack of a
published meeting is also on the public site (governance/views_public.py).
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from governance import meeting_papers, pack_builds, permissions
from governance.models import AgendaItem, PackBuild, PackKind, PackVariant


def _item_for_user(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("agenda__meeting__body"), pk=pk)
    permissions.get_meeting_for_user(request, item.agenda.meeting.pk)
    return item


@require_safe
@login_required
def meeting_paper(request, pk, kind):
    """A paper governance contributes (minutes of the last meeting, action log), as the pack prints it."""
    item = _item_for_user(request, pk)
    if kind not in meeting_papers.RENDERERS:
        raise Http404("No such paper.")
    return render(
        request,
        "governance/papers/page.html",
        {
            "meeting": item.agenda.meeting,
            "item": item,
            "title": meeting_papers.KINDS[kind],
            "html": meeting_papers.RENDERERS[kind](item.pk),
        },
    )


@require_safe
@login_required
def meeting_packs(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    rows = []
    for variant in (PackVariant.PUBLIC, PackVariant.PRIVATE):
        rows.append(
            {
                "variant": variant,
                "label": PackVariant(variant).label,
                "latest": pack_builds.latest(meeting, variant),
                "ready": pack_builds.latest_ready(meeting, variant),
            }
        )
    return render(
        request,
        "governance/packs/meeting_packs.html",
        {"meeting": meeting, "rows": rows, "can_build": permissions.can_manage_meetings(request.user)},
    )


@require_POST
@login_required
def pack_build(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk, write=True)
    variant = request.POST.get("variant", "")
    if variant not in PackVariant.values:
        from django.contrib import messages

        messages.error(request, "Choose the public or the private pack.")
        return redirect("governance:meeting_packs", pk=meeting.pk)
    build = pack_builds.request_agenda_pack(meeting, variant, request.user)
    return redirect("governance:pack_detail", pk=build.pk)


@require_POST
@login_required
def approval_pack_build(request, pk):
    """Staff and the people named on a report build its approval pack; anyone else is not told the report exists."""
    from governance.models import DecisionReport
    from governance.report_papers import can_view_approval_pack

    report = get_object_or_404(DecisionReport, pk=pk)
    if not can_view_approval_pack(request.user, report):
        raise Http404("No such report.")
    build = pack_builds.request_approval_pack(report, request.user)
    return redirect("governance:pack_detail", pk=build.pk)


def _build_for_user(request, pk):
    build = get_object_or_404(PackBuild.objects.select_related("meeting__body", "report"), pk=pk)
    if build.kind == PackKind.AGENDA:
        permissions.get_meeting_for_user(request, build.meeting_id)
    else:
        from governance.report_papers import can_view_approval_pack

        if not can_view_approval_pack(request.user, build.report):
            raise Http404("No such pack.")
    return build


@require_safe
@login_required
def pack_detail(request, pk):
    """The build's progress (polled by htmx every second until it is done) and, when ready, the download."""
    build = _build_for_user(request, pk)
    template = "governance/packs/partials/progress.html" if request.htmx else "governance/packs/pack_detail.html"
    return render(request, template, {"build": build, "meeting": build.meeting})


@require_safe
@login_required
def pack_download(request, pk):
    build = _build_for_user(request, pk)
    if build.status != "ready" or not build.file:
        raise Http404("This pack is not ready.")
    if not build.file.storage.exists(build.file.name):
        raise Http404("The file of this pack is no longer stored; build it again.")
    return _pdf_response(build)


def _pdf_response(build):
    name = build.file.name.rsplit("/", 1)[-1]
    return FileResponse(build.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


@require_safe
def public_pack(request, pk):
    """The public pack of a published meeting (a body that publishes its papers, an issued agenda), for anyone: the
    latest ready public build made after the agenda was issued. Exempt papers are not in it (governance/packs.py)."""
    meeting = get_object_or_404(permissions.public_meetings(), pk=pk)
    build = pack_builds.public_pack_for(meeting)
    if build is None:
        raise Http404("There is no public pack for this meeting yet.")
    return _pdf_response(build)
