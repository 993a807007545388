"""The `table_region` template tag: a table in a focusable region named after its caption."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template("{% load layout %}" + source).render(Context(context))


def test_the_region_is_named_after_the_tables_caption_and_takes_focus():
    html = render(
        '{% table_region %}<table><caption class="x">Actions, <span>by</span> due date</caption></table>'
        "{% endtable_region %}"
    )
    assert html.startswith(
        '<div class="app-table-region" role="region" aria-label="Actions, by due date" tabindex="0"><table>'
    )
    assert html.endswith("</table></div>")


def test_a_label_given_names_the_region_instead():
    html = render('{% table_region "Open actions" %}<table></table>{% endtable_region %}')
    assert 'aria-label="Open actions"' in html


def test_what_the_table_holds_is_escaped_once():
    html = render(
        "{% table_region %}<table><caption>{{ title }}</caption><tr><td>{{ cell }}</td></tr></table>{% endtable_region %}",
        title='Tom & "Jerry"',
        cell="<script>",
    )
    assert 'aria-label="Tom &amp; &quot;Jerry&quot;"' in html
    assert "<td>&lt;script&gt;</td>" in html


def test_a_table_without_a_caption_or_label_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render("{% table_region %}<table></table>{% endtable_region %}")


def test_words_in_separate_elements_of_the_caption_stay_apart():
    html = render(
        '{% table_region %}<table><caption>Agenda<span class="govuk-caption-m">Issued 2 December 2026</span>'
        "</caption></table>{% endtable_region %}"
    )
    assert 'aria-label="Agenda Issued 2 December 2026"' in html
