"""Quorum: is a meeting quorate under its terms of reference, and if not, what is short.

A plain module: no database access. It takes the rules (from the terms of reference in force), the seats on the body
and who is present, and returns a result with every shortfall in words, as the seeds put them:

- Strategic Home Care Commissioning Group ToR 3.3: "quorate when at least 5 members are in attendance, to include
  representation at a minimum of 2 Councillors, 2 Providers, and a Service User"; 3.5: deputies "must have authority
  to speak on behalf of the organisation or stakeholder group they represent".
- Home Care/PA Commissioning Board ToR 3.2: "quorate when the Project Sponsor (Chair) and 2 other decision-makers
  are in attendance"; 3.3: deputies "must have delegated decision making powers".

Counting rules:
- Only seats that count towards quorum count (in-attendance officers, reporting officers, meeting support, guests
  and non-voting co-opted members never do).
- A named deputy counts in the principal's place only when the principal is absent, and only when the deputy's
  authority is at least what the rules require.
- A person counts once, however many seats they hold or stand in for: each present person fills at most one seat,
  and the evaluator picks the assignment that leaves the smallest shortfall.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field


class Authority(enum.IntEnum):
    """What a named deputy may do in the principal's place. Higher includes lower."""

    NONE = 0
    SPEAK = 1
    DECIDE = 2


# Role tokens that quorum rules may require. They match governance.models.Role values where they overlap.
CHAIR = "chair"
DEPUTY_CHAIR = "deputy_chair"
PROJECT_SPONSOR = "project_sponsor"
PROJECT_EXECUTIVE = "project_executive"

ROLE_LABELS = {
    CHAIR: "the Chair",
    DEPUTY_CHAIR: "the Deputy Chair",
    PROJECT_SPONSOR: "the Project Sponsor",
    PROJECT_EXECUTIVE: "the Project Executive",
}


@dataclass(frozen=True)
class Seat:
    """A seat on the body: one membership. `person` is None for a vacant ("to be confirmed") seat."""

    key: Hashable
    person: Hashable | None
    roles: frozenset[str] = frozenset()
    constituency: str = ""
    counts: bool = True
    decision_maker: bool = False
    deputy: Hashable | None = None
    deputy_authority: Authority = Authority.NONE
    label: str = ""

    @property
    def vacant(self) -> bool:
        return self.person is None


@dataclass(frozen=True)
class Rules:
    """Quorum rules as they stand on a terms of reference version."""

    min_members: int = 0
    min_per_constituency: Mapping[str, int] = field(default_factory=dict)
    required_roles: tuple[str, ...] = ()
    min_other_decision_makers: int = 0
    deputy_authority_required: Authority = Authority.DECIDE
    constituency_labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """constituency -> (singular, plural) used in messages, e.g. ("Councillor", "Councillors")."""


@dataclass(frozen=True)
class Counted:
    """One present person counted in one seat, in their own right or as a deputy."""

    person: Hashable
    seat: Seat
    as_deputy: bool


@dataclass(frozen=True)
class Result:
    quorate: bool
    shortfalls: tuple[str, ...]
    counted: tuple[Counted, ...]
    members_present: int

    def __bool__(self) -> bool:
        return self.quorate


# Above this many people with a choice of seat the exhaustive search gives way to a greedy pass. Real boards have at
# most a handful of such people (deputies who also sit in their own right), so this is a safety valve only.
_EXHAUSTIVE_LIMIT = 12


def evaluate(rules: Rules, seats: Iterable[Seat], present: Iterable[Hashable]) -> Result:
    """Evaluate quorum for the people present (person keys) against the seats and rules."""
    seats = [seat for seat in seats if not seat.vacant]
    present = set(present)
    options = _seat_options(rules, seats, present)

    fixed = {person: opts[0] for person, opts in options.items() if len(opts) == 1}
    choosers = sorted((p for p, opts in options.items() if len(opts) > 1), key=repr)

    best = None
    if len(choosers) <= _EXHAUSTIVE_LIMIT:
        choices = [options[p] for p in choosers]
        for combo in itertools.product(*choices):
            assignment = dict(fixed)
            assignment.update((p, c) for p, c in zip(choosers, combo, strict=True) if c is not None)
            if len({c.seat.person for c in assignment.values()}) < len(assignment):
                continue  # two people counted for the same member: a member counts once
            candidate = _assess(rules, assignment)
            if best is None or candidate[0] < best[0]:
                best = candidate
                if candidate[0] == (0, 0):
                    break
    else:
        assignment = dict(fixed)
        for person in choosers:
            taken = {c.seat.person for c in assignment.values()}
            allowed = [c for c in options[person] if c is None or c.seat.person not in taken] or [None]
            choice = min(allowed, key=lambda c: _assess(rules, _with(assignment, person, c))[0])
            if choice is not None:
                assignment[person] = choice
        best = _assess(rules, assignment)

    if best is None:  # nobody who counts is present
        best = _assess(rules, {})
    _, shortfalls, counted = best
    return Result(
        quorate=not shortfalls,
        shortfalls=tuple(shortfalls),
        counted=tuple(sorted(counted, key=lambda c: repr(c.seat.key))),
        members_present=len({c.seat.person for c in counted}),
    )


def _with(assignment, person, choice):
    return assignment if choice is None else {**assignment, person: choice}


def _seat_options(rules, seats, present):
    """For each present person, the seats they could be counted in (own seats, or an absent principal's)."""
    present_principals = {seat.person for seat in seats if seat.person in present}
    options: dict[Hashable, list[Counted]] = {}
    for seat in seats:
        if not seat.counts:
            continue
        if seat.person in present:
            options.setdefault(seat.person, []).append(Counted(seat.person, seat, as_deputy=False))
        elif (
            seat.deputy is not None
            and seat.deputy in present
            and seat.person not in present_principals
            and seat.deputy_authority >= rules.deputy_authority_required
        ):
            options.setdefault(seat.deputy, []).append(Counted(seat.deputy, seat, as_deputy=True))
    # Two options that fill seats of the same principal are the same seat for counting: keep distinct seats only.
    # Sorted by seat key so that the order the seats come in cannot change the result.
    options = {person: sorted(_dedupe(opts), key=lambda c: repr(c.seat.key)) for person, opts in options.items()}
    # An absent member counts once, however many of their seats have a deputy present: where two people could stand
    # in for the same member, each may also go uncounted (None), so that only one of them counts for that member.
    claimants: dict[Hashable, set] = {}
    for person, opts in options.items():
        for opt in opts:
            claimants.setdefault(opt.seat.person, set()).add(person)
    for opts in options.values():
        if any(len(claimants[opt.seat.person]) > 1 for opt in opts):
            opts.append(None)
    return options


def _dedupe(opts):
    seen, out = set(), []
    for opt in opts:
        if opt.seat.key not in seen:
            seen.add(opt.seat.key)
            out.append(opt)
    return out


def _assess(rules: Rules, assignment: Mapping[Hashable, Counted]):
    """Score an assignment of people to seats: ((units short, required roles unfilled), messages, counted).

    Between two assignments equally short, the one that fills the required roles wins: "needs 1 more other
    decision-maker" (any decision-maker will do) rather than "the Project Sponsor ... must be present".
    """
    counted = list(assignment.values())
    # Count principals, not seats: one absent principal's two seats filled by two deputies still count once.
    principals = {c.seat.person for c in counted}

    short = roles_short = 0
    messages: list[str] = []

    decision_makers = {c.seat.person for c in counted if c.seat.decision_maker}
    # Who fills each required role: a holder who is not a decision-maker if there is one (leaving the decision-makers
    # as "others"); otherwise the fewest decision-makers that between them fill the roles. Not "whoever came first".
    only_decision_makers = []
    for role in rules.required_roles:
        holders = {c.seat.person for c in counted if role in c.seat.roles}
        if holders:
            if holders <= decision_makers:
                only_decision_makers.append(sorted(holders, key=repr))
        else:
            short += 1
            roles_short += 1
            label = ROLE_LABELS.get(role, role.replace("_", " "))
            authority = (
                "delegated powers" if rules.deputy_authority_required >= Authority.DECIDE else "authority to speak"
            )
            messages.append(f"{label} or a deputy with {authority} must be present")

    required_fillers = min((set(f) for f in itertools.product(*only_decision_makers)), key=len)

    if rules.min_other_decision_makers:
        others = decision_makers - required_fillers
        missing = rules.min_other_decision_makers - len(others)
        if missing > 0:
            short += missing
            noun = "decision-maker" if missing == 1 else "decision-makers"
            other = " other" if rules.required_roles else ""
            messages.append(f"needs {missing} more{other} {noun}")

    for constituency, minimum in rules.min_per_constituency.items():
        have = len({c.seat.person for c in counted if c.seat.constituency == constituency})
        missing = minimum - have
        if missing > 0:
            short += missing
            singular, plural = rules.constituency_labels.get(constituency, (constituency, constituency))
            messages.append(f"needs {missing} more {singular if missing == 1 else plural}")

    missing = rules.min_members - len(principals)
    if missing > 0:
        short += missing
        messages.append(
            f"needs {missing} more member{'' if missing == 1 else 's'} present (at least {rules.min_members})"
        )

    return (short, roles_short), messages, counted
