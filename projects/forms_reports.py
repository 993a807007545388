"""Forms for highlight and exception reports, the report's comments and a tolerance's forecast."""

from django import forms

from governance.forms import DateInput, EditTokenMixin, GovUKFormMixin
from projects import highlight
from projects.models import ExceptionReport, HighlightReport
from projects.report_actions import EXCEPTION_PROMPTS


class DraftReportForm(GovUKFormMixin, forms.Form):
    period_start = forms.DateField(label="Period from", widget=DateInput())
    period_end = forms.DateField(label="Period to", widget=DateInput(), help_text="Today or earlier")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after the day it starts.")
        return data


class HighlightReportForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = HighlightReport
        fields = [
            "overall_rag",
            *[f"{d}_{part}" for d in HighlightReport.DIMENSIONS for part in ("rag", "comment")],
            *HighlightReport.SECTIONS,
        ]
        labels = {
            "overall_rag": "Overall status",
            **{f"{d}_rag": f"{label} status" for d, label in highlight.DIMENSION_LABELS.items()},
            **{f"{d}_comment": f"{label}: comment" for d, label in highlight.DIMENSION_LABELS.items()},
            **highlight.SECTION_LABELS,
        }
        widgets = {
            **{f"{d}_comment": forms.Textarea(attrs={"rows": 2}) for d in HighlightReport.DIMENSIONS},
            **{s: forms.Textarea(attrs={"rows": 5}) for s in HighlightReport.SECTIONS},
        }
        help_texts = {
            "summary": "The overall position in a few sentences, for the Project Board",
            "work_done": "One item a line",
            "work_planned": "One item a line",
            "products_completed": "One item a line",
        }


class ExceptionReportForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = ExceptionReport
        fields = ["title", "cause", "consequences", "options", "recommendation", "lessons"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields[1:]}
        help_texts = EXCEPTION_PROMPTS


class CommentForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(label="Your comment or question", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    is_question = forms.BooleanField(label="This is a question for the Project Leader", required=False)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ForecastForm(GovUKFormMixin, forms.Form):
    forecast = forms.DecimalField(label="Forecast deviation", max_digits=14, decimal_places=2)
