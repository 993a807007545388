"""The decision log, the action log and updating an action: who sees what, filters (and bad filter input), pagination
that keeps the filters, the overdue flag, the next meeting an open action is carried to, and stale edits."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance import history, integrity, meeting_actions
from governance.models import Action, Body, Person
from tests.access.logs import admin_user, attend, board_records, clear_meetings, meeting_on

STRATEGIC_QUORUM = ("Cllr Adam Ogilvie", "Cllr Ann Blackburn", "Louise Copley", "Lucy Towers", "Hatim Hassan")
DECISIONS = reverse("governance:decision_log")
ACTIONS = reverse("governance:action_log")


@pytest.fixture(autouse=True)
def only_our_meetings(db):
    """These tests count rows and ask which meeting is next: start from no meetings (the seeded ones are dropped
    inside the test's transaction; tests/test_access.py opens the pages with the seeded ones)."""
    clear_meetings()


def today():
    return timezone.localdate()


def strategic_records(day=None):
    """A Strategic Group meeting with a quorate decision and an action owned by Louise Copley."""
    by = admin_user()
    group = Body.objects.get(slug="strategic-group")
    meeting = meeting_on(group, day or today() - dt.timedelta(weeks=10), by)
    item = meeting_actions.add_item(meeting_actions.ensure_agenda(meeting, by), by, title="Market position statement")
    attend(meeting, STRATEGIC_QUORUM)
    decision = meeting_actions.record_decision(item, "The market position statement is endorsed.", by=by)
    action = meeting_actions.add_action(
        item, "Share the statement with providers", Person.objects.get(name="Louise Copley"), today(), by=by
    )
    return {"meeting": meeting, "item": item, "decision": decision, "action": action}


def rows(html, table_id):
    match = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', html, re.S)
    return match.group(1).count('<tr class="govuk-table__row">') - 1 if match else 0


# ------------------------------------------------------------------------------------------------------ decision log


@pytest.mark.django_db
def test_the_decision_log_shows_a_row_with_meeting_item_outcome_text_and_quorum(as_persona):
    board = board_records()
    html = as_persona("chair").get(DECISIONS).content.decode()
    meeting = board["board_meeting"]
    assert f'href="{reverse("governance:meeting_detail", args=[meeting.pk])}"' in html
    assert f"{board['board_item'].number}. Home care tender: evaluation model" in html
    assert "govuk-tag--green" in html and "Decided" in html
    assert "The evaluation model is approved." in html
    assert "Quorate: 3 counted" in html and "Mick Ward" in html


@pytest.mark.django_db
def test_members_see_only_the_decisions_of_bodies_they_may_see(as_persona):
    board_records()
    strategic_records()
    councillor = as_persona("councillor").get(DECISIONS).content.decode()
    assert "The market position statement is endorsed." in councillor
    assert "The evaluation model is approved." not in councillor
    assert "Home care tender" not in councillor
    outsider = as_persona("outsider").get(DECISIONS).content.decode()
    assert rows(outsider, "decisions") == 0 and "No decisions match" in outsider
    staff = as_persona("project_leader").get(DECISIONS).content.decode()
    assert rows(staff, "decisions") == 2


@pytest.mark.django_db
def test_the_body_filter_offers_only_bodies_the_user_may_see(as_persona):
    form = as_persona("councillor").get(DECISIONS).context["form"]
    slugs = {body.slug for body in form.fields["body"].queryset}
    assert "strategic-group" in slugs and "project-board" not in slugs


@pytest.mark.django_db
def test_decisions_are_newest_first(as_persona):
    board_records(day=today() - dt.timedelta(weeks=30))
    newer = board_records(day=today() - dt.timedelta(weeks=20))
    newer["board_decision"].text = "The newer decision."
    with integrity.allow_purge():  # set-up: a recorded decision is final
        newer["board_decision"].save()
    html = as_persona("admin_staff").get(DECISIONS).content.decode()
    assert html.index("The newer decision.") < html.index("The evaluation model is approved.")


@pytest.mark.django_db
def test_filtering_decisions_by_body_outcome_dates_and_text(as_persona):
    older = board_records(day=today() - dt.timedelta(weeks=30))
    newer = strategic_records(day=today() - dt.timedelta(weeks=10))
    meeting_actions.defer_item(older["board_item"], "Deferred for more figures.", by=admin_user())
    client = as_persona("admin_staff")

    def texts(**params):
        page = client.get(DECISIONS, params).context["page_obj"]
        return {d.text for d in page}

    assert texts(body="strategic-group") == {"The market position statement is endorsed."}
    assert texts(outcome="deferred") == {"Deferred for more figures."}
    day = newer["meeting"].date
    assert texts(date_from=day.isoformat()) == {"The market position statement is endorsed."}
    assert texts(date_to=(day - dt.timedelta(days=1)).isoformat()) == {
        "The evaluation model is approved.",
        "Deferred for more figures.",
    }
    assert texts(date_from=day.isoformat(), date_to=day.isoformat()) == {"The market position statement is endorsed."}
    assert texts(q="model is APPROVED") == {"The evaluation model is approved."}
    assert texts(q="MARKET POSITION") == {"The market position statement is endorsed."}  # and item titles
    assert texts(body="project-board", outcome="decided") == {"The evaluation model is approved."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,message",
    [
        ({"body": "no-such-body"}, "Choose a body from the list."),
        ({"outcome": "approved"}, "Choose an outcome from the list."),
        ({"date_from": "31/02/2026"}, "Enter the ‘from’ date as a real date"),
        ({"date_to": "yesterday"}, "Enter the ‘to’ date as a real date"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "The ‘to’ date must be the same as or after"),
    ],
)
def test_bad_filter_input_is_shown_as_an_error_and_lists_nothing(as_persona, params, message):
    board_records()
    response = as_persona("admin_staff").get(DECISIONS, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert message in html
    assert "<title>Error: Decision log" in html
    assert rows(html, "decisions") == 0
    assert "No decisions are shown until the filters are corrected." in html
    for name, value in params.items():
        if name.startswith("date"):
            assert f'value="{value}"' in html  # the input is kept for correcting


@pytest.mark.django_db
def test_a_member_cannot_filter_on_a_body_they_may_not_see(as_persona):
    board_records()
    html = as_persona("councillor").get(DECISIONS, {"body": "project-board"}).content.decode()
    assert "Choose a body from the list." in html
    assert "The evaluation model is approved." not in html


@pytest.mark.django_db
def test_decision_pages_hold_25_and_their_links_keep_the_filters(as_persona):
    records = board_records()
    for i in range(27):
        meeting_actions.record_decision(records["board_item"], f"Tender decision {i}.", by=admin_user())
    client = as_persona("admin_staff")
    response = client.get(DECISIONS, {"q": "Tender decision", "body": "project-board"})
    page = response.context["page_obj"]
    assert len(page.object_list) == 25 and page.paginator.count == 27
    html = response.content.decode()
    assert 'href="?q=Tender+decision&amp;body=project-board&amp;page=2"' in html
    second = client.get(DECISIONS, {"q": "Tender decision", "body": "project-board", "page": 2})
    assert len(second.context["page_obj"].object_list) == 2
    assert 'href="?q=Tender+decision&amp;body=project-board&amp;page=1"' in second.content.decode()


# -------------------------------------------------------------------------------------------------------- action log


@pytest.mark.django_db
def test_the_action_log_flags_overdue_open_actions_in_red(as_persona):
    records = board_records()
    action = records["board_action"]
    Action.objects.filter(pk=action.pk).update(due_on=today() - dt.timedelta(days=1))
    done = meeting_actions.add_action(
        records["board_item"],
        "Book the room",
        Person.objects.get(name="Liz Ward"),
        today() - dt.timedelta(days=5),
        admin_user(),
    )
    meeting_actions.update_action(done, "done", "Booked.", admin_user())
    html = as_persona("chair").get(ACTIONS).content.decode()
    assert html.count("govuk-tag--red") == 1 and "Overdue" in html
    assert "Circulate the evaluation model to providers" in html and "Book the room" in html
    assert "Update: Booked." in html


@pytest.mark.django_db
def test_members_see_only_the_actions_of_bodies_they_may_see(as_persona):
    board_records()
    strategic_records()
    councillor = as_persona("councillor").get(ACTIONS).content.decode()
    assert "Share the statement with providers" in councillor
    assert "Circulate the evaluation model" not in councillor
    assert "Kim Maslyn" not in councillor  # not even as an owner to filter on
    assert rows(as_persona("outsider").get(ACTIONS).content.decode(), "actions") == 0


@pytest.mark.django_db
def test_open_actions_show_the_next_meeting_they_are_carried_to(as_persona):
    records = board_records()
    board = Body.objects.get(slug="project-board")
    upcoming = meeting_on(board, today() + dt.timedelta(days=10))
    later = meeting_on(board, today() + dt.timedelta(weeks=8))
    meeting_actions.cancel_meeting(upcoming, "Room unavailable", admin_user())
    page = as_persona("admin_staff").get(ACTIONS).context["page_obj"]
    action = next(a for a in page if a.pk == records["board_action"].pk)
    assert action.next_meeting_at == later.starts_at  # the cancelled meeting is skipped
    html = as_persona("admin_staff").get(ACTIONS).content.decode()
    assert f"{timezone.localtime(later.starts_at):%-d %b %Y}" in html


@pytest.mark.django_db
def test_an_open_action_with_no_meeting_ahead_says_so(as_persona):
    board_records()
    html = as_persona("admin_staff").get(ACTIONS).content.decode()
    assert "No meeting scheduled" in html


@pytest.mark.django_db
def test_action_log_query_count_does_not_grow_with_the_actions(as_persona, django_assert_max_num_queries):
    records = board_records()
    board = records["board_meeting"].body
    meeting_on(board, today() + dt.timedelta(days=10))
    client = as_persona("admin_staff")
    with django_assert_max_num_queries(40) as captured:
        client.get(ACTIONS)
    first = len(captured.captured_queries)
    strategic = strategic_records()
    meeting_on(strategic["meeting"].body, today() + dt.timedelta(days=20))
    owners = list(Person.objects.filter(name__in=["Liz Ward", "Mark Phillott", "John Crowther", "Mick Ward"]))
    for i in range(20):
        item = records["board_item"] if i % 2 else strategic["item"]
        meeting_actions.add_action(item, f"Extra action {i}", owners[i % len(owners)], today(), admin_user())
    with django_assert_max_num_queries(first):
        response = client.get(ACTIONS)
    assert response.context["page_obj"].paginator.count == 22


@pytest.mark.django_db
def test_filtering_actions(as_persona):
    records = board_records()
    strategic = strategic_records()
    by = admin_user()
    liz = Person.objects.get(name="Liz Ward")
    late = meeting_actions.add_action(records["board_item"], "Chase the CCG", liz, today() - dt.timedelta(days=3), by)
    dropped = meeting_actions.add_action(records["board_item"], "Old idea", liz, today() - dt.timedelta(days=9), by)
    meeting_actions.update_action(dropped, "dropped", "No longer needed.", by)
    client = as_persona("admin_staff")

    def descriptions(**params):
        return {a.description for a in client.get(ACTIONS, params).context["page_obj"]}

    assert descriptions(body="strategic-group") == {"Share the statement with providers"}
    assert descriptions(owner=liz.pk) == {"Chase the CCG", "Old idea"}
    assert descriptions(status="dropped") == {"Old idea"}
    assert descriptions(overdue="yes") == {"Chase the CCG"}
    assert "Chase the CCG" not in descriptions(overdue="no") and "Old idea" in descriptions(overdue="no")
    assert descriptions(due_from=today().isoformat(), due_to=today().isoformat()) == {strategic["action"].description}
    assert descriptions(due_to=(today() - dt.timedelta(days=5)).isoformat()) == {"Old idea"}
    assert descriptions(q="no longer needed") == {"Old idea"}  # the update is searched too
    assert descriptions(q="tender") == {  # and the item title
        "Circulate the evaluation model to providers",
        "Chase the CCG",
        "Old idea",
    }
    assert late.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params,message",
    [
        ({"overdue": "maybe"}, "Choose ‘Overdue only’ or ‘Not overdue’."),
        ({"status": "closed"}, "Choose a status from the list."),
        ({"owner": "999999"}, "Choose an owner from the list."),
        ({"owner": "Kim"}, "Choose an owner from the list."),
        ({"body": "nowhere"}, "Choose a body from the list."),
        ({"due_from": "2026-13-01"}, "Enter the ‘due from’ date as a real date"),
        ({"due_from": "2026-03-02", "due_to": "2026-03-01"}, "The ‘to’ date must be the same as or after"),
    ],
)
def test_bad_action_filter_input_is_shown_and_lists_nothing(as_persona, params, message):
    board_records()
    response = as_persona("admin_staff").get(ACTIONS, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert rows(html, "actions") == 0


@pytest.mark.django_db
def test_a_member_cannot_filter_on_an_owner_they_may_not_see(as_persona):
    board_records()
    kim = Person.objects.get(name="Kim Maslyn")
    html = as_persona("councillor").get(ACTIONS, {"owner": kim.pk}).content.decode()
    assert "Choose an owner from the list." in html and "Kim Maslyn" not in html


@pytest.mark.django_db
def test_action_pages_keep_the_filters_in_their_links(as_persona):
    records = board_records()
    for i in range(26):
        meeting_actions.add_action(
            records["board_item"], f"Batch action {i}", Person.objects.get(name="Liz Ward"), today(), admin_user()
        )
    response = as_persona("admin_staff").get(ACTIONS, {"status": "open", "q": "Batch"})
    assert len(response.context["page_obj"].object_list) == 25
    assert 'href="?status=open&amp;q=Batch&amp;page=2"' in response.content.decode()


@pytest.mark.django_db
def test_the_update_link_is_shown_only_to_those_who_may_update(as_persona):
    records = board_records()
    url = reverse("governance:action_edit", args=[records["board_action"].pk])
    assert url in as_persona("admin_staff").get(ACTIONS).content.decode()
    assert url not in as_persona("chair").get(ACTIONS).content.decode()


# ------------------------------------------------------------------------------------------------- updating actions


def _edit_data(client, url, **changes):
    form = client.get(url).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_admin_staff_mark_an_action_done_and_history_records_who(as_persona):
    action = board_records()["board_action"]
    client = as_persona("admin_staff")
    url = reverse("governance:action_edit", args=[action.pk])
    yesterday = today() - dt.timedelta(days=1)
    response = client.post(
        url, _edit_data(client, url, status="done", update="Sent to all 12 providers.", done_on=yesterday.isoformat())
    )
    assert response.status_code == 302 and response["Location"] == ACTIONS
    action.refresh_from_db()
    assert (action.status, action.update, action.done_on) == ("done", "Sent to all 12 providers.", yesterday)
    assert action.history.first().history_user.username == "admin.staff"
    assert "Action updated" in client.get(ACTIONS).content.decode()


@pytest.mark.django_db
def test_done_without_a_date_is_done_today(as_persona):
    action = board_records()["board_action"]
    client = as_persona("admin_staff")
    url = reverse("governance:action_edit", args=[action.pk])
    client.post(url, _edit_data(client, url, status="done", update="Done."))
    action.refresh_from_db()
    assert action.done_on == today()


@pytest.mark.django_db
def test_the_owner_may_update_their_own_action(as_persona):
    records = board_records()
    mine = meeting_actions.add_action(
        records["board_item"], "Brief the Executive Member", Person.objects.get(name="Mick Ward"), today(), admin_user()
    )
    client = as_persona("chair")
    url = reverse("governance:action_edit", args=[mine.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(client, url, status="dropped", update="Overtaken by events."))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "dropped" and mine.done_on is None
    assert mine.history.first().history_user.username == "chair"
    assert client.get(ACTIONS).content.decode().count(url) == 1  # the Update link on their own action only


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,status", [("project_executive", 403), ("project_leader", 403), ("chair", 403), ("councillor", 404)]
)
def test_others_cannot_update_an_action(as_persona, persona, status):
    action = board_records()["board_action"]
    url = reverse("governance:action_edit", args=[action.pk])
    token = history.edit_token(action)
    client = as_persona(persona)
    assert client.get(url).status_code == status
    response = client.post(url, {"status": "done", "update": "x", "done_on": "", "edit_token": token})
    assert response.status_code == status
    action.refresh_from_db()
    assert action.status == "open" and action.update == ""


@pytest.mark.django_db
def test_signed_out_users_are_sent_to_sign_in_from_the_action_pages(client):
    action = board_records()["board_action"]
    for url in (DECISIONS, ACTIONS, reverse("governance:action_edit", args=[action.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(reverse("governance:action_edit", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "open"


@pytest.mark.django_db
def test_an_unknown_action_is_404(as_persona):
    assert as_persona("admin_staff").get(reverse("governance:action_edit", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes,message",
    [
        ({"status": "open", "done_on": "2026-01-05"}, "Remove the date done, or set the status to Done."),
        ({"status": "done", "done_on": "2999-01-01"}, "The date done cannot be in the future."),
        ({"status": "done", "done_on": "5th of May"}, "Enter the date done as a real date"),
        ({"status": "finished"}, "Select a valid choice."),
    ],
)
def test_bad_updates_are_refused_with_a_message_and_the_input_kept(as_persona, changes, message):
    action = board_records()["board_action"]
    client = as_persona("admin_staff")
    url = reverse("governance:action_edit", args=[action.pk])
    response = client.post(url, _edit_data(client, url, update="My careful note.", **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert "My careful note." in html
    action.refresh_from_db()
    assert action.status == "open" and action.update == ""


@pytest.mark.django_db
def test_a_stale_update_is_refused_and_shows_what_changed(as_persona):
    action = board_records()["board_action"]
    client = as_persona("admin_staff")
    url = reverse("governance:action_edit", args=[action.pk])
    data = _edit_data(client, url, status="done", update="My version.")
    # Someone else updates the action after the form was loaded.
    meeting_actions.update_action(Action.objects.get(pk=action.pk), "open", "Their version.", by=admin_user())
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in html
    assert 'id="conflict-changes"' in html and "Their version." in html
    assert "My version." in html  # the user's input is kept
    action.refresh_from_db()
    assert action.update == "Their version." and action.status == "open"
    # The form now carries a fresh token, so a deliberate second save works.
    fresh = response.context["form"].data["edit_token"]
    assert fresh == history.edit_token(action)
    response = client.post(url, {**data, "edit_token": fresh})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.update == "My version." and action.status == "done"


@pytest.mark.django_db
def test_a_tampered_edit_token_is_treated_as_stale(as_persona):
    action = board_records()["board_action"]
    client = as_persona("admin_staff")
    url = reverse("governance:action_edit", args=[action.pk])
    response = client.post(url, _edit_data(client, url, status="done", update="x", edit_token="1 OR 1=1"))
    assert response.status_code == 200 and "Someone else changed this record" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


@pytest.mark.django_db
def test_the_action_page_shows_the_history(as_persona):
    action = board_records()["board_action"]
    meeting_actions.update_action(action, "open", "Draft ready.", by=get_user_model().objects.get(username="chair"))
    html = as_persona("admin_staff").get(reverse("governance:action_edit", args=[action.pk])).content.decode()
    assert 'id="history"' in html and "Draft ready." in html and "Action open" in html


@pytest.mark.django_db
def test_an_action_row_drawn_before_is_drawn_again_when_anything_it_shows_changes(as_persona):
    """The rows are kept once drawn ({% memo %} on each action's row_key): an update, the owner's new name and a
    meeting scheduled ahead show at once, and the Update link stays with those who may use it."""
    records = board_records()
    action = records["board_action"]
    url = reverse("governance:action_edit", args=[action.pk])
    staff, chair = as_persona("admin_staff"), as_persona("chair")
    assert url in staff.get(ACTIONS).content.decode()
    assert url not in chair.get(ACTIONS).content.decode()
    assert "No meeting scheduled" in staff.get(ACTIONS).content.decode()

    meeting_actions.update_action(action, "open", "Draft sent round.", admin_user())
    assert "Update: Draft sent round." in chair.get(ACTIONS).content.decode()
    owner = action.owner
    owner.name = f"{owner.name} (renamed)"
    owner.save()
    assert owner.name in chair.get(ACTIONS).content.decode().split('id="actions"')[1]  # in the table, not the filter
    later = meeting_on(records["board_meeting"].body, today() + dt.timedelta(weeks=3))
    html = chair.get(ACTIONS).content.decode()
    assert "No meeting scheduled" not in html and f"{timezone.localtime(later.starts_at):%-d %b %Y}" in html
