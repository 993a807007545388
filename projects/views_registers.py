"""The portfolio, the project page and its registers: tolerances, change requests, benefits, lessons and the end
project report. Views are thin: they fetch what the user may see (projects.permissions), parse input with
projects.forms_registers and change things only through projects.register_actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import editing, history
from governance import permissions as governance_permissions
from governance.actions import GovernanceError
from projects import forms_registers as forms
from projects import register_actions as actions
from projects.models import (
    BenefitMeasurement,
    ChangeRequest,
    ChangeStatus,
    Deliverable,
    DeliverableStatus,
    EndProjectReport,
    HighlightReport,
    Lesson,
    Phase,
    Project,
    ProjectKind,
    Rag,
    ReportStatus,
    Tolerance,
)
from projects.permissions import can_edit_project, get_project_for_user, projects_visible_to

# ---------------------------------------------------------------------------------------------------------- portfolio

OPEN_DELIVERABLE = ~Q(status__in=[DeliverableStatus.COMPLETE, DeliverableStatus.CANCELLED])
RAG_SEVERITY = Case(When(rag=Rag.RED, then=Value(3)), When(rag=Rag.AMBER, then=Value(2)), default=Value(1))


def _count(model, condition):
    """How many rows of `model` of each project meet `condition`: one correlated subquery, so no join fan-out."""
    rows = (
        model.objects.filter(project=OuterRef("pk"))
        .filter(condition)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def portfolio_rows(user, today=None):
    """Every programme and project the user may see, with its rolled-up figures, in one query."""
    today = today or timezone.localdate()
    current_phase = Phase.objects.filter(project=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today).order_by(
        "number"
    )
    published = HighlightReport.objects.filter(project=OuterRef("pk"), status=ReportStatus.PUBLISHED).order_by(
        "-period_end", "-id"
    )
    worst_open = (
        Deliverable.objects.filter(project=OuterRef("pk"))
        .filter(OPEN_DELIVERABLE)
        .annotate(severity=RAG_SEVERITY)
        .order_by("-severity")
    )
    first_phase = Phase.objects.filter(project=OuterRef("pk")).order_by("starts_on")
    last_phase = Phase.objects.filter(project=OuterRef("pk")).order_by("-ends_on", "-number")
    return (
        Project.objects.filter(pk__in=projects_visible_to(user).values("pk"))
        .select_related("parent")
        .annotate(
            phase_number=Subquery(current_phase.values("number")[:1]),
            phase_description=Subquery(current_phase.values("description")[:1]),
            first_phase_starts=Subquery(first_phase.values("starts_on")[:1]),
            last_phase_number=Subquery(last_phase.values("number")[:1]),
            last_phase_ends=Subquery(last_phase.values("ends_on")[:1]),
            reported_rag=Subquery(published.values("overall_rag")[:1]),
            worst_open_rag=Subquery(worst_open.values("rag")[:1]),
            deliverables_total=_count(Deliverable, ~Q(status=DeliverableStatus.CANCELLED)),
            deliverables_complete=_count(Deliverable, Q(status=DeliverableStatus.COMPLETE)),
            deliverables_overdue=_count(Deliverable, OPEN_DELIVERABLE & Q(due_on__lt=today)),
            tolerances_exceeded=_count(Tolerance, Q(forecast__gt=F("limit"))),
            open_change_requests=_count(ChangeRequest, Q(status__in=actions.OPEN_CHANGE_STATUSES)),
        )
        .order_by("title")
    )


def _stage(project, today):
    if project.closed_on and project.closed_on <= today:
        return "Closed"
    if project.phase_number is not None:
        return f"Phase {project.phase_number}: {project.phase_description}"
    starts = project.first_phase_starts or project.starts_on
    if starts and today < starts:
        return "Not started"
    if project.last_phase_ends and today > project.last_phase_ends:
        return f"Past its last phase (phase {project.last_phase_number}), not closed"
    if project.first_phase_starts:
        return "Between phases"
    return "No phases recorded"


def _with_rollup(project, today):
    project.stage = _stage(project, today)
    project.overall_rag = project.reported_rag or project.worst_open_rag
    project.overall_rag_label = Rag(project.overall_rag).label if project.overall_rag else ""
    project.rag_from_report = bool(project.reported_rag)
    return project


def portfolio_groups(rows):
    """Group rows by programme: each visible programme heads its own group (its own row first), then its projects;
    projects with no programme the user may see come last."""
    rows = list(rows)
    groups = {row.pk: {"programme": row, "rows": [row]} for row in rows if row.kind == ProjectKind.PROGRAMME}
    others = []
    for row in rows:
        if row.parent_id in groups:
            groups[row.parent_id]["rows"].append(row)
        elif row.pk not in groups:
            others.append(row)
    ordered = sorted(groups.values(), key=lambda g: g["programme"].title)
    if others:
        ordered.append({"programme": None, "rows": others})
    return ordered


@require_safe
@login_required
def portfolio(request):
    today = timezone.localdate()
    rows = [_with_rollup(row, today) for row in portfolio_rows(request.user, today)]
    return render(
        request,
        "projects/registers/portfolio.html",
        {"groups": portfolio_groups(rows), "count": len(rows), "today": today},
    )


# ------------------------------------------------------------------------------------------------------- the project


@require_safe
@login_required
def project_detail(request, slug):
    project = get_project_for_user(request, slug)
    project = Project.objects.select_related(
        "parent", "sponsor", "senior_responsible_officer", "executive", "management_lead"
    ).get(pk=project.pk)
    governing = list(project.governing_bodies.select_related("body").order_by("role"))
    visible_bodies = set(
        governance_permissions.bodies_visible_to(request.user)
        .filter(pk__in=[g.body_id for g in governing])
        .values_list("pk", flat=True)
    )
    for link in governing:
        link.visible = link.body_id in visible_bodies
    change_counts = dict(
        project.change_requests.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "projects/registers/project_detail.html",
        {
            "project": project,
            "governing": governing,
            "phases": project.phases.all(),
            "workstreams": project.workstreams.select_related("lead").prefetch_related("phases", "members"),
            "tolerances": project.tolerances.all(),
            "change_open": sum(n for s, n in change_counts.items() if s in actions.OPEN_CHANGE_STATUSES),
            "change_with_board": change_counts.get(ChangeStatus.FOR_DECISION, 0),
            "change_total": sum(change_counts.values()),
            "benefit_count": project.benefits.count(),
            "lesson_count": project.lessons.count(),
            "end_report": EndProjectReport.objects.filter(project=project).first(),
            "history_rows": history.history_of(project, request.user, limit=10),
            "can_edit": can_edit_project(request.user, project),
            "today": timezone.localdate(),
        },
    )


def _save_form(request, form, save):
    """Validate `form` and save its instance through `save(instance)`, refusing a stale edit (with what changed).
    Returns (saved object or None, conflict rows or None)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    return editing.save_if_fresh(request, form, form.instance, lambda: save(form.save(commit=False)))


def _form_page(request, project, form, title, *, conflict=None, obj=None, template=None, **context):
    return render(
        request,
        template or "projects/registers/form_page.html",
        {
            "project": project,
            "form": form,
            "title": title,
            "conflict": conflict,
            "history_rows": history.history_of(obj, request.user) if obj is not None and obj.pk else None,
            **context,
        },
    )


def _token(obj):
    return {"edit_token": history.edit_token(obj)}


@require_http_methods(["GET", "POST"])
@login_required
def project_edit(request, slug):
    project = get_project_for_user(request, slug, write=True)
    form = forms.ProjectForm(request.POST or None, instance=project, initial=_token(project))
    saved, conflict = _save_form(request, form, lambda p: actions.save_project(p, request.user))
    if saved:
        messages.success(request, "The project's details are saved.")
        return redirect(saved)
    return _form_page(request, project, form, f"Change {project.title}", conflict=conflict, obj=project)


# -------------------------------------------------------------------------------------------------------- tolerances


@require_safe
@login_required
def tolerances(request, slug):
    project = get_project_for_user(request, slug)
    return render(
        request,
        "projects/registers/tolerances.html",
        {
            "project": project,
            "tolerances": project.tolerances.all(),
            "can_edit": can_edit_project(request.user, project),
        },
    )


def _tolerance_page(request, project, tolerance, title):
    form = forms.ToleranceForm(
        request.POST or None, instance=tolerance, project=project, initial=_token(tolerance) if tolerance.pk else None
    )
    saved, conflict = _save_form(request, form, lambda t: actions.save_tolerance(t, request.user))
    if saved:
        message = f"{saved.get_dimension_display()} tolerance saved."
        if saved.exceeded:
            message += " Its forecast is beyond the limit: the Project Board must be told by an exception report."
        messages.success(request, message)
        return redirect("projects:tolerances", slug=project.slug)
    return _form_page(
        request, project, form, title, conflict=conflict, obj=tolerance, back=("projects:tolerances", "tolerances")
    )


@require_http_methods(["GET", "POST"])
@login_required
def tolerance_new(request, slug):
    project = get_project_for_user(request, slug, write=True)
    return _tolerance_page(request, project, Tolerance(project=project), "Add a tolerance")


@require_http_methods(["GET", "POST"])
@login_required
def tolerance_edit(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    tolerance = get_object_or_404(project.tolerances, pk=pk)
    return _tolerance_page(
        request, project, tolerance, f"Change the {tolerance.get_dimension_display().lower()} tolerance"
    )


# --------------------------------------------------------------------------------------------------- change requests


@require_safe
@login_required
def change_requests(request, slug):
    project = get_project_for_user(request, slug)
    return render(
        request,
        "projects/registers/change_requests.html",
        {
            "project": project,
            "changes": project.change_requests.select_related("raised_by", "decision__item__agenda__meeting__body"),
            "can_edit": can_edit_project(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def change_request_new(request, slug):
    project = get_project_for_user(request, slug, write=True)
    person = getattr(request.user, "person", None)
    form = forms.ChangeRequestForm(
        request.POST or None, project=project, initial={"raised_on": timezone.localdate(), "raised_by": person}
    )
    saved, conflict = _save_form(request, form, lambda c: actions.create_change_request(c, request.user))
    if saved:
        messages.success(request, f"Change request {saved.reference} raised.")
        return redirect("projects:change_requests", slug=project.slug)
    return _form_page(
        request,
        project,
        form,
        "Raise a change request",
        conflict=conflict,
        back=("projects:change_requests", "change requests"),
        intro="It is numbered when it is saved.",
    )


def _change_request_page(request, project, change, form=None, decide_form=None, conflict=None):
    final = change.status in actions.FINAL_CHANGE_STATUSES
    if decide_form is None and change.status == ChangeStatus.FOR_DECISION:
        decide_form = forms.DecideChangeRequestForm(project=project)
    return _form_page(
        request,
        project,
        None if final else form,
        f"{change.reference}: {change.title}" if final else f"Change {change.reference}",
        template="projects/registers/change_request.html",
        conflict=conflict,
        obj=change,
        change=change,
        final=final,
        decide_form=decide_form,
        back=("projects:change_requests", "change requests"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def change_request_edit(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    change = get_object_or_404(
        project.change_requests.select_related("raised_by", "decision__item__agenda__meeting__body"), pk=pk
    )
    if change.status in actions.FINAL_CHANGE_STATUSES:
        if request.method == "POST":
            messages.error(
                request,
                f"{change.reference} has been {change.get_status_display().lower()} by the Project Board and can no "
                "longer be changed. Raise a new change request instead.",
            )
            return redirect("projects:change_request_edit", slug=project.slug, pk=change.pk)
        return _change_request_page(request, project, change)
    form = forms.ChangeRequestForm(request.POST or None, instance=change, project=project, initial=_token(change))
    saved, conflict = _save_form(request, form, lambda c: actions.save_change_request(c, request.user))
    if saved:
        messages.success(request, f"{saved.reference} saved.")
        return redirect("projects:change_requests", slug=project.slug)
    return _change_request_page(request, project, change, form=form, conflict=conflict)


@require_POST
@login_required
def change_request_decide(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    change = get_object_or_404(project.change_requests, pk=pk)
    decide_form = forms.DecideChangeRequestForm(request.POST, project=project)
    if decide_form.is_valid():
        data = decide_form.cleaned_data
        try:
            decided = actions.decide_change_request(
                change, data["status"], data["decision"], request.user, decided_on=data["decided_on"]
            )
        except GovernanceError as error:
            decide_form.add_error(None, str(error))
        else:
            messages.success(request, f"{decided.reference}: {decided.get_status_display().lower()}.")
            return redirect("projects:change_requests", slug=project.slug)
    change.refresh_from_db()
    form = None
    if change.status not in actions.FINAL_CHANGE_STATUSES:
        form = forms.ChangeRequestForm(instance=change, project=project, initial=_token(change))
    return _change_request_page(request, project, change, form=form, decide_form=decide_form)


# ---------------------------------------------------------------------------------------------------------- benefits


def _latest_measurements(benefits):
    """Attach each benefit's measurements (oldest first), latest measurement and % achieved, without more queries."""
    for benefit in benefits:
        measured = list(benefit.measurements.all())
        benefit.measured = measured
        benefit.latest = measured[-1] if measured else None
        benefit.achieved = benefit.percent_achieved(latest=benefit.latest) if benefit.latest else None
    return benefits


def _benefits_with_measurements(project):
    measurements = BenefitMeasurement.objects.order_by("measured_on", "id")
    return _latest_measurements(
        list(project.benefits.select_related("owner").prefetch_related(Prefetch("measurements", queryset=measurements)))
    )


@require_safe
@login_required
def benefits(request, slug):
    project = get_project_for_user(request, slug)
    return render(
        request,
        "projects/registers/benefits.html",
        {
            "project": project,
            "benefits": _benefits_with_measurements(project),
            "can_edit": can_edit_project(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def benefit_new(request, slug):
    project = get_project_for_user(request, slug, write=True)
    form = forms.BenefitForm(request.POST or None, project=project)
    saved, conflict = _save_form(request, form, lambda b: actions.save_benefit(b, request.user))
    if saved:
        messages.success(request, f"Benefit “{saved.title}” added. Record its measurements from its page.")
        return redirect("projects:benefit_edit", slug=project.slug, pk=saved.pk)
    return _form_page(
        request, project, form, "Add a benefit", conflict=conflict, back=("projects:benefits", "benefits matrix")
    )


def _benefit_page(request, project, benefit, form=None, measure_form=None, conflict=None):
    benefit = _latest_measurements(
        [get_object_or_404(project.benefits.prefetch_related("measurements"), pk=benefit.pk)]
    )[0]
    if form is None:
        form = forms.BenefitForm(instance=benefit, project=project, initial=_token(benefit))
    return _form_page(
        request,
        project,
        form,
        f"Change benefit: {benefit.title}",
        template="projects/registers/benefit.html",
        conflict=conflict,
        obj=benefit,
        benefit=benefit,
        measure_form=measure_form
        or forms.MeasurementForm(benefit=benefit, initial={"measured_on": timezone.localdate()}),
        back=("projects:benefits", "benefits matrix"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def benefit_edit(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    benefit = get_object_or_404(project.benefits, pk=pk)
    form = forms.BenefitForm(request.POST or None, instance=benefit, project=project, initial=_token(benefit))
    saved, conflict = _save_form(request, form, lambda b: actions.save_benefit(b, request.user))
    if saved:
        messages.success(request, f"Benefit “{saved.title}” saved.")
        return redirect("projects:benefits", slug=project.slug)
    return _benefit_page(request, project, benefit, form=form, conflict=conflict)


@require_POST
@login_required
def benefit_measure(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    benefit = get_object_or_404(project.benefits, pk=pk)
    measure_form = forms.MeasurementForm(request.POST, benefit=benefit)
    if measure_form.is_valid():
        try:
            measurement = actions.add_measurement(measure_form.save(commit=False), request.user)
        except GovernanceError as error:
            measure_form.add_error(None, str(error))
        else:
            achieved = benefit.percent_achieved()
            messages.success(
                request,
                f"Measurement of {measurement.value} recorded for “{benefit.title}”"
                + (f": {achieved}% achieved." if achieved is not None else "."),
            )
            return redirect("projects:benefit_edit", slug=project.slug, pk=benefit.pk)
    return _benefit_page(request, project, benefit, measure_form=measure_form)


# ----------------------------------------------------------------------------------------------------------- lessons


@require_safe
@login_required
def lessons(request, slug):
    project = get_project_for_user(request, slug)
    filterset = forms.LessonFilter(request.GET, queryset=project.lessons.select_related("logged_by"))
    valid = filterset.is_valid()
    return render(
        request,
        "projects/registers/lessons.html",
        {
            "project": project,
            "filter": filterset,
            "form": filterset.form,
            "lessons": filterset.qs if valid else project.lessons.none(),
            "total": project.lessons.count(),
            "can_edit": can_edit_project(request.user, project),
        },
    )


def _lesson_page(request, project, lesson, title, initial=None):
    form = forms.LessonForm(request.POST or None, instance=lesson, project=project, initial=initial)
    saved, conflict = _save_form(request, form, lambda x: actions.save_lesson(x, request.user))
    if saved:
        messages.success(request, "Lesson saved.")
        return redirect("projects:lessons", slug=project.slug)
    return _form_page(
        request, project, form, title, conflict=conflict, obj=lesson, back=("projects:lessons", "lessons log")
    )


@require_http_methods(["GET", "POST"])
@login_required
def lesson_new(request, slug):
    project = get_project_for_user(request, slug, write=True)
    initial = {"logged_on": timezone.localdate(), "logged_by": getattr(request.user, "person", None)}
    return _lesson_page(request, project, Lesson(project=project), "Log a lesson", initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
def lesson_edit(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    lesson = get_object_or_404(project.lessons, pk=pk)
    return _lesson_page(request, project, lesson, "Change a lesson", initial=_token(lesson))


# ------------------------------------------------------------------------------------------------ end project report


def _end_report_page(request, project, report, form=None, approve_form=None, conflict=None):
    approved = actions.is_approved(report)
    can_edit = can_edit_project(request.user, project)
    if can_edit and not approved and form is None:
        form = forms.EndReportForm(instance=report, project=project, initial=_token(report) if report.pk else None)
    if can_edit and not approved and report.pk and approve_form is None:
        approve_form = forms.ApproveEndReportForm(project=project)
    if report.approval_decision_id:
        report = EndProjectReport.objects.select_related("approval_decision__item__agenda__meeting__body").get(
            pk=report.pk
        )
    return render(
        request,
        "projects/registers/end_report.html",
        {
            "project": project,
            "report": report,
            "approved": approved,
            "can_edit": can_edit,
            "form": form if can_edit and not approved else None,
            "approve_form": approve_form if can_edit else None,
            "conflict": conflict,
            "history_rows": history.history_of(report, request.user) if report.pk else None,
            "fields": [
                (EndProjectReport._meta.get_field(name), getattr(report, name))
                for name in forms.EndReportForm._meta.fields
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def end_report(request, slug):
    project = get_project_for_user(request, slug, write=request.method == "POST")
    report = EndProjectReport.objects.filter(project=project).first() or EndProjectReport(project=project)
    if request.method == "POST" and actions.is_approved(report):
        messages.error(request, "The end project report has been approved and can no longer be changed.")
        return redirect("projects:end_report", slug=project.slug)
    form = None
    conflict = None
    if request.method == "POST":
        form = forms.EndReportForm(request.POST, instance=report, project=project)
        saved, conflict = _save_form(request, form, lambda r: actions.save_end_report(r, request.user))
        if saved:
            messages.success(request, "The end project report is saved.")
            return redirect("projects:end_report", slug=project.slug)
    return _end_report_page(request, project, report, form=form, conflict=conflict)


@require_POST
@login_required
def end_report_approve(request, slug):
    project = get_project_for_user(request, slug, write=True)
    report = EndProjectReport.objects.filter(project=project).first() or EndProjectReport(project=project)
    approve_form = forms.ApproveEndReportForm(request.POST, project=project)
    if approve_form.is_valid():
        data = approve_form.cleaned_data
        try:
            actions.approve_end_report(report, data["decision"], data["closed_on"], request.user)
        except GovernanceError as error:
            approve_form.add_error(None, str(error))
        else:
            messages.success(request, f"The end project report is approved and {project.title} is closed.")
            return redirect("projects:end_report", slug=project.slug)
    return _end_report_page(request, project, report, approve_form=approve_form)
