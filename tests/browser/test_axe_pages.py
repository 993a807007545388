"""Every page the header links to, for each kind of visitor, has no serious or critical WCAG 2.2 A or AA violation
that axe-core can find."""

from tests.browser.conftest import describe, serious_violations
from tests.browser.navigation import DJANGO_ADMIN, ROLES, visitor_and_navigation


def test_no_page_in_the_header_navigation_has_a_serious_accessibility_violation(server, new_context):
    found = []
    for role in ROLES:
        visitor, paths = visitor_and_navigation(new_context, role)
        for path in paths:
            visitor.open(path)
            # Django's own admin pages carry neither the service's styles nor its script; axe still checks them.
            if not path.startswith(DJANGO_ADMIN):
                visitor.check_assets()
            violations = serious_violations(visitor.page)
            if violations:
                found.append(f"{role}, {path}:\n{describe(violations)}")
    assert not found, "\n".join(found)
