"""The three-way merge of a stale edit: what the user submitted, set against what someone else saved meanwhile.

`base` is the record as it was when the user's form was loaded, `theirs` the record as it is now, `yours` what the
user submitted; each maps a field name to a value that compares with `==` (a related record by its key, a
many-to-many field as a frozenset of keys, a file by its name). A base that is not known for a field (MISSING) means
nobody can say who changed it, so any difference is left for the user to decide.

    fields only they changed keep their value; fields only you changed take yours; fields you both changed to the
    same value are fine; fields you both changed to different values are conflicts, for the user to pick.
"""

from dataclasses import dataclass, field

MISSING = object()


@dataclass(frozen=True)
class Conflict:
    field: str
    base: object
    theirs: object
    yours: object


@dataclass
class Merge:
    # The value each field takes: theirs or yours (for a conflict, theirs until the user picks).
    values: dict
    conflicts: list = field(default_factory=list)
    # Whose value each field took: "theirs", "yours" or "both" (unchanged, or changed alike), or "conflict".
    taken: dict = field(default_factory=dict)

    @property
    def clean(self):
        return not self.conflicts

    def from_theirs(self):
        """The fields whose merged value is the other person's change (not the user's, not unchanged)."""
        return [name for name, whose in self.taken.items() if whose == "theirs"]


def three_way(base, theirs, yours, fields):
    """Merge `yours` into `theirs` against their common `base`, field by field (see the module's rule)."""
    merge = Merge(values={})
    for name in fields:
        was = base.get(name, MISSING)
        now, mine = theirs[name], yours[name]
        if now == mine:
            merge.values[name], merge.taken[name] = now, "both"
        elif was is not MISSING and mine == was:
            merge.values[name], merge.taken[name] = now, "theirs"
        elif was is not MISSING and now == was:
            merge.values[name], merge.taken[name] = mine, "yours"
        else:
            merge.values[name], merge.taken[name] = now, "conflict"
            merge.conflicts.append(Conflict(name, was, now, mine))
    return merge
