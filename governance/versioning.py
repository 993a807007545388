"""Lost-update protection for records that carry a `version` number (deliverables, risks, issues).

A form remembers the version it was built from. Saving locks the stored row, compares versions, and refuses the save
when someone else saved in between, with what they changed; otherwise it bumps the version and saves with history.
Edit forms first merge the user's changes with the other person's (governance.editing.save_if_current, from the
history record at the form's version, `record_at_version`), then save from the stored version.
"""

from governance import history
from governance.actions import GovernanceError, _save


class StaleVersion(GovernanceError):
    """The record was saved by someone else after the user's form was built from it."""

    def __init__(self, stored, changes, name):
        self.stored = stored
        self.changes = changes
        super().__init__(
            f"Someone else changed {name} after you opened it, so your changes have not been saved. Open it again "
            "to make them."
        )


def changes_since_version(obj, version, reader):
    """History rows (newest first) of the changes made to `obj` after `version` was current, as `reader` reads them."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    newer = [r for r in records if r.version > version]
    base = next((r for r in records if r.version <= version), None)
    return history.rows_for([*newer, *([base] if base else [])], reader)[: len(newer)]


def record_at_version(obj, version):
    """The history record of `obj` as it stood at `version` (its last entry with that version), or None."""
    return obj.history.filter(version=version).order_by("-history_date", "-history_id").first()


def save_versioned(obj, expected_version, by, reason, name=None, adjust=None):
    """Save `obj` (carrying the user's changes) if the stored row is still at `expected_version`.

    1. Lock the stored row, so that two saves of the same record run one after the other (call inside a transaction).
    2. Refuse with StaleVersion, listing the other person's changes, if the version moved on.
    3. Let `adjust(obj, stored)` apply rules that depend on the stored state, bump the version and save with history.
    """
    stored = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_version is None or stored.version != expected_version:
        raise StaleVersion(stored, changes_since_version(stored, expected_version or 0, by), name or f"“{stored}”")
    if adjust is not None:
        adjust(obj, stored)
    obj.version = stored.version + 1
    return _save(obj, by, reason)
