"""What the bad-input tests need: the forms each page offers (read from its HTML, as a browser would), who may use
them, hypothesis strategies for what a careless, hostile or broken client might send, and the checks on the answer.

A page's forms are found by opening every named URL of the access matrix as the people who may open it; a form's
target is resolved back to its URL name, so that each POST endpoint is fuzzed through the form a real user submits,
hidden fields (edit tokens, versions, next) included as the page gives them.
"""

import dataclasses
import io
import traceback
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import strategies as st
from pypdf import PdfWriter

from tests.conftest import user_for
from tests.test_access import _objects, matrix

# The order in which personas are tried as the user of a form: the secretariat and the project leader keep most
# things; the named roles approve, sign off, decide and respond to what only they may.
PERSONA_ORDER = [
    "admin_staff",
    "project_leader",
    "project_executive",
    "chair",
    "councillor",
    "provider",
    "service_user",
    "outsider",
    "anonymous",
]
# Who reads each page to find its forms (where they may open it); a page none of them may open is read by the first
# persona who may.
READERS = ("admin_staff", "project_leader", "project_executive", "chair")
# Files, feeds and images rather than pages with forms.
NOT_HTML = ("application/pdf", "text/calendar", "text/csv", "image/svg+xml", "application/vnd.openxmlformats")
# What a page shows when it tells the user something about what they sent.
MESSAGE_MARKERS = ("govuk-error-summary", "govuk-error-message", "govuk-notification-banner")
UNFUZZED = {"csrfmiddlewaretoken"}  # the test client does not check it; other tests prove CSRF is enforced


@dataclasses.dataclass
class Field:
    name: str
    kind: (
        str  # the input type ("text", "hidden", "date", "checkbox", "radio", "file", "submit" …), "select", "textarea"
    )
    given: list = dataclasses.field(default_factory=list)  # the values the page submits as it stands
    options: list = dataclasses.field(default_factory=list)  # the values the page offers to choose from
    multiple: bool = False


@dataclasses.dataclass
class Form:
    """One way of submitting a form: a form with several `formaction` buttons is several of these."""

    method: str
    action: str  # the URL the form submits to
    url_name: str | None
    fields: dict  # name -> Field
    multipart: bool
    htmx: bool
    page: str  # the URL of the page that holds the form
    persona: str = ""

    def key(self):
        return (
            self.action,
            tuple(sorted((f.name, tuple(f.given)) for f in self.fields.values() if f.kind == "submit")),
        )

    def given_data(self):
        """What the page submits untouched."""
        return {
            field.name: list(field.given) if field.multiple else field.given[0]
            for field in self.fields.values()
            if field.kind != "file" and field.given
        }


class _PageParser(HTMLParser):
    """Collects a page's forms (fields, the options each offers, submit buttons) and its links with a query string."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (attrs, fields, buttons)
        self.links = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def _field(self, name, kind, multiple=False):
        fields = self._form[1]
        if name not in fields:
            fields[name] = Field(name=name, kind=kind, multiple=multiple)
        return fields[name]

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = (attrs, {}, [])
            self.forms.append(self._form)
            return
        if tag == "a" and "?" in attrs.get("href", ""):
            self.links.append(attrs["href"])
        if self._form is None:
            return
        name = attrs.get("name")
        kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
        if (tag == "input" and kind in ("submit", "image")) or (tag == "button" and kind == "submit"):
            self._form[2].append((name, attrs.get("value", ""), attrs.get("formaction")))
        elif tag == "input" and name and kind not in ("button", "reset"):
            if kind in ("checkbox", "radio"):
                field = self._field(name, kind, multiple=kind == "checkbox")
                value = attrs.get("value", "on")
                field.options.append(value)
                if "checked" in attrs:
                    field.given.append(value)
            else:
                field = self._field(name, kind)
                if kind != "file":
                    field.given = [attrs.get("value", "")]
        elif tag == "select" and name:
            self._select = self._field(name, "select", multiple="multiple" in attrs)
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and name:
            self._textarea = self._field(name, "textarea")
            self._textarea.given = [""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        elif self._textarea is not None:
            self._textarea.given[0] += data

    def _close_option(self):
        if self._option is not None:
            value, selected, text = self._option
            value = value if value is not None else text.strip()
            self._select.options.append(value)
            if selected:
                self._select.given.append(value)
            self._option = None

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            # A single select with nothing marked selected submits its first option, as a browser does.
            if not self._select.given and self._select.options and not self._select.multiple:
                self._select.given = [self._select.options[0]]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The parser keeps the newline that may follow <textarea>; a browser drops it.
            text = self._textarea.given[0]
            self._textarea.given = [text[1:] if text.startswith("\n") else text]
            self._textarea = None
        elif tag == "form":
            self._form = None


def url_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def parse(page_url, html, persona=""):
    """(forms, links): every form on the page, one per target, and every link that carries a query string."""
    parser = _PageParser()
    parser.feed(html)
    found = []
    for attrs, fields, buttons in parser.forms:
        action = attrs.get("action") or attrs.get("hx-post") or page_url
        own = [(name, value) for name, value, formaction in buttons if not formaction]
        # Each named button is one way of sending the form; so is each button with its own target.
        targets = [(action, b) for b in own if b[0]] or [(action, None)]
        targets += [(formaction, (name, value) if name else None) for name, value, formaction in buttons if formaction]
        for target, button in targets:
            target = target if target.startswith("/") else page_url
            target_fields = {name: dataclasses.replace(field) for name, field in fields.items()}
            if button:
                pressed = Field(name=button[0], kind="submit", given=[button[1]])
                pressed.options = sorted({value for name, value in own if name == button[0]} | {button[1]})
                target_fields[button[0]] = pressed
            found.append(
                Form(
                    method=attrs.get("method", "get").lower(),
                    action=target,
                    url_name=url_name(target),
                    fields=target_fields,
                    multipart="multipart" in attrs.get("enctype", ""),
                    htmx="hx-post" in attrs or "hx-get" in attrs,
                    page=page_url,
                    persona=persona,
                )
            )
    return found, parser.links


@dataclasses.dataclass
class Site:
    """What a crawl found: the objects behind the pages, the forms, the links with query strings, and the pages."""

    objects: dict
    forms: list
    links: list  # (persona, url)
    pages: list  # (url name, url, personas who get 200)
    media: object = None  # where the records' files are

    def targets(self, method):
        """{url name: [forms]} for the forms of one method: one per persona offered it, target and button, the
        persona first in PERSONA_ORDER first (an approver's buttons differ from the secretariat's)."""
        by_name = {}
        for form in self.forms:
            if form.method == method and form.url_name:
                by_name.setdefault(form.url_name, {}).setdefault((PERSONA_ORDER.index(form.persona), form.key()), form)
        return {name: [forms[k] for k in sorted(forms)] for name, forms in by_name.items()}

    def query_targets(self):
        """{url name: [forms]}: the links that carry a query string (sorting, paging, exports of a filtered view),
        as GET forms with one text field per parameter."""
        found = {}
        for persona, link in self.links:
            name = url_name(link)
            params = parse_qsl(urlsplit(link).query, keep_blank_values=True)
            if not name or not params:
                continue
            fields = {}
            for key, value in params:
                fields.setdefault(key, Field(name=key, kind="text")).given.append(value)
            for field in fields.values():
                field.multiple = len(field.given) > 1
            form = Form("get", urlsplit(link).path, name, fields, False, False, link, persona)
            found.setdefault(name, {}).setdefault(tuple(sorted(fields)), form)
        return {name: list(forms.values()) for name, forms in found.items()}

    def values_by_name(self):
        """{field name: every value any form gives or offers for a field of that name}: a value that is right
        somewhere else (another form's action, another record's id) is a good test of this form."""
        seen = {}
        for form in self.forms:
            for field in form.fields.values():
                if field.name not in UNFUZZED and field.kind != "file":
                    seen.setdefault(field.name, set()).update(v for v in field.given + field.options if len(v) < 200)
        return {name: sorted(values) for name, values in seen.items()}

    def field_names(self):
        return sorted({name for form in self.forms for name in form.fields} - UNFUZZED)

    def other_ids(self):
        """Ids of other objects: every number offered by any select, radio or checkbox, and in any URL."""
        ids = {value for form in self.forms for f in form.fields.values() for value in f.options if value.isdigit()}
        ids |= {part for form in self.forms for part in form.action.split("/") if part.isdigit()}
        return sorted(ids, key=int)


def _read(site, client_for, name, url, readers):
    """Read a page as each reader; returns the readers who got it."""
    got = []
    for persona in readers:
        response = client_for(persona).get(url)
        if response.status_code != 200:
            continue
        got.append(persona)
        if response.get("Content-Type", "").startswith(NOT_HTML):
            continue
        forms, links = parse(url, response.content.decode(), persona)
        site.forms += forms
        site.links += [(persona, link if link.startswith("/") else urlsplit(url).path + link) for link in links]
    return got


def crawl(client_for, more_pages=None):
    """Open every page of the access matrix as the people who may, and return a Site. `more_pages(objects)` may
    build more records and name more pages to read ([(url name, kwargs)]), read by whichever READERS may open them."""
    objects = _objects()
    site = Site(objects=objects, forms=[], links=[], pages=[])
    for name, (kwargs_for, expected) in sorted(matrix().items()):
        if name == "admin:index":
            continue  # Django's own admin: its forms are not ours
        url = reverse(name, kwargs=kwargs_for(objects))
        allowed = [p for p in PERSONA_ORDER if expected.get(p) == 200]
        site.pages.append((name, url, allowed))
        _read(site, client_for, name, url, [p for p in READERS if p in allowed] or allowed[:1])
    for name, kwargs in more_pages(objects) if more_pages else []:
        url = reverse(name, kwargs=kwargs)
        site.pages.append((name, url, _read(site, client_for, name, url, READERS)))
    return site


def client_as(persona):
    """A client that answers a server error with the 500 page, as the live site does, instead of raising."""
    client = Client(raise_request_exception=False)
    user = user_for(persona)
    if user is not None:
        client.force_login(user)
    return client


# ---------------------------------------------------------------------------------------------------- strategies

HUGE = "x" * 100_000
ODD_TEXT = [
    "\x00",
    "before\x00after",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e",  # right-to-left and left-to-right marks
    "🏠👩🏽‍⚕️",
    "Z̴̡̛a̶l̷g̸o̵",
    "   ",
    "\r\n\t",
    "'; DROP TABLE governance_body; --",
    '=HYPERLINK("http://example.com")',
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%s%n%x{0}",
    "//evil.example.com/",
]
# Longer than the columns and history labels that hold text (100, 200, 255, 300 characters …), but not huge.
LONG = ["y" * n for n in (101, 201, 256, 301, 1001, 20_001)]
NUMBERS = ["-1", "-99999", "0", "1e308", "-1e308", "99999999999999999999", "NaN", "inf", "1.5", "0x10", "1,000"]
DATES = ["2026-02-30", "31/31/2026", "yesterday", "0000-00-00", "9999-12-31", "0001-01-01", "2026-13-01", "20260101"]
TIMES = ["25:61", "10:00:99", "noon", "-1:00", "2026-02-30T25:61", "9999-12-31T23:59"]
IDS = ["abc", "0", "-1", "999999999", "1.0", "[1]", "None", "99999999999999999999"]
# Any character but lone surrogates, which no client can encode in UTF-8.
UNICODE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


class _Missing:
    def __repr__(self):
        return "MISSING"


MISSING = _Missing()  # the field is not sent at all
CHANGED_AT_MOST = 6  # fields changed in one example


def junk(other_ids=()):
    """A value no form should take quietly: empty, huge, odd text, numbers out of range, bad dates, bad ids."""
    choices = [
        st.just(""),
        st.just(HUGE),
        st.sampled_from(LONG),
        UNICODE_TEXT,
        st.sampled_from(ODD_TEXT),
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES),
        st.sampled_from(TIMES),
        st.sampled_from(IDS),
    ]
    if other_ids:
        choices.append(st.sampled_from(list(other_ids)))
    return st.one_of(choices)


def field_value(field, other_ids=(), elsewhere=()):
    """A changed value for one field: another value the page offers, a value a field of the same name takes
    elsewhere, MISSING, junk, or several values at once."""
    bad = st.one_of(st.just(MISSING), junk(other_ids), st.lists(junk(other_ids), min_size=2, max_size=3))
    if elsewhere:
        bad = st.one_of(bad, st.sampled_from(list(elsewhere)))
    if not field.options:
        return bad
    offered = [st.sampled_from(field.options)]
    if field.multiple:
        offered.append(st.lists(st.sampled_from(field.options), unique=True, max_size=len(field.options)))
    return st.one_of(st.one_of(offered), bad)


def a_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(max_bytes):
    """(file name, content) or MISSING: random bytes, empty, a renamed text file, a damaged PDF, one byte over the
    size limit, a real PDF (with and without its extension)."""
    return st.one_of(
        st.just(MISSING),
        st.just(("empty.pdf", b"")),
        st.binary(min_size=1, max_size=256).map(lambda b: ("random.pdf", b)),
        st.just(("notes.pdf", b"These are my notes, not a PDF.\n")),
        st.binary(max_size=256).map(lambda b: ("damaged.pdf", b"%PDF-1.7\n" + b)),
        st.just(("huge.pdf", b"%PDF-1.4\n" + b"0" * max_bytes)),
        st.just(("paper.pdf", a_pdf())),
        st.just(("paper", a_pdf())),
    )


def _short(value):
    if isinstance(value, list):
        return [_short(v) for v in value]
    if isinstance(value, tuple):
        return (value[0], f"<{len(value[1])} bytes>")
    return value if len(value) <= 60 else f"{value[:40]!r}… ({len(value)} chars)"


class Submission:
    """What one example sends. Its repr names only what differs from the page's own data."""

    def __init__(self, form, data, files, htmx=False):
        self.form, self.data, self.files, self.htmx = form, data, files, htmx

    def __repr__(self):
        given = self.form.given_data()
        changed = {k: _short(v) for k, v in self.data.items() if k not in UNFUZZED and given.get(k) != v}
        changed |= {k: MISSING for k in given if k not in self.data and k not in UNFUZZED}
        changed |= {k: _short(v) for k, v in self.files.items()}
        return f"{self.form.method.upper()} {self.form.action} as {self.form.persona} (htmx={self.htmx}), changed: {changed}"


@st.composite
def submissions(draw, forms, *, other_ids=(), names=(), elsewhere=None, extra_fields=2, max_bytes=4096):
    """A submission of one of `forms`: up to CHANGED_AT_MOST fields changed (to another offered value, emptied,
    dropped or junk) and the rest as the page gives them, so that examples get past the first check and reach the
    deeper ones (the model's clean, the domain action, the save); sometimes extra fields the form does not have; an
    upload for each file field."""
    form = draw(st.sampled_from(forms))
    data = form.given_data()
    fuzzable = sorted(name for name, field in form.fields.items() if name not in UNFUZZED and field.kind != "file")
    changed = draw(st.sets(st.sampled_from(fuzzable), min_size=1, max_size=CHANGED_AT_MOST)) if fuzzable else ()
    for name in sorted(changed):
        value = draw(field_value(form.fields[name], other_ids, (elsewhere or {}).get(name, ())))
        data.pop(name, None)
        if value is not MISSING:
            data[name] = value
    files = {}
    for field in form.fields.values():
        if field.kind == "file":
            value = draw(upload(max_bytes))
            if value is not MISSING:
                files[field.name] = value
    if names:
        extras = draw(st.dictionaries(st.sampled_from(list(names)), junk(other_ids), max_size=extra_fields))
        for name, value in extras.items():
            data.setdefault(name, value)
    return Submission(form, data, files, htmx=form.htmx and draw(st.booleans()))


def send(client, submission):
    form = submission.form
    headers = {"HX-Request": "true"} if submission.htmx else {}
    if form.method == "get":
        query = urlencode(submission.data, doseq=True)
        return client.get(f"{urlsplit(form.action).path}?{query}", headers=headers)
    if form.multipart or submission.files:
        files = {name: SimpleUploadedFile(filename, content) for name, (filename, content) in submission.files.items()}
        return client.post(form.action, {**submission.data, **files}, headers=headers)
    return client.post(
        form.action,
        urlencode(submission.data, doseq=True),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )


def server_error(response):
    if response.status_code < 500:
        return None
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        frames = traceback.extract_tb(exc_info[2])
        ours = [f for f in frames if "/.venv/" not in f.filename] or frames
        where = f"{ours[-1].filename}:{ours[-1].lineno}"
        return f"{response.status_code}: {exc_info[0].__name__}: {str(exc_info[1])[:200]} (at {where})"
    return f"{response.status_code}"


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


def problems(submission, response, client):
    """What is wrong with the answer to a submission: a server error; a form sent back with no word on what was
    wrong; a redirect to a page that breaks."""
    found = []
    error = server_error(response)
    if error:
        return [error]
    form = submission.form
    # A form the user types into (not a bare button such as "move up") must not come back without a word.
    typed = any(field.kind not in ("hidden", "submit") for field in form.fields.values())
    if response.status_code in (200, 400, 409, 422) and is_html(response) and form.method == "post" and typed:
        body = response.content.decode()
        again = [f for f in parse(form.action, body)[0] if f.method == "post" and f.url_name == form.url_name]
        if again and not any(marker in body for marker in MESSAGE_MARKERS):
            found.append(f"{response.status_code}: the form came back with no message on the page")
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if location.startswith("/") and url_name(location) not in ("login", None):
            landing = client.get(location)
            error = server_error(landing)
            if error:
                found.append(f"the page it redirects to ({location}) broke: {error}")
    return found
