"""QuickSelect writes the same select list as Django's Select (apart from blank lines), with everything escaped."""

import re

import pytest
from django import forms

from governance.forms import GovUKFormMixin, QuickSelect
from governance.models import Person

CHOICES = [("", "Anyone"), (1, "Smith & Jones <Ltd>"), ("Former members", [(2, 'Ann "Nan" Lee'), (3, "Bo")])]
ATTRS = {"class": "govuk-select", "id": "id_owner", "required": True, "data-off": False, "data-none": None}


def _same(html):
    return re.sub(r"\n\s*\n", "\n", html)


@pytest.mark.parametrize("value", ["", "1", 3, None, "not a choice"])
def test_it_writes_what_django_writes(value):
    expected = forms.Select(attrs=dict(ATTRS), choices=CHOICES).render("owner", value)
    assert QuickSelect(attrs=dict(ATTRS), choices=CHOICES).render("owner", value) == _same(expected)


def test_labels_and_values_are_escaped():
    html = QuickSelect(choices=[('"><script>', "<b>bold</b> & co")]).render("x", None)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html and 'value="&quot;&gt;&lt;script&gt;"' in html


@pytest.mark.django_db
def test_forms_with_govuk_classes_use_it_for_model_choices():
    class OwnerForm(GovUKFormMixin, forms.Form):
        owner = forms.ModelChoiceField(queryset=Person.objects.order_by("name"), required=False)
        kind = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    form = OwnerForm(data={"owner": Person.objects.order_by("name").first().pk})
    assert isinstance(form.fields["owner"].widget, QuickSelect)
    assert not isinstance(form.fields["kind"].widget, QuickSelect)
    html = str(form["owner"])
    assert html.count("<option") == Person.objects.count() + 1
    assert 'class="govuk-select"' in html and " selected>" in html
    plain = forms.Select(attrs=form.fields["owner"].widget.attrs, choices=form.fields["owner"].choices)
    assert html == _same(plain.render("owner", form["owner"].value(), attrs={"id": "id_owner"}))
