"""Forms of the project page and its registers (tolerances, change requests, benefits, lessons, end project report),
and the lessons log filter. Every message is written for the person filling the form in."""

import django_filters
from django import forms
from django.utils import timezone

from governance.forms import DateInput, EditTokenMixin, GovUKFormMixin
from governance.models import Person
from projects import register_actions
from projects.models import (
    Benefit,
    BenefitMeasurement,
    ChangeRequest,
    ChangeStatus,
    EndProjectReport,
    Lesson,
    LessonType,
    Priority,
    Project,
    Tolerance,
)


def _date_errors(what):
    return {"invalid": f"Enter the {what} as a real date, for example 2026-03-27."}


def _number_errors(what):
    return {"invalid": f"Enter the {what} as a number, for example 12.5."}


def _amount(width=10):
    """A decimal amount typed as text (a number input's spinner and width suit neither £ nor limits)."""
    return forms.TextInput(attrs={"inputmode": "decimal", "class": f"govuk-input--width-{width}"})


def _people():
    return Person.objects.select_related("organisation").order_by("name")


class _PeopleMixin:
    """Person choices in name order, in one query."""

    person_fields = ()

    def _limit_people(self):
        for name in self.person_fields:
            if name in self.fields:
                self.fields[name].queryset = _people()


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, decision):
        item = decision.item
        meeting = item.agenda.meeting
        return f"{meeting.date.day} {meeting.date:%b %Y}, item {item.number} {item.title}: {decision.text[:80]}"


# ------------------------------------------------------------------------------------------------------- the project


class ProjectForm(_PeopleMixin, GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    person_fields = ("sponsor", "senior_responsible_officer", "executive", "management_lead")

    class Meta:
        model = Project
        fields = [
            "title",
            "reference",
            "directorate",
            "sponsor",
            "senior_responsible_officer",
            "executive",
            "management_lead",
            "theme",
            "aim",
            "budget",
            "funding_source",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 4}),
            "budget": _amount(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        labels = {"senior_responsible_officer": "Senior responsible officer (SRO)", "budget": "Budget (£)"}
        error_messages = {
            "starts_on": _date_errors("start date"),
            "ends_on": _date_errors("end date"),
            "budget": _number_errors("budget"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_people()

    def clean_budget(self):
        budget = self.cleaned_data.get("budget")
        if budget is not None and budget < 0:
            raise forms.ValidationError("The budget cannot be negative.")
        return budget


# -------------------------------------------------------------------------------------------------------- tolerances


class ToleranceForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = Tolerance
        fields = ["dimension", "limit", "unit", "forecast", "description"]
        widgets = {
            "limit": _amount(),
            "forecast": _amount(),
            "unit": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }
        labels = {"forecast": "Forecast deviation"}
        help_texts = {
            "limit": "How far the project may deviate on this dimension before the Project Board must decide",
            "forecast": "The deviation now forecast, in the same unit. Beyond the limit, an exception report is "
            "drafted for the Project Board.",
        }
        error_messages = {"limit": _number_errors("limit"), "forecast": _number_errors("forecast")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project

    def clean_limit(self):
        limit = self.cleaned_data.get("limit")
        if limit is not None and limit < 0:
            raise forms.ValidationError("The limit cannot be negative: enter how far the project may deviate.")
        return limit

    def clean_dimension(self):
        dimension = self.cleaned_data.get("dimension")
        others = Tolerance.objects.filter(project=self.instance.project, dimension=dimension)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if dimension and others.exists():
            raise forms.ValidationError(
                "This project already has a tolerance for that dimension. Change that one instead."
            )
        return dimension


# --------------------------------------------------------------------------------------------------- change requests

IMPACTS = ["impact_time", "impact_cost", "impact_quality", "impact_scope", "impact_benefits", "impact_risk"]


class ChangeRequestForm(_PeopleMixin, GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    person_fields = ("raised_by",)

    class Meta:
        model = ChangeRequest
        fields = ["title", "description", *IMPACTS, "recommendation", "status", "raised_by", "raised_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
            "raised_on": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in IMPACTS},
        }
        labels = {
            "description": "The change requested, and why",
            "impact_time": "Impact on time",
            "impact_cost": "Impact on cost",
            "impact_quality": "Impact on quality",
            "impact_scope": "Impact on scope",
            "impact_benefits": "Impact on benefits",
            "impact_risk": "Impact on risk",
            "recommendation": "Recommendation to the Project Board",
        }
        error_messages = {"raised_on": _date_errors("date raised")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self._limit_people()
        # The board's answers are recorded through its decision, not typed here.
        allowed = [ChangeStatus.RAISED, ChangeStatus.FOR_DECISION]
        if self.instance.pk and self.instance.status not in allowed:
            allowed.append(self.instance.status)
        self.fields["status"].choices = [(s.value, s.label) for s in ChangeStatus if s in allowed]
        self.fields["status"].help_text = "Put it with the Project Board when it is ready for the board to decide."

    def clean_raised_on(self):
        raised_on = self.cleaned_data.get("raised_on")
        if raised_on and raised_on > timezone.localdate():
            raise forms.ValidationError("The date raised cannot be in the future.")
        return raised_on


class DecideChangeRequestForm(GovUKFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="The Project Board's decision",
        choices=[(s.value, s.label) for s in register_actions.DECISION_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the Project Board decided.", "invalid_choice": "Choose a decision."},
    )
    decision = DecisionChoiceField(
        label="Where the board decided it",
        queryset=None,
        empty_label="Choose the decision in the board's minutes",
        help_text="A decision recorded at a meeting of this project's board",
        error_messages={
            "required": "Choose the board decision this answer was given in.",
            "invalid_choice": "Choose a decision of this project's board from the list.",
        },
    )
    decided_on = forms.DateField(
        required=False,
        widget=DateInput(),
        label="Decided on",
        help_text="Leave empty for the date of the meeting",
        error_messages=_date_errors("date decided"),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, prefix="decide", **kwargs)
        self.fields["decision"].queryset = register_actions.board_decisions(project)


# ---------------------------------------------------------------------------------------------------------- benefits


class BenefitForm(_PeopleMixin, GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    person_fields = ("owner",)

    class Meta:
        model = Benefit
        fields = ["title", "measure", "baseline", "target", "unit", "owner", "success_criteria"]
        widgets = {
            "success_criteria": forms.Textarea(attrs={"rows": 3}),
            "baseline": _amount(),
            "target": _amount(),
            "unit": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }
        help_texts = {
            "measure": "What is measured, for example 'hours of home care delivered per week'",
            "baseline": "The value before the project",
            "target": "The value the project aims for",
        }
        error_messages = {"baseline": _number_errors("baseline"), "target": _number_errors("target")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self._limit_people()


class MeasurementForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = BenefitMeasurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput(), "value": _amount()}
        error_messages = {"measured_on": _date_errors("date measured"), "value": _number_errors("value")}

    def __init__(self, *args, benefit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.benefit = benefit

    def clean_measured_on(self):
        measured_on = self.cleaned_data.get("measured_on")
        if measured_on and measured_on > timezone.localdate():
            raise forms.ValidationError("The date measured cannot be in the future.")
        return measured_on


# ----------------------------------------------------------------------------------------------------------- lessons


class LessonForm(_PeopleMixin, GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    person_fields = ("logged_by",)

    class Meta:
        model = Lesson
        fields = [
            "lesson_type",
            "event",
            "effect",
            "cause",
            "early_warning",
            "recommendation",
            "priority",
            "logged_by",
            "logged_on",
        ]
        widgets = {
            "event": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("effect", "cause", "early_warning")},
            "recommendation": forms.Textarea(attrs={"rows": 2}),
            "logged_on": DateInput(),
        }
        labels = {
            "lesson_type": "Type",
            "event": "What happened",
            "cause": "Cause or trigger",
            "early_warning": "Early warning indicators",
        }
        error_messages = {"logged_on": _date_errors("date logged")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self._limit_people()

    def clean_logged_on(self):
        logged_on = self.cleaned_data.get("logged_on")
        if logged_on and logged_on > timezone.localdate():
            raise forms.ValidationError("The date logged cannot be in the future.")
        return logged_on


class LessonFilterForm(GovUKFormMixin, forms.Form):
    pass


class LessonFilter(django_filters.FilterSet):
    """Filter the lessons log by type and priority. Views must call is_valid() and show the errors."""

    lesson_type = django_filters.ChoiceFilter(
        choices=LessonType.choices,
        label="Type",
        empty_label="Any type",
        error_messages={"invalid_choice": "Choose a type of lesson from the list."},
    )
    priority = django_filters.ChoiceFilter(
        choices=Priority.choices,
        label="Priority",
        empty_label="Any priority",
        error_messages={"invalid_choice": "Choose a priority from the list."},
    )

    class Meta:
        model = Lesson
        form = LessonFilterForm
        fields = ["lesson_type", "priority"]


# ------------------------------------------------------------------------------------------------ end project report


class EndReportForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = EndProjectReport
        fields = [
            "performance_against_business_case",
            "objectives_review",
            "team_performance",
            "products_review",
            "benefits_review",
            "follow_on_actions",
            "lessons_report",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        labels = {
            "objectives_review": "Review of the project's objectives",
            "products_review": "Review of the products",
            "follow_on_actions": "Follow-on action recommendations",
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project


class ApproveEndReportForm(GovUKFormMixin, forms.Form):
    decision = DecisionChoiceField(
        label="The Project Board's decision approving the report",
        queryset=None,
        empty_label="Choose the decision in the board's minutes",
        error_messages={
            "required": "Choose the board decision that approved the report.",
            "invalid_choice": "Choose a decision of this project's board from the list.",
        },
    )
    closed_on = forms.DateField(
        label="The project closed on",
        widget=DateInput(),
        error_messages={**_date_errors("closing date"), "required": "Enter the date the project closed."},
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = register_actions.board_decisions(project)
        self.fields["closed_on"].initial = timezone.localdate()
