"""Who is who in the access matrix, and the expected status for each persona."""

from tests.conftest import PERSONAS

ALL = set(PERSONAS)
SIGNED_IN = ALL - {"anonymous"}
STAFF = {"project_leader", "admin_staff"}
ADMIN = {"admin_staff"}
# Who holds a seat (in any role) on the Strategic Group, or sees every body.
STRATEGIC_VIEWERS = {"councillor", "provider", "service_user", "chair", "project_executive"} | STAFF
# Who holds a seat on the Home Care/PA Commissioning Board in either capacity, or sees every body.
BOARD_VIEWERS = {"chair", "project_executive"} | STAFF


def expect(ok, *, denied=403, hidden=404, anonymous=302, who_may_see=None):
    """Expected status per persona: ok for those in `ok`; 403 for those who may see but not change it; 404 for those
    who may not know it exists; a sign-in redirect when signed out."""
    who_may_see = who_may_see if who_may_see is not None else ok
    out = {}
    for persona in ALL:
        if persona in ok:
            out[persona] = 200
        elif persona == "anonymous":
            out[persona] = anonymous
        elif persona in who_may_see:
            out[persona] = denied
        else:
            out[persona] = hidden
    return out


def same_for_all(status):
    return dict.fromkeys(ALL, status)
