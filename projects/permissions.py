"""Who may see and change a project. One place, used by every projects view.

- A project is seen by staff who see every body (admin staff, the project leader) and by members of any body that
  governs it (its board, strategic group, team). Anyone else gets 404 for it.
- The plan, reports and registers are kept by the project leader (the "Project leader" group) and by the project's
  own management lead; others who may see the project get 403 on a change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance import permissions as governance_permissions
from projects.models import Project


def projects_visible_to(user):
    if not user.is_authenticated:
        return Project.objects.none()
    if governance_permissions.sees_all_bodies(user):
        return Project.objects.all()
    bodies = governance_permissions.bodies_visible_to(user)
    return Project.objects.filter(
        Q(governing_bodies__body__in=bodies) | Q(parent__governing_bodies__body__in=bodies)
    ).distinct()


def can_view_project(user, project):
    return projects_visible_to(user).filter(pk=project.pk).exists()


def can_edit_project(user, project):
    if not user.is_authenticated:
        return False
    if user.is_superuser or governance_permissions.PROJECT_LEADER in governance_permissions._groups(user):
        return True
    person = getattr(user, "person", None)
    return person is not None and project.management_lead_id == person.pk


def get_project_for_user(request, slug, write=False):
    """Fetch a project the user may see (404 otherwise); with write=True also require edit rights (403)."""
    project = get_object_or_404(Project, slug=slug)
    if not can_view_project(request.user, project):
        raise Http404("No such project.")
    if write and not can_edit_project(request.user, project):
        raise PermissionDenied("Only the project leader may change this project.")
    return project
