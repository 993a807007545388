"""Forms tested as rendered: a pytest plugin, registered in tests/conftest.py.

While the suite runs, every HTML response any test receives (Django's test client, django-webtest, and the live server
the browser tests drive, all of which answer through Django's request handler in this process) is read for its forms:

1. Each form is recorded under one key per logical form: the URL name its action resolves to, its method, and what
   tells apart forms posting to the same URL (a URL argument or hidden field named in DISTINGUISHING_FIELDS, the
   name=value of a named submit button, a button's own `formaction`).
2. A form holding two controls of one name (radios and checkbox groups aside; submit buttons may share a name) fails
   the test that rendered it: the view reads the name with `.get()` and sees only one of the values.
3. A POST that django-webtest's `Form.submit` sends, or that the browser sends to the live server, is matched to the
   rendered form it came from. A POST from `client.post(...)` or `django_app.post(...)` is not a form submitted as
   rendered, and does not count.
4. At the end of a full run (not one filtered by -k, -m, --deselect or explicit paths, nor one stopped early by -x),
   a rendered POST form that no test submitted fails the session, and each one is listed with a page rendering it.

FORMS_COVERAGE_LIST=path writes every form seen, submitted or not, to that file at the end of any run.
"""

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

# Fields, as hidden inputs or URL arguments, whose value says which of several forms posting to one URL this is.
DISTINGUISHING_FIELDS = frozenset({"action", "kind", "variant", "in_row", "inline"})

# Rendered POST forms that need no test here, each with the reason and the test that covers it. Keep it tiny. An
# entry ending in ":" is a whole URL namespace.
ALLOWED_UNSUBMITTED = {
    # Django's own admin (add, change, delete and changelist-action forms for each registered model): Django tests
    # these forms; tests/governance/test_admin.py opens every model's pages as admin staff and checks who may.
    "admin:": "Django's admin",
}


def is_allowed(key, allowed=ALLOWED_UNSUBMITTED):
    return any(key.url_name == entry or (entry.endswith(":") and key.url_name.startswith(entry)) for entry in allowed)


# The environ key django-webtest's Form.submit adds to its request, so that the server side knows the POST came from a
# form as the page rendered it.
SUBMITTED_MARK = "tests.forms_coverage.submitted"
BUTTON_TYPES = {"submit", "image"}
NOT_SUBMITTED_TYPES = {"reset", "button"}


@dataclass(frozen=True, order=True)
class FormKey:
    """One logical form: where it posts, how, and what tells it apart from other forms posting there."""

    url_name: str
    method: str
    distinguishers: tuple = ()

    def __str__(self):
        values = " ".join(f"{name}={value}" for name, value in self.distinguishers)
        return f"{self.method} {self.url_name}" + (f" [{values}]" if values else "")


@dataclass
class RenderedForm:
    keys: list
    label: str
    duplicates: list = field(default_factory=list)


def django_url_name(path):
    """(URL name, its distinguishing URL arguments) for a path of ours; None for a path no URL pattern matches."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    arguments = tuple(sorted((k, str(v)) for k, v in match.kwargs.items() if k in DISTINGUISHING_FIELDS))
    return match.view_name, arguments


def _control_type(element):
    tag = element.tag
    if tag == "button":
        return (element.get("type") or "submit").lower()
    if tag == "input":
        return (element.get("type") or "text").lower()
    return tag


def _is_button(element):
    return element.tag in {"button", "input"} and _control_type(element) in BUTTON_TYPES


def form_controls(form, document):
    """The form's enabled, named controls, including those elsewhere on the page that join it with form="id"."""
    controls = [el for el in form.iter("input", "select", "textarea", "button") if el.get("form") is None]
    if form.get("id"):
        controls += document.xpath("//*[@form=$id]", id=form.get("id"))
    return [
        el
        for el in controls
        if el.tag in {"input", "select", "textarea", "button"}
        and el.get("name")
        and el.get("disabled") is None
        and _control_type(el) not in NOT_SUBMITTED_TYPES
    ]


def duplicate_names(controls):
    """Names given to two or more controls where the view can read only one value: two text boxes, a hidden field
    and a select, a hidden field and a button. A radio group, a checkbox group and buttons sharing a name are fine."""
    by_name = {}
    for element in controls:
        by_name.setdefault(element.get("name"), []).append(element)
    duplicates = []
    for name, elements in by_name.items():
        kinds = [_control_type(el) for el in elements]
        if len(elements) < 2:
            continue
        if all(kind == "radio" for kind in kinds) or all(kind == "checkbox" for kind in kinds):
            continue
        if all(_is_button(el) for el in elements):
            continue
        duplicates.append(name)
    return sorted(duplicates)


def _describe(form):
    """How a person would find the form on the page: its id, its legend or first heading, or its first button."""
    if form.get("id"):
        return f"form#{form.get('id')}"
    for path in (".//legend", ".//button", ".//input[@type='submit']"):
        found = form.find(path)
        if found is not None:
            text = " ".join((found.text_content() or found.get("value") or "").split())
            if text:
                return f'form "{text[:60]}"'
    return "form"


def parse_forms(html, page_path, url_name=django_url_name):
    """Every form on an HTML page, with its keys and duplicate control names."""
    try:
        document = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    forms = []
    for form in document.iter("form"):
        method = (form.get("method") or "get").upper()
        form_action = urljoin(page_path, form.get("action") or page_path)
        controls = form_controls(form, document)
        distinguishers = tuple(
            sorted(
                (el.get("name"), el.get("value") or "")
                for el in controls
                if el.tag == "input" and _control_type(el) == "hidden" and el.get("name") in DISTINGUISHING_FIELDS
            )
        )
        # One key per way of sending the form: each button with a name or its own formaction is a way of its own.
        submitters = set()
        for button in (el for el in controls if _is_button(el)):
            target = urljoin(page_path, button.get("formaction")) if button.get("formaction") else form_action
            submitters.add((target, ((button.get("name"), button.get("value") or ""),)))
        for button in form.iter("button", "input"):
            if _is_button(button) and not button.get("name") and button.get("disabled") is None:
                target = urljoin(page_path, button.get("formaction")) if button.get("formaction") else form_action
                submitters.add((target, ()))
        if not submitters:
            submitters.add((form_action, ()))
        keys = []
        for target, button_pair in sorted(submitters):
            parts = urlsplit(target)
            if parts.netloc and parts.netloc not in {"testserver", "localhost"} and not parts.netloc.startswith("127."):
                continue  # a form posting to another site is not ours to test
            resolved = url_name(parts.path)
            name, arguments = resolved if resolved else (parts.path, ())
            keys.append(FormKey(name, method, tuple(sorted(arguments + distinguishers + button_pair))))
        forms.append(RenderedForm(keys=keys, label=_describe(form), duplicates=duplicate_names(controls)))
    return forms


class FormsLedger:
    """The forms rendered and the forms submitted in one run of the suite. Safe to use from the live server's threads."""

    def __init__(self, url_name=django_url_name):
        self.url_name = url_name
        self.rendered = {}  # FormKey -> (page path, test id) of the first page that rendered it
        self.submitted = set()
        self.defects = []  # (test id, message) for duplicate control names, until the test that rendered them ends
        self._lock = threading.Lock()

    def record_page(self, html, page_path, test_id=""):
        forms = parse_forms(html, page_path, self.url_name)
        with self._lock:
            for form in forms:
                for key in form.keys:
                    self.rendered.setdefault(key, (page_path, test_id))
                for name in form.duplicates:
                    self.defects.append(
                        (
                            test_id,
                            f"{page_path}: {form.label} posting to {form.keys[0] if form.keys else '?'} "
                            f'has two or more controls named "{name}"',
                        )
                    )
        return forms

    def record_submission(self, path, method, data):
        """A POST sent by a form as rendered: `data` maps each name to its list of values. Returns the keys matched."""
        resolved = self.url_name(path)
        name, arguments = resolved if resolved else (path, ())
        with self._lock:
            candidates = [
                key
                for key in self.rendered
                if key.url_name == name
                and key.method == method.upper()
                and set(arguments) <= set(key.distinguishers)
                and all(pair in arguments or pair[1] in data.get(pair[0], ()) for pair in key.distinguishers)
            ]
            if not candidates:
                return []
            most = max(len(key.distinguishers) for key in candidates)
            matched = [key for key in candidates if len(key.distinguishers) == most]
            self.submitted.update(matched)
        return matched

    def take_defects(self, test_id):
        with self._lock:
            mine = [message for owner, message in self.defects if owner == test_id]
            self.defects = [(owner, message) for owner, message in self.defects if owner != test_id]
        return mine

    def unsubmitted(self, allowed=ALLOWED_UNSUBMITTED):
        return sorted(
            key
            for key in self.rendered
            if key.method == "POST" and key not in self.submitted and not is_allowed(key, allowed)
        )

    def report(self, allowed=ALLOWED_UNSUBMITTED):
        """The lines that fail the session: one per rendered POST form no test submitted as rendered."""
        lines = []
        for key in self.unsubmitted(allowed):
            page, test_id = self.rendered[key]
            lines.append(f"{key}  (rendered on {page}, by {test_id})")
        return lines

    def counts(self, allowed=ALLOWED_UNSUBMITTED):
        """(rendered POST forms, of them submitted as rendered, allow-listed POST forms not counted in either)."""
        posted = [key for key in self.rendered if key.method == "POST"]
        ours = [key for key in posted if not is_allowed(key, allowed)]
        return len(ours), len([key for key in ours if key in self.submitted]), len(posted) - len(ours)


def full_run_skip_reason(config, deselected=0, stopped=False):
    """Why this run cannot judge the whole suite's forms (None when it can): filtered or stopped early."""
    option = config.option
    if getattr(option, "keyword", ""):
        return f"filtered with -k {option.keyword!r}"
    if getattr(option, "markexpr", ""):
        return f"filtered with -m {option.markexpr!r}"
    if deselected:
        return f"{deselected} tests deselected"
    if stopped:
        return "stopped early"
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        root = Path(config.rootpath).resolve()
        whole = {root, root / "tests"}
        given = {Path(config.invocation_params.dir, arg.split("::")[0]).resolve() for arg in config.args}
        if not given <= whole:
            return "run on explicit test paths"
    return None


def verdict(ledger, skip_reason=None):
    """The lines to print at the end of the run, and whether they fail it."""
    if skip_reason:
        return [f"forms coverage: check skipped ({skip_reason})"], False
    rendered, submitted, allowed = ledger.counts()
    lines = [
        f"forms coverage: {rendered} rendered POST forms, {submitted} submitted as rendered ({allowed} more allow-listed)"
    ]
    missing = ledger.report()
    if missing:
        lines += ["rendered POST forms that no test submitted from their page:"] + [f"  {line}" for line in missing]
    return lines, bool(missing)


# ------------------------------------------------------------------------------------------------ the pytest hooks

LEDGER = FormsLedger()
_state = {"test_id": "", "deselected": 0}


def _record(request, response):
    is_page = not response.streaming and "text/html" in response.get("Content-Type", "")
    html = response.content if is_page else None
    if request.method == "POST":
        marked = request.META.get(SUBMITTED_MARK) == "1"
        # The live server's requests come through wsgiref (its SERVER_SOFTWARE); the test client's do not.
        from_browser = str(request.META.get("SERVER_SOFTWARE", "")).startswith("WSGIServer")
        if marked or from_browser:
            try:
                data = {name: request.POST.getlist(name) for name in request.POST}
            except Exception:  # noqa: BLE001 - a body the view has consumed as raw bytes cannot be read as a form
                data = {}
            LEDGER.record_submission(request.path, request.method, data)
    if html:
        LEDGER.record_page(html, request.path, _state["test_id"])


def _install():
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.get_response
    if getattr(original, "_records_forms", False):
        return

    def get_response(self, request):
        response = original(self, request)
        _record(request, response)
        return response

    get_response._records_forms = True
    BaseHandler.get_response = get_response

    try:
        from webtest.forms import Form
    except ImportError:
        return
    submit = Form.submit

    def submit_as_rendered(self, name=None, index=None, value=None, **args):
        args["extra_environ"] = {**(args.get("extra_environ") or {}), SUBMITTED_MARK: "1"}
        return submit(self, name, index, value, **args)

    Form.submit = submit_as_rendered


def pytest_configure(config):
    _install()


def pytest_deselected(items):
    _state["deselected"] += len(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    _state["test_id"] = item.nodeid
    LEDGER.take_defects(item.nodeid)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    defects = LEDGER.take_defects(item.nodeid)
    if defects:
        raise AssertionError("duplicate control names in a rendered form:\n" + "\n".join(defects))
    return result


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if config.option.collectonly or not session.testscollected:
        return
    stopped = bool(session.shouldstop or session.shouldfail) or exitstatus == pytest.ExitCode.INTERRUPTED
    reason = full_run_skip_reason(config, _state["deselected"], stopped)
    if os.environ.get("FORMS_COVERAGE_LIST"):
        # Every form seen, submitted or not, for whoever is writing the tests that submit them.
        Path(os.environ["FORMS_COVERAGE_LIST"]).write_text(
            "".join(
                f"{'submitted' if key in LEDGER.submitted else 'NOT'}\t{key}\t{page}\t{test_id}\n"
                for key, (page, test_id) in sorted(LEDGER.rendered.items())
            )
        )
    _state["summary"], failed = verdict(LEDGER, reason)
    if failed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    for line in _state.get("summary", ()):
        terminalreporter.write_line(line)
