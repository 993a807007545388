"""Audit: every change made through a page is in history with the signed-in user, and the "what changed" pages (one
record, and a whole project) show who changed what, when, each field before and after, for a period; bad dates are
answered with a message; exempt items' changes reach only those who may see them; the pages take as many queries for
25 changes as for 3."""

import datetime as dt
import html as html_lib
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import history, meeting_actions, report_actions, seed_reports
from governance.actions import _save
from governance.models import Body, Decision, Person
from projects import plan_actions
from projects.models import Deliverable, GoverningBody, Phase, Project, Workstream
from risks import register_actions
from risks.models import Escalation, Risk
from tests.conftest import client_for, user_for

pytestmark = pytest.mark.django_db

User = get_user_model()
MARK = "EXEMPTCHANGE-7HW"


def text_of(response):
    """The page as a reader hears it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def object_url(obj, **query):
    url = reverse("object_changes", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def project_url(project, **query):
    url = reverse("risks:project_changes", args=[project.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def people():
    return {p.name: p for p in Person.objects.all()}


@pytest.fixture
def project(people):
    """A project the Strategic Group and the Project Board govern, with one deliverable and one risk."""
    project = Project.objects.create(title="Audit project", slug="audit-project", reference="A1")
    for role, slug in (("strategic_group", "strategic-group"), ("project_board", "project-board")):
        GoverningBody.objects.create(project=project, body=Body.objects.get(slug=slug), role=role)
    phase = Phase.objects.create(
        project=project, number=1, description="Design", starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 6, 30)
    )
    stream = Workstream.objects.create(project=project, name="Finance", lead=people["Cheryl Ward"])
    Deliverable.objects.create(
        project=project, workstream=stream, phase=phase, title="Fee modelling report", owner=people["Cheryl Ward"]
    )
    Deliverable.objects.create(project=project, workstream=stream, phase=phase, title="Project plan")
    Risk.objects.create(
        project=project,
        reference="R001",
        title="Providers leave the market",
        event="Providers hand back packages",
        category="operational",
        raised_on=dt.date(2026, 1, 5),
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=3,
        residual_impact=3,
    )
    return project


def deliverable_row(d, **changes):
    data = {
        "in_row": "1",
        "status": d.status,
        "rag": d.rag,
        "owner": d.owner_id or "",
        "starts_on": d.starts_on or "",
        "due_on": d.due_on or "",
        "percent_complete": d.percent_complete,
        "workstream": d.workstream_id,
        "version": d.version,
    }
    data.update(changes)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _form_data(form):
    """What the browser sends back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = str(value)
        elif hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        if value is not None:
            data[name] = value
    return data


# ------------------------------------------------------------------------------------- every page edit is audited


def _body_edit(client):
    body = Body.objects.get(slug="strategic-group")
    url = reverse("governance:body_edit", args=[body.slug])
    data = _form_data(client.get(url).context["form"])
    data["purpose"] = "Audited purpose."
    return client.post(url, data), body, lambda: body.purpose == "Audited purpose."


def _item_edit(client):
    admin = user_for("admin_staff")
    day = timezone.localdate() + dt.timedelta(weeks=11)
    board = Body.objects.get(slug="project-board")
    meeting = meeting_actions.schedule_meetings(board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    item = meeting_actions.ensure_agenda(meeting, admin).items.first()
    data = {
        "title": "Audited item",
        "purpose": "discussion",
        "presenter": "Georgia Young",
        "minutes_allowed": "15",
        "edit_token": history.edit_token(item),
        "inline": "1",
    }
    return client.post(reverse("governance:item_edit", args=[item.pk]), data), item, lambda: item.title == data["title"]


def _deliverable_edit(client, project):
    d = project.deliverables.get(title="Fee modelling report")
    response = client.post(reverse("projects:deliverable_edit", args=[d.pk]), deliverable_row(d, rag="amber"))
    return response, d, lambda: d.rag == "amber"


def _risk_edit(client, project):
    risk = project.risks.get()
    url = reverse("risks:risk_edit", args=[project.slug, risk.pk])
    data = {**_form_data(client.get(url).context["form"]), "residual_impact": "2"}
    return client.post(url, data), risk, lambda: risk.residual_impact == 2


def _report_edit(client):
    leader = user_for("project_leader")
    values = seed_reports.report_values(
        User.objects.get(username=seed_reports.SIGNING_DIRECTOR), User.objects.get(username=seed_reports.DECISION_MAKER)
    )
    del values["status"], values["author"]
    report = report_actions.create_report(leader, **{**values, "subject": "Audited report"})
    url = reverse("governance:decision_report_edit", args=[report.pk])
    data = {**_form_data(client.get(url).context["form"]), "purpose": "1.1 An audited purpose."}
    return client.post(url, data), report, lambda: report.purpose == "1.1 An audited purpose."


EDITS = {
    "a body": ("admin_staff", lambda client, project: _body_edit(client)),
    "an agenda item": ("project_leader", lambda client, project: _item_edit(client)),
    "a deliverable": ("project_leader", _deliverable_edit),
    "a risk": ("project_leader", _risk_edit),
    "a decision report": ("project_leader", lambda client, project: _report_edit(client)),
}


@pytest.mark.parametrize("what", EDITS)
def test_an_edit_through_a_page_is_in_history_with_the_signed_in_user(what, project):
    persona, edit = EDITS[what]
    response, obj, saved = edit(client_for(persona), project)
    form = response.context["form"] if response.context and "form" in response.context else None
    assert response.status_code == 302, form.errors if form is not None else response.status_code
    obj.refresh_from_db()
    assert saved(), f"the edit of {what} was not saved"
    newest = obj.history.order_by("-history_date", "-history_id").first()
    assert newest.history_type == "~"
    assert newest.history_user == user_for(persona)


# ------------------------------------------------------------------------------------------------ the pages


def test_a_change_made_through_a_page_shows_who_and_each_field_before_and_after(project, people):
    d = project.deliverables.get(title="Fee modelling report")
    response = client_for("project_leader").post(
        reverse("projects:deliverable_edit", args=[d.pk]),
        deliverable_row(d, status="in_progress", owner=people["Georgia Young"].pk, percent_complete=40),
    )
    assert response.status_code == 302
    # A Strategic Group member may see the project, so the deliverable's changes too.
    for page in (client_for("councillor").get(object_url(d)), client_for("councillor").get(project_url(project))):
        assert page.status_code == 200
        text = text_of(page)
        row = text[text.index("project.leader") :]
        assert "Changed (Changed on the plan)" in row
        assert "Status from Not started → to In progress" in row
        assert "Owner from Cheryl Ward → to Georgia Young" in row  # names, not ids
        assert "Percent complete from 0 → to 40" in row
    assert "Deliverable Fee modelling report" in text_of(client_for("councillor").get(project_url(project)))


def test_the_history_on_a_records_page_links_to_all_its_changes(project):
    d = project.deliverables.get(title="Fee modelling report")
    page = client_for("project_leader").get(reverse("projects:deliverable_edit", args=[d.pk])).content.decode()
    assert f'href="{object_url(d)}">See all changes</a>' in page
    detail = client_for("councillor").get(reverse("projects:project_detail", args=[project.slug])).content.decode()
    assert f'href="{project_url(project)}"' in detail


def _dated_notes(d, by, days):
    """Save the deliverable once per day in `days`, its notes naming the month, dated in the middle of that day (its
    creation dated before them all)."""
    created = timezone.make_aware(dt.datetime(2025, 12, 1, 9))
    Deliverable.history.filter(id=d.pk).update(history_date=created)
    for day in days:
        d = Deliverable.objects.get(pk=d.pk)
        d.notes = day.strftime("%B")
        plan_actions.save_deliverable(d, d.version, by)
        record = d.history.order_by("-history_id").first()
        when = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        Deliverable.history.filter(history_id=record.history_id).update(history_date=when)


@pytest.mark.parametrize("page", ["object", "project"])
def test_only_the_changes_between_the_dates_are_shown_both_days_included(project, page):
    d = project.deliverables.get(title="Fee modelling report")
    _dated_notes(d, user_for("project_leader"), [dt.date(2026, 1, 15), dt.date(2026, 2, 15), dt.date(2026, 3, 15)])
    url = (lambda **q: object_url(d, **q)) if page == "object" else (lambda **q: project_url(project, **q))
    client = client_for("project_leader")

    february = text_of(client.get(url(**{"from": "2026-02-01", "to": "2026-02-28"})))
    assert "Notes from January → to February" in february
    assert "to January" not in february and "to March" not in february
    assert "Notes from January → to February" in text_of(client.get(url(**{"from": "2026-02-15", "to": "2026-02-15"})))
    later = text_of(client.get(url(**{"from": "2026-03-16", "to": "2026-03-20"})))
    assert "No changes were recorded" in later and "Notes from" not in later
    everything = text_of(client.get(url()))
    assert all(f"to {month}" in everything for month in ("January", "February", "March"))


BAD_PERIODS = [
    ({"from": "2026-02-30"}, "Enter the “from” date as a real date, for example 2026-03-27."),
    ({"to": "last tuesday"}, "Enter the “to” date as a real date, for example 2026-03-27."),
    ({"from": "2026-03-01", "to": "2026-02-01"}, "The “to” date must be the same as or after the “from” date."),
    ({"from": "0001-01-01"}, "Enter a “from” date between 2000 and 2100."),
    ({"to": "9999-12-31"}, "Enter a “to” date between 2000 and 2100."),
]


@pytest.mark.parametrize("page", ["object", "project"])
@pytest.mark.parametrize("query,message", BAD_PERIODS)
def test_bad_dates_are_answered_with_a_message_and_no_changes(project, page, query, message):
    d = project.deliverables.get(title="Fee modelling report")
    url = object_url(d, **query) if page == "object" else project_url(project, **query)
    response = client_for("project_leader").get(url)
    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text and message in text
    assert 'id="changes"' not in response.content.decode()


@pytest.mark.parametrize(
    "query,message",
    [
        ({"who": "999999"}, "Choose someone from the list: nobody else changed these records."),
        ({"who": "Robert'); DROP TABLE"}, "Choose someone from the list"),
        ({"kind": "passwords"}, "Choose a kind of record from the list."),
    ],
)
def test_the_project_page_refuses_an_unknown_person_or_kind_with_a_message(project, query, message):
    response = client_for("project_leader").get(project_url(project, **query))
    assert response.status_code == 200 and message in text_of(response)


def test_the_project_page_filters_by_who_and_kind_and_counts_each_kind(project, people):
    d = project.deliverables.get(title="Fee modelling report")
    plan_actions.save_deliverable(Deliverable.objects.get(pk=d.pk), d.version, user_for("project_leader"))
    risk = project.risks.get()
    risk.owner = people["Georgia Young"]
    register_actions.save_risk(risk, risk.version, user_for("admin_staff"))
    client = client_for("project_leader")

    page = client.get(project_url(project)).content.decode()
    counts = dict(
        re.findall(r'summary-list__key">([^<]+)</dt><dd class="govuk-summary-list__value">(?:<a[^>]*>)?(\d+)', page)
    )
    assert counts["Deliverables"] == "3" and counts["Risks"] == "2" and counts["Workstreams"] == "1"
    assert counts["Issues"] == "0"

    only_risks = text_of(client.get(project_url(project, kind="risk")))
    assert "Owner from (blank) → to Georgia Young" in only_risks and "Fee modelling report" not in only_risks
    admin = user_for("admin_staff")
    by_admin = text_of(client.get(project_url(project, who=admin.pk)))
    assert "R001: Providers leave the market" in by_admin and "Fee modelling report" not in by_admin


def test_a_programme_page_includes_its_projects_changes(project):
    programme = Project.objects.create(title="Audit programme", slug="audit-programme", kind="programme")
    Project.objects.filter(pk=project.pk).update(parent=programme)
    d = project.deliverables.get(title="Fee modelling report")
    plan_actions.save_deliverable(Deliverable.objects.get(pk=d.pk), d.version, user_for("project_leader"))
    text = text_of(client_for("admin_staff").get(project_url(programme)))
    assert "Deliverable Fee modelling report" in text


# ---------------------------------------------------------------------------------------------- who may see them


@pytest.fixture
def exempt_item():
    """An exempt item on a Project Board agenda, changed by admin staff, with a decision recorded at it."""
    admin = user_for("admin_staff")
    day = timezone.localdate() + dt.timedelta(weeks=13)
    board = Body.objects.get(slug="project-board")
    meeting = meeting_actions.schedule_meetings(board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    agenda = meeting_actions.ensure_agenda(meeting, admin)
    item = meeting_actions.add_item(
        agenda,
        admin,
        title=f"{MARK} provider failure",
        description=f"{MARK} the provider's accounts",
        exempt_paragraph=3,
        public_interest_reason=f"{MARK} commercial interests",
    )
    item.description = f"{MARK} the provider's accounts, revised"
    _save(item, admin, "Changed")
    decision = _save(
        Decision(item=item, text=f"{MARK} decision", quorate=True, quorum_note="Quorate", recorded_by=admin),
        admin,
        "Recorded",
    )
    return item, decision


@pytest.mark.parametrize("persona", ["outsider", "councillor", "provider", "service_user"])
def test_changes_to_an_exempt_item_never_reach_someone_who_may_not_see_its_meeting(exempt_item, persona, project):
    item, decision = exempt_item
    client = client_for(persona)
    for url in (object_url(item), object_url(decision)):
        response = client.get(url)
        assert response.status_code == 404
        assert MARK not in response.content.decode()
    # Nor through the project's page, which a Strategic Group member may open.
    assert MARK not in client.get(project_url(project)).content.decode()


def test_those_who_may_see_the_meeting_read_the_exempt_items_changes(exempt_item):
    item, decision = exempt_item
    for persona in ("chair", "project_executive", "admin_staff"):
        text = text_of(client_for(persona).get(object_url(item)))
        assert f"Description from {MARK} the provider's accounts → to {MARK} the provider's accounts, revised" in text
    assert client_for("anonymous").get(object_url(item)).status_code == 302


def test_a_record_elsewhere_names_an_exempt_item_by_its_exemption_only(exempt_item, project):
    """A risk escalated to the exempt item: the escalation's changes are for everyone who may see the project, so they
    name the item by its exemption, never by its title."""
    item, _ = exempt_item
    leader = user_for("project_leader")
    escalation = _save(Escalation(risk=project.risks.get(), reason="Escalated", escalated_by=leader), leader, "Added")
    escalation.agenda_item = item
    _save(escalation, leader, "Put on the agenda")
    text = text_of(client_for("councillor").get(object_url(escalation)))
    assert "Agenda item from (blank) → to Agenda item withheld: Not for publication by virtue of paragraph 3" in text
    assert MARK not in text


def test_unknown_kinds_records_and_unregistered_models_are_404(project):
    client = client_for("admin_staff")
    d = project.deliverables.first()
    assert client.get(reverse("object_changes", args=["projects", "nosuchmodel", d.pk])).status_code == 404
    assert client.get(reverse("object_changes", args=["nosuchapp", "deliverable", d.pk])).status_code == 404
    assert client.get(reverse("object_changes", args=["projects", "deliverable", 99999999])).status_code == 404
    # Models with no reader registered (sessions, users) have no page.
    assert client.get(reverse("object_changes", args=["auth", "user", user_for("chair").pk])).status_code == 404
    assert client.get(reverse("object_changes", args=["governance", "historicalbody", 1])).status_code == 404


def test_every_model_with_history_has_a_reader_and_no_other_does():
    from django.apps import apps

    with_history = {m for m in apps.get_models() if hasattr(m, "history") and hasattr(m.history, "model")}
    readers = {m for m in apps.get_models() if history.reader_for(m) is not None}
    assert with_history == readers


# ------------------------------------------------------------------------------------------------- query counts


def _change(project, people, n, leader):
    """One more change to the project's records: a deliverable's owner and dependencies, or the risk's owner."""
    names = sorted(people)
    if n % 3 == 2:
        risk = Risk.objects.get(project=project)
        risk.owner = people[names[n % len(names)]]
        register_actions.save_risk(risk, risk.version, leader)
        return
    d = Deliverable.objects.get(project=project, title="Fee modelling report")
    d.owner = people[names[n % len(names)]]
    plan_actions.save_deliverable(d, d.version, leader)
    if n % 3 == 1:
        # Needs the project plan, then not, then again …
        d.depends_on.set(project.deliverables.filter(title="Project plan") if n // 3 % 2 == 0 else [])


@pytest.mark.parametrize("page", ["object", "project"])
def test_the_pages_take_as_many_queries_for_25_changes_as_for_3(project, people, page, django_assert_max_num_queries):
    leader = user_for("project_leader")
    d = project.deliverables.get(title="Fee modelling report")
    url = object_url(d) if page == "object" else project_url(project)
    client = client_for("chair")
    for n in range(3):
        _change(project, people, n, leader)
    client.get(url)  # the session and the user's groups, as on any second page
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(3, 25):
        _change(project, people, n, leader)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count('<tr class="govuk-table__row">') >= 21
    assert "Owner from" in text_of(response)
