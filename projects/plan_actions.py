"""Changes to a project's plan. Each saves with the acting user in history; a deliverable edit made from an older
version of the deliverable is refused, with what the other person changed, so that no update is lost."""

from django.db import transaction
from django.db.models import Max

from governance import versioning
from governance.actions import GovernanceError, _save
from projects.models import Deliverable, DeliverableStatus

# Kept under its own name for the views; the mechanism is governance.versioning.
StaleDeliverable = versioning.StaleVersion


@transaction.atomic
def save_deliverable(deliverable, expected_version, by, reason="Changed on the plan"):
    """Save `deliverable` (already carrying the user's changes) if nobody has saved it since `expected_version`.

    1. Lock the row, so that two saves of the same deliverable run one after the other.
    2. Compare the stored version with the version the user's form was built from; refuse if it moved on.
    3. Keep status and % complete consistent, bump the version and save with history.
    """
    return versioning.save_versioned(deliverable, expected_version, by, reason, adjust=_keep_completion_consistent)


def _keep_completion_consistent(deliverable, stored):
    if deliverable.status == DeliverableStatus.COMPLETE:
        deliverable.percent_complete = 100
        deliverable.completed_on = deliverable.completed_on or _today()
    elif stored.status == DeliverableStatus.COMPLETE:
        deliverable.completed_on = None


def _today():
    from django.utils import timezone

    return timezone.localdate()


@transaction.atomic
def add_deliverable(project, workstream, by, **fields):
    if workstream.project_id != project.pk:
        raise GovernanceError("That work-stream is not part of this project.")
    position = (workstream.deliverables.aggregate(Max("position"))["position__max"] or 0) + 1
    depends_on = fields.pop("depends_on", None)
    deliverable = _save(
        Deliverable(project=project, workstream=workstream, position=position, **fields), by, "Added to the plan"
    )
    if depends_on:
        deliverable.depends_on.set(depends_on)
    return deliverable


@transaction.atomic
def move_deliverable(deliverable, direction, by):
    """Swap with the neighbour above (-1) or below (+1) in its work-stream, then number them 1, 2, 3 ..."""
    rows = list(deliverable.workstream.deliverables.select_for_update().order_by("position", "id"))
    index = [d.pk for d in rows].index(deliverable.pk)
    other = index + direction
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row.version += 1
            _save(row, by, "Reordered")


def check_dependencies(deliverable, depends_on):
    """A deliverable cannot depend on itself or on anything that depends on it (no cycles in the diagram)."""
    wanted = {d.pk for d in depends_on}
    if deliverable.pk in wanted:
        raise GovernanceError("A deliverable cannot depend on itself.")
    seen, frontier = set(), {deliverable.pk}
    while frontier:
        needed_by = set(
            Deliverable.depends_on.through.objects.filter(to_deliverable__in=frontier).values_list(
                "from_deliverable", flat=True
            )
        )
        frontier = needed_by - seen
        seen |= needed_by
    clash = wanted & seen
    if clash:
        names = ", ".join(Deliverable.objects.filter(pk__in=clash).values_list("title", flat=True))
        raise GovernanceError(f"That would make a loop: {names} already depends on this deliverable.")
