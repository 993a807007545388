"""Subject access: everything held about a person, as JSON and as a readable PDF, for admin staff only.

A person with records in every app gets every section filled; a unique marker placed in each kind of record is in the
JSON and in the PDF's text; no password hash is exported; another person's records (and an exempt item's title) are
not.
"""

import datetime as dt
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import meeting_actions, personal_data
from governance.models import (
    AgendaApproval,
    Attendance,
    Body,
    DecisionReport,
    Declaration,
    Delegation,
    ExceptionResponse,
    Membership,
    MinutesReview,
    PackBuild,
    Person,
)
from projects.models import Deliverable, HighlightReport, Lesson, Project, ReportComment, ReportRead, Workstream
from risks.models import Escalation, Issue, Risk, RiskAction
from tests.access.logs import admin_user, meeting_on
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# One marker per kind of record, each in a field of that record (the section it must reach is the key).
MARKERS = {
    "Person record": "SARJOBTITLE",
    "History of the person record": "SAROLDAREA",
    "Sign-in account": "sarsignin",
    "Seats on bodies": "SARSEATDUTY",
    "Named deputy for": "SARDEPUTYSEAT",
    "Delegations": "SARDELEGATION",
    "Meeting attendance": "SARATTENDNOTE",
    "Declarations of interest": "SARDECLARED",
    "Actions owned": "SARACTIONTEXT",
    "Responses to matters put between meetings": "SARRESPONSE",
    "Meeting business recorded with their sign-in": "SARAPPROVALNOTE",
    "Officer decision reports": "SARREPORTSUBJECT",
    "Project roles": "SARSTREAMNAME",
    "Deliverables and milestones owned": "SARDELIVERABLE",
    "Benefits, change requests and lessons": "SARLESSONEVENT",
    "Questions and comments on highlight reports": "SARQUESTION",
    "Risks": "SARRISKTITLE",
    "Risk actions owned": "SARRISKACTION",
    "Issues": "SARISSUETITLE",
    "Risks escalated to the board with their sign-in": "SARESCALATION",
    personal_data.CHANGES: "SARCHANGEREASON",
}
# Sections whose records hold no free text of the person's: filled, and named by what they point at.
POINTERS = {
    "Extraordinary meetings called": "Project Board",
    "Document packs requested": "Agenda pack",
    "Highlight reports read": "Highlight report",
    "Highlight reports published with their sign-in": "Highlight report",
}
OTHER = "OTHERPERSONMARK"
EXEMPT_TITLE = "SAREXEMPTITEMTITLE"


def _risk(project, reference, title, **people):
    return Risk.objects.create(
        project=project,
        reference=reference,
        title=title,
        event="Something happens",
        category="operational",
        raised_on=dt.date(2026, 1, 5),
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=2,
        **people,
    )


@pytest.fixture
def subject():
    """Sam, with records in every app; Olive, with records of her own beside Sam's."""
    by = admin_user()
    User = get_user_model()
    sam_user = User.objects.create_user("sarsignin.sam", email="sam@example.org", password="a long password 1234")
    sam = Person.objects.create(
        name="Sam Subject",
        title=MARKERS["Person record"],
        service_area=MARKERS["History of the person record"],
        email="sam@example.org",
        user=sam_user,
    )
    sam.service_area = "Commissioning"
    sam.save()
    olive_user = User.objects.create_user(f"{OTHER.lower()}.olive", password="another long password 99")
    olive = Person.objects.create(name="Olive Other", title=OTHER, user=olive_user)

    board = Body.objects.get(slug="project-board")
    Membership.objects.create(body=board, person=sam, role="member", responsibility=MARKERS["Seats on bodies"])
    Membership.objects.create(body=board, person=olive, role="member", responsibility=OTHER)
    Membership.objects.create(
        body=board, person=None, seat_label=MARKERS["Named deputy for"], deputy=sam, deputy_authority="speak"
    )
    Delegation.objects.create(
        body=board,
        principal=olive,
        delegate=sam,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
        reason=MARKERS["Delegations"],
    )

    meeting = meeting_on(board, timezone.localdate() + dt.timedelta(weeks=3), by)
    meeting.called_by.add(sam)
    Attendance.objects.create(meeting=meeting, person=sam, status="present", note=MARKERS["Meeting attendance"])
    Attendance.objects.create(meeting=meeting, person=olive, status="present", note=OTHER)
    agenda = meeting_actions.ensure_agenda(meeting, by)
    item = meeting_actions.add_item(agenda, by, title="Home care tender", purpose="decision")
    exempt = meeting_actions.add_item(
        agenda, by, title=EXEMPT_TITLE, exempt_paragraph=3, public_interest_reason="Commercial terms"
    )
    Declaration.objects.create(
        item=exempt, person=sam, kind="other_registrable", interest=MARKERS["Declarations of interest"]
    )
    Declaration.objects.create(item=exempt, person=olive, kind="other_registrable", interest=OTHER)
    due = timezone.localdate() + dt.timedelta(days=30)
    meeting_actions.add_action(item, MARKERS["Actions owned"], sam, due, by)
    meeting_actions.add_action(item, OTHER, olive, due, by)
    matter = meeting_actions.raise_exception_matter(board, "media", "May we reply to the paper?", due, by)
    ExceptionResponse.objects.create(
        matter=matter, person=sam, response="agree", comment=MARKERS["Responses to matters put between meetings"]
    )
    ExceptionResponse.objects.create(matter=matter, person=olive, response="agree", comment=OTHER)
    AgendaApproval.objects.create(
        agenda=agenda,
        decision="approved",
        role="Project Executive",
        by=sam_user,
        comment=MARKERS["Meeting business recorded with their sign-in"],
    )
    AgendaApproval.objects.create(
        agenda=agenda, decision="approved", role="Project Sponsor", by=olive_user, comment=OTHER
    )
    minutes = meeting_actions.start_minutes(meeting, by)
    MinutesReview.objects.create(minutes=minutes, by=sam_user, role="Project Leader", comment="Read, no changes")
    DecisionReport.objects.create(
        author=sam_user, report_of="Director", report_to="Director", subject=MARKERS["Officer decision reports"]
    )
    DecisionReport.objects.create(author=olive_user, report_of="Director", report_to="Director", subject=OTHER)
    PackBuild.objects.create(kind="agenda", variant="public", meeting=meeting, requested_by=sam_user)
    PackBuild.objects.create(kind="agenda", variant="private", meeting=meeting, requested_by=olive_user)

    project = Project.objects.get(slug="hcrc")
    stream = Workstream.objects.create(project=project, name=MARKERS["Project roles"], lead=sam, position=99)
    stream.members.add(olive)
    deliverable = Deliverable.objects.create(
        project=project, workstream=stream, title=MARKERS["Deliverables and milestones owned"], owner=sam
    )
    Deliverable.objects.create(project=project, workstream=stream, title=OTHER, owner=olive)
    deliverable.notes = "Changed with Sam's sign-in"
    deliverable._history_user, deliverable._change_reason = sam_user, MARKERS[personal_data.CHANGES]
    deliverable.save()
    Lesson.objects.create(
        project=project,
        event=MARKERS["Benefits, change requests and lessons"],
        logged_by=sam,
        logged_on=dt.date(2026, 1, 9),
    )
    Lesson.objects.create(project=project, event=OTHER, logged_by=olive, logged_on=dt.date(2026, 1, 9))
    report = HighlightReport.objects.create(
        project=project,
        period_start=dt.date(2030, 1, 1),
        period_end=dt.date(2030, 1, 31),
        status="published",
        published_at=timezone.now(),
        published_by=sam_user,
    )
    ReportRead.objects.create(report=report, person=sam)
    question = ReportComment.objects.create(
        report=report, author=sam, text=MARKERS["Questions and comments on highlight reports"], is_question=True
    )
    ReportComment.objects.create(report=report, author=olive, text=OTHER, parent=question)

    risk = _risk(project, "SAR-R1", MARKERS["Risks"], owner=sam)
    _risk(project, "SAR-R2", OTHER, owner=olive)
    RiskAction.objects.create(risk=risk, description=MARKERS["Risk actions owned"], owner=sam)
    RiskAction.objects.create(risk=risk, description=OTHER, owner=olive)
    Issue.objects.create(
        project=project,
        reference="SAR-I1",
        issue_type="problem",
        title=MARKERS["Issues"],
        description="x",
        raised_on=dt.date(2026, 1, 5),
        owner=sam,
    )
    Issue.objects.create(
        project=project,
        reference="SAR-I2",
        issue_type="problem",
        title=OTHER,
        description="x",
        raised_on=dt.date(2026, 1, 5),
        owner=olive,
    )
    Escalation.objects.create(
        risk=risk, reason=MARKERS["Risks escalated to the board with their sign-in"], escalated_by=sam_user
    )
    Escalation.objects.create(risk=risk, reason=OTHER, escalated_by=olive_user)
    return sam


def export(person, kind):
    response = client_for("admin_staff").get(reverse("governance:subject_access", args=[person.pk]), {"download": kind})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="subject-access-{person.pk}-')
    return response


def test_a_person_with_records_in_every_app_has_every_section_filled(subject):
    doc = json.loads(export(subject, "json").content)
    counts = {section["title"]: section["count"] for section in doc["sections"]}
    assert set(counts) == set(MARKERS) | set(POINTERS)
    assert [title for title, count in counts.items() if count == 0] == []
    assert [s["title"] for s in doc["sections"]][-1] == personal_data.CHANGES
    assert doc["subject_access_export"]["person_id"] == subject.pk


def test_the_json_holds_a_marker_from_each_kind_of_record_in_its_own_section(subject):
    doc = json.loads(export(subject, "json").content)
    sections = {section["title"]: json.dumps(section["records"]) for section in doc["sections"]}
    missing = [title for title, marker in MARKERS.items() if marker not in sections[title]]
    assert missing == []
    assert [title for title, text in POINTERS.items() if text not in sections[title]] == []


def test_the_pdf_opens_and_its_text_holds_every_marker_and_nothing_of_anyone_else(subject):
    response = export(subject, "pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join("".join(page.extract_text() or "" for page in reader.pages).split())
    assert "PersonaldataheldaboutSamSubject" in text
    assert timezone.localdate().strftime("%-d%B%Y") in text
    assert [marker for marker in MARKERS.values() if marker not in text] == []
    assert OTHER not in text and EXEMPT_TITLE not in text
    assert "pbkdf2" not in text and subject.user.password.split("$")[-1] not in text


def test_no_password_hash_is_exported(subject):
    content = export(subject, "json").content.decode()
    stored = get_user_model().objects.get(pk=subject.user_id).password
    assert stored.startswith("pbkdf2_sha256$")
    for part in stored.split("$"):
        if len(part) > 8:
            assert part not in content
    assert "pbkdf2" not in content
    account = next(s for s in json.loads(content)["sections"] if s["title"] == "Sign-in account")["records"][0]
    assert account["password"] == "held only as a salted one-way hash, which is not exported"


def test_another_persons_records_and_an_exempt_items_title_are_absent(subject):
    content = export(subject, "json").content.decode()
    assert OTHER not in content.upper()
    assert EXEMPT_TITLE not in content
    declarations = next(s for s in json.loads(content)["sections"] if s["title"] == "Declarations of interest")
    assert declarations["records"][0]["item"].endswith("exempt information (paragraph 3 of Schedule 12A)")
    # The control: Olive's own export holds her records.
    olive = json.loads(export(Person.objects.get(name="Olive Other"), "json").content)
    assert json.dumps(olive).count(OTHER) >= 10


def test_the_page_lists_the_sections_and_only_admin_staff_may_export(subject):
    url = reverse("governance:subject_access", args=[subject.pk])
    page = client_for("admin_staff").get(url)
    assert page.status_code == 200
    assert b"Download the PDF" in page.content and b"Declarations of interest" in page.content
    person_page = client_for("admin_staff").get(reverse("governance:person_detail", args=[subject.pk]))
    assert url.encode() in person_page.content
    for persona, status in {"project_leader": 403, "councillor": 404, "outsider": 404, "anonymous": 302}.items():
        for query in ({}, {"download": "json"}, {"download": "pdf"}):
            assert client_for(persona).get(url, query).status_code == status, (persona, query)
    own = client_for("anonymous")
    own.force_login(subject.user)
    assert own.get(url, {"download": "json"}).status_code == 403
    assert client_for("admin_staff").get(url, {"download": "xml"}).status_code == 404
    assert client_for("admin_staff").get(reverse("governance:subject_access", args=[999999])).status_code == 404


def test_the_command_writes_the_json_and_the_pdf(subject, tmp_path):
    call_command(
        "subject_access",
        str(subject.pk),
        "--json",
        str(tmp_path / "sam.json"),
        "--pdf",
        str(tmp_path / "sam.pdf"),
        stderr=io.StringIO(),
    )
    written = json.loads((tmp_path / "sam.json").read_text(encoding="utf-8"))
    served = json.loads(export(subject, "json").content)
    for doc in (written, served):
        doc["subject_access_export"].pop("generated_at")
    assert written == served
    assert len(PdfReader(tmp_path / "sam.pdf").pages) >= 2


def test_a_person_without_a_sign_in_has_no_account_sections_filled():
    person = Person.objects.create(name="Nora No-login", email="nora@example.org")
    doc = personal_data.document(person)
    filled = {s["title"] for s in doc["sections"] if s["count"]}
    assert filled == {"Person record", "History of the person record"}
