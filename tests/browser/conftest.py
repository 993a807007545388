"""Browser tests: Playwright drives Debian's Chromium against a live server holding the seeded programme.

pytest-django's live server needs a transactional database, and empties every table when each test ends; the rest of
the suite expects the seed loaded once for the whole session. So each test here loads the seed again when the test
before it emptied the database, and when the module ends the seed is loaded once more, with the suite's own password
hashers, for the tests after it (as tests/packs/test_workers.py does for its worker processes).

Chromium is Debian's (`make system-test`, run by `make test`, installs it): Playwright cannot download its own
browsers everywhere.
"""

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings
from django.utils import timezone

from governance import seed, seed_reports
from governance.models import Body
from governance.seed_data import DEMO_PASSWORD, DEMO_USERS
from projects import report_actions
from projects import seed as projects_seed
from projects.models import Project
from risks import seed as risks_seed

ROOT = Path(__file__).resolve().parent.parent.parent
# The live server answers one request at a time. Its request threads would share the test database's one connection
# (an in-memory SQLite database is one connection), so a page's own request and the header's count fetched beside it
# could meet in it ("database table is locked"). Django closes each connection after its answer when the server is not
# threaded, so the browser's parallel requests queue rather than stall.


class OneRequestAtATime(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        # The server's own thread already uses the test's connections (LiveServerThread.run sets them).
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATime
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 level A and AA, as axe-core tags its rules (it tags none `wcag22a`).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS_IMPACTS = {"serious", "critical"}
# The demo passwords are checked at every sign-in; the slow default hasher would cost a second each time.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_USERNAMES = [username for username, *_ in DEMO_USERS] + [username for username, *_ in seed_reports.DEMO_LOGINS]


# ----------------------------------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def playwright(playwright):
    """Playwright's synchronous API keeps its event loop running in this thread (in a greenlet) from the first
    browser test to the end of the session, so Django would take every later database call in this thread (the
    tests' set-up, the seed loaded again) for async code and refuse it. Nothing in the suite is async."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests drive Debian's Chromium at {CHROMIUM}: install it with `make system-test`")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages are opened by path (`page.goto("/public/meetings/")`) on the live server."""
    return live_server.url


# ------------------------------------------------------------------------------------------- the seeded programme


def load_seed():
    seed.load()
    projects_seed.load()
    risks_seed.load()


def publish_last_months_highlight_report():
    """The demo project's highlight report for last month, drafted from the plan and published by the Project Leader."""
    leader = get_user_model().objects.get(username="project.leader")
    period_end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    report = report_actions.draft_report(
        Project.objects.get(slug="hcrc"), period_end.replace(day=1), period_end, leader
    )
    report_actions.publish_report(report, leader)
    return report


def set_demo_passwords():
    """The demo users' passwords, hashed with the first hasher now in the settings (where they are not already)."""
    algorithm = get_hasher().algorithm
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES).exclude(password__startswith=f"{algorithm}$")
    for user in users:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


@pytest.fixture(scope="module")
def seed_for_the_live_server(django_db_blocker):
    """Fast password hashing while the module runs; afterwards the seed, with the usual hashers, as the suite expects.

    Module scope, so that the teardown runs after the last test's emptying of the database."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield
    with django_db_blocker.unblock():
        if Body.objects.exists():
            # No test emptied the database (they were skipped): only the passwords need putting back.
            set_demo_passwords()
        else:
            load_seed()


@pytest.fixture
def server(seed_for_the_live_server, live_server):
    """The live server, its database holding the seeded programme and the demo logins."""
    if Body.objects.exists():
        set_demo_passwords()
    else:
        load_seed()
    return live_server


# ------------------------------------------------------------------------------------------------------ the visitor


@dataclass
class Visitor:
    """Someone using the service in the browser. What goes wrong around the pages is noted in `broken`: a style or
    script request that fails or answers with an error, a script error, a message the browser logs as an error (a
    Content-Security-Policy refusal, say)."""

    page: object
    broken: list = field(default_factory=list)

    def __post_init__(self):
        # The live server answers in well under a second; Playwright's 30 s default would only delay a failure.
        self.page.set_default_timeout(10_000)
        self.page.on("response", self._check_response)
        self.page.on("requestfailed", self._check_failure)
        self.page.on("pageerror", lambda error: self.broken.append(f"script error: {error}"))
        self.page.on("console", self._check_console)

    def _check_failure(self, request):
        # A request the browser gave up because the page went on to another (the header's count, fetched once a page
        # has loaded, when the test moves on at once) is how browsers work, not a fault of the page.
        if request.failure != "net::ERR_ABORTED":
            self.broken.append(f"{request.url}: {request.failure}")

    def _check_response(self, response):
        # The page itself may rightly be a 404 or a 403; what it loads may not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"{response.url}: {response.status}")

    def _check_console(self, message):
        # Chromium logs the document's own error status too; that one is the test's to judge.
        if message.type == "error" and "the server responded with a status of" not in message.text:
            self.broken.append(f"console: {message.text}")

    def open(self, path, status=200):
        response = self.page.goto(path)
        assert response.status == status, f"{path} answered {response.status}, not {status}"
        return response

    def sign_in(self, username, password=DEMO_PASSWORD):
        """Through the sign-in page, as people do."""
        self.open("/sign-in/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("/")  # LOGIN_REDIRECT_URL
        assert self.page.get_by_role("button", name="Sign out").is_visible(), f"{username} is not signed in"

    def text(self):
        return self.page.locator("body").inner_text()

    def check_assets(self):
        """The page's styles and scripts loaded and took effect."""
        assert not self.broken, "around the page: " + "; ".join(self.broken)
        # GOV.UK Frontend's stylesheet takes the skip link out of the flow until it has focus; application.js marks
        # the body once GOV.UK Frontend's JavaScript is running.
        position = self.page.locator(".govuk-skip-link").evaluate("link => getComputedStyle(link).position")
        assert position == "absolute", "application.css is not applied"
        body_classes = self.page.locator("body").get_attribute("class")
        assert "govuk-frontend-supported" in body_classes, "application.js has not run"

    def check_page(self):
        """The page's styles and scripts work, and axe-core finds nothing serious on it."""
        self.check_assets()
        assert_no_serious_violations(self.page)


@pytest.fixture
def visitor(server, page):
    return Visitor(page)


# ---------------------------------------------------------------------------------------------------------- axe-core


def serious_violations(page):
    """axe-core's WCAG 2.2 A and AA rules run on the page as it is now: the violations of serious or critical impact."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (or `make assets`)")
    # Evaluated through the browser's debugging protocol, which the page's Content-Security-Policy does not govern
    # (a <script> tag would be refused).
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    return [violation for violation in results["violations"] if violation["impact"] in SERIOUS_IMPACTS]


def describe(violations, shown=3):
    """One line per violation: rule, impact, help and the first few elements it was found on."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        targets = ", ".join(" ".join(map(str, node["target"])) for node in nodes[:shown])
        more = f" and {len(nodes) - shown} more" if len(nodes) > shown else ""
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}{more}")
    return "\n".join(lines)


def assert_no_serious_violations(page):
    violations = serious_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{describe(violations)}"


# ---------------------------------------------------------------------------------------------------------- keyboard


def focus_is_visible(page):
    """The focused element draws a focus indicator: an outline or a box shadow (GOV.UK inputs use both)."""
    style = page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow};
        }"""
    )
    return (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none"


def focused(page):
    """What has the focus, in words, for a failing assertion's message."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const words = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60);
            return `<${el.tagName.toLowerCase()}${el.id ? ' id=' + el.id : ''}> ${words}`;
        }"""
    )


def tab_to(page, target, most=60, backwards=False):
    """Press Tab (Shift+Tab with `backwards`) until `target`, a locator, has the focus, as a keyboard user would,
    at most `most` times (none when it has the focus already); the focus must then be visible."""
    element = target.element_handle()
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(most + 1):
        if element.evaluate("element => element === document.activeElement"):
            assert focus_is_visible(page), f"{focused(page)} has the focus but shows none"
            return
        if presses < most:
            page.keyboard.press(key)
    raise AssertionError(f"{target} was not reached in {most} presses of {key}; the focus is on {focused(page)}")


def follow(page, link, most=60, backwards=False):
    """Tab to a link (or a button) and press Enter, as a keyboard user would."""
    tab_to(page, link, most, backwards)
    page.keyboard.press("Enter")
