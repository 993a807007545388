"""{% memo %}: a block rendered once per different set of the values it names, with each request's own CSRF token."""

import pytest
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.utils import translation

from governance.templatetags import memo


class Counted:
    """Counts how often the block that shows it is rendered."""

    def __init__(self):
        self.renders = 0

    def __str__(self):
        self.renders += 1
        return f"render {self.renders}"


ROW = Template("{% load memo %}{% memo row.key %}<p>{{ row.title }} {{ counter }}</p>{% endmemo %}")


@pytest.fixture(autouse=True)
def empty_store():
    memo.store.clear()
    yield
    memo.store.clear()


def test_the_same_values_reuse_the_block_and_new_values_render_it_again():
    counter = Counted()
    first = ROW.render(Context({"row": {"key": (1, "Plan"), "title": "Plan"}, "counter": counter}))
    again = ROW.render(Context({"row": {"key": (1, "Plan"), "title": "Plan"}, "counter": counter}))
    assert first == again == "<p>Plan render 1</p>" and counter.renders == 1
    changed = ROW.render(Context({"row": {"key": (1, "Plan v2"), "title": "Plan v2"}, "counter": counter}))
    assert changed == "<p>Plan v2 render 2</p>"
    assert (memo.store.hits, memo.store.misses) == (1, 2)


def test_two_blocks_with_the_same_values_are_kept_apart():
    other = Template("{% load memo %}{% memo row.key %}<li>{{ row.title }}</li>{% endmemo %}")
    row = {"key": (1,), "title": "Plan"}
    assert ROW.render(Context({"row": row, "counter": "x"})) == "<p>Plan x</p>"
    assert other.render(Context({"row": row})) == "<li>Plan</li>"


def test_the_language_is_part_of_the_key():
    template = Template('{% load i18n memo %}{% memo 1 %}{% translate "Yes" %}{% endmemo %}')
    with translation.override("en-gb"):
        english = template.render(Context())
    with translation.override("cy"):
        template.render(Context())
    assert memo.store.misses == 2 and english == "Yes"


def _request_with_token():
    request = RequestFactory().get("/")
    get_token(request)  # a CSRF secret of its own, as the middleware would give it
    return request


def test_each_request_gets_its_own_csrf_token_never_the_one_the_block_was_first_rendered_with():
    template = Template(
        "{% load memo %}{% memo 1 %}<form>{% csrf_token %}</form><div data-token='{{ csrf_token }}'></div>{% endmemo %}"
    )
    tokens = []
    for request in (_request_with_token(), _request_with_token()):
        html = template.render(Context({"csrf_token": get_token(request)}))
        assert memo.STAND_IN not in html
        field = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        attribute = html.split("data-token='")[1].split("'")[0]
        secret = request.META["CSRF_COOKIE"]
        assert _unmask_cipher_token(field) == secret == _unmask_cipher_token(attribute)
        tokens.append(secret)
    assert tokens[0] != tokens[1] and memo.store.hits == 1


def test_without_a_token_the_field_is_left_out_as_the_csrf_tag_would():
    template = Template("{% load memo %}{% memo 1 %}<form>{% csrf_token %}</form>{% endmemo %}")
    assert template.render(Context()) == "<form></form>"
    assert template.render(Context({"csrf_token": "NOTPROVIDED"})) == "<form></form>"


def test_the_field_is_what_the_csrf_tag_writes():
    token = get_token(_request_with_token())
    plain = Template("{% csrf_token %}").render(Context({"csrf_token": token}))
    assert memo.csrf_field(token) == plain


def test_the_store_keeps_the_most_recently_used_up_to_its_size(settings):
    settings.TEMPLATE_MEMO_ENTRIES = 3
    for n in range(5):
        ROW.render(Context({"row": {"key": n, "title": n}, "counter": ""}))
    assert len(memo.store.entries) == 3
    ROW.render(Context({"row": {"key": 4, "title": 4}, "counter": ""}))
    assert memo.store.hits == 1
    ROW.render(Context({"row": {"key": 0, "title": 0}, "counter": ""}))
    assert memo.store.misses == 6  # the first one had gone


def test_a_value_that_cannot_be_a_key_is_refused_with_a_clear_error():
    with pytest.raises(TemplateSyntaxError, match="cannot be a key"):
        ROW.render(Context({"row": {"key": ["a", "list"], "title": "x"}}))


def test_a_memo_names_what_it_varies_on():
    with pytest.raises(TemplateSyntaxError, match="needs the values"):
        Template("{% load memo %}{% memo %}x{% endmemo %}")


@pytest.mark.parametrize("row", [{}, {"key": ""}, {"key": None}])
def test_a_block_whose_first_value_is_missing_is_refused_rather_than_shared(row):
    with pytest.raises(TemplateSyntaxError, match="row.key is empty"):
        ROW.render(Context({"row": row, "counter": ""}))
