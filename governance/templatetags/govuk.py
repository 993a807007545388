"""GOV.UK Frontend components that pages repeat row after row, written in Python: a template include per table cell
costs more than the rest of the row. Loaded as a builtin (settings.TEMPLATES), so no template needs `{% load %}`."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def govuk_tag(text, colour=None):
    """A GOV.UK tag. `colour` is a govuk-tag modifier ("green", "red", "yellow", "grey", "purple", "orange", "teal",
    "magenta"); "blue" or nothing gives the default blue tag."""
    modifier = f" govuk-tag--{colour}" if colour and colour != "blue" else ""
    return format_html('<strong class="govuk-tag{}">{}</strong>', modifier, text)
