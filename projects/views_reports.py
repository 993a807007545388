"""Highlight reports and exception reports: drafting, editing, publishing, reading, commenting; papers for me.

Thin views: each fetches what the user may see (404 otherwise, 403 for a change they may not make), parses the
form and calls projects.report_actions, turning a GovernanceError into a message on the page.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import editing, history, tor_diff
from governance.actions import GovernanceError
from governance.permissions import can_view_meeting, sees_all_bodies
from projects import forms_reports as forms
from projects import highlight, paper_render, report_actions
from projects.models import ExceptionReport, HighlightReport, ReportRead, ReportStatus, Tolerance
from projects.permissions import can_edit_project, get_project_for_user, projects_visible_to

# ------------------------------------------------------------------------------------------------------------ helpers


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


def _url(name, *args):
    """A URL of another area of the projects pages, or None while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _project_context(project):
    return {
        "project": project,
        "project_url": _url("projects:project_detail", project.slug),
        "reports_url": reverse("projects:report_list", args=[project.slug]),
    }


def _get_report(request, model, pk, write=False):
    """A report the user may see (404 otherwise: drafts only for those who keep the project and staff); with
    write=True also require edit rights on the project (403)."""
    report = get_object_or_404(model.objects.select_related("project", "agenda_item__agenda__meeting__body"), pk=pk)
    if not report_actions.may_see_report(request.user, report):
        # A member who may see the project but asks to change one of its reports is refused, not kept in the dark.
        if write and projects_visible_to(request.user).filter(pk=report.project_id).exists():
            raise PermissionDenied("Only the project leader may change this report.")
        raise Http404("No such report.")
    if write and not can_edit_project(request.user, report.project):
        raise PermissionDenied("Only the project leader may change this report.")
    return report


def _person(user):
    return getattr(user, "person", None)


def _meeting_link(user, item):
    """The agenda item a report is a paper for, linked when the user may open that meeting."""
    if item is None:
        return None
    meeting = item.agenda.meeting
    return reverse("governance:item_detail", args=[item.pk]) if can_view_meeting(user, meeting) else None


def _back(request, fallback):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    # A path or URL has a slash; redirect() would look a bare word up as a URL name.
    if "/" in target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


# ------------------------------------------------------------------------------------------------ highlight reports


def _default_period(project):
    today = timezone.localdate()
    last = project.highlight_reports.order_by("-period_end").first()
    if last is not None:
        start = last.period_end + dt.timedelta(days=1)
    elif project.starts_on and project.starts_on <= today:
        start = project.starts_on
    else:
        start = today - dt.timedelta(days=27)
    return {"period_start": min(start, today), "period_end": today}


def _list_page(request, project, form=None):
    can_edit = can_edit_project(request.user, project)
    reports = project.highlight_reports.all()
    exceptions = project.exception_reports.select_related("tolerance")
    if not (can_edit or sees_all_bodies(request.user)):
        reports = reports.filter(status=ReportStatus.PUBLISHED)
        exceptions = exceptions.filter(status=ReportStatus.PUBLISHED)
    if can_edit and form is None:
        form = forms.DraftReportForm(initial=_default_period(project))
    return render(
        request,
        "projects/reports/report_list.html",
        {
            **_project_context(project),
            "reports": reports,
            "exceptions": exceptions,
            "can_edit": can_edit,
            "form": form if can_edit else None,
            "next_meeting": report_actions.next_board_meeting(project),
        },
    )


@require_safe
@login_required
def report_list(request, slug):
    project = get_project_for_user(request, slug)
    return _list_page(request, project)


@require_POST
@login_required
def report_new(request, slug):
    project = get_project_for_user(request, slug, write=True)
    form = forms.DraftReportForm(request.POST)
    if form.is_valid():
        report = _run(
            request,
            report_actions.draft_report,
            project,
            form.cleaned_data["period_start"],
            form.cleaned_data["period_end"],
            request.user,
            success="Report drafted from the plan. Check it and write the narrative.",
        )
        if report is not None:
            return redirect("projects:report_edit", report.pk)
    return _list_page(request, project, form)


@require_safe
@login_required
def report_detail(request, pk):
    report = _get_report(request, HighlightReport, pk)
    project = report.project
    person = _person(request.user)
    reads = list(report.reads.select_related("person").order_by("read_at"))
    read_by = {r.person_id: r for r in reads}
    sees_reads = report_actions.sees_who_read(request.user, project)
    members = report_actions.board_members(project) if sees_reads else []
    previous = report_actions.previous_report(report) if report.is_published else None
    diff_rows = None
    if previous is not None:
        diff_rows = [
            row
            for row in tor_diff.diff(report_actions.report_lines(previous), report_actions.report_lines(report))
            if row.kind != "same"
        ]
    can_edit = can_edit_project(request.user, project)
    return render(
        request,
        "projects/reports/report_detail.html",
        {
            **_project_context(project),
            "report": report,
            "highlight_paper": paper_render.highlight_paper_context(report),
            "previous": previous,
            "diff_rows": diff_rows,
            "my_read": read_by.get(person.pk) if person else None,
            "may_read": report.is_published and person is not None,
            "sees_reads": sees_reads,
            "board_rows": [(member, read_by.get(member.pk)) for member in members],
            "board_read_count": sum(1 for member in members if member.pk in read_by),
            "other_reads": [r for r in reads if r.person_id not in {m.pk for m in members}],
            "threads": report_actions.threads(report),
            "comment_form": forms.CommentForm(auto_id="id_comment_%s") if person else None,
            "can_edit": can_edit,
            "agenda_note": report_actions.agenda_note(report),
            "agenda_url": _meeting_link(request.user, report.agenda_item),
            "leaders": _leader_ids(report),
        },
    )


def _leader_ids(report):
    """Authors on the report who keep the project: their replies are shown as answers from the project."""
    ids = set()
    for comment in report.comments.select_related("author__user"):
        user = comment.author.user
        if user is not None and can_edit_project(user, report.project):
            ids.add(comment.author_id)
    return ids


@require_http_methods(["GET", "POST"])
@login_required
def report_edit(request, pk):
    report = _get_report(request, HighlightReport, pk, write=True)
    if report.status != ReportStatus.DRAFT:
        messages.error(request, report_actions.PUBLISHED if report.is_published else report_actions.NOT_A_DRAFT)
        return redirect(report)
    form = forms.HighlightReportForm(
        request.POST or None, instance=report, initial={"edit_token": history.edit_token(report)}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = editing.save_if_fresh(
            request, form, report, lambda: report_actions.save_report(form.save(commit=False), request.user)
        )
        if saved is not None:
            messages.success(request, "Report saved.")
            return redirect(saved)
    return render(
        request,
        "projects/reports/report_form.html",
        {**_project_context(report.project), "report": report, "form": form, "conflict": conflict},
    )


def _published_message(report):
    return f"Report published. {report_actions.agenda_note(report)}"


REPORT_ACTIONS = {
    "submit": (report_actions.submit_report, "Report submitted. It can be published, or returned to draft."),
    "publish": (report_actions.publish_report, _published_message),
    "redraft": (report_actions.redraft_report, "Report returned to draft."),
}


@require_POST
@login_required
def report_action(request, pk, action):
    if action not in REPORT_ACTIONS:
        raise Http404("No such action.")
    report = _get_report(request, HighlightReport, pk, write=True)
    function, success = REPORT_ACTIONS[action]
    _run(request, function, report, request.user, success=success)
    return redirect(report)


@require_POST
@login_required
def report_read(request, pk):
    report = _get_report(request, HighlightReport, pk)
    person = _person(request.user)
    if person is None:
        messages.error(request, "Your sign-in is not linked to a person, so reading cannot be recorded.")
    else:
        _run(request, report_actions.mark_read, report, person, success="Marked as read.")
    return redirect(report)


@require_POST
@login_required
def report_comment(request, pk):
    report = _get_report(request, HighlightReport, pk)
    person = _person(request.user)
    form = forms.CommentForm(request.POST)
    if person is None:
        messages.error(request, "Your sign-in is not linked to a person, so you cannot comment.")
    elif not form.is_valid():
        messages.error(request, "Write your comment or question (at most 5,000 characters).")
    else:
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_object_or_404(report.comments, pk=form.cleaned_data["parent"])
        is_question = form.cleaned_data.get("is_question", False)
        said = "Reply added." if parent else ("Question asked." if is_question else "Comment added.")

        def success(comment, said=said):
            notice = getattr(comment, "notice", None)
            return f"{said} {notice.summary()}" if notice is not None else said

        _run(
            request,
            report_actions.add_comment,
            report,
            person,
            form.cleaned_data["text"],
            parent=parent,
            is_question=is_question,
            success=success,
        )
    return redirect(f"{report.get_absolute_url()}#comments")


# ----------------------------------------------------------------------------------------------------- papers for me


@require_safe
@login_required
def papers_for_me(request):
    person = _person(request.user)
    projects = projects_visible_to(request.user)
    read_ids = set(ReportRead.objects.filter(person=person).values_list("report_id", flat=True)) if person else set()
    papers = []
    for report in HighlightReport.objects.filter(project__in=projects, status=ReportStatus.PUBLISHED).select_related(
        "project"
    ):
        papers.append(
            {
                "kind": "Highlight report",
                "title": f"Highlight report, {highlight.day(report.period_start)} to {highlight.day(report.period_end)}",
                "project": report.project,
                "url": report.get_absolute_url(),
                "when": report.published_at,
                "read": report.pk in read_ids,
                "tracked": True,
            }
        )
    for report in ExceptionReport.objects.filter(project__in=projects, status=ReportStatus.PUBLISHED).select_related(
        "project"
    ):
        papers.append(
            {
                "kind": "Exception report",
                "title": report.title,
                "project": report.project,
                "url": reverse("projects:exception_detail", args=[report.pk]),
                "when": report.drafted_at,
                "read": False,
                "tracked": False,
            }
        )
    oldest = timezone.make_aware(dt.datetime(1970, 1, 1))
    papers.sort(key=lambda p: p["when"] or oldest, reverse=True)
    return render(request, "projects/reports/papers_for_me.html", {"papers": papers, "person": person})


# ------------------------------------------------------------------------------------------------ exception reports


@require_safe
@login_required
def exception_detail(request, pk):
    report = _get_report(request, ExceptionReport, pk)
    return render(
        request,
        "projects/reports/exception_detail.html",
        {
            **_project_context(report.project),
            "report": report,
            "exception_paper": paper_render.exception_paper_context(report),
            "can_edit": can_edit_project(request.user, report.project),
            "agenda_note": report_actions.agenda_note(report),
            "agenda_url": _meeting_link(request.user, report.agenda_item),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def exception_edit(request, pk):
    report = _get_report(request, ExceptionReport, pk, write=True)
    url = reverse("projects:exception_detail", args=[report.pk])
    if report.status != ReportStatus.DRAFT:
        published = report.status == ReportStatus.PUBLISHED
        messages.error(request, report_actions.PUBLISHED if published else report_actions.NOT_A_DRAFT)
        return redirect(url)
    form = forms.ExceptionReportForm(
        request.POST or None, instance=report, initial={"edit_token": history.edit_token(report)}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = editing.save_if_fresh(
            request, form, report, lambda: report_actions.save_exception(form.save(commit=False), request.user)
        )
        if saved is not None:
            messages.success(request, "Exception report saved.")
            return redirect(url)
    return render(
        request,
        "projects/reports/exception_form.html",
        {**_project_context(report.project), "report": report, "form": form, "conflict": conflict},
    )


EXCEPTION_ACTIONS = {
    "submit": (report_actions.submit_exception, "Exception report submitted."),
    "publish": (
        report_actions.publish_exception,
        lambda report: f"Exception report published. {report_actions.agenda_note(report)}",
    ),
    "redraft": (report_actions.redraft_exception, "Exception report returned to draft."),
}


@require_POST
@login_required
def exception_action(request, pk, action):
    if action not in EXCEPTION_ACTIONS:
        raise Http404("No such action.")
    report = _get_report(request, ExceptionReport, pk, write=True)
    function, success = EXCEPTION_ACTIONS[action]
    _run(request, function, report, request.user, success=success)
    return redirect("projects:exception_detail", report.pk)


# -------------------------------------------------------------------------------------------------------- tolerances


@require_POST
@login_required
def tolerance_forecast(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    tolerance = get_object_or_404(Tolerance, pk=pk, project=project)
    form = forms.ForecastForm(request.POST)
    fallback = _url("projects:tolerances", project.slug) or reverse("projects:report_list", args=[project.slug])
    if not form.is_valid():
        messages.error(request, "Enter the forecast as a number, for example 2 or 1500.")
        return _back(request, fallback)
    drafted = _run(request, report_actions.set_forecast, tolerance, form.cleaned_data["forecast"], request.user)
    if drafted is None:
        return _back(request, fallback)
    if drafted:
        report = drafted[0]
        messages.success(
            request,
            f"Forecast saved. It is beyond the tolerance, so an exception report has been drafted for the Project "
            f"Board. {report_actions.agenda_note(report)}",
        )
        return redirect("projects:exception_detail", report.pk)
    messages.success(request, "Forecast saved.")
    return _back(request, fallback)
