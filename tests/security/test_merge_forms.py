"""No update is lost at the form: two people edit one record, and the second save merges with the first.

Each test drives the rendered forms (django-webtest) as two people: both load the edit form, the first saves, then the
second saves from the form they loaded before. What only one of them changed is kept; where both changed a field
to different values, the second gets a conflict page showing theirs and yours side by side, picks one per field, and
that save is itself checked: a third save in between gives a new conflict, never an overwrite.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_webtest import DjangoTestApp

from governance import meeting_actions
from governance.models import Person
from governance.permissions import ADMIN_STAFF, PROJECT_LEADER
from projects import plan_actions
from projects.models import Deliverable
from risks.models import Risk

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _colleague(username, group):
    """A second person with the same role as a persona, to edit at the same time."""
    user = get_user_model().objects.create(username=username, first_name="Sam", last_name="Second")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user.username


@pytest.fixture
def app(django_app):
    """`app(username)`: that person's own browser (cookies, session, CSRF token), signed in."""
    apps = {}

    def for_user(username):
        if username not in apps:
            apps[username] = DjangoTestApp()
            apps[username].set_user(username)
        return apps[username]

    return for_user


def _edit_form(page, marker):
    """The page's edit form: the one carrying the record's version or edit token (`marker`)."""
    return next(form for form in page.forms.values() if marker in form.fields)


def _conflict_form(page, marker):
    assert "changed by someone else" in page.text
    return _edit_form(page, marker)


def _pick(form, field, choice):
    form[f"merge_pick_{field}"] = choice
    return form


@pytest.fixture
def deliverable():
    return Deliverable.objects.filter(project__slug="hcrc", rag="green", percent_complete=0).first() or (
        Deliverable.objects.filter(project__slug="hcrc").first()
    )


@pytest.fixture
def leaders():
    return "project.leader", _colleague("second.leader", PROJECT_LEADER)


# --------------------------------------------------------------------------------------------------------- the plan


def _reset(deliverable, **values):
    """Put the deliverable in a known state, as a save would (with its history: the merge reads it)."""
    for name, value in values.items():
        setattr(deliverable, name, value)
    plan_actions.save_deliverable(deliverable, deliverable.version, get_user_model().objects.get(username="chair"))


def test_a_deliverable_keeps_their_rag_and_percent_when_i_change_only_the_title(app, deliverable, leaders):
    a, b = leaders
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "version")
    form_a["rag"], form_a["percent_complete"] = "red", "30"
    assert form_a.submit().status_code == 302
    form_b = _edit_form(page_b, "version")
    assert form_b["rag"].value != "red"  # B's form still shows the old values
    form_b["title"] = "Fee modelling report (revised)"
    response = form_b.submit()
    assert response.status_code == 302
    assert "their changes to RAG, % complete were kept" in response.follow().text
    deliverable.refresh_from_db()
    assert (deliverable.title, deliverable.rag, deliverable.percent_complete) == (
        "Fee modelling report (revised)",
        "red",
        30,
    )
    record = deliverable.history.first()
    assert record.history_user.username == b and record.version == deliverable.version


def test_a_deliverable_both_changed_shows_theirs_and_yours_and_saves_my_pick_with_their_other_changes(
    app, deliverable, leaders
):
    a, b = leaders
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "version")
    form_a["rag"], form_a["percent_complete"] = "red", "30"
    form_a.submit()
    form_b = _edit_form(page_b, "version")
    form_b["rag"], form_b["title"] = "amber", "Renamed by B"
    conflict = form_b.submit()
    assert conflict.status_code == 200
    table = conflict.html.find(id="conflict-fields")
    cells = [td.get_text(strip=True) for td in table.find_all(["th", "td"])]
    assert cells[-3:] == ["RAG", "Red", "Amber"]  # the field, theirs, yours
    assert "→ 30" in conflict.html.find(id="conflict-changes").get_text(" ", strip=True)  # what they changed
    deliverable.refresh_from_db()
    assert deliverable.rag == "red" and deliverable.title != "Renamed by B"  # nothing of B's saved yet
    form = _conflict_form(conflict, "version")
    # The form starts from the merged values: their % complete, my title, my RAG, the new version.
    assert (form["percent_complete"].value, form["title"].value, form["rag"].value) == ("30", "Renamed by B", "amber")
    assert form["version"].value == str(deliverable.version)
    assert {o[0] for o in form["merge_pick_rag"].options} == {"theirs", "yours"}
    # Without a choice, the page asks for one and saves nothing.
    again = form.submit()
    assert again.status_code == 200 and "Choose whose value to keep for RAG" in again.text
    form = _pick(_conflict_form(again, "version"), "rag", "yours")
    assert form.submit().status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.percent_complete, deliverable.title) == ("amber", 30, "Renamed by B")


def test_picking_theirs_keeps_their_value(app, deliverable, leaders):
    a, b = leaders
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "version")
    form_a["rag"] = "red"
    form_a.submit()
    form_b = _edit_form(page_b, "version")
    form_b["rag"], form_b["notes"] = "amber", "B's note"
    form = _pick(_conflict_form(form_b.submit(), "version"), "rag", "theirs")
    assert form.submit().status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.notes) == ("red", "B's note")


def test_a_save_from_the_conflict_page_after_a_third_save_is_a_new_conflict(app, deliverable, leaders):
    a, b = leaders
    c = _colleague("third.leader", PROJECT_LEADER)
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "version")
    form_a["rag"] = "red"
    form_a.submit()
    form_b = _edit_form(page_b, "version")
    form_b["rag"] = "amber"
    conflict_form = _conflict_form(form_b.submit(), "version")
    # A third person saves while B is choosing: the RAG again, and the % complete.
    form_c = _edit_form(app(c).get(url), "version")
    form_c["rag"], form_c["percent_complete"] = "green", "55"
    form_c.submit()
    version_after_c = Deliverable.objects.get(pk=deliverable.pk).version
    response = _pick(conflict_form, "rag", "yours").submit()
    assert response.status_code == 200  # a new conflict, not an overwrite
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.percent_complete, deliverable.version) == ("green", 55, version_after_c)
    table = response.html.find(id="conflict-fields").get_text(" ", strip=True)
    assert "Green" in table and "Amber" in table
    form = _conflict_form(response, "version")
    assert form["version"].value == str(version_after_c) and form["percent_complete"].value == "55"
    assert form["merge_pick_rag"].value is None  # the choice is asked again, with the new values
    assert _pick(form, "rag", "yours").submit().status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.percent_complete) == ("amber", 55)


def test_the_plan_row_edited_in_place_ends_with_both_changes(app, deliverable, leaders):
    a, b = leaders
    _reset(deliverable, status="in_progress", completed_on=None)
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    row_a = app(a).get(url, headers=HTMX)
    row_b = app(b).get(url, headers=HTMX)
    form_a = _edit_form(row_a, "version")
    form_a["rag"] = "red"
    saved = form_a.submit(headers=HTMX)
    assert saved.text.lstrip().startswith("<tr") and "<form" not in saved.text.split("</td>")[0]
    form_b = _edit_form(row_b, "version")
    form_b["percent_complete"] = "45"
    saved = form_b.submit(headers=HTMX)
    assert saved.status_code == 200 and "Red" in saved.text and "45%" in saved.text
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.percent_complete) == ("red", 45)


def test_the_plan_row_shows_a_conflict_in_place_and_saves_the_pick(app, deliverable, leaders):
    a, b = leaders
    _reset(deliverable, status="in_progress", completed_on=None)
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    row_a = app(a).get(url, headers=HTMX)
    row_b = app(b).get(url, headers=HTMX)
    form_a = _edit_form(row_a, "version")
    form_a["rag"], form_a["percent_complete"] = "red", "30"
    form_a.submit(headers=HTMX)
    form_b = _edit_form(row_b, "version")
    form_b["rag"] = "amber"
    conflict = form_b.submit(headers=HTMX)
    assert conflict.text.lstrip().startswith("<tr") and 'id="conflict-fields"' in conflict.text
    form = _pick(_conflict_form(conflict, "version"), "rag", "yours")
    saved = form.submit(headers=HTMX)
    assert "Amber" in saved.text and "30%" in saved.text
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.percent_complete) == ("amber", 30)


# ------------------------------------------------------------------------------------------------- risk registers


def test_a_risk_merges_and_conflicts_the_same_way(app, leaders):
    a, b = leaders
    risk = Risk.objects.filter(project__slug="hcrc").order_by("reference").first()
    url = reverse("risks:risk_edit", args=[risk.project.slug, risk.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "version")
    form_a["title"], form_a["contingency"] = "Their title", "Their contingency"
    assert form_a.submit().status_code == 302
    form_b = _edit_form(page_b, "version")
    form_b["title"], form_b["effect"] = "My title", "My effect"
    conflict = form_b.submit()
    assert conflict.status_code == 200
    table = conflict.html.find(id="conflict-fields").get_text(" ", strip=True)
    assert "Their title" in table and "My title" in table
    form = _conflict_form(conflict, "version")
    assert form["contingency"].value == "Their contingency" and form["effect"].value == "My effect"
    assert _pick(form, "title", "theirs").submit().status_code == 302
    risk.refresh_from_db()
    assert (risk.title, risk.contingency, risk.effect) == ("Their title", "Their contingency", "My effect")


# ------------------------------------------------------------------------------- records guarded by an edit token


@pytest.fixture
def agenda_item(project_board):
    admin = get_user_model().objects.get(username="admin.staff")
    day = timezone.localdate() + timezone.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(
        project_board, day, day + timezone.timedelta(days=6), timezone.datetime.min.time().replace(hour=10), admin
    )[0]
    agenda = meeting_actions.ensure_agenda(meeting, admin)
    return agenda.items.get(standing="highlight_report")


def test_an_agenda_item_keeps_both_changes_and_conflicts_on_the_same_field(app, agenda_item):
    a, b = "admin.staff", "project.leader"
    url = reverse("governance:item_edit", args=[agenda_item.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "edit_token")
    form_a["presenter"], form_a["minutes_allowed"] = "Their presenter", "25"
    assert form_a.submit().status_code == 302
    form_b = _edit_form(page_b, "edit_token")
    form_b["title"] = "Highlight report, period 4"
    assert form_b.submit().status_code == 302
    agenda_item.refresh_from_db()
    assert (agenda_item.title, agenda_item.presenter, agenda_item.minutes_allowed) == (
        "Highlight report, period 4",
        "Their presenter",
        25,
    )
    # Now both change the presenter: a conflict, then B's pick with A's other change.
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "edit_token")
    form_a["presenter"], form_a["description"] = "A's presenter", "A's description"
    form_a.submit()
    form_b = _edit_form(page_b, "edit_token")
    form_b["presenter"] = "B's presenter"
    conflict = form_b.submit()
    table = conflict.html.find(id="conflict-fields").get_text(" ", strip=True)
    assert "A's presenter" in table and "B's presenter" in table
    form = _conflict_form(conflict, "edit_token")
    assert form["description"].value == "A's description"
    assert _pick(form, "presenter", "yours").submit().status_code == 302
    agenda_item.refresh_from_db()
    assert (agenda_item.presenter, agenda_item.description) == ("B's presenter", "A's description")


def test_an_agenda_item_conflict_page_after_a_third_save_conflicts_again(app, agenda_item):
    a, b = "admin.staff", "project.leader"
    c = _colleague("second.admin", ADMIN_STAFF)
    url = reverse("governance:item_edit", args=[agenda_item.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "edit_token")
    form_a["title"] = "A's title"
    form_a.submit()
    form_b = _edit_form(page_b, "edit_token")
    form_b["title"] = "B's title"
    form = _conflict_form(form_b.submit(), "edit_token")
    form_c = _edit_form(app(c).get(url), "edit_token")
    form_c["title"] = "C's title"
    form_c.submit()
    again = _pick(form, "title", "yours").submit()
    assert again.status_code == 200 and "C's title" in again.html.find(id="conflict-fields").get_text()
    agenda_item.refresh_from_db()
    assert agenda_item.title == "C's title"


def test_a_person_keeps_both_changes_and_conflicts_on_the_same_field(app):
    a, b = "admin.staff", _colleague("second.admin", ADMIN_STAFF)
    person = Person.objects.filter(email__gt="").order_by("pk").first()
    url = reverse("governance:person_edit", args=[person.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "edit_token")
    form_a["email"], form_a["title"] = "their.address@example.org", "Their title"
    assert form_a.submit().status_code == 302
    form_b = _edit_form(page_b, "edit_token")
    form_b["service_area"], form_b["title"] = "My service area", "My title"
    conflict = form_b.submit()
    assert conflict.status_code == 200
    form = _conflict_form(conflict, "edit_token")
    assert form["email"].value == "their.address@example.org" and form["service_area"].value == "My service area"
    assert _pick(form, "title", "theirs").submit().status_code == 302
    person.refresh_from_db()
    assert (person.email, person.title, person.service_area) == (
        "their.address@example.org",
        "Their title",
        "My service area",
    )


def test_a_dependency_added_by_one_and_a_title_changed_by_the_other_are_both_kept(app, deliverable, leaders):
    """A many-to-many field merges as one value: their new set of dependencies stays when I change something else."""
    a, b = leaders
    url = reverse("projects:deliverable_edit", args=[deliverable.pk])
    page_a, page_b = app(a).get(url), app(b).get(url)
    form_a = _edit_form(page_a, "version")
    boxes = [form_a.get("depends_on", index=i) for i in range(len(form_a.fields["depends_on"]))]
    unticked = next(box for box in boxes if not box.checked)
    unticked.checked = True
    assert form_a.submit().status_code == 302
    wanted = set(deliverable.depends_on.values_list("pk", flat=True))
    assert int(unticked._value) in wanted
    form_b = _edit_form(page_b, "version")
    form_b["title"] = "Renamed, with their dependency"
    assert form_b.submit().status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.title == "Renamed, with their dependency"
    assert set(deliverable.depends_on.values_list("pk", flat=True)) == wanted
