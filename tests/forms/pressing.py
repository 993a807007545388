"""Submitting a page's forms as a person does: find the form by the words on its button, fill it, press the button.

django-webtest sends a form's fields but not a pressed button's `formaction`; `press` sends those too, so that a test
submits exactly what the browser would.
"""


def _buttons(form):
    for element in form.html.find_all(["button", "input"]):
        kind = (element.get("type") or ("submit" if element.name == "button" else "text")).lower()
        if kind in {"submit", "image"} and not element.has_attr("disabled"):
            yield element


def _words(button):
    return " ".join((button.get_text() if button.name == "button" else button.get("value", "")).split())


def form_with(page, button_words, index=0):
    """The form on the page holding a button whose words include `button_words` (the index-th such form)."""
    found = [form for _, form in sorted(page.forms.items()) if any(button_words in _words(b) for b in _buttons(form))]
    assert len(found) > index, f'no form with a "{button_words}" button on {page.request.url}'
    return found[index]


def press(form, button_words, refused_ok=False, **kwargs):
    """Submit `form` (a webtest form, or a page holding it) by pressing the button with those words. A page answering
    with its error summary fails the test with the summary's words, unless `refused_ok`."""
    response = _press(form, button_words, **kwargs)
    if not refused_ok and response.status_int == 200 and response.content_type == "text/html":
        summary = response.html.select_one(".govuk-error-summary")
        if summary is not None:
            raise AssertionError(f'"{button_words}" was refused: ' + " ".join(summary.get_text().split()))
    return response


def _press(form, button_words, **kwargs):
    if not hasattr(form, "fields"):
        form = form_with(form, button_words)
    [button] = [b for b in _buttons(form) if button_words in _words(b)][:1] or [None]
    assert button is not None, f'the form has no "{button_words}" button'
    if button.get("formaction"):
        form.action = button["formaction"]
    if button.get("name"):
        names = [b for b in _buttons(form) if b.get("name") == button["name"]]
        return form.submit(button["name"], index=names.index(button), **kwargs)
    return form.submit(**kwargs)
