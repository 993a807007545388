"""The project timeline (Gantt) and interdependency diagram: pages with the chart inline and a table of the same
facts, and the bare SVGs (for PDF packs).

The functions that read a project and build the charts are importable on their own, for the plan page and the PDF
packs: `timeline_data(project)`, `timeline_for(project, today=None)`, `dependency_data(project)`,
`dependencies_for(project)`. Each reads the project in a fixed number of queries, however many deliverables it has.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from projects.charts import DepNode, GanttRow, chart_range, dependency_svg, gantt_svg, layer_nodes
from projects.models import Deliverable, DeliverableKind, StreamKind
from projects.permissions import get_project_for_user

# ------------------------------------------------------------------------------------------------------- the timeline


def _deliverable_row(d):
    due, note = d.due_on, ""
    if due is None and d.due_date_from_phase and d.phase is not None:
        due, note = d.phase.ends_on, f"due at the end of Phase {d.phase.number}"
    kind = "milestone" if d.kind == DeliverableKind.MILESTONE else "deliverable"
    return GanttRow(
        label=d.title,
        kind=kind,
        starts_on=None if kind == "milestone" else d.starts_on,
        ends_on=due,
        rag=d.rag or None,
        status=d.get_status_display(),
        level=1,
        percent_complete=d.percent_complete,
        note=note,
    )


def timeline_data(project, today=None, loaded=None):
    """The rows of a project's timeline, and the dates at its edges: (rows, start, end).

    Rows: each phase; then each work-stream (a summary bar from its first start to its last due date, or over its
    phases when it has no dated deliverables) followed by its deliverables and milestones. The range is the whole
    months that hold every date (and the project's own start and end); with no dates at all, the month of `today`.
    Four queries; none when `loaded` gives the project's phases and work-streams as the plan page reads them (in
    order, with their phases and their deliverables with each one's phase prefetched)."""
    if loaded is None:
        phases = list(project.phases.all())
        workstreams = list(project.workstreams.prefetch_related("phases"))
        deliverables = list(project.deliverables.select_related("phase"))
    else:
        phases, workstreams = loaded
        deliverables = [d for ws in workstreams for d in ws.deliverables.all()]

    rows = [
        GanttRow(label=f"Phase {ph.number}: {ph.description}", kind="phase", starts_on=ph.starts_on, ends_on=ph.ends_on)
        for ph in phases
    ]
    by_stream = {}
    for d in deliverables:
        by_stream.setdefault(d.workstream_id, []).append(_deliverable_row(d))
    for ws in workstreams:
        items = by_stream.get(ws.pk, [])
        dates = [day for row in items for day in (row.starts_on, row.ends_on) if day]
        if not dates:
            dates = [day for ph in ws.phases.all() for day in (ph.starts_on, ph.ends_on)]
        rows.append(
            GanttRow(
                label=ws.name,
                kind="workstream",
                starts_on=min(dates) if dates else None,
                ends_on=max(dates) if dates else None,
                note="work package" if ws.kind == StreamKind.WORK_PACKAGE else (ws.runs or ""),
            )
        )
        rows.extend(items)

    every_date = [day for row in rows for day in (row.starts_on, row.ends_on)] + [project.starts_on, project.ends_on]
    start, end = chart_range(every_date, today=today or timezone.localdate())
    return rows, start, end


def timeline_for(project, today=None, loaded=None, **options):
    """The project's timeline as SVG markup (options go to `charts.gantt_svg`: width, id_prefix, fluid; `loaded` to
    `timeline_data`)."""
    rows, start, end = timeline_data(project, today=today, loaded=loaded)
    return gantt_svg(rows, start, end, today=today, **options)


# ------------------------------------------------------------------------------------------------- the dependencies


@dataclass(frozen=True)
class Dependency:
    """One line of the dependency table: `dependent` needs `prerequisite` (both Deliverables)."""

    dependent: Deliverable
    prerequisite: Deliverable
    circular: bool = False

    @property
    def starts_before_prerequisite_due(self):
        """The dependent is planned to start before what it needs is due: worth a look."""
        start, due = self.dependent.starts_on, self.prerequisite.due_on
        return bool(start and due and start < due)


@dataclass(frozen=True)
class DependencyData:
    nodes: list
    edges: list
    dependencies: list
    deliverable_count: int

    @property
    def unlinked_count(self):
        return self.deliverable_count - len(self.nodes)


def dependency_data(project):
    """The interdependency diagram's nodes and edges, and a table row for each dependency. Only dependencies between
    this project's own deliverables are shown (another project may be hidden from the reader); deliverables that
    neither need nor are needed by another are left out of the diagram. Three queries."""
    deliverables = list(
        project.deliverables.select_related("workstream").prefetch_related(
            Prefetch("depends_on", queryset=Deliverable.objects.filter(project=project).select_related("workstream"))
        )
    )
    edges = [(pre.pk, d.pk) for d in deliverables for pre in d.depends_on.all()]
    linked = {pk for edge in edges for pk in edge}
    nodes = [
        DepNode(
            id=d.pk,
            label=d.title,
            group=d.workstream.name,
            status=d.get_status_display(),
            rag=d.rag or None,
            kind="milestone" if d.kind == DeliverableKind.MILESTONE else "deliverable",
            due_on=d.due_on,
        )
        for d in deliverables
        if d.pk in linked
    ]
    _, broken = layer_nodes([n.id for n in nodes], edges)
    dependencies = [
        Dependency(dependent=d, prerequisite=pre, circular=(pre.pk, d.pk) in broken)
        for d in deliverables
        for pre in d.depends_on.all()
    ]
    return DependencyData(nodes=nodes, edges=edges, dependencies=dependencies, deliverable_count=len(deliverables))


def dependencies_for(project, **options):
    """The project's interdependency diagram as SVG markup (options go to `charts.dependency_svg`)."""
    data = dependency_data(project)
    return dependency_svg(data.nodes, data.edges, **options)


# ------------------------------------------------------------------------------------------------------------ views


def _svg_response(svg, filename):
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@login_required
def timeline(request, slug):
    project = get_project_for_user(request, slug)
    today = timezone.localdate()
    rows, start, end = timeline_data(project, today=today)
    return render(
        request,
        "projects/charts/timeline.html",
        {
            "project": project,
            "rows": rows,
            "start": start,
            "end": end,
            "today": today,
            "svg": gantt_svg(rows, start, end, today=today, fluid=True),
        },
    )


@require_safe
@login_required
def timeline_svg(request, slug):
    project = get_project_for_user(request, slug)
    return _svg_response(timeline_for(project, today=timezone.localdate()), f"{project.slug}-timeline.svg")


@require_safe
@login_required
def dependencies(request, slug):
    project = get_project_for_user(request, slug)
    data = dependency_data(project)
    return render(
        request,
        "projects/charts/dependencies.html",
        {"project": project, "data": data, "svg": dependency_svg(data.nodes, data.edges, fluid=True)},
    )


@require_safe
@login_required
def dependencies_svg(request, slug):
    project = get_project_for_user(request, slug)
    return _svg_response(dependencies_for(project), f"{project.slug}-dependencies.svg")
