"""A project's risk register (with the in-place row edit), issue register, heat map and scoring matrix.

Views are thin: they fetch what the user may see (projects.permissions: 404 unless the project is visible, 403 on a
change unless the user keeps its registers), parse input with risks.forms and risks.filters, and change things only
through risks.register_actions. Each register page reads its rows in a fixed number of queries, however many risks
there are: the trend (from history) and "has an open action" are subqueries of the one page query.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import editing, history
from governance.actions import GovernanceError
from projects.permissions import can_edit_project, get_project_for_user
from risks import filters, forms, heatmap
from risks import register_actions as actions
from risks.models import Issue, Priority, Risk, RiskAction, RiskKind, RiskMatrix, Status, matrix_for

PAGE_SIZE = 25


# ------------------------------------------------------------------------------------------------------------ helpers


def _page(request, queryset):
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.elided_range = list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))
    return page_obj


def _person(user):
    return getattr(user, "person", None)


# ----------------------------------------------------------------------------------------------------- the register


def register_rows(project):
    """The project's risks with what each register row needs, in one query: owner and work-stream, the previous
    different residual score (from history, for the trend arrow) and whether an open action exists."""
    previous = (
        Risk.history.model.objects.filter(id=OuterRef("pk"))
        .filter(~Q(residual_score=OuterRef("residual_score")))
        .order_by("-history_date", "-history_id")
        .values("residual_score")[:1]
    )
    return (
        Risk.objects.filter(project=project)
        .select_related("owner", "workstream")
        .annotate(
            previous_residual_score=Subquery(previous, output_field=IntegerField()),
            has_open_action=Exists(RiskAction.objects.filter(risk=OuterRef("pk"), done=False)),
        )
    )


def trend(risk):
    """(arrow and word, what it was) from the residual score now and the last different residual score in history.
    A higher score is worse for a threat and better for an opportunity."""
    before = risk.previous_residual_score
    if before is None or before == risk.residual_score:
        return "→ same", None
    up = risk.residual_score > before
    better_when_up = risk.kind == RiskKind.OPPORTUNITY
    word = "better" if up == better_when_up else "worse"
    return f"{'↑' if up else '↓'} {word}", before


def warnings_for(risk, today):
    """Why an open entry looks stale: review date passed, no owner, no response, red with no open action."""
    if risk.status != Status.OPEN:
        return []
    out = []
    if risk.review_date and risk.review_date < today:
        out.append(f"Review overdue (due {risk.review_date.day} {risk.review_date:%b %Y})")
    if not risk.owner_id:
        out.append("No owner")
    if not risk.response:
        out.append("No response")
    if risk.residual_rag == "red" and not getattr(risk, "has_open_action", True):
        out.append("Red with no open action")
    return out


def _decorate(risk, matrix, today):
    risk.trend, risk.trend_from = trend(risk)
    risk.warnings = warnings_for(risk, today)
    risk.above_appetite = risk.status == Status.OPEN and not matrix.within_appetite(risk.residual_score)
    return risk


def _project_and_risk(request, slug, pk, write=False):
    project = get_project_for_user(request, slug, write=write)
    return project, get_object_or_404(Risk.objects.select_related("project"), project=project, pk=pk)


@require_safe
@login_required
def risk_register(request, slug):
    project = get_project_for_user(request, slug)
    matrix = matrix_for(project)
    filterset = filters.RiskFilter(request.GET, queryset=register_rows(project), project=project, matrix=matrix)
    rows = filterset.qs if filterset.is_valid() else Risk.objects.none()
    sort = filterset.sort_in_force()
    page_obj = _page(request, rows)
    today = timezone.localdate()
    for risk in page_obj:
        _decorate(risk, matrix, today)
    return render(
        request,
        "risks/registers/risk_register.html",
        {
            "project": project,
            "matrix": matrix,
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "sort": sort,
            "sort_links": sort.links(),
            "can_edit": can_edit_project(request.user, project),
        },
    )


def _row(request, project, pk, can_edit):
    """The register row. Swapped in by htmx (after a save or a cancel), its "Change" link takes the focus back, so
    that a keyboard user carries on from the row they were editing."""
    matrix = matrix_for(project)
    risk = _decorate(register_rows(project).get(pk=pk), matrix, timezone.localdate())
    return render(
        request,
        "risks/registers/_risk_row.html",
        {"risk": risk, "project": project, "can_edit": can_edit, "focus": bool(request.htmx)},
    )


@require_safe
@login_required
def risk_row(request, slug, pk):
    """The register row as it stands (htmx "Cancel" on an in-place edit)."""
    project, risk = _project_and_risk(request, slug, pk)
    return _row(request, project, risk.pk, can_edit_project(request.user, project))


@require_safe
@login_required
def risk_detail(request, slug, pk):
    project, risk = _project_and_risk(request, slug, pk)
    return _detail_page(request, project, risk)


def _detail_page(request, project, risk, action_form=None):
    can_edit = can_edit_project(request.user, project)
    matrix = matrix_for(project)
    risk = _decorate(
        register_rows(project).select_related("actionee", "raised_by", "deliverable").get(pk=risk.pk),
        matrix,
        timezone.localdate(),
    )
    return render(
        request,
        "risks/registers/risk_detail.html",
        {
            "project": project,
            "risk": risk,
            "matrix": matrix,
            "actions": risk.actions.select_related("owner"),
            "action_form": action_form or (forms.RiskActionForm() if can_edit else None),
            "history_rows": history.history_of(risk, request.user, limit=20),
            "can_edit": can_edit,
            "back": ("risks:risk_register", "risk register"),
        },
    )


def _form_page(request, project, form, title, *, entry=None, conflict=None, back, intro=""):
    return render(
        request,
        "risks/registers/form_page.html",
        {
            "project": project,
            "form": form,
            "title": title,
            "entry": entry,
            "conflict": conflict,
            "back": back,
            "intro": intro,
            "history_rows": history.history_of(entry, request.user, limit=20)
            if entry is not None and entry.pk
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_new(request, slug):
    project = get_project_for_user(request, slug, write=True)
    form = forms.RiskForm(
        request.POST or None,
        project=project,
        matrix=matrix_for(project),
        initial={"raised_on": timezone.localdate(), "raised_by": _person(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            risk = actions.create_risk(form.save(commit=False), request.user)
        except (GovernanceError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request, f"Risk {risk.reference} raised: scored {risk.residual_score} ({risk.residual_rag})."
            )
            return redirect("risks:risk_detail", slug=project.slug, pk=risk.pk)
    return _form_page(
        request,
        project,
        form,
        "Raise a risk",
        back=("risks:risk_register", "risk register"),
        intro="It is numbered when it is saved. Its scores and RAG follow from the likelihood and impact you choose.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def risk_edit(request, slug, pk):
    """The whole risk on its own page; with htmx, the register row's fields in place (no page reload)."""
    project, risk = _project_and_risk(request, slug, pk, write=True)
    in_row = bool(request.htmx) or request.POST.get("in_row") == "1"
    form_class = forms.RiskRowForm if in_row else forms.RiskForm
    form = form_class(request.POST or None, instance=risk, project=project, matrix=matrix_for(project))
    conflict = None
    if request.method == "POST" and form.is_valid():
        # A save from an older version is merged with the other person's (governance.editing).
        saved, conflict = editing.save_if_current(
            request,
            form,
            risk,
            lambda: actions.save_risk(form.save(commit=False), form.cleaned_data["version"], request.user),
        )
        if saved is not None:
            if request.htmx:
                return _row(request, project, saved.pk, can_edit=True)
            messages.success(request, f"{saved.reference} saved.")
            return redirect(f"{reverse('risks:risk_register', args=[project.slug])}#risk-{saved.pk}")
    if request.htmx:
        editing.focus_first_field(form)  # the "Change" link the user followed is gone
        return render(
            request,
            "risks/registers/_risk_row_form.html",
            {"risk": risk, "project": project, "form": form, "conflict": conflict},
        )
    return _form_page(
        request,
        project,
        form,
        f"Change {risk.reference}",
        entry=risk,
        conflict=conflict,
        back=("risks:risk_register", "risk register"),
    )


@require_POST
@login_required
def risk_action_new(request, slug, pk):
    project, risk = _project_and_risk(request, slug, pk, write=True)
    form = forms.RiskActionForm(request.POST)
    if form.is_valid():
        try:
            actions.add_risk_action(risk, request.user, **form.cleaned_data)
        except (GovernanceError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"Action added to {risk.reference}.")
            return redirect(f"{reverse('risks:risk_detail', args=[project.slug, risk.pk])}#actions")
    return _detail_page(request, project, risk, action_form=form)


@require_POST
@login_required
def risk_action_done(request, slug, pk, action_pk):
    project, risk = _project_and_risk(request, slug, pk, write=True)
    action = get_object_or_404(RiskAction, risk=risk, pk=action_pk)
    try:
        actions.complete_risk_action(action, request.user)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Action on {risk.reference} marked done.")
    return redirect(f"{reverse('risks:risk_detail', args=[project.slug, risk.pk])}#actions")


# -------------------------------------------------------------------------------------------------------- the issues

PRIORITY_RANK = Case(
    When(priority=Priority.HIGH, then=Value(1)),
    When(priority=Priority.MEDIUM, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@require_safe
@login_required
def issue_register(request, slug):
    project = get_project_for_user(request, slug)
    queryset = (
        Issue.objects.filter(project=project)
        .select_related("owner", "change_request")
        .annotate(priority_rank=PRIORITY_RANK)
    )
    filterset = filters.IssueFilter(request.GET, queryset=queryset, project=project)
    rows = filterset.qs if filterset.is_valid() else Issue.objects.none()
    sort = filterset.sort_in_force()
    return render(
        request,
        "risks/registers/issue_register.html",
        {
            "project": project,
            "filter": filterset,
            "form": filterset.form,
            "page_obj": _page(request, rows),
            "sort": sort,
            "sort_links": sort.links(),
            "can_edit": can_edit_project(request.user, project),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def issue_new(request, slug):
    project = get_project_for_user(request, slug, write=True)
    form = forms.IssueForm(
        request.POST or None,
        project=project,
        initial={"raised_on": timezone.localdate(), "raised_by": _person(request.user), "owner": _person(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue = actions.create_issue(form.save(commit=False), request.user)
        except (GovernanceError, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"Issue {issue.reference} logged.")
            return redirect(f"{reverse('risks:issue_register', args=[project.slug])}#issue-{issue.pk}")
    return _form_page(
        request,
        project,
        form,
        "Log an issue",
        back=("risks:issue_register", "issue register"),
        intro="It is numbered when it is saved.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def issue_edit(request, slug, pk):
    project = get_project_for_user(request, slug, write=True)
    issue = get_object_or_404(Issue.objects.select_related("project"), project=project, pk=pk)
    form = forms.IssueForm(request.POST or None, instance=issue, project=project)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = editing.save_if_current(
            request,
            form,
            issue,
            lambda: actions.save_issue(form.save(commit=False), form.cleaned_data["version"], request.user),
        )
        if saved is not None:
            messages.success(request, f"{saved.reference} saved.")
            return redirect(f"{reverse('risks:issue_register', args=[project.slug])}#issue-{saved.pk}")
    return _form_page(
        request,
        project,
        form,
        f"Change {issue.reference}",
        entry=issue,
        conflict=conflict,
        back=("risks:issue_register", "issue register"),
    )


# ---------------------------------------------------------------------------------------------------- the heat map


def _heatmap_link(project, stage):
    base = reverse("risks:risk_register", args=[project.slug])

    def link_for(likelihood, impact):
        query = {"status": Status.OPEN, f"{stage}_likelihood": likelihood, f"{stage}_impact": impact}
        return f"{base}?{urlencode(query)}"

    return link_for


@require_safe
@login_required
def heatmap_page(request, slug):
    project = get_project_for_user(request, slug)
    matrix = matrix_for(project)
    levels = list(
        Risk.objects.filter(project=project, status=Status.OPEN).values_list(
            "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"
        )
    )
    maps = []
    for stage, title in (("residual", "Residual risk"), ("inherent", "Inherent risk")):
        pairs = [(il, ii) if stage == "inherent" else (rl, ri) for il, ii, rl, ri in levels]
        counts = heatmap.count_cells(pairs, matrix.size)
        link_for = _heatmap_link(project, stage)
        maps.append(
            {
                "stage": stage,
                "title": title,
                "svg": heatmap.heatmap_svg(matrix, counts, link_for, title=title, id_prefix=f"heatmap-{stage}"),
                "rows": heatmap.grid(matrix, counts, link_for),
                "total": sum(counts.values()),
            }
        )
    return render(
        request,
        "risks/registers/heatmap.html",
        {
            "project": project,
            "matrix": matrix,
            "maps": maps,
            "impact_labels": list(enumerate(matrix.impact_labels, start=1)),
            "open_count": len(levels),
        },
    )


# ------------------------------------------------------------------------------------------------------- the matrix


def _matrix_row(project):
    """The project's own matrix row; or, for a project that has none, a new one copied from its programme's (or the
    default), which is saved only when the project leader changes it."""
    own = RiskMatrix.objects.filter(project=project).first()
    if own is not None:
        return own, "own"
    parent = RiskMatrix.objects.filter(project=project.parent).first() if project.parent_id else None
    if parent is not None:
        copy = RiskMatrix(project=project)
        for name in ("size", "likelihood_labels", "impact_labels", "green_up_to", "amber_up_to", "appetite"):
            setattr(copy, name, getattr(parent, name))
        return copy, "programme"
    return RiskMatrix(project=project), "default"


@require_http_methods(["GET", "POST"])
@login_required
def matrix_page(request, slug):
    project = get_project_for_user(request, slug, write=request.method == "POST")
    row, source = _matrix_row(project)
    can_edit = can_edit_project(request.user, project)
    form = None
    if can_edit:
        form = forms.MatrixForm(
            request.POST or None, instance=row, initial={"edit_token": history.edit_token(row) if row.pk else ""}
        )
    conflict = None
    if request.method == "POST" and form.is_valid():
        result, conflict = editing.save_if_fresh(
            request, form, row, lambda: actions.save_matrix(form.save(commit=False), request.user)
        )
        if result is not None:
            _, changed = result
            messages.success(
                request,
                f"The risk matrix is saved. {len(changed)} risk{'' if len(changed) == 1 else 's'} re-scored"
                f"{': ' + ', '.join(r.reference for r in changed) if changed else ''}.",
            )
            return redirect("risks:matrix", slug=project.slug)
    shown = matrix_for(project)
    return render(
        request,
        "risks/registers/matrix.html",
        {
            "project": project,
            "matrix": shown,
            "source": source,
            "rows": heatmap.grid(shown, {}, lambda likelihood, impact: ""),
            "impact_labels": list(enumerate(shown.impact_labels, start=1)),
            "form": form,
            "conflict": conflict,
            "can_edit": can_edit,
            "history_rows": history.history_of(row, request.user, limit=10) if row.pk else None,
        },
    )
