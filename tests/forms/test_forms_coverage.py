"""The forms-as-rendered rule itself (tests/forms_coverage.py), on plain pages and plain data."""

from types import SimpleNamespace

import pytest

from tests.forms_coverage import FormKey, FormsLedger, full_run_skip_reason, parse_forms, verdict


def url_name(path):
    """A stand-in resolver: /things/<pk>/<action>/ is `things:action` with its action argument; others by path."""
    parts = [part for part in path.split("/") if part]
    if parts and parts[0] == "things" and len(parts) == 3:
        return "things:action", (("action", parts[2]),)
    if parts and parts[0] == "things":
        return "things:detail", ()
    return None


def page(*forms):
    return "<!doctype html><html><body>" + "".join(forms) + "</body></html>"


DECLARATION_FORM = """
<form method="post" action="/things/1/">
  <input type="hidden" name="kind" value="declaration">
  <select name="kind"><option value="pecuniary">Pecuniary</option></select>
  <button type="submit">Declare an interest</button>
</form>"""


def test_a_hidden_field_and_a_select_of_one_name_are_a_duplicate():
    [form] = parse_forms(page(DECLARATION_FORM), "/things/1/", url_name)
    assert form.duplicates == ["kind"]


def test_the_ledger_names_the_form_and_the_duplicate_name_for_the_test_that_rendered_it():
    ledger = FormsLedger(url_name)
    ledger.record_page(page(DECLARATION_FORM), "/things/1/", "tests/x.py::test_it")
    [message] = ledger.take_defects("tests/x.py::test_it")
    assert '"kind"' in message and "Declare an interest" in message and "/things/1/" in message
    assert ledger.take_defects("tests/x.py::test_it") == []


@pytest.mark.parametrize(
    "controls",
    [
        '<input type="radio" name="colour" value="red"><input type="radio" name="colour" value="blue">',
        '<input type="checkbox" name="tags" value="a"><input type="checkbox" name="tags" value="b">',
        '<button name="direction" value="up">Up</button><button name="direction" value="down">Down</button>',
        '<input name="title"><input name="title" disabled>',
        '<input name="title"><input type="reset" name="title">',
    ],
)
def test_groups_buttons_and_controls_that_are_not_sent_are_not_duplicates(controls):
    [form] = parse_forms(page(f'<form method="post">{controls}</form>'), "/things/1/", url_name)
    assert form.duplicates == []


def test_a_control_outside_the_form_that_joins_it_counts():
    html = page('<form method="post" id="f"><input name="title"></form><input name="title" form="f">')
    [form] = parse_forms(html, "/things/1/", url_name)
    assert form.duplicates == ["title"]


def test_forms_to_one_url_are_told_apart_by_hidden_action_named_buttons_and_formaction():
    html = page(
        '<form method="post"><input type="hidden" name="action" value="start"><button>Start</button></form>',
        '<form method="post"><input type="hidden" name="action" value="send"><button>Send</button></form>',
        '<form method="post" action="/things/1/submit/"><button>Submit</button>'
        '<button formaction="/things/1/return/" name="comment" value="Returned">Return</button></form>',
        '<form method="post" action="/things/2/"><button name="direction" value="up">Up</button>'
        '<button name="direction" value="down">Down</button></form>',
        '<form method="get" action="/things/"><input name="q"></form>',
    )
    keys = {key for form in parse_forms(html, "/things/1/", url_name) for key in form.keys}
    assert keys == {
        FormKey("things:detail", "POST", (("action", "start"),)),
        FormKey("things:detail", "POST", (("action", "send"),)),
        FormKey("things:action", "POST", (("action", "submit"),)),
        FormKey("things:action", "POST", (("action", "return"), ("comment", "Returned"))),
        FormKey("things:detail", "POST", (("direction", "up"),)),
        FormKey("things:detail", "POST", (("direction", "down"),)),
        FormKey("things:detail", "GET", ()),
    }


def test_the_report_lists_a_rendered_post_form_no_test_submitted_with_a_page_that_rendered_it():
    ledger = FormsLedger(url_name)
    ledger.record_page(
        page(
            '<form method="post"><input type="hidden" name="action" value="start"><button>Start</button></form>',
            '<form method="post"><input type="hidden" name="action" value="send"><button>Send</button></form>',
            '<form method="get"><input name="q"></form>',
        ),
        "/things/1/",
        "tests/x.py::test_page",
    )
    matched = ledger.record_submission("/things/7/", "POST", {"action": ["start"], "csrfmiddlewaretoken": ["x"]})

    assert matched == [FormKey("things:detail", "POST", (("action", "start"),))]
    assert ledger.report() == ["POST things:detail [action=send]  (rendered on /things/1/, by tests/x.py::test_page)"]
    assert ledger.counts() == (2, 1, 0)


def test_a_submission_matches_the_most_specific_form():
    ledger = FormsLedger(url_name)
    ledger.record_page(
        page(
            '<form method="post"><input name="title"><button>Save</button></form>',
            '<form method="post"><input type="hidden" name="in_row" value="1"><button>Save</button></form>',
        ),
        "/things/1/",
    )
    ledger.record_submission("/things/1/", "POST", {"title": ["x"], "in_row": ["1"]})
    assert ledger.report(allowed={}) == ["POST things:detail  (rendered on /things/1/, by )"]


def test_a_submission_to_a_url_with_no_rendered_form_counts_for_nothing():
    ledger = FormsLedger(url_name)
    assert ledger.record_submission("/things/1/", "POST", {}) == []
    assert ledger.counts() == (0, 0, 0)


def configured(args=(), source="TESTPATHS", keyword="", markexpr="", rootpath="/repo", invocation="/repo"):
    import pytest as _pytest

    return SimpleNamespace(
        option=SimpleNamespace(keyword=keyword, markexpr=markexpr),
        args=list(args),
        args_source=getattr(_pytest.Config.ArgsSource, source),
        rootpath=rootpath,
        invocation_params=SimpleNamespace(dir=invocation),
    )


def test_a_whole_run_is_judged():
    assert full_run_skip_reason(configured()) is None
    assert full_run_skip_reason(configured(args=["tests"], source="ARGS")) is None


@pytest.mark.parametrize(
    ("config", "deselected", "stopped", "reason"),
    [
        (configured(keyword="quorum"), 0, False, "-k"),
        (configured(markexpr="slow"), 0, False, "-m"),
        (configured(args=["tests/governance/test_quorum.py"], source="ARGS"), 0, False, "explicit test paths"),
        (configured(), 3, False, "deselected"),
        (configured(), 0, True, "stopped early"),
    ],
)
def test_a_filtered_or_stopped_run_is_not_judged(config, deselected, stopped, reason):
    assert reason in full_run_skip_reason(config, deselected, stopped)


def test_the_allow_list_takes_a_named_url_or_a_whole_namespace():
    ledger = FormsLedger(lambda path: ("admin:governance_body_change", ()) if path.startswith("/admin/") else None)
    ledger.record_page(page('<form method="post"><button name="_save">Save</button></form>'), "/admin/body/1/")
    ledger.record_page(page('<form method="post"><button>Go</button></form>'), "/elsewhere/")
    assert [str(key) for key in ledger.unsubmitted(allowed={"admin:": "Django's admin"})] == ["POST /elsewhere/"]
    assert len(ledger.unsubmitted(allowed={})) == 2


def test_the_session_fails_on_an_unsubmitted_form_and_only_says_so_when_the_run_was_filtered():
    ledger = FormsLedger(url_name)
    ledger.record_page(
        page('<form method="post"><input type="hidden" name="action" value="send"><button>Send</button></form>'),
        "/things/1/",
        "tests/x.py::test_page",
    )
    lines, failed = verdict(ledger)
    assert failed
    assert lines == [
        "forms coverage: 1 rendered POST forms, 0 submitted as rendered (0 more allow-listed)",
        "rendered POST forms that no test submitted from their page:",
        "  POST things:detail [action=send]  (rendered on /things/1/, by tests/x.py::test_page)",
    ]
    assert verdict(ledger, "filtered with -k 'quorum'") == (
        ["forms coverage: check skipped (filtered with -k 'quorum')"],
        False,
    )
    ledger.record_submission("/things/1/", "POST", {"action": ["send"]})
    assert verdict(ledger) == (
        ["forms coverage: 1 rendered POST forms, 1 submitted as rendered (0 more allow-listed)"],
        False,
    )
