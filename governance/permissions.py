"""Who may see and change what in governance. One place, used by every view and template.

Two kinds of standing:
- a staff role, held through a Django group: admin staff (the secretariat) keep bodies, terms of reference and
  memberships; the project leader sees every body of the programme;
- membership of a body: a current member (or a member's named deputy) sees that body and its other capacities.

An outsider asking for a body they may not see gets 404, not 403, so that they do not learn it exists.
A member who may see but not change it gets 403 on a change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance.models import Body, Membership

ADMIN_STAFF = "Admin staff"
PROJECT_LEADER = "Project leader"
STAFF_ROLES = (ADMIN_STAFF, PROJECT_LEADER)


def _groups(user):
    if not hasattr(user, "_governance_groups"):
        user._governance_groups = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._governance_groups


def is_admin_staff(user):
    return user.is_authenticated and (user.is_superuser or ADMIN_STAFF in _groups(user))


def sees_all_bodies(user):
    return user.is_authenticated and (user.is_superuser or bool(_groups(user) & set(STAFF_ROLES)))


def can_edit_governance(user):
    return is_admin_staff(user)


def bodies_visible_to(user):
    """Bodies the user may open: all for staff; otherwise each body (and its capacities) where they hold a seat."""
    if not user.is_authenticated:
        return Body.objects.none()
    if sees_all_bodies(user):
        return Body.objects.all()
    seats = Membership.objects.current().filter(Q(person__user=user) | Q(deputy__user=user))
    hosts = set()
    for body_id, host_id in seats.values_list("body_id", "body__capacity_of_id"):
        hosts.add(host_id or body_id)
    return Body.objects.filter(Q(pk__in=hosts) | Q(capacity_of__in=hosts))


def within_visible_bodies(queryset, body_path, user):
    """The rows of `queryset` whose body (at `body_path`) the user may see. For those who see every body the
    queryset is left as it is: a filter on all bodies would only cost the joins up to the body."""
    if sees_all_bodies(user):
        return queryset
    return queryset.filter(**{f"{body_path}__in": bodies_visible_to(user)})


def can_view_body(user, body):
    return bodies_visible_to(user).filter(pk=body.pk).exists()


def get_body_for_user(request, slug, write=False):
    """Fetch a body the user may see (404 otherwise); with write=True also require edit rights (403)."""
    body = get_object_or_404(
        Body.objects.select_related("capacity_of", "reports_to", "refers_disagreements_to"), slug=slug
    )
    if not can_view_body(request.user, body):
        raise Http404("No such body.")
    if write and not can_edit_governance(request.user):
        raise PermissionDenied("Only admin staff may change the governance structure.")
    return body


# ---------------------------------------------------------------------------------------------------------- meetings


def can_view_meeting(user, meeting):
    """Members of the meeting's body (any capacity of it), its named deputies, and staff see the meeting, exempt
    items included."""
    return can_view_body(user, meeting.body)


def can_manage_meetings(user):
    """Admin staff schedule meetings, record attendance, draft minutes and issue agendas."""
    return is_admin_staff(user)


def can_draft_agenda(user):
    """The Project Leader drafts agendas (Board ToR); the secretariat prepares them too (Strategic Group ToR 3.13)."""
    return user.is_authenticated and (user.is_superuser or bool(_groups(user) & set(STAFF_ROLES)))


def meetings_visible_to(user):
    from governance.models import Meeting

    return Meeting.objects.filter(body__in=bodies_visible_to(user))


def get_meeting_for_user(request, pk, write=False):
    """Fetch a meeting the user may see (404 otherwise); with write=True also require admin staff (403)."""
    from governance.models import Meeting

    meeting = get_object_or_404(Meeting.objects.select_related("body", "body__capacity_of"), pk=pk)
    if not can_view_meeting(request.user, meeting):
        raise Http404("No such meeting.")
    if write and not can_manage_meetings(request.user):
        raise PermissionDenied("Only admin staff may change this meeting.")
    return meeting


def public_meetings():
    """Meetings of bodies that publish their papers; what of each is public is decided per record (issued agendas,
    approved minutes, decisions) and exempt items never are."""
    from governance.models import Meeting

    return Meeting.objects.filter(body__publishes_papers=True)
