"""The subject-access export of a person, for admin staff: a page saying what it holds, and the JSON and PDF."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from governance import permissions, personal_data
from governance.models import Person

log = logging.getLogger(__name__)


def _download(content, content_type, person, extension):
    response = HttpResponse(content, content_type=content_type)
    name = f"subject-access-{person.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
@never_cache
def subject_access(request, pk):
    person = get_object_or_404(Person.objects.select_related("user", "organisation"), pk=pk)
    if not permissions.is_admin_staff(request.user):
        # Those who may open the person's page learn only that the export is not theirs to make; others get 404,
        # as for the page itself.
        if permissions.sees_all_bodies(request.user) or person.user_id == request.user.pk:
            raise PermissionDenied("Only admin staff make subject-access exports.")
        raise Http404("No such person.")
    download = request.GET.get("download", "")
    if download not in ("", "json", "pdf"):
        raise Http404("No such download.")
    sections = personal_data.collect(person)
    if not download:
        return render(
            request,
            "governance/personal_data/page.html",
            {
                "person": person,
                "sections": sections,
                "records": sum(len(s.records) for s in sections),
                "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
            },
        )
    log.info("Subject-access export (%s) of person %s made by user %s", download, person.pk, request.user.pk)
    doc = personal_data.document(person, sections)
    if download == "json":
        return _download(personal_data.to_json(doc), "application/json; charset=utf-8", person, "json")
    return _download(personal_data.render_pdf(doc), "application/pdf", person, "pdf")
