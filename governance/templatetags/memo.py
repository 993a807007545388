"""`{% memo %}`: a block of a template rendered once for each different set of the values it shows, then reused.

    {% load memo %}
    {% memo d.row_key can_edit %}<tr>…{{ d.title }}…{% csrf_token %}…</tr>{% endmemo %}

The block's output is kept in this process (a bounded store, least recently used out first), under the place of the
block in its template and the values named in the tag, with the active language and the URL prefix. So the values
named must be everything the block shows or decides on: a value left out would show one reader another's block. The
first must identify what the block shows (a row's key): a block whose first value is missing or empty is refused. Name
whole facts (a model's `row_key`, a reader's right to edit), never the reader: a block that shows whom it is for has
no business in a memo.

The CSRF token is the one thing a block may show that belongs to the request: the block is rendered with a stand-in
token, and each time it is used the stand-in is replaced by the current request's own, so no reader ever receives a
token made for another.
"""

import itertools
import threading
from collections import OrderedDict

from django import template
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

STAND_IN = "memo0csrf0stand0in"


def csrf_field(token):
    """What {% csrf_token %} writes for this token: the hidden field, or nothing when there is no token."""
    token = str(token or "")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


STAND_IN_FIELD = csrf_field(STAND_IN)
_places = itertools.count()


class _Store:
    """A bounded map shared by the threads of a process, least recently used out first."""

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > settings.TEMPLATE_MEMO_ENTRIES:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.hits = self.misses = 0


store = _Store()


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs the values its block shows, for example d.row_key")
    vary = [parser.compile_filter(bit) for bit in bits[1:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, vary)


class MemoNode(template.Node):
    def __init__(self, nodelist, vary):
        self.nodelist = nodelist
        self.vary = vary
        self.place = next(_places)  # this block of this compiled template, in this process

    def render(self, context):
        values = tuple(value.resolve(context, ignore_failures=True) for value in self.vary)
        if values[0] is None or values[0] == "":
            # The first value says what the block shows (a row's key, say): were it missing, every row would share it.
            raise template.TemplateSyntaxError(f"memo: {self.vary[0].token} is empty; it must say what the block shows")
        key = (self.place, get_language(), get_script_prefix(), values)
        try:
            output = store.get(key)
        except TypeError as error:
            raise template.TemplateSyntaxError(f"memo: a value it varies on cannot be a key ({error})") from error
        if output is None:
            with context.push(csrf_token=STAND_IN):
                output = self.nodelist.render(context)
            store.put(key, output)
        if STAND_IN in output:
            token = context.get("csrf_token", "")
            output = output.replace(STAND_IN_FIELD, csrf_field(token)).replace(STAND_IN, str(token))
        return mark_safe(output)  # noqa: S308 - rendered by the template engine, which escaped what it had to
