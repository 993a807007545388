"""Every page the header links to, for each kind of visitor, has no serious or critical WCAG 2.2 A or AA violation
that axe-core can find."""

from tests.browser.conftest import Visitor, describe, serious_violations

ROLES = {
    # role: demo username, None for a member of the public
    "signed out": None,
    "councillor": "councillor",
    "admin staff": "admin.staff",
    "project leader": "project.leader",
}

# Django's own admin pages carry neither the service's styles nor GOV.UK Frontend; axe still checks them.
DJANGO_ADMIN = "/admin/"


def links_in(page, selector):
    """The distinct paths the links in `selector` open, in page order."""
    hrefs = page.locator(selector).evaluate_all("links => links.map(link => link.getAttribute('href'))")
    return list(dict.fromkeys(href for href in hrefs if href.startswith("/")))


def test_no_page_in_the_header_navigation_has_a_serious_accessibility_violation(server, new_context):
    found = []
    for role, username in ROLES.items():
        visitor = Visitor(new_context().new_page())
        if username:
            visitor.sign_in(username)
            paths = links_in(visitor.page, "header a[href]")
        else:
            # Signed out, the header offers only the service's home (which asks for a sign-in) and the sign-in page;
            # the footer's links are the pages the public may open.
            visitor.open("/public/meetings/")
            paths = links_in(visitor.page, "header a[href], footer a[href]")
        assert len(paths) > 1, f"no header links for {role}"
        for path in paths:
            visitor.open(path)
            if not path.startswith(DJANGO_ADMIN):
                visitor.check_assets()
            violations = serious_violations(visitor.page)
            if violations:
                found.append(f"{role}, {path}:\n{describe(violations)}")
    assert not found, "\n".join(found)
