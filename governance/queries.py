"""Read helpers for governance pages: each fetches what a page shows in a fixed number of queries."""

from django.db.models import Prefetch, Q

from governance.models import Body, Membership


def seats_for_user(user):
    """The user's current seats and deputy-ships, for "my bodies" on the home page."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.current()
        .filter(Q(person__user=user) | Q(deputy__user=user))
        .select_related("body", "person", "deputy")
        .order_by("body__position", "body__name")
    )


def current_memberships(body):
    return (
        Membership.objects.current()
        .filter(body=body)
        .select_related("person", "person__organisation", "deputy")
        .order_by("position", "id")
    )


def bodies_for_chart(visible):
    """Every body with its capacities, for the governance chart."""
    return Body.objects.select_related("reports_to", "capacity_of").prefetch_related(
        Prefetch("capacities", queryset=Body.objects.order_by("position"))
    ).order_by("position", "name"), set(visible.values_list("pk", flat=True))


def tor_for_page(pk):
    """A ToR version with everything its page and its diff show, in a fixed number of queries."""
    from governance.models import QuorumRule, TermsOfReference

    return (
        TermsOfReference.objects.select_related("body")
        .prefetch_related(
            "clauses",
            "revisions",
            "distribution",
            Prefetch(
                "quorum_rules",
                queryset=QuorumRule.objects.select_related("body").prefetch_related(
                    "required_roles", "constituency_minimums"
                ),
            ),
        )
        .get(pk=pk)
    )


ROLE_GROUPS = [
    ("Chair", {"chair", "deputy_chair"}),
    ("Members", {"member", "decision_maker", "project_executive"}),
    ("Co-opted members", {"co_opted"}),
    ("In attendance and reporting", {"in_attendance", "reporting_officer"}),
    ("Meeting support", {"meeting_support"}),
]


def group_by_role(memberships):
    """Memberships grouped under headings, in the order the seed's tables use."""
    groups = []
    for heading, roles in ROLE_GROUPS:
        rows = [m for m in memberships if m.role in roles]
        if rows:
            groups.append((heading, rows))
    return groups


def presence_choices(seats):
    """(person, label) for everyone who holds a seat or is a named deputy, labelled with their role, by name."""
    labels = {}
    for seat in seats:
        if seat.person_id and seat.confirmed:
            labels.setdefault(seat.person, []).append(seat.role_label)
    for seat in seats:
        if seat.deputy_id:
            labels.setdefault(seat.deputy, []).append(f"named deputy for {seat.holder_name}")
    return [
        (person, f"{person.name} – {'; '.join(roles)}")
        for person, roles in sorted(labels.items(), key=lambda kv: kv[0].name)
    ]
