"""Officer decision reports: the seeded 2021 report, the workflow (draft, sign-off, decision, publication,
correction), the pages, what the public sees, appendices, stale edits, immutability and the papers for packs."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from governance import history, papers, report_actions, report_papers, seed_reports
from governance.actions import GovernanceError
from governance.models import (
    DecisionReport,
    DecisionReportAppendix,
    DecisionReportStatus,
    DecisionType,
    PublishedReportIsFinal,
    UrgencyRoute,
)
from governance.seed_data import DEMO_PASSWORD
from tests.access.public import agenda_for, make_meeting
from tests.conftest import client_for

Status = DecisionReportStatus
User = get_user_model()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def director(db):
    return User.objects.get(username=seed_reports.SIGNING_DIRECTOR)


@pytest.fixture
def decider(db):
    return User.objects.get(username=seed_reports.DECISION_MAKER)


@pytest.fixture
def leader(db):
    return User.objects.get(username="project.leader")


@pytest.fixture
def secretariat(db):
    return User.objects.get(username="admin.staff")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name="appendix.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def draft(by, director, decider, subject="Extend the reablement pilot", **changes):
    """A complete draft (the 2021 report's text) started by `by` (staff), who is its author unless one is named."""
    values = seed_reports.report_values(director, decider)
    del values["status"], values["author"]
    values.update(subject=subject, **changes)
    return report_actions.create_report(by, **values)


RECORD = {
    "decided_on": dt.date(2021, 4, 28),
    "decision_text": "Approved the establishment of the post.",
    "decision_reasons": "As set out in the report.",
    "alternatives_rejected": "Not creating the post: the redesign could not be delivered in time.",
    "conflicts_declared": "None",
    "dispensation": "",
}


def advance(report, to, director, decider, publisher):
    """Take `report` through the real workflow up to status `to`."""
    steps = [
        (Status.AWAITING_SIGN_OFF, lambda: report_actions.send_for_sign_off(report, report.author)),
        (Status.SIGNED_OFF, lambda: report_actions.sign_off(report, director)),
        (Status.DECIDED, lambda: report_actions.record_decision(report, decider, **RECORD)),
        (Status.PUBLISHED, lambda: report_actions.publish(report, publisher)),
    ]
    for status, step in steps:
        step()
        if status == to:
            break
    return DecisionReport.objects.get(pk=report.pk)


def seeded_report():
    return DecisionReport.objects.get(subject=seed_reports.SUBJECT, version=1)


# ------------------------------------------------------------------------------------------------- the 2021 report


@pytest.mark.django_db
def test_the_seed_loads_the_2021_report_in_full_signed_off_and_awaiting_the_decision(director, decider):
    report = seeded_report()
    assert (report.report_of, report.report_to) == (
        "Director of Integrated Commissioning",
        "Director of Adults and Health",
    )
    assert report.report_date == dt.date(2021, 4, 21)
    assert report.status == Status.SIGNED_OFF
    assert report.decision_type == DecisionType.SIGNIFICANT_OPERATIONAL and not report.open_for_call_in
    answers = (report.wards_affected, report.consultation_carried_out, report.equality_implications, report.exempt)
    assert answers == (False, True, False, False)
    assert (report.signing_director, report.decision_maker) == (director, decider)
    assert "£121,798" in report.summary_resources and "£121,798" in report.resources_value_for_money
    assert (
        "spinal point 43" in report.resources_value_for_money and "spinal point 40" in report.resources_value_for_money
    )
    assert report.risk_management.startswith("4.6.1 The redesign of home care project involves significant change")
    assert report.legal_implications.endswith(
        "4.5.2 This decision is a Significant Operational Decision and is therefore not subject to call-in."
    )
    assert report.climate_emergency.startswith("4.3.4 There could be significant climate benefits")
    assert "the 28th August 2020" in report.main_issues
    assert "- Changing payment models" in report.main_issues
    assert report.background_documents == "7.1 None"
    assert "At the same time, home care providers have difficulty" in report.background  # joined over the page break
    # The seed records no decision: the record is empty, waiting for the decision maker.
    assert (report.decided_on, report.decision_text, report.conflicts_declared, report.published_at) == (
        None,
        "",
        "",
        None,
    )
    assert list(report.appendices.values_list("number", "title", "file")) == [
        (1, "Commissioning Programme Leader job description (PO6)", ""),
        (2, "Equality and Diversity Impact Assessment Screening Tool", ""),
    ]


@pytest.mark.django_db
def test_the_seeded_report_reads_like_the_council_document(decider):
    report = seeded_report()
    page = signed_in(decider).get(reverse("governance:decision_report", args=[report.pk])).content.decode()
    for text in (
        "Report of Director of Integrated Commissioning",
        "Report to Director of Adults and Health",
        "Date: 21 April 2021",
        "Subject: Creation of a new temporary Commissioning Programme Leader post",
        "Will the decision be open for call-in?",
        "1. Main issues",
        "2. Best Council Plan Implications",
        "3. Resource Implications",
        "4.4 Resources, procurement and value for money",
        "Climate Emergency",
        "4.4.1 The proposal is to establish a temporary PO6 Commissioning Programme Leader post",
        "£121,798",
        "spinal point 43",
        "4.6.1 The redesign of home care project",
        "7.1 None",
        "<li>Changing payment models</li>",
        "Appendix 1: Commissioning Programme Leader job description (PO6)",
        "Record the decision",
    ):
        assert text in page, text
    # 1. Purpose comes before 3. Main issues, which comes before 4.6 and 7.
    order = [
        page.index(h)
        for h in ("1. Purpose of this report", "3. Main issues", "4.6 Risk management", "7. Background documents")
    ]
    assert order == sorted(order)


@pytest.mark.django_db
def test_loading_the_report_again_changes_nothing_not_even_history():
    before = (DecisionReport.history.count(), DecisionReportAppendix.history.count(), User.objects.count())
    counter = {"created": 0, "updated": 0}
    seed_reports.load(counter, DEMO_PASSWORD)
    assert counter == {"created": 0, "updated": 0}
    assert (DecisionReport.history.count(), DecisionReportAppendix.history.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_seed_demo_prints_the_two_directors_logins_which_work():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    for username, name, _label in seed_reports.DEMO_LOGINS:
        assert f"{username}" in out.getvalue() and f"({name})" in out.getvalue()
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_seeded_report_is_not_public_until_published():
    report = seeded_report()
    assert Client().get(reverse("public:officer_decision", args=[report.pk])).status_code == 404
    assert seed_reports.SUBJECT not in Client().get(reverse("public:officer_decisions")).content.decode()


# ---------------------------------------------------------------------------------------------------- the workflow


@pytest.mark.django_db
def test_a_report_goes_from_draft_to_publication_through_the_pages(leader, director, decider, secretariat):
    client = signed_in(leader)
    response = client.post(
        reverse("governance:decision_report_new"),
        {
            "subject": "Extend the reablement pilot",
            "report_of": "Director of Integrated Commissioning",
            "report_to": "Director of Adults and Health",
            "decision_type": DecisionType.SIGNIFICANT_OPERATIONAL,
            "author": leader.pk,
            "signing_director": director.pk,
            "decision_maker": decider.pk,
        },
    )
    report = DecisionReport.objects.get(subject="Extend the reablement pilot")
    assert response["Location"] == reverse("governance:decision_report_edit", args=[report.pk])
    assert (report.status, report.author, report.version) == (Status.DRAFT, leader, 1)

    # Sent too early: refused, with what is missing in words.
    client.post(reverse("governance:decision_report_action", args=[report.pk, "send"]))
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    page = client.get(report.get_absolute_url()).content.decode()
    assert "section 1: purpose of this report" in page

    # The author writes the sections (the 2021 report's text) and a purpose of their own.
    form = client.get(reverse("governance:decision_report_edit", args=[report.pk])).context["form"]
    written = {name: _post_value(value) for name, value in seed_reports.report_values(director, decider).items()}
    data = {
        **_form_data(form),
        **{name: value for name, value in written.items() if name in form.fields},
        "report_date": "2021-04-21",
        "purpose": "1.1 This report seeks to extend the pilot.",
    }
    response = client.post(reverse("governance:decision_report_edit", args=[report.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    client.post(reverse("governance:decision_report_action", args=[report.pk, "send"]))
    report.refresh_from_db()
    assert report.status == Status.AWAITING_SIGN_OFF

    signed_in(director).post(reverse("governance:decision_report_action", args=[report.pk, "sign_off"]))
    report.refresh_from_db()
    assert report.status == Status.SIGNED_OFF and report.signed_off_at is not None

    response = signed_in(decider).post(
        reverse("governance:decision_report_decide", args=[report.pk]), {**RECORD, "decided_on": "2021-04-28"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DECIDED and report.decision_text == RECORD["decision_text"]

    signed_in(secretariat).post(reverse("governance:decision_report_action", args=[report.pk, "publish"]))
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and report.published_at is not None
    public = Client().get(reverse("public:officer_decision", args=[report.pk])).content.decode()
    assert (
        "Approved the establishment of the post." in public and "1.1 This report seeks to extend the pilot." in public
    )
    # Each step is in the report's history, with who took it.
    reasons = [(row.who, row.reason) for row in history.history_of(report, secretariat)]
    assert ("Director of Adults and Health", "Decision recorded by the decision maker") in reasons
    assert ("Director of Integrated Commissioning", "Signed off by the Director") in reasons


def _post_value(value):
    if value is True or value is False:
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return "" if value is None else value


def _form_data(form):
    """What the browser would send back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = _post_value(value.isoformat() if isinstance(value, dt.date) else value)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_the_director_returns_a_report_with_a_comment(leader, director, decider):
    report = advance(draft(leader, director, decider), Status.AWAITING_SIGN_OFF, director, decider, leader)
    client = signed_in(director)
    client.post(reverse("governance:decision_report_action", args=[report.pk, "return"]), {"comment": ""})
    report.refresh_from_db()
    assert report.status == Status.AWAITING_SIGN_OFF  # a return needs a comment
    client.post(
        reverse("governance:decision_report_action", args=[report.pk, "return"]), {"comment": "Cost the on-costs."}
    )
    report.refresh_from_db()
    assert (report.status, report.returned_comment) == (Status.DRAFT, "Cost the on-costs.")
    assert (
        "Cost the on-costs."
        in signed_in(leader).get(reverse("governance:decision_report_edit", args=[report.pk])).content.decode()
    )


@pytest.mark.django_db
def test_only_the_named_director_signs_off(leader, director, decider, secretariat):
    report = advance(draft(leader, director, decider), Status.AWAITING_SIGN_OFF, director, decider, leader)
    url = reverse("governance:decision_report_action", args=[report.pk, "sign_off"])
    assert signed_in(secretariat).post(url).status_code == 403  # sees every report, but it is not theirs to sign
    assert signed_in(decider).post(url).status_code == 403
    assert client_for("chair").post(url).status_code == 404  # not named on it: does not learn it exists
    with pytest.raises(GovernanceError, match="Only the Director named on the report"):
        report_actions.sign_off(report, decider)
    report.refresh_from_db()
    assert report.status == Status.AWAITING_SIGN_OFF


@pytest.mark.django_db
def test_only_the_decision_maker_records_the_decision(leader, director, decider):
    report = advance(draft(leader, director, decider), Status.SIGNED_OFF, director, decider, leader)
    url = reverse("governance:decision_report_decide", args=[report.pk])
    assert signed_in(director).get(url).status_code == 403
    assert signed_in(director).post(url, RECORD).status_code == 403
    assert client_for("councillor").get(url).status_code == 404
    assert signed_in(decider).get(url).status_code == 200
    report.refresh_from_db()
    assert report.status == Status.SIGNED_OFF


@pytest.mark.django_db
def test_a_blank_conflicts_declaration_is_refused_and_nothing_typed_is_lost(leader, director, decider):
    report = advance(draft(leader, director, decider), Status.SIGNED_OFF, director, decider, leader)
    url = reverse("governance:decision_report_decide", args=[report.pk])
    response = signed_in(decider).post(url, {**RECORD, "conflicts_declared": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Type “None” if no conflict of interest was declared" in page
    assert RECORD["alternatives_rejected"] in page  # what was typed is still in the form
    report.refresh_from_db()
    assert (report.status, report.decision_text) == (Status.SIGNED_OFF, "")
    with pytest.raises(GovernanceError, match="conflicts of interest declared"):
        report_actions.record_decision(report, decider, **{**RECORD, "conflicts_declared": ""})


@pytest.mark.django_db
def test_a_decision_cannot_be_dated_in_the_future(leader, director, decider):
    report = advance(draft(leader, director, decider), Status.SIGNED_OFF, director, decider, leader)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(GovernanceError, match="cannot be in the future"):
        report_actions.record_decision(report, decider, **{**RECORD, "decided_on": tomorrow})


def _key(leader, director, decider, published_on, **changes):
    report = draft(
        leader,
        director,
        decider,
        decision_type=DecisionType.KEY,
        intended_decision_date=dt.date(2025, 3, 30),
        forward_plan_published_on=published_on,
        **changes,
    )
    return advance(report, Status.SIGNED_OFF, director, decider, leader)


@pytest.mark.django_db
def test_a_key_decision_is_refused_at_27_clear_days_and_recorded_at_28(leader, director, decider):
    report = _key(leader, director, decider, dt.date(2025, 3, 1))
    response = signed_in(decider).post(
        reverse("governance:decision_report_decide", args=[report.pk]), {**RECORD, "decided_on": "2025-03-29"}
    )
    assert "which leaves 27 clear days before 29 March 2025" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SIGNED_OFF
    report_actions.record_decision(report, decider, **{**RECORD, "decided_on": dt.date(2025, 3, 30)})
    report.refresh_from_db()
    assert report.status == Status.DECIDED


@pytest.mark.django_db
def test_a_key_decision_may_be_taken_early_under_the_general_exception_with_its_reason(leader, director, decider):
    report = _key(
        leader,
        director,
        decider,
        dt.date(2025, 3, 20),
        urgency_route=UrgencyRoute.GENERAL_EXCEPTION,
        urgency_reason="The framework agreement ends on 31 March.",
    )
    report_actions.record_decision(report, decider, **{**RECORD, "decided_on": dt.date(2025, 3, 25)})
    report.refresh_from_db()
    assert report.status == Status.DECIDED


@pytest.mark.django_db
def test_publishing_is_refused_while_an_appendix_has_no_file(leader, director, decider, secretariat):
    report = draft(leader, director, decider)
    report_actions.add_appendix(report, leader, "Job description", file=None)
    report = advance(report, Status.DECIDED, director, decider, secretariat)
    response = signed_in(secretariat).post(reverse("governance:decision_report_action", args=[report.pk, "publish"]))
    report.refresh_from_db()
    assert report.status == Status.DECIDED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Before it can be published the report needs: the file of appendix 1 (Job description)."]


@pytest.mark.django_db
def test_a_key_decision_is_published_with_its_call_in_dates_in_the_register(leader, director, decider, secretariat):
    report = _key(leader, director, decider, dt.date(2025, 3, 1))
    report_actions.record_decision(report, decider, **{**RECORD, "decided_on": dt.date(2025, 3, 30)})
    # Published on the Thursday before Easter 2025: the call-in period skips Good Friday and Easter Monday.
    published = timezone.make_aware(dt.datetime(2025, 4, 17, 10, 0))
    report_actions.publish(report, secretariat, now=published)
    report.refresh_from_db()
    assert report_actions.call_in_ends(report) == dt.date(2025, 4, 28)
    assert report_actions.earliest_implementation(report) == dt.date(2025, 4, 29)
    page = signed_in(secretariat).get(reverse("governance:decision_reports"), {"decision_type": "key"}).content.decode()
    assert "28 Apr 2025" in page and "29 Apr 2025" in page
    public = Client().get(reverse("public:officer_decisions")).content.decode()
    assert "28 Apr 2025" in public and "29 Apr 2025" in public


# ------------------------------------------------------------------------------------------- never edited once published


@pytest.mark.django_db
def test_a_published_report_cannot_be_saved_updated_or_deleted(leader, director, decider, secretariat):
    report = advance(draft(leader, director, decider), Status.PUBLISHED, director, decider, secretariat)
    report.subject = "Changed"
    with pytest.raises(PublishedReportIsFinal):
        report.save()
    with pytest.raises(PublishedReportIsFinal):
        DecisionReport.objects.filter(pk=report.pk).update(subject="Changed")
    with pytest.raises(PublishedReportIsFinal):
        report.delete()
    with pytest.raises(PublishedReportIsFinal):
        DecisionReportAppendix.objects.create(report=report, number=9, title="Late appendix")
    assert DecisionReport.objects.get(pk=report.pk).subject == "Extend the reablement pilot"


@pytest.mark.django_db
def test_posting_an_edit_to_a_published_report_changes_nothing(leader, director, decider, secretariat):
    report = advance(draft(leader, director, decider), Status.PUBLISHED, director, decider, secretariat)
    before = (DecisionReport.objects.filter(pk=report.pk).values().get(), report.history.count())
    response = signed_in(leader).post(
        reverse("governance:decision_report_edit", args=[report.pk]),
        {"subject": "Changed", "purpose": "Changed", "edit_token": history.edit_token(report)},
    )
    assert response.status_code == 302
    assert (DecisionReport.objects.filter(pk=report.pk).values().get(), report.history.count()) == before
    assert [str(m) for m in response.wsgi_request._messages] == [report_actions.PUBLISHED]
    for action in ("send", "sign_off", "publish"):
        signed_in(leader).post(reverse("governance:decision_report_action", args=[report.pk, action]))
    with pytest.raises(GovernanceError):
        report_actions.save_report(report, leader)
    assert DecisionReport.objects.filter(pk=report.pk).values().get() == before[0]


# ------------------------------------------------------------------------------------------------------- corrections


@pytest.mark.django_db
def test_a_correction_is_a_new_version_and_the_old_one_says_it_is_superseded(leader, director, decider, secretariat):
    v1 = advance(draft(leader, director, decider), Status.PUBLISHED, director, decider, secretariat)
    response = signed_in(decider).post(
        reverse("governance:decision_report_action", args=[v1.pk, "correct"]),
        {"reason": "The annual cost was mistyped."},
    )
    v2 = DecisionReport.objects.get(corrects=v1)
    assert response["Location"] == reverse("governance:decision_report_edit", args=[v2.pk])
    assert (v2.version, v2.status, v2.correction_by, v2.correction_reason) == (
        2,
        Status.DRAFT,
        decider,
        "The annual cost was mistyped.",
    )
    assert v2.resources_value_for_money == v1.resources_value_for_money and v2.decision_text == v1.decision_text
    assert "A correction is being prepared as" in signed_in(leader).get(v1.get_absolute_url()).content.decode()
    assert "Superseded" not in Client().get(reverse("public:officer_decision", args=[v1.pk])).content.decode()

    v2 = advance(v2, Status.PUBLISHED, director, decider, secretariat)
    v1.refresh_from_db()
    assert v1.status == Status.PUBLISHED and v1.published_at is not None  # the old version is untouched
    old = Client().get(reverse("public:officer_decision", args=[v1.pk])).content.decode()
    assert "Superseded by" in old and f'href="{reverse("public:officer_decision", args=[v2.pk])}">version 2</a>' in old
    new = Client().get(reverse("public:officer_decision", args=[v2.pk])).content.decode()
    assert "Corrects" in new and "version 1</a>: The annual cost was mistyped." in new
    assert "Version 2. Corrects version 1: The annual cost was mistyped." in new  # in the paper itself

    with pytest.raises(GovernanceError, match="already been corrected"):
        report_actions.start_correction(v1, decider, "Again")


@pytest.mark.django_db
def test_a_correction_needs_a_reason_and_a_published_report(leader, director, decider, secretariat):
    unpublished = draft(leader, director, decider)
    with pytest.raises(GovernanceError, match="Only a published report is corrected"):
        report_actions.start_correction(unpublished, leader, "Typo")
    published = advance(
        draft(leader, director, decider, subject="Other"), Status.PUBLISHED, director, decider, secretariat
    )
    with pytest.raises(GovernanceError, match="Give the reason"):
        report_actions.start_correction(published, leader, "  ")
    assert not DecisionReport.objects.filter(corrects=published).exists()


@pytest.mark.django_db
def test_a_correction_carries_the_appendices(leader, director, decider, secretariat):
    report = draft(leader, director, decider)
    report_actions.add_appendix(report, leader, "Job description", file=pdf_upload())
    v1 = advance(report, Status.PUBLISHED, director, decider, secretariat)
    v2 = report_actions.start_correction(v1, leader, "Typo in 3.4")
    (copy,) = v2.appendices.all()
    assert (copy.number, copy.title, copy.file.name) == (1, "Job description", v1.appendices.get().file.name)


# ------------------------------------------------------------------------------------------------------ the editor


@pytest.mark.django_db
def test_two_people_editing_the_same_draft_get_the_conflict_message_not_a_silent_overwrite(
    leader, secretariat, director, decider
):
    report = draft(leader, director, decider)
    url = reverse("governance:decision_report_edit", args=[report.pk])
    first, second = signed_in(leader), signed_in(secretariat)
    form_one = first.get(url).context["form"]
    form_two = second.get(url).context["form"]
    data_one = {**_form_data(form_one), "purpose": "1.1 Written by the project leader."}
    data_two = {**_form_data(form_two), "purpose": "1.1 Written by the secretariat."}
    assert first.post(url, data_one).status_code == 302
    response = second.post(url, data_two)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this record after you opened it" in page
    assert "1.1 Written by the secretariat." in page  # theirs is kept in the form
    report.refresh_from_db()
    assert report.purpose == "1.1 Written by the project leader."
    # A deliberate second save, from the form as it came back, goes through.
    again = {**data_two, "edit_token": response.context["form"].data["edit_token"]}
    assert second.post(url, again).status_code == 302
    report.refresh_from_db()
    assert report.purpose == "1.1 Written by the secretariat."


@pytest.mark.django_db
def test_bad_input_shows_the_error_summary_and_keeps_what_was_typed(leader, director, decider):
    report = draft(leader, director, decider)
    url = reverse("governance:decision_report_edit", args=[report.pk])
    client = signed_in(leader)
    data = {
        **_form_data(client.get(url).context["form"]),
        "exempt": "True",
        "public_interest_reason": "",
        "conclusions": "5.1 A conclusion I typed.",
        "report_date": "21/04/2021x",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Give the reason the public interest in keeping it exempt outweighs" in page
    assert "Choose the paragraph of Schedule 12A" in page
    assert "5.1 A conclusion I typed." in page
    assert 'value="True" class="govuk-radios__input" id="id_exempt_0" checked>' in page  # the answer is kept
    report.refresh_from_db()
    assert report.conclusions != "5.1 A conclusion I typed."


@pytest.mark.django_db
def test_the_editor_has_the_five_questions_as_radios_in_the_template_order(leader, director, decider):
    report = draft(leader, director, decider)
    page = signed_in(leader).get(reverse("governance:decision_report_edit", args=[report.pk])).content.decode()
    assert page.count('class="govuk-radios__input"') >= 8  # four yes/no questions and the decision type
    headings = ["The five questions", "Summary", "4.1 Consultation and engagement", "6. Recommendations"]
    assert [page.index(h) for h in headings] == sorted(page.index(h) for h in headings)
    assert "Will the decision be open for call-in?</strong> No" in page


# -------------------------------------------------------------------------------------------------------- who sees


@pytest.mark.django_db
def test_another_users_draft_is_not_found_and_your_own_is(leader, director, decider):
    councillor = User.objects.get(username="councillor")
    report = draft(leader, director, decider, author=councillor)
    url = report.get_absolute_url()
    assert client_for("councillor").get(url).status_code == 200  # the author, without a staff role
    assert client_for("provider").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404
    assert signed_in(director).get(url).status_code == 200
    assert client_for("councillor").get(reverse("governance:decision_report_edit", args=[report.pk])).status_code == 200
    assert signed_in(director).get(reverse("governance:decision_report_edit", args=[report.pk])).status_code == 403


@pytest.mark.django_db
def test_the_register_lists_only_what_the_user_may_see_and_filters(leader, director, decider, secretariat):
    draft(leader, director, decider, subject="A draft nobody else sees")
    published = advance(
        draft(leader, director, decider, subject="A published decision"),
        Status.PUBLISHED,
        director,
        decider,
        secretariat,
    )
    url = reverse("governance:decision_reports")
    outsider = client_for("outsider").get(url).content.decode()
    assert "A published decision" in outsider and "A draft nobody else sees" not in outsider
    staff = signed_in(secretariat).get(url, {"status": "draft"}).content.decode()
    assert "A draft nobody else sees" in staff and "A published decision" not in staff
    assert seed_reports.SUBJECT in signed_in(decider).get(url).content.decode()
    bad = signed_in(secretariat).get(url, {"status": "nonsense"})
    assert "Choose a status from the list." in bad.content.decode()
    assert list(bad.context["page_obj"]) == []
    assert published.get_absolute_url() in outsider


@pytest.mark.django_db
def test_the_register_takes_a_fixed_number_of_queries(
    leader, director, decider, secretariat, django_assert_max_num_queries
):
    client = signed_in(secretariat)
    url = reverse("governance:decision_reports")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(5):
        advance(
            draft(leader, director, decider, subject=f"Report {n}"), Status.PUBLISHED, director, decider, secretariat
        )
    with django_assert_max_num_queries(len(few)):
        client.get(url)


@pytest.mark.django_db
def test_the_forward_plan_lists_key_decisions_not_yet_taken(leader, director, decider):
    draft(
        leader,
        director,
        decider,
        subject="Award the new home care contracts",
        decision_type=DecisionType.KEY,
        intended_decision_date=dt.date(2025, 3, 29),
        forward_plan_published_on=dt.date(2025, 3, 1),
    )
    draft(
        leader,
        director,
        decider,
        subject="Extend the framework",
        decision_type=DecisionType.KEY,
        intended_decision_date=dt.date(2025, 3, 29),
        urgency_route=UrgencyRoute.SPECIAL_URGENCY,
        urgency_reason="The framework ends on 31 March.",
    )
    draft(leader, director, decider, subject="Not a key decision")
    page = signed_in(leader).get(reverse("governance:forward_plan")).content.decode()
    assert "Award the new home care contracts" in page and "Not met" in page and "27 clear days" in page
    assert "Extend the framework" in page and "Special urgency: The framework ends on 31 March." in page
    assert "Not a key decision" not in page
    assert (
        "Award the new home care contracts"
        not in client_for("councillor").get(reverse("governance:forward_plan")).content.decode()
    )


@pytest.mark.django_db
def test_the_navigation_offers_decision_reports_to_staff_and_directors_only(director):
    link = f'href="{reverse("governance:decision_reports")}"'
    assert link in signed_in(director).get(reverse("home")).content.decode()
    assert link in client_for("admin_staff").get(reverse("home")).content.decode()
    assert link not in client_for("councillor").get(reverse("home")).content.decode()


# ------------------------------------------------------------------------------------------------------- appendices


@pytest.mark.django_db
def test_an_appendix_is_uploaded_checked_by_content_downloaded_and_removed(leader, director, decider):
    report = draft(leader, director, decider)
    client = signed_in(leader)
    url = reverse("governance:decision_report_appendix_new", args=[report.pk])
    fake = SimpleUploadedFile("appendix.pdf", b"Dear colleagues,\n", content_type="application/pdf")
    response = client.post(url, {"title": "Job description", "file": fake})
    assert response.status_code == 400
    assert "The appendix must be a PDF" in response.content.decode()
    assert "Job description" in response.content.decode()  # the title typed is kept
    assert not report.appendices.exists()

    content = pdf_bytes(pages=2)
    client.post(url, {"title": "Job description", "file": pdf_upload(content=content)})
    appendix = report.appendices.get()
    assert (appendix.number, appendix.title) == (1, "Job description")
    download = client.get(reverse("governance:decision_report_appendix", args=[appendix.pk]))
    assert b"".join(download.streaming_content) == content
    assert (
        client_for("provider").get(reverse("governance:decision_report_appendix", args=[appendix.pk])).status_code
        == 404
    )

    client.post(reverse("governance:decision_report_appendix_remove", args=[appendix.pk]))
    assert not report.appendices.exists()


@pytest.mark.django_db
def test_appendices_change_only_while_the_report_is_a_draft(leader, director, decider):
    report = advance(draft(leader, director, decider), Status.AWAITING_SIGN_OFF, director, decider, leader)
    signed_in(leader).post(
        reverse("governance:decision_report_appendix_new", args=[report.pk]), {"title": "Late", "file": pdf_upload()}
    )
    assert not report.appendices.exists()
    with pytest.raises(GovernanceError, match="Only a draft can be changed"):
        report_actions.add_appendix(report, leader, "Late", file=pdf_upload())


@pytest.mark.django_db
def test_an_exempt_appendix_needs_its_public_interest_reason(leader, director, decider):
    report = draft(leader, director, decider)
    response = signed_in(leader).post(
        reverse("governance:decision_report_appendix_new", args=[report.pk]),
        {"title": "Costs", "file": pdf_upload(), "exempt_paragraph": "3", "public_interest_reason": ""},
    )
    assert "Give the reason the public interest" in response.content.decode()
    assert not report.appendices.exists()


# ---------------------------------------------------------------------------------------------- what the public sees

MARKER = "ZQX-SECRET-7781"


def _exempt_reports(leader, director, decider, secretariat):
    """Published: an open report with an exempt appendix, and a wholly exempt report. Both carry MARKER only in
    exempt places."""
    open_report = draft(
        leader,
        director,
        decider,
        subject="Open report with an exempt appendix",
        exempt=True,
        exempt_paragraph=3,
        access_to_information_rule="10.4 (3)",
        exempt_appendix="2",
        public_interest_reason=f"Prices of named providers {MARKER}",
    )
    report_actions.add_appendix(open_report, leader, "Equality screening", file=pdf_upload())
    report_actions.add_appendix(
        open_report,
        leader,
        f"Tender prices {MARKER}",
        file=pdf_upload(content=pdf_bytes(pages=3)),
        exempt_paragraph=3,
        public_interest_reason=f"Commercially sensitive {MARKER}",
    )
    closed = draft(
        leader,
        director,
        decider,
        subject=f"Settlement with a provider {MARKER}",
        purpose=f"1.1 The terms of the settlement {MARKER}",
        exempt=True,
        exempt_paragraph=5,
        access_to_information_rule="10.4 (5)",
        public_interest_reason=f"Legal advice {MARKER}",
    )
    publish = lambda report: advance(report, Status.PUBLISHED, director, decider, secretariat)  # noqa: E731
    return publish(open_report), publish(closed)


@pytest.mark.django_db
def test_exempt_information_never_reaches_a_public_page(leader, director, decider, secretariat):
    open_report, closed = _exempt_reports(leader, director, decider, secretariat)
    anonymous = Client()
    pages = [
        anonymous.get(reverse("public:officer_decisions")),
        anonymous.get(reverse("public:officer_decision", args=[open_report.pk])),
        anonymous.get(reverse("public:officer_decision", args=[closed.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        assert MARKER not in response.content.decode()
    open_page, closed_page = pages[1].content.decode(), pages[2].content.decode()
    assert "Open report with an exempt appendix" in open_page and "Equality screening" in open_page
    assert "Appendix 2: Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in open_page
    assert "Not for publication by virtue of paragraph 5 of Part 1 of Schedule 12A" in closed_page
    exempt_appendix = open_report.appendices.get(number=2)
    open_appendix = open_report.appendices.get(number=1)
    assert anonymous.get(reverse("public:officer_decision_appendix", args=[exempt_appendix.pk])).status_code == 404
    assert anonymous.get(reverse("public:officer_decision_appendix", args=[open_appendix.pk])).status_code == 200
    # Members and staff see it all on the report's own page.
    assert MARKER in signed_in(secretariat).get(open_report.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_no_paper_carries_exempt_content_unless_it_is_itself_exempt(leader, director, decider, secretariat):
    open_report, closed = _exempt_reports(leader, director, decider, secretariat)
    for report in (open_report, closed):
        for paper in report_papers.approval_papers(report):
            if paper.exempt_paragraph is None:
                assert MARKER not in paper.title
                if paper.render:
                    assert MARKER not in paper.render()
            else:
                assert MARKER not in paper.title  # a pack's bookmarks may show titles
    closed_paper = report_papers.approval_papers(closed)[0]
    assert closed_paper.exempt_paragraph == 5 and MARKER in closed_paper.render()  # whole, for the private pack


@pytest.mark.django_db
def test_drafts_and_decided_reports_are_never_public(leader, director, decider, secretariat):
    waiting = advance(
        draft(leader, director, decider, subject="Decided, not yet published"),
        Status.DECIDED,
        director,
        decider,
        secretariat,
    )
    assert Client().get(reverse("public:officer_decision", args=[waiting.pk])).status_code == 404
    assert "Decided, not yet published" not in Client().get(reverse("public:officer_decisions")).content.decode()


# --------------------------------------------------------------------------------------------- one paper, everywhere


@pytest.mark.django_db
def test_the_report_page_shows_exactly_the_papers_fragment(leader, director, decider, secretariat):
    report = draft(
        leader,
        director,
        decider,
        exempt=True,
        exempt_paragraph=3,
        access_to_information_rule="10.4 (3)",
        exempt_appendix="1",
        public_interest_reason="Commercial",
    )
    report_actions.add_appendix(
        report, leader, "Prices", file=pdf_upload(), exempt_paragraph=3, public_interest_reason="Commercial"
    )
    report = advance(report, Status.PUBLISHED, director, decider, secretariat)
    fragment = report_papers.render_report(report)
    assert "<h1" not in fragment and "<form" not in fragment and "<script" not in fragment
    assert fragment in signed_in(secretariat).get(report.get_absolute_url()).content.decode()
    public_fragment = report_papers.render_report(report, withhold_exempt=True)
    assert public_fragment != fragment and "Prices" not in public_fragment
    assert public_fragment in Client().get(reverse("public:officer_decision", args=[report.pk])).content.decode()


@pytest.mark.django_db
def test_the_five_questions_are_ticked_yes_or_no(decider):
    html = report_papers.render_report(seeded_report())
    rows = html.split('<tr class="govuk-table__row">')[2:]  # after the header row
    answers = ["yes" if "(the answer is yes)" in row else "no" for row in rows]
    assert answers == ["no", "yes", "no", "no", "no"]  # wards, consultation, equality, call-in, exempt


# ---------------------------------------------------------------------------------------------------- pack papers


@pytest.mark.django_db
def test_a_signed_off_report_on_an_agenda_is_a_paper_for_its_item(leader, director, decider, project_board):
    meeting = make_meeting(project_board, days_from_now=30)
    _agenda, (item,) = agenda_for(meeting, {"title": "Commissioning programme leader post"})
    report = draft(leader, director, decider, agenda_item=item)
    content = pdf_bytes(pages=2)
    report_actions.add_appendix(report, leader, "Job description", file=pdf_upload(content=content))
    assert papers.papers_for([item])[item.pk] == []  # a draft is not a paper yet

    report = advance(report, Status.SIGNED_OFF, director, decider, leader)
    found = papers.papers_for([item])[item.pk]
    assert [(p.kind, p.order) for p in found] == [
        ("Decision report", papers.Order.DECISION_REPORT),
        ("Appendix", papers.Order.APPENDIX),
    ]
    paper, appendix = found
    assert paper.title == report.subject and paper.url == report.get_absolute_url()
    assert paper.fingerprint == f"report:{report.pk}:v1:{report.modified_at.isoformat()}"
    assert paper.render() == report_papers.render_report(report, withhold_exempt=True)
    assert appendix.pdf() == content and appendix.exempt_paragraph is None
    assert "appendix-1.pdf" in appendix.fingerprint and str(len(content)) in appendix.fingerprint
    # The meeting's members open the paper from the agenda: a signed-off paper for their meeting.
    assert client_for("chair").get(paper.url).status_code == 200
    assert client_for("councillor").get(paper.url).status_code == 404


@pytest.mark.django_db
def test_the_provider_is_registered_when_governance_starts():
    assert report_papers.decision_report_papers in papers._providers


@pytest.mark.django_db
def test_the_approval_papers_are_the_report_its_appendices_and_the_sign_off_sheet(leader, director, decider):
    report = draft(leader, director, decider)
    report_actions.add_appendix(report, leader, "Job description", file=pdf_upload())
    report = advance(report, Status.DECIDED, director, decider, leader)
    found = report_papers.approval_papers(report)
    assert [(p.item_id, p.kind) for p in found] == [(0, "Decision report"), (0, "Appendix"), (0, "Sign-off sheet")]
    assert [p.order for p in found] == sorted(p.order for p in found)
    sheet = found[-1].render()
    assert sheet == report_papers.sign_off_sheet(report)
    for text in (
        "Sign-off sheet",
        "Significant operational decision (not subject to call-in)",
        "Director of Integrated Commissioning",
        "Director of Adults and Health",
        "28 April 2021",
        "Signed: ....",
        f"{timezone.localdate(report.signed_off_at):%d %B %Y}".lstrip("0"),
    ):
        assert text in sheet, text
    assert "<h1" not in sheet and "<form" not in sheet


@pytest.mark.django_db
def test_the_approval_pack_is_for_staff_and_the_people_named_on_the_report(leader, director, decider, secretariat):
    report = advance(draft(leader, director, decider), Status.PUBLISHED, director, decider, secretariat)
    for user in (leader, director, decider, secretariat):
        assert report_papers.can_view_approval_pack(user, report)
    for username in ("councillor", "chair", "outsider"):
        user = User.objects.get_or_create(username=username)[0]
        assert report_actions.can_view_report(user, report)  # the published report, yes
        assert not report_papers.can_view_approval_pack(user, report)  # its private pack, no


@pytest.mark.django_db
def test_the_report_papers_fingerprint_moves_on_when_its_appendices_change(leader, director, decider):
    report = draft(leader, director, decider)
    before = report_papers.approval_papers(report)[0].fingerprint
    report_actions.add_appendix(report, leader, "Job description", file=pdf_upload())
    report = DecisionReport.objects.get(pk=report.pk)
    (paper, _appendix, _sheet) = report_papers.approval_papers(report)
    assert paper.fingerprint != before
    assert "Appendix 1: Job description" in paper.render()
    assert history.history_of(report, leader)[0].reason == "Appendix 1 added"
