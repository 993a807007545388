"""Forms for officer decision reports: start a report, the report editor (the council's template in its order, with
the five questions as yes/no radios), appendices, the Director's return, the decision record, a correction, and the
decisions register's filters."""

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from governance import permissions
from governance.filters import FilterForm
from governance.forms import DateInput, EditTokenMixin, GovUKFormMixin
from governance.models import AgendaItem, DecisionReport, DecisionReportStatus, DecisionType, ExemptParagraph
from governance.uploads import PdfValidator

YES_NO = [("True", "Yes"), ("False", "No")]


def yes_no(label, help_text="Answer it before sending the report for sign-off."):
    """A yes/no question as two radios; it may stay unanswered (None) while the report is a draft."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        help_text=help_text,
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


HEADER = ["report_of", "report_to", "report_date", "subject"]
DECISION = [
    "decision_type",
    "signing_director",
    "decision_maker",
    "intended_decision_date",
    "forward_plan_published_on",
    "urgency_route",
    "urgency_reason",
    "agenda_item",
]
QUESTIONS = [
    "wards_affected",
    "wards",
    "consultation_carried_out",
    "equality_implications",
    "exempt",
    "exempt_paragraph",
    "access_to_information_rule",
    "exempt_appendix",
    "public_interest_reason",
]
SUMMARY = ["summary_main_issues", "summary_best_council_plan", "summary_resources", "summary_recommendations"]
BODY = ["purpose", "background", "main_issues"]
CORPORATE = [
    "consultation_engagement",
    "equality_diversity",
    "council_policies",
    "climate_emergency",
    "resources_value_for_money",
    "legal_implications",
    "risk_management",
]
CLOSING = ["conclusions", "recommendations", "background_documents"]

# The editor's fieldsets, in the order of the council's template (seed 000).
FIELDSETS = [
    ("The report", HEADER),
    ("The decision", DECISION),
    ("The five questions", QUESTIONS),
    ("Summary", SUMMARY),
    ("Sections 1 to 3", BODY),
    ("4. Corporate considerations", CORPORATE),
    ("Sections 5 to 7", CLOSING),
]

SECTION_HELP = "Plain text. Keep the numbering (“3.1”, “4.4.1”) in the text; a blank line starts a new paragraph and "
SECTION_HELP += "a line starting with “- ” is a bullet."


class DecisionReportForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    wards_affected = yes_no("Are specific electoral wards affected?")
    consultation_carried_out = yes_no("Has consultation been carried out?")
    equality_implications = yes_no("Are there implications for equality and diversity and cohesion and integration?")
    exempt = yes_no(
        "Does the report contain confidential or exempt information?",
        "If yes, give the paragraph, the access to information procedure rule, the appendix and the public interest "
        "reason. Answer it before sending the report for sign-off.",
    )
    signing_director = PersonChoiceField(queryset=None, required=False, label="Signing Director")
    decision_maker = PersonChoiceField(queryset=None, required=False, label="Decision maker")

    class Meta:
        model = DecisionReport
        fields = [*HEADER, *DECISION, *QUESTIONS, *SUMMARY, *BODY, *CORPORATE, *CLOSING]
        labels = {
            "report_of": "Report of",
            "report_to": "Report to",
            "report_date": "Date",
            "subject": "Subject",
            "decision_type": "Decision type",
            "intended_decision_date": "Intended decision date",
            "forward_plan_published_on": "Date first published on the forward plan",
            "urgency_route": "Urgency route (key decisions)",
            "urgency_reason": "Reason for the urgency route",
            "agenda_item": "Paper for a board agenda item",
            "wards": "Name(s) of ward(s)",
            "exempt_paragraph": "Schedule 12A paragraph",
            "access_to_information_rule": "Access to information procedure rule number",
            "exempt_appendix": "Appendix number",
            "public_interest_reason": "Public interest reason",
            "summary_main_issues": "Summary 1. Main issues",
            "summary_best_council_plan": "Summary 2. Best Council Plan implications",
            "summary_resources": "Summary 3. Resource implications",
            "summary_recommendations": "Recommendations",
            "purpose": "1. Purpose of this report",
            "background": "2. Background information",
            "main_issues": "3. Main issues",
            "consultation_engagement": "4.1 Consultation and engagement",
            "equality_diversity": "4.2 Equality and diversity / cohesion and integration",
            "council_policies": "4.3 Council policies and the Best Council Plan",
            "climate_emergency": "4.3 Climate Emergency",
            "resources_value_for_money": "4.4 Resources, procurement and value for money",
            "legal_implications": "4.5 Legal implications, access to information, and call-in",
            "risk_management": "4.6 Risk management",
            "conclusions": "5. Conclusions",
            "recommendations": "6. Recommendations",
            "background_documents": "7. Background documents",
        }
        help_texts = {
            "decision_type": "Only a key decision is open for call-in.",
            "wards": "If yes",
            "urgency_reason": "Needed with the general exception or special urgency",
            "forward_plan_published_on": "Key decisions: at least 28 clear days before the decision",
            **{name: SECTION_HELP for name in [*SUMMARY, *BODY, *CORPORATE, *CLOSING]},
        }
        widgets = {
            "report_date": DateInput(),
            "intended_decision_date": DateInput(),
            "forward_plan_published_on": DateInput(),
            "decision_type": forms.RadioSelect,
            "urgency_reason": forms.Textarea(attrs={"rows": 3}),
            "public_interest_reason": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 8}) for name in [*SUMMARY, *BODY, *CORPORATE, *CLOSING]},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signing_director"].queryset = _people()
        self.fields["decision_maker"].queryset = _people()
        # Only items of meetings the user may see, and not of meetings long past.
        since = timezone.now() - dt.timedelta(days=60)
        recent = Q(agenda__meeting__in=permissions.meetings_visible_to(user), agenda__meeting__starts_at__gte=since)
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(recent | Q(pk=self.instance.agenda_item_id))
            .select_related("agenda__meeting__body")
            .order_by("agenda__meeting__starts_at", "agenda__supplement", "position")
        )
        self.fields["agenda_item"].label_from_instance = lambda item: (
            f"{item.agenda.meeting}: item {item.number}, {item.title}"
        )
        self.fields["agenda_item"].empty_label = "Not a paper for a meeting"

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]


class NewDecisionReportForm(GovUKFormMixin, forms.ModelForm):
    author = PersonChoiceField(queryset=None, label="Author")
    signing_director = PersonChoiceField(queryset=None, required=False, label="Signing Director")
    decision_maker = PersonChoiceField(queryset=None, required=False, label="Decision maker")

    class Meta:
        model = DecisionReport
        fields = ["subject", "report_of", "report_to", "decision_type", "author", "signing_director", "decision_maker"]
        labels = {"report_of": "Report of", "report_to": "Report to", "decision_type": "Decision type"}
        widgets = {"decision_type": forms.RadioSelect}
        help_texts = DecisionReportForm.Meta.help_texts | {"author": "Who writes the report"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("author", "signing_director", "decision_maker"):
            self.fields[name].queryset = _people()
        self.fields["author"].initial = user.pk


class AppendixForm(GovUKFormMixin, forms.Form):
    title = forms.CharField(max_length=300, label="Title of the appendix")
    file = forms.FileField(
        label="The appendix (PDF)",
        validators=[PdfValidator("The appendix")],
        help_text="A PDF file",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Is the appendix exempt information?",
        choices=[("", "No, it may be published"), *ExemptParagraph.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Choose the paragraph of Schedule 12A to the Local Government Act 1972 if it is exempt",
    )
    public_interest_reason = forms.CharField(
        label="Public interest reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="If exempt: why the public interest in keeping it exempt outweighs the public interest in disclosing it",
    )

    def clean(self):
        data = super().clean()
        if data.get("exempt_paragraph") and not (data.get("public_interest_reason") or "").strip():
            self.add_error(
                "public_interest_reason",
                "Give the reason the public interest in keeping it exempt outweighs the public interest in disclosing it.",
            )
        return data


class ReturnForm(GovUKFormMixin, forms.Form):
    comment = forms.CharField(
        label="What needs to change", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class CorrectionForm(GovUKFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for the correction", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class DecisionRecordForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = DecisionReport
        fields = [
            "decided_on",
            "decision_text",
            "decision_reasons",
            "alternatives_rejected",
            "conflicts_declared",
            "dispensation",
        ]
        labels = {
            "decided_on": "Date of the decision",
            "decision_text": "The decision",
            "decision_reasons": "Reasons for the decision",
            "alternatives_rejected": "Alternatives considered and rejected",
            "conflicts_declared": "Conflicts of interest declared",
            "dispensation": "Dispensation granted",
        }
        help_texts = {
            "conflicts_declared": "Type “None” if no conflict of interest was declared. It cannot be left blank.",
            "dispensation": "Any dispensation granted by the Standards Committee; leave empty if none",
        }
        widgets = {
            "decided_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in ("decision_text", "decision_reasons", "alternatives_rejected", "conflicts_declared")
            },
            "dispensation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("decided_on", "decision_text", "decision_reasons", "alternatives_rejected", "conflicts_declared"):
            self.fields[name].required = True
        self.fields["conflicts_declared"].error_messages["required"] = (
            "Type “None” if no conflict of interest was declared: the declaration cannot be left blank."
        )

    def _post_clean(self):
        # The record is checked by report_actions.record_decision on the stored report, not on this form's instance.
        pass


class DecisionReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=DecisionReportStatus.choices,
        label="Status",
        empty_label="Any status",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    decision_type = django_filters.ChoiceFilter(
        choices=DecisionType.choices,
        label="Decision type",
        empty_label="Any type",
        error_messages={"invalid_choice": "Choose a decision type from the list."},
    )

    class Meta:
        form = FilterForm
        fields = []
