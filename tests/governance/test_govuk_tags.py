"""The builtin GOV.UK template tags give what the templates they replace gave."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import dateformat, timezone

DAYS = [dt.date(2026, 1, 1), dt.date(2026, 3, 5), dt.date(2014, 2, 20), dt.date(1999, 12, 31)]


@pytest.mark.parametrize("day", DAYS + [dt.datetime(2026, 9, 30, 23, 59)])
def test_short_date_is_what_the_date_filter_gives(day):
    assert Template("{{ day|short_date }}").render(Context({"day": day})) == dateformat.format(day, "j M Y")


def test_short_date_of_a_moment_is_the_day_it_is_here():
    late_summer_evening = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 July in London
    html = Template("{{ moment|short_date }}").render(Context({"moment": late_summer_evening}))
    assert html == "1 Jul 2026" == dateformat.format(timezone.localtime(late_summer_evening), "j M Y")


@pytest.mark.parametrize("empty", [None, ""])
def test_short_date_of_nothing_is_empty_so_that_default_still_works(empty):
    assert Template('{{ day|short_date|default:"Not set" }}').render(Context({"day": empty})) == "Not set"


@pytest.mark.parametrize(
    ("colour", "expected"),
    [(None, '<strong class="govuk-tag">Open</strong>'), ("blue", '<strong class="govuk-tag">Open</strong>'),
     ("red", '<strong class="govuk-tag govuk-tag--red">Open</strong>')],
)  # fmt: skip
def test_govuk_tag_writes_the_tag(colour, expected):
    assert Template('{% govuk_tag text="Open" colour=colour %}').render(Context({"colour": colour})) == expected


def test_govuk_tag_escapes_its_text():
    html = Template("{% govuk_tag text=words %}").render(Context({"words": "<script>x</script> & co"}))
    assert html == '<strong class="govuk-tag">&lt;script&gt;x&lt;/script&gt; &amp; co</strong>'
