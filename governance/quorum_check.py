"""Glue between the stored quorum rules and memberships and the pure evaluator in governance.quorum."""

from governance import quorum
from governance.models import Membership, TermsOfReference


def rule_for(body, day):
    """The ToR version in force on `day` and its quorum rule for this capacity (either may be None)."""
    tor = TermsOfReference.objects.in_force_on(body, day)
    if tor is None:
        return None, None
    rule = tor.quorum_rules.prefetch_related("required_roles", "constituency_minimums").filter(body=body).first()
    return tor, rule


def seats_on(body, day):
    return list(Membership.objects.current(day).filter(body=body).select_related("person", "deputy"))


def evaluate(body, day, present_person_ids):
    """Evaluate quorum for `body` on `day` with those people present. Returns (tor, rule, result or None)."""
    tor, rule = rule_for(body, day)
    if rule is None:
        return tor, None, None
    seats = [m.as_seat() for m in seats_on(body, day)]
    return tor, rule, quorum.evaluate(rule.as_rules(), seats, present_person_ids)
