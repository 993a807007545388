"""The registers over time and before the Project Board: the registers as at a date, changes since the last board,
exports, the board's "Risks and issues" paper, escalation by exception and where a risk was considered.

Views are thin: they fetch what the user may see (projects.permissions, risks.permissions, governance.permissions),
and leave the work to risks.asat, risks.exports and risks.escalation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from governance import permissions as governance_permissions
from governance.actions import GovernanceError
from governance.models import AgendaItem
from projects.permissions import can_edit_project, get_project_for_user
from risks import asat, escalation, exports
from risks.models import Risk
from risks.papers import risks_paper_context
from risks.permissions import get_register_entry_for_user

# ----------------------------------------------------------------------------------------------- the registers in time


@require_safe
@login_required
def risks_as_at(request, slug):
    project = get_project_for_user(request, slug)
    day, error = asat.parse_day(request.GET.get("on"))
    context = {"project": project, "on": request.GET.get("on", ""), "error": error, "day": day}
    if day is not None:
        risks, issues = asat.register_as_at(project, day)
        starts = asat.history_starts(project)
        context.update(
            risks=risks,
            issues=issues,
            history_starts=starts,
            before_history=starts is None or timezone.localtime(starts).date() > day,
        )
    return render(request, "risks/board/as_at.html", context)


@require_safe
@login_required
def changes_since_board(request, slug):
    project = get_project_for_user(request, slug)
    meeting = asat.last_board_meeting(project)
    changes = asat.changes_between(project, meeting.starts_at) if meeting else None
    return render(
        request,
        "risks/board/changes.html",
        {"project": project, "board": project.board(), "meeting": meeting, "changes": changes},
    )


# -------------------------------------------------------------------------------------------------------------- exports


def _export(request, slug, kind, extension):
    project = get_project_for_user(request, slug)
    try:
        entries = exports.filtered_entries(request, project, kind)
    except exports.FilterError as error:
        return HttpResponseBadRequest(f"The register could not be exported: {error}", content_type="text/plain")
    _, columns, _, title = exports.REGISTERS[kind]
    table = exports.rows(entries, columns)
    if extension == "csv":
        content, content_type = exports.to_csv(table), "text/csv; charset=utf-8"
    else:
        content, content_type = exports.to_xlsx(table, title, [w for _, _, w in columns]), exports.XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(project, kind, extension)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def risks_csv(request, slug):
    return _export(request, slug, "risks", "csv")


@require_safe
@login_required
def risks_xlsx(request, slug):
    return _export(request, slug, "risks", "xlsx")


@require_safe
@login_required
def issues_csv(request, slug):
    return _export(request, slug, "issues", "csv")


@require_safe
@login_required
def issues_xlsx(request, slug):
    return _export(request, slug, "issues", "xlsx")


# -------------------------------------------------------------------------------------------------------- the board


@require_safe
@login_required
def board_paper(request, item_pk):
    item = get_object_or_404(
        AgendaItem.objects.select_related("agenda__meeting__body"),
        pk=item_pk,
        standing=escalation.STANDING,
    )
    if not governance_permissions.can_view_meeting(request.user, item.agenda.meeting):
        raise Http404("No such paper.")
    papers = [
        risks_paper_context(item, project) for project in escalation.projects_boarded_by(item.agenda.meeting.body)
    ]
    return render(request, "risks/board/paper.html", {"papers": papers, "item": item})


@require_safe
@login_required
def risk_considered(request, pk):
    risk = get_register_entry_for_user(request, Risk, pk)
    board = risk.project.board()
    meeting, item = escalation.next_board_item(risk.project)
    return render(
        request,
        "risks/board/considered.html",
        {
            "risk": risk,
            "project": risk.project,
            "board": board,
            "board_visible": board is not None and governance_permissions.can_view_body(request.user, board),
            "considerations": escalation.considered_at(risk, request.user),
            "escalations": risk.escalations.select_related("agenda_item__agenda__meeting", "escalated_by"),
            "can_edit": can_edit_project(request.user, risk.project),
            "next_meeting": meeting,
            "next_item": item,
        },
    )


@require_POST
@login_required
def risk_escalate(request, pk):
    risk = get_register_entry_for_user(request, Risk, pk, write=True)
    try:
        record = escalation.escalate_risk(risk, request.POST.get("reason", ""), request.user)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        if record.agenda_item_id:
            meeting = record.agenda_item.agenda.meeting
            where = f"it is on the paper for item {record.agenda_item.number} of the meeting on {meeting.date.day} {meeting.date:%B %Y}"
        else:
            where = "it will be on the paper of the board's next agenda"
        messages.success(request, f"{risk.reference} is escalated to the Project Board: {where}.")
    return redirect("risks:risk_considered", pk=risk.pk)


@require_POST
@login_required
def risk_deescalate(request, pk):
    risk = get_register_entry_for_user(request, Risk, pk, write=True)
    try:
        escalation.deescalate_risk(risk, request.user, request.POST.get("reason", ""))
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{risk.reference} is no longer escalated to the Project Board.")
    return redirect("risks:risk_considered", pk=risk.pk)
