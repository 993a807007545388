"""Bad input never breaks a page: every form the site offers, and every list page's filters, fed random, huge,
malformed and missing values by hypothesis, as the people who may use them.

The forms are found by reading every page of the access matrix (and a few records in later workflow states) as a
browser would; each POST endpoint the resolver knows is fuzzed through the form a real user submits, hidden fields
included. Every example runs in a savepoint that is rolled back, so each starts from the same records and the same
edit tokens. No answer may be a server error; a form sent back must say what was wrong; a redirect must land on a
page that works. User text is escaped wherever it is shown (there is no rich text: nothing a user types is rendered
as HTML).
"""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from governance import meeting_actions
from governance.models import AgendaStatus, Body
from projects.models import ChangeRequest, ChangeStatus
from risks import escalation
from risks.models import Risk
from tests.access.public import agenda_for
from tests.conftest import client_for
from tests.security import fuzzing

EXAMPLES = 15  # hypothesis examples per endpoint, after the four fixed probes
UPLOAD_LIMIT = 4096  # bytes: a small limit keeps the "one byte too big" upload cheap
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
# POST endpoints that no page offers a form for; they are fuzzed with fields drawn from every form's names.
WITHOUT_A_FORM = {
    "governance:item_remove",
}


def _user(username):
    return get_user_model().objects.get(username=username)


def later_states(objects):
    """Records in the workflow states whose forms the access matrix's records do not show, and the pages that show
    them: a meeting with no agenda yet, an issued agenda, an agenda awaiting approval, minutes being written, a draft
    highlight report, a change request with the board, an escalated risk, published and signed-off decision reports."""
    admin = _user("admin.staff")
    board = Body.objects.get(slug="project-board")
    first = timezone.localdate() + dt.timedelta(weeks=20)
    meetings = [
        meeting_actions.schedule_meetings(board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
        for day in (first, first + dt.timedelta(weeks=3), first + dt.timedelta(weeks=6))
    ]
    bare, issued, awaiting = meetings
    agenda_for(issued, {"title": "Tender evaluation model"}, status=AgendaStatus.ISSUED)
    agenda = meeting_actions.ensure_agenda(awaiting, admin)
    meeting_actions.add_item(agenda, admin, title="Provider engagement plan", purpose="decision")
    meeting_actions.submit_agenda(agenda, admin)
    meeting_actions.start_minutes(objects["board_meeting"], admin)
    ChangeRequest.objects.filter(pk=objects["registers_change"].pk).update(status=ChangeStatus.FOR_DECISION)
    risk = Risk.objects.get(project__slug="hcrc", reference="R002")
    escalation.escalate_risk(risk, "Capacity is falling faster than forecast.", _user("project.leader"))
    project = objects["registers_project"]
    return [
        ("governance:meeting_detail", {"pk": bare.pk}),
        ("governance:meeting_detail", {"pk": issued.pk}),
        ("governance:meeting_detail", {"pk": awaiting.pk}),
        ("governance:minutes", {"pk": objects["board_meeting"].pk}),
        ("governance:item_detail", {"pk": objects["board_item"].pk}),
        ("governance:decision_report", {"pk": objects["report_published"].pk}),
        ("governance:decision_report", {"pk": objects["report_signed_off"].pk}),
        ("projects:report_detail", {"pk": objects["reports_draft"].pk}),
        ("projects:change_request_edit", {"slug": project.slug, "pk": objects["registers_change"].pk}),
        ("risks:risk_considered", {"pk": risk.pk}),
    ]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The crawl, once for the module: its records live in a transaction rolled back after the module's last test
    (each test's own changes are rolled back after it, as usual)."""
    media = tmp_path_factory.mktemp("fuzz-media")
    # Sign-in attempts hash a password each; the fastest hasher keeps the sign-in form's examples quick.
    fast = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        get_user_model().objects.get_or_create(username="outsider")
        found = fuzzing.crawl(client_for, more_pages=later_states)
        found.media = media
        yield found
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def same_files_and_limits(site, settings, db):
    """The papers the crawl's records point at, and a small upload limit."""
    settings.MEDIA_ROOT = site.media
    settings.GOVERNANCE_UPLOAD_MAX_BYTES = UPLOAD_LIMIT


def _attempt(submission, client):
    """Send one submission in a savepoint that is rolled back; return what went wrong. The client stays signed in
    as it was (a sign-in or sign-out example changes its session, which the rollback undoes) and carries no
    message over to the next example."""
    session = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        response = fuzzing.send(client, submission)
        found = fuzzing.problems(submission, response, client)
        transaction.set_rollback(True)
    client.cookies.pop("messages", None)
    if session is not None:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = session.value
    return found


def _fuzz(forms, site, extra_fields=2):
    """For each persona's first form the fixed probes (the page's own data, everything empty, huge, or a NUL), then
    hypothesis's examples over all the forms."""
    clients = {}

    def attempt(submission):
        persona = submission.form.persona
        if persona not in clients:
            clients[persona] = fuzzing.client_as(persona)
        found = _attempt(submission, clients[persona])
        assert not found, f"{submission!r}: {found}"

    for form in {f.persona: f for f in reversed(forms)}.values():
        attempt(fuzzing.Submission(form, form.given_data(), {}))
        for value in ("", fuzzing.HUGE, "\x00"):
            attempt(fuzzing.Submission(form, {**dict.fromkeys(form.fields, value), "csrfmiddlewaretoken": ""}, {}))

    @FUZZ
    @given(
        fuzzing.submissions(
            forms,
            other_ids=site.other_ids(),
            names=site.field_names(),
            elsewhere=site.values_by_name(),
            extra_fields=extra_fields,
            max_bytes=UPLOAD_LIMIT,
        )
    )
    def example(submission):
        attempt(submission)

    example()


def _empty_post(url, persona):
    """The answer to an empty POST (rolled back): 405 when the URL takes no POST; a refusal when not for them."""
    with transaction.atomic():
        response = fuzzing.client_as(persona).post(url)
        transaction.set_rollback(True)
    refused = response.status_code in (403, 404, 405) or (
        response.status_code == 302 and fuzzing.url_name(response["Location"]) == "login"
    )
    return response.status_code, refused


def test_every_post_endpoint_takes_bad_input_without_a_server_error(site, subtests):
    targets = site.targets("post")
    # Any other URL that takes a POST must be one no page offers a form for, and is listed as such.
    for name, url, allowed in site.pages:
        if name in targets:
            continue
        if _empty_post(url, (allowed or ["admin_staff"])[0])[0] == 405:
            continue
        assert name in WITHOUT_A_FORM, f"{name} takes a POST but no page offers a form for it"
        persona = next(p for p in fuzzing.PERSONA_ORDER if not _empty_post(url, p)[1])
        targets[name] = [fuzzing.Form("post", url, name, {}, False, False, url, persona)]
    assert set(targets) >= WITHOUT_A_FORM, "an endpoint listed as having no form is gone, or has a form now"
    assert not {n for n in targets if n.startswith("admin:")}
    for name, forms in sorted(targets.items()):
        with subtests.test(endpoint=name, forms=len(forms), persona=forms[0].persona):
            _fuzz(forms, site, extra_fields=4 if name in WITHOUT_A_FORM else 2)


def test_every_list_page_takes_junk_in_its_query_string_without_a_server_error(site, subtests):
    targets = site.targets("get")
    for name, forms in sorted(site.query_targets().items()):
        targets.setdefault(name, []).extend(forms)
    assert len(targets) >= 10
    for name, forms in sorted(targets.items()):
        with subtests.test(endpoint=name):
            _fuzz(forms, site)


def test_invalid_filter_input_is_shown_on_the_page_not_ignored(site, subtests):
    """A value the filter does not offer (a body, owner or status not in its list, a date that is not a date) is
    reported, never quietly dropped to show an unfiltered list that looks filtered."""
    checked = []
    for name, forms in sorted(site.targets("get").items()):
        form = forms[0]
        for field in form.fields.values():
            if field.kind == "select" and field.options:
                bad = "not-one-of-the-options"
            elif field.kind == "date":
                bad = "2026-02-30"
            else:
                continue
            with subtests.test(endpoint=name, field=field.name):
                data = {**form.given_data(), field.name: bad}
                response = fuzzing.client_as(form.persona).get(form.action, data)
                assert response.status_code == 200
                body = response.content.decode()
                assert "govuk-error-message" in body or "govuk-error-summary" in body, (
                    f"{name}: {field.name}={bad!r} was not reported"
                )
            checked.append(f"{name}:{field.name}")
    assert len(checked) >= 20, checked


MARKER = "<script>fuzz-marker-{}</script>"


def test_text_typed_into_any_form_is_escaped_on_every_page(site):
    """No rich text: every field is shown as text. A script tag typed into every text field of every form (the rest
    of the form as the page gives it, so that it saves) appears escaped wherever it is shown, never as a tag."""
    saved = []
    for number, (name, forms) in enumerate(sorted(site.targets("post").items())):
        if name in ("logout", "login"):
            continue
        form = forms[0]
        data = form.given_data()
        typed = [f.name for f in form.fields.values() if f.kind in ("text", "textarea", "search")]
        if not typed:
            continue
        data.update({field: MARKER.format(f"{number}-{field}") for field in typed})
        response = fuzzing.send(fuzzing.client_as(form.persona), fuzzing.Submission(form, data, {}))
        assert response.status_code < 500
        if response.status_code in (301, 302, 303):
            saved.append(name)
    # Filters and searches show what was typed back in their fields.
    pages = list(site.pages)
    for number, (name, forms) in enumerate(sorted(site.targets("get").items())):
        form = forms[0]
        data = form.given_data()
        data.update(
            {f.name: MARKER.format(f"get-{number}") for f in form.fields.values() if f.kind in ("text", "search")}
        )
        pages.append((name, f"{form.action}?{urlencode(data, doseq=True)}", [form.persona]))
    shown, shown_on, in_charts = set(), set(), 0
    for name, url, allowed in pages:
        for persona in [p for p in fuzzing.READERS if p in allowed] or allowed[:1]:
            response = fuzzing.client_as(persona).get(url)
            kind = response.get("Content-Type", "")
            if not kind.startswith(("text/html", "image/svg+xml")):
                continue
            body = response.content.decode()
            assert "<script>fuzz-marker-" not in body, f"{name} shows typed text as HTML to {persona}"
            found = set(re.findall(r"&lt;script&gt;(fuzz-marker-[\w-]+)&lt;/script&gt;", body))
            shown |= found
            shown_on |= {name} if found else set()
            in_charts += sum(
                svg.count("&lt;script&gt;fuzz-marker-") for svg in re.findall(r"<svg.*?</svg>", body, re.S)
            )
    # The control: the typed text was saved and shown, in pages, inline charts and board papers (which are put on
    # the page as HTML), so the check above had something to find.
    assert len(saved) >= 20, saved
    assert len(shown) >= 40 and in_charts and "risks:board_paper" in shown_on, (len(shown), in_charts, shown_on)


# ----------------------------------------------------------------------------- inputs that once gave a server error


def _post(site, persona, name, kwargs, data):
    return fuzzing.client_as(persona).post(reverse(name, kwargs=kwargs), data, follow=True)


def test_a_cancellation_reason_too_long_for_its_column_is_refused_in_words(site):
    response = _post(
        site, "admin_staff", "governance:meeting_cancel", {"pk": site.objects["meeting"].pk}, {"reason": "y" * 301}
    )
    assert response.status_code == 200
    assert "Cancelled reason: Ensure this value has at most 300 characters (it has 301)." in response.content.decode()


def test_a_reason_longer_than_the_history_holds_is_saved_with_the_history_reason_cut_to_fit(site):
    risk = Risk.objects.get(project__slug="hcrc", reference="R002")  # escalated by later_states
    reason = "The capacity has recovered across the city. " * 5
    response = _post(site, "project_leader", "risks:risk_deescalate", {"pk": risk.pk}, {"reason": reason})
    assert response.status_code == 200
    risk.refresh_from_db()
    assert not risk.escalated
    label = risk.history.latest().history_change_reason
    assert len(label) == 100 and label.startswith("De-escalated: The capacity has recovered") and label.endswith("…")


def test_a_null_character_in_text_sent_without_a_form_is_refused_in_words(site):
    risk = Risk.objects.get(project__slug="hcrc", reference="R001")
    response = _post(site, "project_leader", "risks:risk_escalate", {"pk": risk.pk}, {"reason": "Falling\x00 capacity"})
    assert "Escalation reason: Null characters are not allowed." in response.content.decode()
    risk.refresh_from_db()
    assert not risk.escalated


def test_a_minutes_note_for_an_item_that_is_not_a_number_is_not_found(site):
    meeting = site.objects["board_meeting"]  # its minutes were started by later_states
    url = reverse("governance:minutes", kwargs={"pk": meeting.pk})
    for item in ("", "abc", "²"):
        response = fuzzing.client_as("admin_staff").post(url, {"action": "note", "item": item, "discussion": "Noted."})
        assert response.status_code == 404


def test_a_minutes_note_before_the_minutes_are_started_is_refused_in_words(site):
    url = reverse("governance:minutes", kwargs={"pk": site.objects["meeting"].pk})
    for action in ("note", "correct"):
        response = fuzzing.client_as("admin_staff").post(url, {"action": action, "reason": "x"}, follow=True)
        assert "Choose what to do with the minutes." in response.content.decode()


def test_a_next_address_that_is_a_bare_word_falls_back_to_the_page_it_came_from(site):
    project, tolerance = site.objects["reports_project"], site.objects["reports_tolerance"]
    url = reverse("projects:tolerance_forecast", kwargs={"slug": project.slug, "pk": tolerance.pk})
    response = fuzzing.client_as("project_leader").post(url, {"forecast": "x", "next": "tolerances"})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:tolerances", args=[project.slug])


def test_a_search_with_a_null_character_answers(site):
    response = fuzzing.client_as("admin_staff").get(reverse("governance:people"), {"q": "Mick\x00"})
    assert response.status_code == 200
    assert "Mick Ward" in response.content.decode()


def test_a_sign_in_with_a_username_longer_than_any_account_is_refused_in_words(site):
    response = fuzzing.client_as("anonymous").post(reverse("login"), {"username": "u" * 300, "password": "x" * 12})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_paragraph_sent_without_its_id_is_reported_on_the_terms_of_reference_form(site):
    form = next(f for f in site.targets("post")["governance:tor_edit"] if f.persona == "admin_staff")
    data = form.given_data()
    del data["clauses-0-id"]
    response = fuzzing.client_as("admin_staff").post(form.action, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Id: " in body
