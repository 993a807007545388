"""Layout helpers for the service's pages."""

import re
from html import unescape

from django import template
from django.utils.html import format_html

register = template.Library()

CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


@register.tag
def table_region(parser, token):
    """A data table that may scroll sideways inside the page on a narrow screen, so that the page itself never does
    (WCAG 1.4.10, reflow). The container is a named region a keyboard can reach, so that its hidden columns can be
    scrolled into view with the arrow keys (WCAG 2.1.1):

        {% table_region %}<table class="govuk-table"><caption …>Actions</caption>…</table>{% endtable_region %}

    The region is named after the table's caption, or by the label given: {% table_region "Deliverables" %}.
    """
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes at most one argument, the region's label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, label)


class TableRegionNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context):
        table = self.nodelist.render(context)
        if self.label is not None:
            label = str(self.label.resolve(context))
        else:
            caption = CAPTION.search(table)
            if caption is None:
                raise template.TemplateSyntaxError("a table region needs a table with a caption, or a label")
            # A tag in the caption (a line of its own, say) parts words, as it does when read out.
            label = unescape(re.sub(r"<[^>]*>", " ", caption.group(1)))
        return format_html(
            '<div class="app-table-region" role="region" aria-label="{}" tabindex="0">{}</div>',
            " ".join(label.split()),
            table,  # safe: the template engine rendered it, escaping what it had to
        )
