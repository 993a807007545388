"""Who may see and change risks and issues: the project's rules (projects.permissions), applied to its registers."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from projects import permissions as project_permissions


def get_register_entry_for_user(request, model, pk, write=False):
    """Fetch a risk or issue whose project the user may see (404 otherwise); write=True also needs edit rights (403)."""
    entry = get_object_or_404(model.objects.select_related("project"), pk=pk)
    if not project_permissions.can_view_project(request.user, entry.project):
        raise Http404("No such entry.")
    if write:
        project_permissions.get_project_for_user(request, entry.project.slug, write=True)
    return entry


def projects_visible_to(user):
    return project_permissions.projects_visible_to(user)
