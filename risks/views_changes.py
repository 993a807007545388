"""What changed in a programme or project between two dates: every change to its records (the project itself, its
phases, work-streams, deliverables, change requests, benefits, lessons, highlight reports, risks and issues, and those
of a programme's projects), newest first, filtered by who made it and by the kind of record, with a count per kind.

It lives in risks because risks sees projects (risks -> projects -> governance). The rows come from
governance.history, the same readable diff as every record's history; the page takes the same number of queries
however many changes it lists.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from governance import history
from governance.permissions import sees_all_bodies
from projects.models import (
    Benefit,
    ChangeRequest,
    Deliverable,
    HighlightReport,
    Lesson,
    Phase,
    Project,
    ReportStatus,
    Workstream,
)
from projects.permissions import can_edit_project, get_project_for_user
from risks.models import Issue, Risk

PAGE_SIZE = 25
# The kinds of record the page covers, in the order the filter lists them.
KINDS = {
    "project": Project,
    "phase": Phase,
    "workstream": Workstream,
    "deliverable": Deliverable,
    "change_request": ChangeRequest,
    "benefit": Benefit,
    "lesson": Lesson,
    "highlight_report": HighlightReport,
    "risk": Risk,
    "issue": Issue,
}


def sources_for(user, project):
    """{kind: the history of the project's records of that kind}, limited to what the user may see."""
    scope = Project.objects.filter(Q(pk=project.pk) | Q(parent=project)).values("pk")
    sources = {
        kind: model.history.filter(**({"id__in": scope} if model is Project else {"project_id__in": scope}))
        for kind, model in KINDS.items()
    }
    # Draft highlight reports are for those who keep the project and staff (projects.report_actions.may_see_report).
    if not (can_edit_project(user, project) or sees_all_bodies(user)):
        published = HighlightReport.objects.filter(project__in=scope, status=ReportStatus.PUBLISHED).values("pk")
        sources["highlight_report"] = sources["highlight_report"].filter(id__in=published)
    return sources


def people_who_changed(sources):
    """The users who made any of these changes, by name."""
    parts = [queryset.order_by().values("history_user_id") for queryset in sources.values()]
    ids = parts[0].union(*parts[1:]).order_by()
    users = get_user_model().objects.filter(pk__in=[row["history_user_id"] for row in ids if row["history_user_id"]])
    return sorted(users, key=lambda user: (user.get_full_name() or user.username).lower())


class ProjectChangesForm(history.PeriodForm):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"] = forms.TypedChoiceField(
            label="Who",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "Anyone"), *((user.pk, user.get_full_name() or user.username) for user in people)],
            error_messages={"invalid_choice": "Choose someone from the list: nobody else changed these records."},
        )
        self.fields["kind"] = forms.ChoiceField(
            label="Kind of record",
            required=False,
            choices=[
                ("", "Any"),
                *((kind, capfirst(model._meta.verbose_name_plural)) for kind, model in KINDS.items()),
            ],
            error_messages={"invalid_choice": "Choose a kind of record from the list."},
        )
        for name in ("who", "kind"):
            self.fields[name].widget.attrs["class"] = "govuk-select"


@require_safe
@login_required
def project_changes(request, slug):
    project = get_project_for_user(request, slug)
    sources = sources_for(request.user, project)
    form = ProjectChangesForm(request.GET, people=people_who_changed(sources))
    counts, page_obj, rows = [], None, []
    if form.is_valid():
        start, end = form.period()
        who, kind = form.cleaned_data["who"], form.cleaned_data["kind"]
        chosen = {}
        for name, queryset in sources.items():
            queryset = history.in_period(queryset, start, end)
            if who is not None:
                queryset = queryset.filter(history_user_id=who)
            chosen[name] = queryset
        counts = [
            (kind_name, capfirst(KINDS[kind_name]._meta.verbose_name_plural), queryset.count())
            for kind_name, queryset in chosen.items()
        ]
        if kind:
            chosen = {kind: chosen[kind]}
        page_obj = Paginator(history.timeline(chosen), PAGE_SIZE).get_page(request.GET.get("page"))
        page_obj.elided_range = list(
            page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        )
        rows = history.rows_with_previous(history.records_of(page_obj.object_list, sources), request.user)
    return render(
        request,
        "risks/changes/project.html",
        {"project": project, "form": form, "counts": counts, "page_obj": page_obj, "rows": rows},
    )
