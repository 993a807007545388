"""The pages each kind of visitor reaches from the navigation, shared by the page-by-page browser checks."""

from tests.browser.conftest import Visitor

ROLES = {
    # role: demo username, None for a member of the public
    "signed out": None,
    "councillor": "councillor",
    "admin staff": "admin.staff",
    "project leader": "project.leader",
}

# Django's own admin pages carry neither the service's styles nor GOV.UK Frontend.
DJANGO_ADMIN = "/admin/"


def links_in(page, selector):
    """The distinct paths the links in `selector` open, in page order."""
    hrefs = page.locator(selector).evaluate_all("links => links.map(link => link.getAttribute('href'))")
    return list(dict.fromkeys(href for href in hrefs if href.startswith("/")))


def visitor_and_navigation(new_context, role, **context_options):
    """A visitor in a browser context of their own, signed in as `role`, and the paths their navigation offers."""
    username = ROLES[role]
    visitor = Visitor(new_context(**context_options).new_page())
    if username:
        visitor.sign_in(username)
        paths = links_in(visitor.page, "header a[href]")
    else:
        # Signed out, the header offers only the service's home (which asks for a sign-in) and the sign-in page;
        # the footer's links are the pages the public may open.
        visitor.open("/public/meetings/")
        paths = links_in(visitor.page, "header a[href], footer a[href]")
    assert len(paths) > 1, f"no header links for {role}"
    return visitor, paths
