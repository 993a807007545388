"""The "Change requests" paper of a Project Board's "Highlight report" agenda item: the change requests of each
project the body is the Project Board of, awaiting its decision. Part of the meeting, so seen by whoever may see the
meeting (404 otherwise, as for the meeting itself)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from governance.models import AgendaItem, StandingItem
from governance.permissions import can_view_meeting
from projects import paper_render


@require_safe
@login_required
def change_requests_paper(request, item_pk):
    item = get_object_or_404(
        AgendaItem.objects.select_related("agenda__meeting__body"), pk=item_pk, standing=StandingItem.HIGHLIGHT_REPORT
    )
    if not can_view_meeting(request.user, item.agenda.meeting):
        raise Http404("No such paper.")
    body = item.agenda.meeting.body
    return render(
        request,
        "projects/reports/change_requests_paper.html",
        {
            "item": item,
            "papers": [
                paper_render.change_requests_paper_context(project) for project in paper_render.boarded_projects(body)
            ],
        },
    )
