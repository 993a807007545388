"""The project leader's plan page: phases and work-streams with their deliverables, edited in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import editing, history
from governance.actions import GovernanceError
from projects import forms_plan, permissions, plan_actions
from projects.models import Deliverable, Workstream
from projects.views_charts import timeline_for


def _deliverable_for_user(request, pk, write=False):
    deliverable = get_object_or_404(Deliverable.objects.select_related("project", "workstream"), pk=pk)
    permissions.get_project_for_user(request, deliverable.project.slug, write=write)
    return deliverable


def plan_workstreams(project):
    """Work-streams with their deliverables (owner, phase, dependencies) in a fixed number of queries."""
    deliverables = (
        Deliverable.objects.select_related("owner", "phase").prefetch_related("depends_on").order_by("position", "id")
    )
    return (
        Workstream.objects.filter(project=project)
        .select_related("lead")
        .prefetch_related("phases", Prefetch("deliverables", queryset=deliverables))
        .order_by("position", "id")
    )


@require_safe
@login_required
def plan(request, slug):
    project = permissions.get_project_for_user(request, slug)
    phases, workstreams = list(project.phases.all()), list(plan_workstreams(project))
    # The timeline is drawn from what the page has read, not read again.
    timeline = timeline_for(project, loaded=(phases, workstreams))
    return render(
        request,
        "projects/plan/plan.html",
        {
            "project": project,
            "phases": phases,
            "workstreams": workstreams,
            "can_edit": permissions.can_edit_project(request.user, project),
            "timeline": timeline,
        },
    )


def _row(request, deliverable, can_edit=True):
    """The plan row. Swapped in by htmx (after a save or a cancel), it takes the focus back to its "Change" link, so
    that a keyboard user carries on from the row they were editing."""
    return render(
        request,
        "projects/plan/partials/workstream.html#deliverable_row",
        {"d": deliverable, "can_edit": can_edit, "focus": bool(request.htmx)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def deliverable_edit(request, pk):
    """The whole deliverable on its own page; with htmx, the plan row's fields in place (no page reload)."""
    deliverable = _deliverable_for_user(request, pk, write=True)
    project = deliverable.project
    in_row = bool(request.htmx) or request.POST.get("in_row") == "1"
    form_class = forms_plan.DeliverableRowForm if in_row else forms_plan.DeliverableForm
    form = form_class(request.POST or None, instance=deliverable, project=project)
    conflict = None
    if request.method == "POST" and form.is_valid():

        def save():
            # After a merge with someone else's save, cleaned_data holds the merged values and the stored version.
            data = form.cleaned_data
            if "depends_on" in data:
                plan_actions.check_dependencies(deliverable, data["depends_on"])
            saved = plan_actions.save_deliverable(form.save(commit=False), data["version"], request.user)
            if "depends_on" in data:
                saved.depends_on.set(data["depends_on"])
            return saved

        saved, conflict = editing.save_if_current(request, form, deliverable, save)
        if saved is not None:
            if request.htmx:
                return _row(request, saved)
            messages.success(request, f"“{saved.title}” saved.")
            return redirect("projects:plan", slug=project.slug)
    if request.htmx:
        editing.focus_first_field(form)  # the "Change" link the user followed is gone
        return render(
            request,
            "projects/plan/partials/deliverable_row_form.html",
            {"d": deliverable, "form": form, "conflict": conflict},
        )
    return render(
        request,
        "projects/plan/deliverable_form.html",
        {
            "project": project,
            "deliverable": deliverable,
            "form": form,
            "conflict": conflict,
            "title": f"Change “{deliverable.title}”",
            "history_rows": history.history_of(deliverable, request.user, limit=15),
        },
    )


@require_safe
@login_required
def deliverable_row(request, pk):
    """The plan row as it stands (htmx "Cancel" on an in-place edit)."""
    deliverable = _deliverable_for_user(request, pk)
    return _row(request, deliverable, can_edit=permissions.can_edit_project(request.user, deliverable.project))


@require_http_methods(["GET", "POST"])
@login_required
def deliverable_new(request, slug):
    project = permissions.get_project_for_user(request, slug, write=True)
    link = forms_plan.NewDeliverableLinkForm(request.GET, project=project)
    form = forms_plan.DeliverableForm(request.POST or None, project=project, initial=link.preselected())
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("workstream",)}
        try:
            deliverable = plan_actions.add_deliverable(project, form.cleaned_data["workstream"], request.user, **fields)
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{deliverable.title}” added to the plan.")
            return redirect("projects:plan", slug=project.slug)
    return render(
        request,
        "projects/plan/deliverable_form.html",
        {
            "project": project,
            "form": form,
            # A POST carries the user's own choice of work-stream, whatever the link preselected.
            "link_form": link if request.method == "GET" else None,
            "title": "Add to the plan",
        },
    )


@require_POST
@login_required
def deliverable_move(request, pk):
    deliverable = _deliverable_for_user(request, pk, write=True)
    plan_actions.move_deliverable(deliverable, -1 if request.POST.get("direction") == "up" else 1, request.user)
    if request.htmx:
        workstream = plan_workstreams(deliverable.project).get(pk=deliverable.workstream_id)
        return render(
            request,
            "projects/plan/partials/workstream.html",
            {"ws": workstream, "can_edit": True, "project": deliverable.project},
        )
    return redirect("projects:plan", slug=deliverable.project.slug)
