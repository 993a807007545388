"""The demo's journeys finish with the demo logins alone, driven through the forms the pages render.

A new user signs in as each demo login in turn: the Strategic Group's agenda goes from draft to issued (every approver
in its chain has a login), and Project Board members mark a highlight report as read and are counted.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaStatus, Body, Meeting
from projects import report_actions
from projects.models import HighlightReport, ReportStatus


def _form(page, action_suffix):
    """The form on the page that posts to a URL ending with `action_suffix`."""
    forms = [f for f in page.forms.values() if (f.action or "").endswith(action_suffix)]
    assert len(forms) == 1, f"expected one form posting to …{action_suffix}, found {len(forms)}"
    return forms[0]


def _next_strategic_meeting():
    body = Body.objects.get(slug="strategic-group")
    return Meeting.objects.filter(body=body, starts_at__gte=timezone.now()).order_by("starts_at").first()


@pytest.mark.django_db
def test_the_strategic_group_agenda_goes_from_draft_to_issued_with_the_demo_logins(
    django_app, django_capture_on_commit_callbacks
):
    meeting = _next_strategic_meeting()
    agenda = meeting.agendas.get(supplement=0)
    assert agenda.status == AgendaStatus.DRAFT
    url = meeting.get_absolute_url()

    # Drafted: the project leader adds an item to the seeded draft and sends it for approval.
    page = django_app.get(reverse("governance:item_new", args=[agenda.pk]), user="project.leader")
    form = next(f for f in page.forms.values() if "title" in f.fields)
    form["title"] = "Quality assurance of the consultation"
    form["purpose"] = "discussion"
    page = form.submit().follow()
    assert "Item added." in page.text
    page = _form(page, "/submit/").submit().follow()
    assert "Sent for approval." in page.text
    assert "waiting for Mick Ward" in page.text

    # The Chair may not approve before the Project Sponsor (ToR 3.13: the Project Sponsor, then the Chair).
    assert not [f for f in django_app.get(url, user="adam.ogilvie").forms.values() if f.action.endswith("/approve/")]

    page = _form(django_app.get(url, user="chair"), "/approve/").submit().follow()
    assert "Approved." in page.text
    assert "waiting for Cllr Adam Ogilvie" in page.text

    page = _form(django_app.get(url, user="adam.ogilvie"), "/approve/").submit().follow()
    assert "Approved." in page.text
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.APPROVED

    # Issued by admin staff. The reason is recorded only if the deadline has passed (the seeded meeting is on the
    # body's cycle, so it may be near).
    form = _form(django_app.get(url, user="admin.staff"), "/issue/")
    form["late_reason"] = "Demo meeting scheduled inside the notice period"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit().follow()
    assert "Issued." in page.text
    agenda.refresh_from_db()
    assert agenda.status == AgendaStatus.ISSUED

    trail = [(a.decision, a.by.username, a.role) for a in agenda.approvals.order_by("at", "pk")]
    assert trail == [
        ("submitted", "project.leader", "Drafter"),
        ("approved", "chair", "Project Sponsor"),
        ("approved", "adam.ogilvie", "Chair"),
        ("issued", "admin.staff", "Admin staff"),
    ]
    # The members' demo addresses receive it, so the console backend shows the message in the demo.
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"adam.ogilvie@example.org", "ann.blackburn@example.org", "louise.copley@example.org"} <= recipients
    assert all(address.endswith("@example.org") for address in recipients)


def _minutes_form(page, action):
    forms = [f for f in page.forms.values() if "action" in f.fields and f["action"].value == action]
    assert len(forms) == 1, f"expected one {action!r} form on the minutes page, found {len(forms)}"
    return forms[0]


@pytest.mark.django_db
def test_the_strategic_group_minutes_are_approved_by_its_chair_with_the_demo_login(
    django_app, django_capture_on_commit_callbacks
):
    meeting = _next_strategic_meeting()
    url = reverse("governance:minutes", args=[meeting.pk])
    page = _minutes_form(django_app.get(url, user="admin.staff"), "start").submit().follow()
    page = _minutes_form(page, "send").submit().follow()
    assert "Sent to the Chair." in page.text

    # ToR 3.16: approved by the Chair as an accurate record. Mick Ward (`chair`) does not chair this Group.
    page = _minutes_form(django_app.get(url, user="chair"), "approve").submit().follow()
    assert "The Chair (or a recorded delegate) approves the minutes." in page.text
    page = _minutes_form(django_app.get(url, user="adam.ogilvie"), "approve").submit().follow()
    assert "Approved. The minutes can no longer be edited." in page.text

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = _minutes_form(django_app.get(url, user="admin.staff"), "circulate").submit().follow()
    assert "Circulated." in page.text
    minutes = meeting.minutes.get()
    assert (minutes.status, minutes.approved_by.username) == ("circulated", "adam.ogilvie")
    recipients = {address for message in mail.outbox for address in message.to}
    assert "adam.ogilvie@example.org" in recipients and "hatim.hassan@example.org" in recipients


@pytest.mark.django_db
def test_two_project_board_members_mark_the_highlight_report_read_and_are_counted(django_app):
    report = (
        HighlightReport.objects.filter(
            status=ReportStatus.PUBLISHED, project__governing_bodies__body__slug="project-board"
        )
        .order_by("-period_end")
        .first()
    )
    members = report_actions.board_members(report.project)
    assert {"Mark Phillott", "Liz Ward"} <= {m.name for m in members}
    url = reverse("projects:report_detail", args=[report.pk])
    assert f"Read by 0 of {len(members)} board members" in django_app.get(url, user="chair").text

    for username in ("mark.phillott", "liz.ward"):
        page = _form(django_app.get(url, user=username), "/read/").submit().follow()
        assert "Marked as read." in page.text
        assert "You marked this report as read" in page.text

    page = django_app.get(url, user="chair")
    assert page.html.select_one("#read-count").get_text(strip=True) == f"Read by 2 of {len(members)} board members"
    assert set(report.reads.values_list("person__user__username", flat=True)) == {"mark.phillott", "liz.ward"}
