from django import forms

from governance.forms import DateInput, GovUKFormMixin
from governance.models import Person
from projects.models import Deliverable, Phase, Workstream


class DeliverableForm(GovUKFormMixin, forms.ModelForm):
    """The whole deliverable. `version` is the version the form was built from (lost-update protection)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Deliverable
        fields = [
            "title",
            "kind",
            "workstream",
            "phase",
            "owner",
            "starts_on",
            "due_on",
            "status",
            "rag",
            "percent_complete",
            "notes",
            "depends_on",
        ]
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "depends_on": forms.CheckboxSelectMultiple,
        }
        labels = {"percent_complete": "% complete", "workstream": "Work-stream", "depends_on": "Depends on"}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "workstream": Workstream.objects.filter(project=project),
            "phase": Phase.objects.filter(project=project),
            "owner": Person.objects.all(),
            "depends_on": Deliverable.objects.filter(project=project).exclude(pk=self.instance.pk),
        }
        for name, queryset in choices.items():
            if name in self.fields:  # the in-row form has only some of them
                self.fields[name].queryset = queryset
        if "depends_on" in self.fields:
            self.fields["depends_on"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean(self):
        data = super().clean()
        if data.get("status") == "complete" and data.get("percent_complete") not in (None, 100):
            data["percent_complete"] = 100  # completing something completes it
        return data

    def _post_clean(self):
        # A complete deliverable is 100% complete: apply that before the model's own check.
        if self.cleaned_data.get("status") == "complete":
            self.instance.percent_complete = 100
        super()._post_clean()


class DeliverableRowForm(DeliverableForm):
    """What the plan page edits in place: status, RAG, dates, owner and % complete (and the work-stream)."""

    class Meta(DeliverableForm.Meta):
        fields = ["status", "rag", "owner", "starts_on", "due_on", "percent_complete", "workstream"]


class NewDeliverableLinkForm(forms.Form):
    """`?workstream=` on "Add to the plan": each work-stream's "Add a deliverable" link on the plan preselects it."""

    workstream = forms.ModelChoiceField(
        queryset=Workstream.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "Choose a work-stream from the list: the link named one that is not in this project."
        },
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = Workstream.objects.filter(project=project)

    def preselected(self):
        """The form's starting values: the work-stream, when the link named one of this project's."""
        return {"workstream": self.cleaned_data["workstream"]} if self.is_valid() else {}
