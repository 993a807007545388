"""Screenshots of the main pages for the README (docs/screenshots/), taken afresh on every run of the suite so that
they show the service as it is. A desktop browser window 1280 pixels wide: the whole window for the home page, else
the page's main content (or one panel of it) down to at most 1000 pixels, reduced to 256 colours so that the files
stay small."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image

from governance import meeting_actions
from governance.models import AttendanceStatus, Body, Meeting, Membership
from projects.models import Project
from tests.access.public import agenda_for, make_meeting, minutes_for
from tests.browser.conftest import ROOT, Visitor, publish_last_months_highlight_report

SCREENSHOTS = ROOT / "docs" / "screenshots"
WINDOW = {"width": 1280, "height": 1000}
LARGEST = 400_000  # bytes
MARGIN = 16  # pixels of the page around a cropped part


def save(png, name):
    """The screenshot as an 8-bit palette PNG in docs/screenshots/; returns its path."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    path = SCREENSHOTS / f"{name}.png"
    image.save(path, optimize=True)
    return path


@pytest.fixture
def screenshots(server, new_context):
    """Take a screenshot of what a visitor sees: shoot(username or None, path, name, text the page must show,
    part: a selector for the part of the page to show, None for the whole window)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visitors, taken = {}, []

    def shoot(username, path, name, expect, part="main"):
        if username not in visitors:
            visitors[username] = Visitor(new_context(viewport=WINDOW).new_page())
            if username:
                visitors[username].sign_in(username)
        visitor = visitors[username]
        visitor.open(path)
        visitor.check_assets()
        page = visitor.page
        assert expect in visitor.text(), f"{path} does not show {expect!r}"
        options = {"animations": "disabled", "caret": "hide"}
        if part:
            box = page.locator(part).first.bounding_box()
            left, top = max(0, box["x"] - MARGIN), max(0, box["y"] - MARGIN)
            clip = {
                "x": left,
                "y": top,
                "width": min(box["width"] + 2 * MARGIN, WINDOW["width"] - left),
                "height": min(box["height"] + 2 * MARGIN, WINDOW["height"]),
            }
            png = page.screenshot(full_page=True, clip=clip, **options)
        else:
            png = page.screenshot(**options)
        taken.append(save(png, name))

    yield shoot
    for path in taken:
        size = path.stat().st_size
        assert 0 < size <= LARGEST, f"{path.name} is {size} bytes"
        width, height = Image.open(path).size
        assert width <= WINDOW["width"] and height <= WINDOW["height"], f"{path.name} is {width}×{height}"


def test_screenshots_of_the_main_pages(screenshots):
    users = get_user_model().objects
    secretariat = users.get(username="admin.staff")
    project = Project.objects.get(slug="hcrc")
    report = publish_last_months_highlight_report()

    # The Project Board's next meeting, with two of its members signed in as present, so that the quorum panel has
    # something to say.
    board = Body.objects.get(slug="project-board")
    meeting = Meeting.objects.filter(body=board, starts_at__gte=timezone.now()).order_by("starts_at").first()
    members = Membership.objects.filter(body=board, person__isnull=False).select_related("person")
    for membership in members[:2]:
        meeting_actions.record_attendance(meeting, membership.person, AttendanceStatus.PRESENT, secretariat)

    strategic = Body.objects.get(slug="strategic-group")
    public_meeting = make_meeting(strategic, -7)
    _agenda, (item,) = agenda_for(public_meeting, {"title": "Market position statement"})
    minutes_for(public_meeting, {item: "Members welcomed the statement."})

    screenshots("project.leader", "/", "home", "Home", part=None)
    screenshots("project.leader", f"/projects/{project.slug}/plan/", "plan", "Plan")
    screenshots("project.leader", f"/risks/{project.slug}/risks/", "risk-register", "Risk register")
    screenshots("project.leader", f"/risks/{project.slug}/heat-map/", "heat-map", "Heat map")
    screenshots("admin.staff", meeting.get_absolute_url(), "meeting", "Agenda")
    screenshots("admin.staff", meeting.get_absolute_url(), "meeting-quorum", "Quorum", part="#quorum-live")
    screenshots("councillor", "/projects/papers/", "papers-for-me", "Papers")
    screenshots("councillor", report.get_absolute_url(), "highlight-report", "Highlight report")
    screenshots(None, f"/public/meetings/{public_meeting.pk}/", "public-meeting", "Market position statement")
