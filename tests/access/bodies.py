"""Access expectations for the governance structure, bodies, terms of reference and people pages."""

from governance.models import Body, Membership, Person, TermsOfReference
from tests.access.expect import ADMIN, BOARD_VIEWERS, SIGNED_IN, STAFF, STRATEGIC_VIEWERS, expect, same_for_all


def objects():
    strategic = Body.objects.get(slug="strategic-group")
    seat = Membership.objects.filter(body=strategic, person__isnull=False).first()
    return {
        "strategic": strategic,
        "tor": TermsOfReference.objects.get(body=strategic),
        "seat": seat,
        "mick": Person.objects.get(name="Mick Ward"),
    }


ROWS = {
    "home": (lambda o: {}, expect(SIGNED_IN)),
    "work_count": (lambda o: {}, expect(SIGNED_IN)),
    "healthz": (lambda o: {}, same_for_all(200)),
    "accessibility": (lambda o: {}, same_for_all(200)),
    "privacy": (lambda o: {}, same_for_all(200)),
    "login": (lambda o: {}, same_for_all(200)),
    "logout": (lambda o: {}, same_for_all(405)),  # sign-out is POST only
    "admin:index": (lambda o: {}, {**same_for_all(302), "admin_staff": 200}),
    "governance:structure": (lambda o: {}, expect(SIGNED_IN)),
    "governance:body_new": (lambda o: {}, expect(ADMIN, who_may_see=SIGNED_IN)),
    "governance:body_detail": (lambda o: {"slug": "strategic-group"}, expect(STRATEGIC_VIEWERS)),
    "governance:body_history": (lambda o: {"slug": "strategic-group"}, expect(STRATEGIC_VIEWERS)),
    "governance:body_quorum": (lambda o: {"slug": "project-board"}, expect(BOARD_VIEWERS)),
    "governance:body_edit": (lambda o: {"slug": "strategic-group"}, expect(ADMIN, who_may_see=STRATEGIC_VIEWERS)),
    "governance:membership_new": (
        lambda o: {"slug": "strategic-group"},
        expect(ADMIN, who_may_see=STRATEGIC_VIEWERS),
    ),
    "governance:membership_edit": (lambda o: {"pk": o["seat"].pk}, expect(ADMIN, who_may_see=STRATEGIC_VIEWERS)),
    "governance:tor_detail": (lambda o: {"slug": "strategic-group", "pk": o["tor"].pk}, expect(STRATEGIC_VIEWERS)),
    "governance:tor_edit": (
        lambda o: {"slug": "strategic-group", "pk": o["tor"].pk},
        expect(ADMIN, who_may_see=STRATEGIC_VIEWERS),
    ),
    "governance:tor_new": (lambda o: {"slug": "strategic-group"}, same_for_all(405)),
    "governance:tor_approve": (lambda o: {"slug": "strategic-group", "pk": o["tor"].pk}, same_for_all(405)),
    "governance:tor_compare": (lambda o: {"slug": "strategic-group"}, expect(STRATEGIC_VIEWERS)),
    "governance:people": (lambda o: {}, expect(STAFF, who_may_see=SIGNED_IN)),
    "governance:person_new": (lambda o: {}, expect(ADMIN, who_may_see=SIGNED_IN)),
    # Mick Ward's own record: he may read it; staff may read it; only admin staff may change it.
    "governance:person_detail": (lambda o: {"pk": o["mick"].pk}, expect(STAFF | {"chair"})),
    "governance:person_edit": (lambda o: {"pk": o["mick"].pk}, expect(ADMIN, who_may_see=STAFF | {"chair"})),
}
