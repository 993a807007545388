"""Forms of the risk and issue registers and the scoring matrix. Scores and RAG are never typed: the forms carry the
likelihood and impact levels (as choices from the project's matrix) and the model computes the rest. Every message is
written for the person filling the form in."""

from django import forms

from governance.forms import DateInput, EditTokenMixin, GovUKFormMixin
from governance.models import Person
from projects.models import ChangeRequest, Deliverable, Workstream
from risks.models import Issue, Risk, RiskMatrix

LEVEL_FIELDS = ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")


def _date_errors(what):
    return {"invalid": f"Enter the {what} as a real date, for example 2026-03-27."}


def level_choices(labels):
    """[(1, "1 – Rare"), …] from the matrix's labels, lowest first."""
    return [(n, f"{n} – {label}") for n, label in enumerate(labels, start=1)]


def _level_field(label, labels, what):
    return forms.TypedChoiceField(
        label=label,
        choices=[("", f"Choose the {what}"), *level_choices(labels)],
        coerce=int,
        error_messages={
            "required": f"Choose the {label.lower()}.",
            "invalid_choice": f"Choose the {what} from 1 to {len(labels)}.",
        },
    )


def _people():
    return Person.objects.order_by("name")


class VersionedForm(forms.Form):
    """`version` is the version of the record the form was built from (lost-update protection)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def _set_version(self):
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = (
                "The form lost track of the version you opened. Open the record again."
            )
        else:
            del self.fields["version"]


# ------------------------------------------------------------------------------------------------------------- risks


class RiskForm(GovUKFormMixin, forms.ModelForm, VersionedForm):
    """The whole risk. The project's matrix gives the level choices."""

    class Meta:
        model = Risk
        fields = [
            "title",
            "kind",
            "category",
            "workstream",
            "deliverable",
            "cause",
            "event",
            "effect",
            "owner",
            "actionee",
            "raised_by",
            "raised_on",
            *LEVEL_FIELDS,
            "response",
            "contingency",
            "proximity",
            "status",
            "review_date",
        ]
        widgets = {
            "raised_on": DateInput(),
            "review_date": DateInput(),
            "cause": forms.Textarea(attrs={"rows": 3}),
            "event": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "contingency": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "workstream": "Work-stream",
            "cause": "Cause (because of …)",
            "event": "Event (there is a risk that …)",
            "effect": "Effect (which would lead to …)",
            "actionee": "Actionee",
            "raised_on": "Date raised",
        }
        help_texts = {
            "response": "Threats: avoid, reduce, fallback, transfer, accept or share. "
            "Opportunities: enhance, exploit, share or reject.",
            "review_date": "When the owner next reviews this risk",
        }
        error_messages = {
            "raised_on": _date_errors("date raised"),
            "review_date": _date_errors("review date"),
            "title": {"required": "Give the risk a short title."},
            "event": {"required": "Describe the event: what might happen."},
            "category": {"required": "Choose a category."},
        }

    def __init__(self, *args, project, matrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.matrix = matrix
        labels = {
            "inherent_likelihood": ("Inherent likelihood", matrix.likelihood_labels, "likelihood"),
            "inherent_impact": ("Inherent impact", matrix.impact_labels, "impact"),
            "residual_likelihood": ("Residual likelihood", matrix.likelihood_labels, "likelihood"),
            "residual_impact": ("Residual impact", matrix.impact_labels, "impact"),
        }
        for name, (label, names, what) in labels.items():
            if name in self.fields:
                self.fields[name] = _level_field(label, names, what)
                self.fields[name].widget.attrs["class"] = "govuk-select"
        querysets = {
            "workstream": Workstream.objects.filter(project=project).order_by("position", "id"),
            "deliverable": Deliverable.objects.filter(project=project).order_by("title"),
            "owner": _people(),
            "actionee": _people(),
            "raised_by": _people(),
        }
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        self._set_version()


class RiskRowForm(RiskForm):
    """What the register edits in place: residual likelihood and impact, status, owner and review date."""

    class Meta(RiskForm.Meta):
        fields = ["residual_likelihood", "residual_impact", "status", "owner", "review_date"]


class RiskActionForm(GovUKFormMixin, forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Action",
        max_length=2000,
        error_messages={"required": "Describe the action."},
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Owner",
        error_messages={"invalid_choice": "Choose an owner from the list."},
    )
    due_on = forms.DateField(
        widget=DateInput(), required=False, label="Due date", error_messages=_date_errors("due date")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


# ------------------------------------------------------------------------------------------------------------ issues


class IssueForm(GovUKFormMixin, forms.ModelForm, VersionedForm):
    class Meta:
        model = Issue
        fields = [
            "issue_type",
            "title",
            "description",
            "raised_by",
            "raised_on",
            "priority",
            "severity",
            "owner",
            "status",
            "resolution",
            "closed_on",
            "change_request",
        ]
        widgets = {
            "raised_on": DateInput(),
            "closed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"issue_type": "Type", "raised_on": "Date raised", "closed_on": "Date closed"}
        help_texts = {
            "severity": "Who must deal with it",
            "change_request": "For a request for change: the change request that takes it forward",
        }
        error_messages = {
            "raised_on": _date_errors("date raised"),
            "closed_on": _date_errors("date closed"),
            "title": {"required": "Give the issue a short title."},
            "description": {"required": "Describe the issue."},
            "issue_type": {"required": "Choose the type of issue."},
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        for name in ("raised_by", "owner"):
            self.fields[name].queryset = _people()
        self.fields["change_request"].queryset = ChangeRequest.objects.filter(project=project).order_by("reference")
        self._set_version()


# ------------------------------------------------------------------------------------------------------- the matrix


class MatrixForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    """Labels, bands and appetite. The size stays as it is: changing it would strand the levels already given.
    Bands that overlap, leave a gap or run backwards are refused by RiskMatrix.clean with scoring.check_bands's
    message, which the page shows in its error summary."""

    class Meta:
        model = RiskMatrix
        fields = ["likelihood_labels", "impact_labels", "green_up_to", "amber_up_to", "appetite"]
        labels = {
            "likelihood_labels": "Likelihood labels",
            "impact_labels": "Impact labels",
            "green_up_to": "Green up to (score)",
            "amber_up_to": "Amber up to (score)",
            "appetite": "Risk appetite (highest residual score accepted)",
        }
        error_messages = {
            name: {"invalid": "Enter a whole number.", "required": "Enter a score."}
            for name in ("green_up_to", "amber_up_to", "appetite")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = self.instance.size
        top = size * size
        self.fields["likelihood_labels"].help_text = f"{size} labels, separated by commas, lowest first"
        self.fields["impact_labels"].help_text = f"{size} labels, separated by commas, lowest first"
        self.fields["green_up_to"].help_text = "Scores from 1 up to this are green"
        amber = f"Scores above green and up to this are amber; above it, up to {top}, red"
        self.fields["amber_up_to"].help_text = amber
        self.fields["appetite"].help_text = f"From 1 to {top}: a residual score above it is outside the appetite"

    def clean_appetite(self):
        appetite = self.cleaned_data.get("appetite")
        top = self.instance.size * self.instance.size
        if appetite is not None and not 1 <= appetite <= top:
            raise forms.ValidationError(f"The appetite must be a score from 1 to {top}.")
        return appetite

    def clean(self):
        data = super().clean()
        for name in ("likelihood_labels", "impact_labels"):
            value = data.get(name)
            if value is not None:
                labels = [part.strip() for part in value.split(",")]
                if any(not label for label in labels):
                    self.add_error(name, "Give every level a label: there is an empty one between two commas.")
                else:
                    data[name] = ", ".join(labels)
        return data
