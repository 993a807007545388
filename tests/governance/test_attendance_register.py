"""The attendance register (/governance/meetings/<pk>/attendance/): every seat and expected attendee on one page,
recorded in one submit through the rendered form, with the errors beside their lines and the quorum worked out from
the boxes ticked before anything is saved."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance import meeting_actions
from governance.actions import GovernanceError
from governance.models import Attendance, Membership, Person

User = get_user_model()


@pytest.fixture
def admin(db):
    return User.objects.get(username="admin.staff")


@pytest.fixture
def board_meeting(project_board, admin):
    """A Project Board meeting eight weeks ahead with its six standing items, and Julie Bootle named as Liz Ward's
    deputy with delegated powers."""
    day = timezone.localdate() + dt.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(project_board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    meeting_actions.ensure_agenda(meeting, admin)
    seat = Membership.objects.get(body=project_board, person__name="Liz Ward")
    seat.deputy, seat.deputy_authority = Person.objects.get(name="Julie Bootle"), "decide"
    seat.save()
    return meeting


def _url(meeting):
    return reverse("governance:attendance", args=[meeting.pk])


def _pk(name):
    return Person.objects.get(name=name).pk


def _register(django_app, meeting):
    return django_app.get(_url(meeting), user="admin.staff").forms["attendance-register"]


def _tick(form, name, status, **fields):
    pk = _pk(name)
    form[f"attendee-{pk}-status"] = status
    for field, value in fields.items():
        form[f"attendee-{pk}-{field}"] = str(value)


def _line(page, name):
    """The text of one line of the register."""
    return " ".join(page.html.find(id=f"attendee-{_pk(name)}").get_text().split())


# ------------------------------------------------------------------------------------------------------- the page


@pytest.mark.django_db
def test_it_lists_every_seat_holder_their_named_deputies_officers_and_people_already_recorded(
    django_app, board_meeting, project_board, admin
):
    guest = Person.objects.create(name="Visiting Commissioner")
    meeting_actions.record_attendance(board_meeting, guest, "guest", admin)
    page = django_app.get(_url(board_meeting), user="admin.staff")
    form = page.forms["attendance-register"]
    seats = Membership.objects.current(board_meeting.date).filter(body=project_board).select_related("person")
    for seat in seats:
        if seat.vacant:
            assert page.html.find(id=f"seat-{seat.pk}") is not None, seat
        else:
            assert f"attendee-{seat.person_id}-status" in form.fields, seat.holder_name
            assert seat.person.name in _line(page, seat.person.name)
    assert "Vacant seat" in " ".join(page.html.find(id=f"seat-{seats.get(person__name='Megan Rowlands').pk}").strings)
    # The named deputy comes right after their member, and may be recorded as standing in for the seat.
    rows = [row.get("id") for row in page.html.select("#attendance-register tbody tr")]
    assert rows.index(f"attendee-{_pk('Julie Bootle')}") == rows.index(f"attendee-{_pk('Liz Ward')}") + 1
    assert "Named deputy for Liz Ward" in _line(page, "Julie Bootle")
    assert "Named deputy: Julie Bootle" in _line(page, "Liz Ward")
    deputy_choices = [value for value, _checked, _label in form[f"attendee-{_pk('Julie Bootle')}-status"].options]
    assert deputy_choices == ["", "deputy", "apologies", "absent"]
    # Officers in attendance are "in attendance", not present; a guest already recorded is on the register.
    officer_choices = [value for value, _checked, _label in form[f"attendee-{_pk('Georgia Young')}-status"].options]
    assert officer_choices == ["", "in_attendance", "apologies", "absent"]
    assert form[f"attendee-{guest.pk}-status"].value == "guest"
    assert "Not on the body" in _line(page, "Visiting Commissioner")


@pytest.mark.django_db
def test_one_submit_records_present_apologies_and_a_deputy_with_arrivals_and_departures(
    django_app, board_meeting, admin
):
    form = _register(django_app, board_meeting)
    for name in ("Mick Ward", "Mark Phillott", "John Crowther"):
        _tick(form, name, "present")
    _tick(form, "Tony Bailey", "present", arrived_at_item=3)
    _tick(form, "Kim Maslyn", "present", left_at_item=5)
    _tick(form, "Liz Ward", "apologies")
    _tick(form, "Andrea Dobson", "apologies")
    _tick(form, "Julie Bootle", "deputy", arrived_at_item=2)  # her seat is chosen for her: she deputises for one
    page = form.submit().follow()

    assert "Attendance recorded for 8 people." in page.text
    rows = {row.person.name: row for row in Attendance.objects.filter(meeting=board_meeting).select_related("person")}
    assert {name: row.status for name, row in rows.items()} == {
        "Mick Ward": "present",
        "Mark Phillott": "present",
        "John Crowther": "present",
        "Tony Bailey": "present",
        "Kim Maslyn": "present",
        "Liz Ward": "apologies",
        "Andrea Dobson": "apologies",
        "Julie Bootle": "deputy",
    }
    assert (rows["Tony Bailey"].arrived_at_item, rows["Tony Bailey"].left_at_item) == (3, None)
    assert (rows["Kim Maslyn"].arrived_at_item, rows["Kim Maslyn"].left_at_item) == (None, 5)
    assert rows["Julie Bootle"].deputy_for.person.name == "Liz Ward"
    assert rows["Julie Bootle"].arrived_at_item == 2
    for row in rows.values():
        (entry,) = row.history.all()
        assert entry.history_user == admin and entry.history_change_reason == "Attendance recorded"
    # The page now shows what was saved, and the quorum from it.
    assert page.forms["attendance-register"][f"attendee-{_pk('Kim Maslyn')}-left_at_item"].value == "5"
    assert "At the start: Quorate" in " ".join(page.html.find(id="quorum-live").get_text().split())
    # Saving again with nothing changed writes nothing.
    page = page.forms["attendance-register"].submit().follow()
    assert "Nothing was saved: no line of the register was changed." in page.text
    assert all(row.history.count() == 1 for row in Attendance.objects.filter(meeting=board_meeting))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ticks,wrong_line,field,message",
    [
        (
            [("Kim Maslyn", "present", {"arrived_at_item": 5, "left_at_item": 3})],
            "Kim Maslyn",
            "left_at_item",
            "Kim Maslyn cannot leave before the item at which they arrived (arrived at item 5, left before item 3).",
        ),
        (
            [("John Crowther", "apologies", {}), ("Julie Bootle", "deputy", {"deputy_for": "John Crowther"})],
            "Julie Bootle",
            "deputy_for",
            "Julie Bootle is not the named deputy for John Crowther (the seat has no named deputy).",
        ),
        (
            [("Liz Ward", "present", {}), ("Julie Bootle", "deputy", {})],
            "Julie Bootle",
            "deputy_for",
            "Liz Ward is recorded as there, so Julie Bootle cannot stand in for them at the same time.",
        ),
    ],
    ids=["left before arriving", "deputy for a seat not theirs", "deputy while the member is there"],
)
def test_a_wrong_line_is_shown_beside_the_line_and_nothing_is_saved(
    django_app, board_meeting, project_board, ticks, wrong_line, field, message
):
    form = _register(django_app, board_meeting)
    _tick(form, "Mick Ward", "present")
    _tick(form, "Mark Phillott", "present", arrived_at_item=2)
    for name, status, fields in ticks:
        if "deputy_for" in fields:
            fields = {"deputy_for": Membership.objects.get(body=project_board, person__name=fields["deputy_for"]).pk}
        _tick(form, name, status, **fields)
    page = form.submit()

    assert page.status_code == 200 and page.html.title.get_text().strip().startswith("Error:")
    assert not Attendance.objects.filter(meeting=board_meeting).exists()
    # Beside the line, and in the summary at the top, linking to the line's control.
    assert message in _line(page, wrong_line)
    summary = page.html.select_one(".govuk-error-summary")
    link = next(a for a in summary.select("a") if message in a.get_text())
    assert link["href"] == f"#id_attendee-{_pk(wrong_line)}-{field}"
    assert page.html.find(id=link["href"][1:]) is not None
    assert "Nothing has been saved" in summary.get_text()
    # What was entered is still there, every line of it.
    kept = page.forms["attendance-register"]
    assert kept[f"attendee-{_pk('Mick Ward')}-status"].value == "present"
    assert kept[f"attendee-{_pk('Mark Phillott')}-arrived_at_item"].value == "2"
    for name, status, _fields in ticks:
        assert kept[f"attendee-{_pk(name)}-status"].value == status
    # Put right, the same form saves.
    if field == "left_at_item":
        kept[f"attendee-{_pk(wrong_line)}-left_at_item"] = "6"
    else:
        kept[f"attendee-{_pk(wrong_line)}-status"] = "absent"
    kept.submit().follow()
    assert Attendance.objects.filter(meeting=board_meeting).count() == 2 + len(ticks)


@pytest.mark.django_db
def test_a_deputy_may_stand_in_once_the_member_has_left(django_app, board_meeting):
    form = _register(django_app, board_meeting)
    _tick(form, "Liz Ward", "present", left_at_item=4)
    _tick(form, "Julie Bootle", "deputy", arrived_at_item=4)
    assert "Attendance recorded for 2 people." in form.submit().follow().text


@pytest.mark.django_db
def test_a_line_the_user_did_not_change_is_not_overwritten_with_what_the_page_showed(
    django_app, board_meeting, admin, people
):
    form = _register(django_app, board_meeting)
    # Someone else records John Crowther's apologies while this page is open.
    meeting_actions.record_attendance(board_meeting, people["John Crowther"], "apologies", admin)
    _tick(form, "Mick Ward", "present")
    form.submit().follow()
    assert Attendance.objects.get(meeting=board_meeting, person__name="John Crowther").status == "apologies"
    assert Attendance.objects.get(meeting=board_meeting, person__name="Mick Ward").status == "present"


# ------------------------------------------------------------------------------------------------------- quorum


def _panel(page):
    return " ".join(page.html.find(id="quorum-live").get_text().split())


@pytest.mark.django_db
def test_the_quorum_panel_follows_the_boxes_ticked_before_anything_is_saved(django_app, board_meeting):
    form = _register(django_app, board_meeting)
    _tick(form, "Mick Ward", "present")
    _tick(form, "Mark Phillott", "present")
    # htmx posts the register on each change and swaps in the panel it gets back.
    partial = form.submit("check_quorum", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<section id="quorum-live"')
    assert "At the start: Not quorate needs 1 more other decision-maker" in _panel(partial)
    assert "Not saved yet" in _panel(partial)
    _tick(form, "John Crowther", "present")
    partial = form.submit("check_quorum", headers={"HX-Request": "true"})
    assert "At the start: Quorate" in _panel(partial)
    # John leaves before item 4: quorum is short from then on.
    _tick(form, "John Crowther", "present", left_at_item=4)
    partial = form.submit("check_quorum", headers={"HX-Request": "true"})
    assert "4. Action log Not quorate Needs 1 more other decision-maker" in _panel(partial)
    assert not Attendance.objects.filter(meeting=board_meeting).exists()


@pytest.mark.django_db
def test_without_javascript_check_quorum_shows_the_page_with_the_boxes_as_ticked_and_saves_nothing(
    django_app, board_meeting
):
    form = _register(django_app, board_meeting)
    assert "As saved." in _panel(form.response)
    for name in ("Mick Ward", "Mark Phillott"):
        _tick(form, name, "present")
    page = form.submit("check_quorum")
    assert "At the start: Not quorate needs 1 more other decision-maker" in _panel(page)
    assert "Worked out from the register as ticked on this page. Not saved yet." in _panel(page)
    assert page.forms["attendance-register"][f"attendee-{_pk('Mick Ward')}-status"].value == "present"
    assert not Attendance.objects.filter(meeting=board_meeting).exists()
    assert "Attendance recorded for 2 people." in page.forms["attendance-register"].submit().follow().text


# ------------------------------------------------------------------------------------------------ someone else


@pytest.mark.django_db
def test_someone_not_on_the_register_is_added_with_the_single_form(django_app, board_meeting):
    guest = Person.objects.create(name="Visiting Commissioner")
    page = django_app.get(_url(board_meeting), user="admin.staff")
    form = next(f for f in page.forms.values() if "person" in f.fields)
    form["person"], form["status"] = str(guest.pk), "guest"
    page = form.submit().follow()
    assert "Attendance recorded for Visiting Commissioner." in page.text
    assert page.forms["attendance-register"][f"attendee-{guest.pk}-status"].value == "guest"


@pytest.mark.django_db
def test_the_single_form_refuses_a_deputy_for_a_seat_they_are_not_named_for_beside_the_field(
    django_app, board_meeting, project_board
):
    page = django_app.get(_url(board_meeting), user="admin.staff")
    form = next(f for f in page.forms.values() if "person" in f.fields)
    form["person"], form["status"] = str(_pk("Julie Bootle")), "deputy"
    form["deputy_for"] = str(Membership.objects.get(body=project_board, person__name="Kim Maslyn").pk)
    page = form.submit()
    assert "Julie Bootle is not the named deputy for Kim Maslyn" in page.text
    assert not Attendance.objects.filter(meeting=board_meeting).exists()


# ------------------------------------------------------------------------------------------------------- access


@pytest.mark.django_db
def test_read_only_roles_see_the_register_but_cannot_submit_it(django_app, as_persona, board_meeting, admin):
    meeting_actions.record_attendance(board_meeting, Person.objects.get(name="Kim Maslyn"), "present", admin, None, 3)
    page = django_app.get(_url(board_meeting), user="chair")
    assert "attendance-register" not in page.forms
    assert "Present" in _line(page, "Kim Maslyn") and "From item 3" in _line(page, "Kim Maslyn")
    data = {
        "action": "register",
        f"attendee-{_pk('Mick Ward')}-status": "present",
        f"attendee-{_pk('Mick Ward')}-was": "|||",
    }
    assert as_persona("chair").post(_url(board_meeting), data).status_code == 403
    assert as_persona("project_executive").post(_url(board_meeting), {**data, "check_quorum": "1"}).status_code == 403
    assert as_persona("councillor").get(_url(board_meeting)).status_code == 404
    assert as_persona("councillor").post(_url(board_meeting), data).status_code == 404
    assert as_persona("outsider").post(_url(board_meeting), data).status_code == 404
    assert not Attendance.objects.filter(meeting=board_meeting, person__name="Mick Ward").exists()
    assert as_persona("admin_staff").get(reverse("governance:attendance", args=[999999])).status_code == 404


# ------------------------------------------------------------------------------------------------- domain rules


@pytest.mark.django_db
def test_record_register_refuses_all_lines_when_one_is_wrong(board_meeting, admin, project_board):
    liz = Membership.objects.get(body=project_board, person__name="Liz Ward")
    entries = [
        meeting_actions.AttendanceEntry(_pk("Mick Ward"), "present"),
        meeting_actions.AttendanceEntry(_pk("Liz Ward"), "present", arrived_at_item=2),
        meeting_actions.AttendanceEntry(_pk("Julie Bootle"), "deputy", deputy_for_id=liz.pk, left_at_item=3),
    ]
    with pytest.raises(meeting_actions.AttendanceRefused) as refused:
        meeting_actions.record_register(board_meeting, entries, admin)
    assert list(refused.value.problems) == [_pk("Julie Bootle")]
    assert not Attendance.objects.filter(meeting=board_meeting).exists()
    # She leaves before Liz arrives: both may be recorded.
    entries[2] = meeting_actions.AttendanceEntry(_pk("Julie Bootle"), "deputy", deputy_for_id=liz.pk, left_at_item=2)
    assert len(meeting_actions.record_register(board_meeting, entries, admin)) == 3


@pytest.mark.django_db
def test_a_member_marked_present_while_their_deputy_stands_in_is_refused_on_the_members_line(
    board_meeting, admin, project_board
):
    liz = Membership.objects.get(body=project_board, person__name="Liz Ward")
    julie = Person.objects.get(name="Julie Bootle")
    meeting_actions.record_attendance(board_meeting, julie, "deputy", admin, deputy_for=liz)
    with pytest.raises(meeting_actions.AttendanceRefused) as refused:
        meeting_actions.record_register(
            board_meeting, [meeting_actions.AttendanceEntry(_pk("Liz Ward"), "present")], admin
        )
    ((field, message),) = refused.value.problems[_pk("Liz Ward")]
    assert field == "status" and message.startswith("Julie Bootle is recorded as standing in for Liz Ward")


@pytest.mark.django_db
def test_someone_not_there_neither_arrives_nor_leaves(board_meeting, admin, people):
    with pytest.raises(GovernanceError, match="Kim Maslyn is not recorded as there"):
        meeting_actions.record_attendance(board_meeting, people["Kim Maslyn"], "apologies", admin, arrived_at_item=2)


@pytest.mark.django_db
def test_a_seat_is_kept_only_for_a_deputy(board_meeting, admin, people, project_board):
    liz = Membership.objects.get(body=project_board, person__name="Liz Ward")
    row = meeting_actions.record_attendance(board_meeting, people["Julie Bootle"], "absent", admin, deputy_for=liz)
    assert row.deputy_for_id is None
