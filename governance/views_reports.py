"""Officer decision reports: the decisions register, the report editor, the report page with its workflow buttons and
appendices, the decision record, the forward plan, and the published decisions on the public site.

Thin views: each fetches a report the user may see (404 otherwise, 403 for a step that is not theirs), parses the
form, calls one function in governance.report_actions and turns a GovernanceError into a message on the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import editing, history, pack_builds, report_actions, report_papers
from governance import forms_reports as forms
from governance import officer_decisions as rules
from governance.actions import GovernanceError
from governance.models import DecisionReport, DecisionReportAppendix, DecisionReportStatus, DecisionType

PER_PAGE = 50
Status = DecisionReportStatus

# -------------------------------------------------------------------------------------------------------- helpers


def _run(request, function, *args, success=None, **kwargs):
    """Call one action; report a GovernanceError on the page. Returns the result, or None when refused."""
    try:
        result = function(*args, **kwargs)
    except GovernanceError as error:
        messages.error(request, str(error))
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return result


def _dates(report):
    return {
        "call_in_ends": report_actions.call_in_ends(report),
        "earliest_implementation": report_actions.earliest_implementation(report),
    }


# ---------------------------------------------------------------------------------------------------- the register


@require_safe
@login_required
def decision_reports(request):
    reports = report_actions.reports_visible_to(request.user).select_related("decision_maker", "corrects")
    filterset = forms.DecisionReportFilter(request.GET, queryset=reports.order_by("-report_date", "-id"))
    found = filterset.qs if filterset.is_valid() else reports.none()
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    page.elided_range = page.paginator.get_elided_page_range(page.number)
    return render(
        request,
        "governance/reports/register.html",
        {
            "form": filterset.form,
            "page_obj": page,
            "rows": [(report, _dates(report)) for report in page.object_list],
            "can_create": report_actions.can_create_reports(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_report_new(request):
    if not report_actions.can_create_reports(request.user):
        raise PermissionDenied("Admin staff and the project leader start decision reports.")
    form = forms.NewDecisionReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        report = _run(request, report_actions.create_report, request.user, **fields, success="Report started.")
        if report is not None:
            return redirect("governance:decision_report_edit", report.pk)
    return render(request, "governance/reports/new.html", {"form": form})


@require_safe
@login_required
def forward_plan(request):
    """Key decisions not yet taken, with the 28 clear days rule judged on the intended decision date."""
    reports = (
        report_actions.reports_visible_to(request.user)
        .filter(decision_type=DecisionType.KEY, status__in=[Status.DRAFT, Status.AWAITING_SIGN_OFF, Status.SIGNED_OFF])
        .select_related("decision_maker")
        .order_by("intended_decision_date", "id")
    )
    return render(
        request,
        "governance/reports/forward_plan.html",
        {"rows": [(report, report_actions.forward_plan(report)) for report in reports]},
    )


# ------------------------------------------------------------------------------------------------------ the report


def _detail_page(request, report, appendix_form=None, status=200):
    user = request.user
    editable = report.is_draft and report_actions.may_edit(user, report)
    if editable and appendix_form is None:
        appendix_form = forms.AppendixForm()
    next_stage = {
        Status.DRAFT: rules.SIGN_OFF,
        Status.AWAITING_SIGN_OFF: rules.SIGN_OFF,
        Status.SIGNED_OFF: rules.DECIDE,
        Status.DECIDED: rules.PUBLISH,
    }.get(report.status)
    withhold = not report_actions.may_see_exempt(user, report)
    appendices = list(report.appendices.all())
    if withhold:
        appendices = [] if report.is_wholly_exempt else [a for a in appendices if not a.is_exempt]
    return render(
        request,
        "governance/reports/detail.html",
        {
            "report": report,
            **report_papers.report_paper_context(report, withhold_exempt=withhold),
            **_dates(report),
            "withhold_record": withhold and report.is_wholly_exempt,
            "appendices": appendices,
            "missing": report_actions.missing_for(next_stage, report) if next_stage else [],
            "next_stage": next_stage,
            "forward_plan": report_actions.forward_plan(report),
            "correction": report_actions.superseded_by(report),
            "editable": editable,
            "may_send": report.is_draft and report_actions.may_edit(user, report),
            "may_sign_off": report.status == Status.AWAITING_SIGN_OFF and report_actions.may_sign_off(user, report),
            "may_return": report.status in (Status.AWAITING_SIGN_OFF, Status.SIGNED_OFF)
            and report_actions.may_return(user, report),
            "may_decide": report.status == Status.SIGNED_OFF and report_actions.may_decide(user, report),
            "may_publish": report.status == Status.DECIDED and report_actions.may_publish(user, report),
            "may_correct": report.is_published and report_actions.may_correct(user, report),
            "appendix_form": appendix_form if editable else None,
            "return_form": forms.ReturnForm(),
            "correction_form": forms.CorrectionForm(),
            "history_rows": history.history_of(report, request.user, limit=10),
            "approval_pack_allowed": report_papers.can_view_approval_pack(user, report),
            "approval_pack": pack_builds.latest_approval(report),
        },
        status=status,
    )


@require_safe
@login_required
def decision_report(request, pk):
    return _detail_page(request, report_actions.get_report_for_user(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def decision_report_edit(request, pk):
    report = report_actions.get_report_for_user(
        request, pk, may=report_actions.may_edit, denied="Only the author and staff change this report."
    )
    if not report.is_draft:
        messages.error(request, report_actions.PUBLISHED if report.is_published else report_actions.NOT_A_DRAFT)
        return redirect(report)
    form = forms.DecisionReportForm(
        request.POST or None, instance=report, user=request.user, initial={"edit_token": history.edit_token(report)}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = editing.save_if_fresh(
            request, form, report, lambda: report_actions.save_report(form.save(commit=False), request.user)
        )
        if saved is not None:
            messages.success(request, "Report saved.")
            return redirect(saved)
    return render(request, "governance/reports/edit.html", {"report": report, "form": form, "conflict": conflict})


WORKFLOW = {
    # action: (who may, the action, message on success)
    "send": (
        report_actions.may_edit,
        lambda report, request: report_actions.send_for_sign_off(report, request.user),
        "Sent to the Director for sign-off.",
    ),
    "sign_off": (
        report_actions.may_sign_off,
        lambda report, request: report_actions.sign_off(report, request.user),
        "Signed off. The decision maker can now record the decision.",
    ),
    "return": (
        report_actions.may_return,
        lambda report, request: report_actions.return_report(report, request.user, request.POST.get("comment", "")),
        "Returned to the author with your comment.",
    ),
    "publish": (
        report_actions.may_publish,
        lambda report, request: report_actions.publish(report, request.user),
        "Published. The decision is on the public site.",
    ),
    "correct": (
        report_actions.may_correct,
        lambda report, request: report_actions.start_correction(report, request.user, request.POST.get("reason", "")),
        lambda new: f"Correction started as version {new.version}. Edit it, then send it for sign-off.",
    ),
}


@require_POST
@login_required
def decision_report_action(request, pk, action):
    if action not in WORKFLOW:
        raise Http404("No such action.")
    may, function, success = WORKFLOW[action]
    report = report_actions.get_report_for_user(request, pk, may=may, denied="This step is not yours to take.")
    result = _run(request, function, report, request, success=success)
    if action == "correct" and result is not None:
        return redirect("governance:decision_report_edit", result.pk)
    return redirect(report)


@require_http_methods(["GET", "POST"])
@login_required
def decision_report_decide(request, pk):
    report = report_actions.get_report_for_user(
        request, pk, may=report_actions.may_decide, denied="Only the decision maker records the decision."
    )
    if report.status != Status.SIGNED_OFF:
        messages.error(request, "The decision is recorded once the Director has signed the report off, and only once.")
        return redirect(report)
    form = forms.DecisionRecordForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        record = {name: form.cleaned_data[name] for name in report_actions.DECISION_FIELDS}
        try:
            report_actions.record_decision(report, request.user, **record)
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Decision recorded. Publish it to start the call-in period, if any.")
            return redirect(report)
    return render(
        request,
        "governance/reports/decide.html",
        {"report": report, "form": form, "forward_plan": report_actions.forward_plan(report)},
    )


# ------------------------------------------------------------------------------------------------------ appendices


@require_POST
@login_required
def decision_report_appendix_new(request, pk):
    report = report_actions.get_report_for_user(
        request, pk, may=report_actions.may_edit, denied="Only the author and staff change this report."
    )
    form = forms.AppendixForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            report_actions.add_appendix,
            report,
            request.user,
            data["title"],
            file=data["file"],
            exempt_paragraph=data["exempt_paragraph"],
            public_interest_reason=data["public_interest_reason"],
            success=lambda appendix: f"Appendix {appendix.number} added.",
        )
        return redirect(report)
    return _detail_page(request, report, appendix_form=form, status=400)


@require_POST
@login_required
def decision_report_appendix_remove(request, pk):
    appendix, report = report_actions.get_appendix_for_user(request, pk, may=report_actions.may_edit)
    _run(
        request,
        report_actions.remove_appendix,
        appendix,
        request.user,
        success=f"Appendix {appendix.number} removed.",
    )
    return redirect(report)


def _pdf_response(appendix):
    if not appendix.file:
        raise Http404("This appendix has no file in the system.")
    return FileResponse(
        appendix.file.open("rb"),
        as_attachment=True,
        filename=f"appendix-{appendix.number}.pdf",
        content_type="application/pdf",
    )


@require_safe
@login_required
def decision_report_appendix(request, pk):
    """An appendix is served to those who may see its report, exempt ones included (they are not public)."""
    appendix, _report = report_actions.get_appendix_for_user(request, pk)
    return _pdf_response(appendix)


# ---------------------------------------------------------------------------------------------------- public pages


def _public_reports():
    return DecisionReport.objects.published()


@require_safe
def public_decision_reports(request):
    found = _public_reports().select_related("decision_maker").order_by("-published_at", "-id")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    page.elided_range = page.paginator.get_elided_page_range(page.number)
    shown = [report.pk for report in page.object_list]
    corrected = set(_public_reports().filter(corrects__in=shown).values_list("corrects_id", flat=True))
    return render(
        request,
        "governance/public/decision_reports.html",
        {
            "page_obj": page,
            "rows": [(report, _dates(report), report.pk in corrected) for report in page.object_list],
        },
    )


@require_safe
def public_decision_report(request, pk):
    report = get_object_or_404(_public_reports().select_related("decision_maker", "corrects"), pk=pk)
    correction = _public_reports().filter(corrects=report).first()
    return render(
        request,
        "governance/public/decision_report.html",
        {
            "report": report,
            **report_papers.report_paper_context(report, withhold_exempt=True),
            **_dates(report),
            "withhold_record": report.is_wholly_exempt,
            "correction": correction,
            "appendices": [] if report.is_wholly_exempt else list(report.appendices.all()),
        },
    )


@require_safe
def public_decision_report_appendix(request, pk):
    """An appendix of a published report, unless it or its report is exempt."""
    appendix = get_object_or_404(
        DecisionReportAppendix.objects.select_related("report"),
        pk=pk,
        report__status=Status.PUBLISHED,
        exempt_paragraph__isnull=True,
    )
    if appendix.report.is_wholly_exempt:
        raise Http404("No such appendix.")
    return _pdf_response(appendix)
