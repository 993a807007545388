"""GOV.UK Frontend components that pages repeat row after row, written in Python: a template include per table cell
costs more than the rest of the row. Loaded as a builtin (settings.TEMPLATES), so no template needs `{% load %}`."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def govuk_tag(text, colour=None):
    """A GOV.UK tag. `colour` is a govuk-tag modifier ("green", "red", "yellow", "grey", "purple", "orange", "teal",
    "magenta"); "blue" or nothing gives the default blue tag."""
    modifier = f" govuk-tag--{colour}" if colour and colour != "blue" else ""
    return format_html('<strong class="govuk-tag{}">{}</strong>', modifier, text)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter
def short_date(value):
    """A date as GOV.UK writes it in tables, "5 Mar 2026": what `|date:"j M Y"` gives in English, without the
    formatter's per-call set-up (a log writes three dates a row)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # as the date filter does: the day it is here
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
