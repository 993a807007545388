"""An HTTP client that talks to the app on loopback as the TLS-terminating proxy in front of it would.

Production settings redirect plain HTTP to HTTPS and mark cookies Secure. In production a proxy terminates TLS and
tells Django so with `X-Forwarded-Proto: https` (SECURE_PROXY_SSL_HEADER) and appends the client's address to
`X-Forwarded-For` (TRUSTED_PROXY_COUNT, 1 for that one proxy). The bench sends both headers itself, so the app runs
with its production settings unchanged, and sends its Secure cookies back to 127.0.0.1, where the proxy's side of TLS
is plain HTTP.
"""

import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

LOOPBACK = "127.0.0.1"


@dataclass
class Sample:
    page: str
    seconds: float
    outcome: str  # "ok", "conflict" or what went wrong


@dataclass
class Client:
    """One browser: its own session, cookies and connection, and the samples it measured."""

    base_url: str
    samples: list = field(default_factory=list)

    def __post_init__(self):
        self.session = requests.Session()
        self.session.headers.update(
            {"X-Forwarded-Proto": "https", "X-Forwarded-For": LOOPBACK, "User-Agent": "homecare-bench"}
        )
        # A browser sends the page it was on with every POST; Django's CSRF check insists on it over HTTPS.
        self.origin = "https://" + self.base_url.split("://", 1)[1]

    def request(self, page, method, path, expect=(200,), data=None, headers=None, timeout=60):
        """Send one request (redirects are not followed, so each is measured alone); return the response or None.

        The outcome is "ok" when the status is one of `expect`, otherwise the status or the connection error.
        """
        extra = dict(headers or {})
        if method == "POST":
            extra.setdefault("Origin", self.origin)
            extra.setdefault("Referer", self.origin + path)
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base_url + path, data=data, headers=extra, allow_redirects=False, timeout=timeout
            )
            response.content  # noqa: B018 (read the whole body inside the measured time)
        except requests.RequestException as error:
            self.samples.append(Sample(page, time.perf_counter() - started, f"connection: {type(error).__name__}"))
            return None
        elapsed = time.perf_counter() - started
        self._keep_secure_cookies_on_loopback()
        outcome = "ok" if response.status_code in expect else f"status {response.status_code}"
        self.samples.append(Sample(page, elapsed, outcome))
        return response

    def _keep_secure_cookies_on_loopback(self):
        # A cookie jar sends Secure cookies only over https; between the proxy and the app there is plain HTTP.
        for cookie in self.session.cookies:
            if cookie.secure and cookie.domain in (LOOPBACK, LOOPBACK + ".local"):
                cookie.secure = False

    def mark(self, outcome):
        """Change the outcome of the last sample (a 200 that said something else than expected)."""
        self.samples[-1].outcome = outcome

    def close(self):
        self.session.close()


class FormReader(HTMLParser):
    """The fields a browser would submit from the first <form> whose action is `action` (or the first form)."""

    def __init__(self, action=None):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.fields = {}
        self._inside = False
        self._done = False
        self._select = None  # [name, first option's value, selected option's value]
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "form" and not self._inside:
            self._inside = self.action is None or attrs.get("action") == self.action
            return
        if not self._inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside, self._done = False, True
        elif tag == "select" and self._select:
            # Without a selected option a browser submits the first one.
            name, first, selected = self._select
            self.fields[name] = selected if selected is not None else (first or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html, action=None):
    reader = FormReader(action)
    reader.feed(html)
    return reader.fields
