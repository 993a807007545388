"""Access expectations for a person's own account pages: changing the password, for anyone signed in."""

from tests.access.expect import SIGNED_IN, expect


def objects():
    return {}


ROWS = {
    "password_change": (lambda o: {}, expect(SIGNED_IN)),
    "password_change_done": (lambda o: {}, expect(SIGNED_IN)),
}
