import html

from django import forms
from django.forms import inlineformset_factory
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from governance import models, uploads

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
}


def _attributes(attrs):
    """HTML attributes as Django's widget templates write them: True alone, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, value))
    return "".join(parts)


class QuickSelect(forms.Select):
    """A select list written directly, with the same markup as Django's Select, instead of a template and a context
    dictionary per option: a filter listing a few hundred owners renders in a fraction of the time."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        selected = set(self.format_value(value))
        out = [format_html('<select name="{}"', name), _attributes(attrs), ">"]
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                out.append(format_html('\n  <optgroup label="{}">', option_value))
                out.extend(self._option(*option, selected) for option in label)
                out.append("\n  </optgroup>")
            else:
                out.append(self._option(option_value, label, selected))
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every part is escaped by format_html

    def _option(self, value, label, selected):
        value = "" if value is None else str(value)
        chosen = value in selected
        if chosen and not self.allow_multiple_selected:
            selected.clear()  # as Django's Select: only the first matching option is selected
        # Plain string building: format_html per option would cost more than the rest of the list.
        chosen_attribute = " selected" if chosen else ""
        return f'\n  <option value="{_escape(value)}"{chosen_attribute}>{_escape(label)}</option>'


def _escape(text):
    """conditional_escape without its lazy-string wrapper, for text written many times over."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class GovUKFormMixin:
    """Put the GOV.UK Frontend classes on every widget, and mark fields in error for the error summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if type(widget) is forms.Select:
                widget = field.widget = QuickSelect(attrs=widget.attrs, choices=widget.choices)
            css = next((c for cls, c in WIDGET_CLASSES.items() if isinstance(widget, cls)), "govuk-input")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                css = "govuk-input govuk-input--width-10"
            elif isinstance(widget, forms.NumberInput):
                css = "govuk-input govuk-input--width-4"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                suffix = {
                    "govuk-input": "govuk-input--error",
                    "govuk-textarea": "govuk-textarea--error",
                    "govuk-select": "govuk-select--error",
                }
                for base, error in suffix.items():
                    if base in widget.attrs.get("class", "").split() and error not in widget.attrs["class"]:
                        widget.attrs["class"] += f" {error}"


class EditTokenMixin(forms.Form):
    """Carries the record's latest history id so that a stale save can be refused (see governance.history)."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_edit_token(self):
        # The token is a history id. Anything else was not written by our page: treat it as "no token", which the
        # stale-edit check then refuses as a conflict instead of failing.
        token = self.cleaned_data.get("edit_token", "")
        return token if token.isdigit() else "stale"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BodyForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = models.Body
        fields = [
            "name",
            "short_name",
            "also_known_as",
            "slug",
            "kind",
            "level",
            "purpose",
            "reports_to",
            "refers_disagreements_to",
            "capacity_of",
            "capacity_name",
            "position",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = models.Body.objects.exclude(pk=self.instance.pk) if self.instance.pk else models.Body.objects.all()
        self.fields["reports_to"].queryset = others
        self.fields["refers_disagreements_to"].queryset = others
        self.fields["capacity_of"].queryset = others.filter(capacity_of__isnull=True)


class PersonForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = models.Person
        fields = ["name", "title", "organisation", "service_area", "email"]


class MembershipForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = models.Membership
        fields = [
            "person",
            "confirmed",
            "seat_label",
            "title",
            "service_area",
            "role",
            "is_project_sponsor",
            "is_decision_maker",
            "decision_maker_kind",
            "constituency",
            "voting",
            "responsibility",
            "start_date",
            "end_date",
            "deputy",
            "deputy_authority",
            "co_option_inquiry",
            "co_option_ends",
            "position",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "co_option_ends": DateInput()}
        help_texts = {"person": "Leave empty for a seat that is still to be filled"}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        people = models.Person.objects.select_related("organisation")
        self.fields["person"].queryset = people
        self.fields["deputy"].queryset = people


class TermsOfReferenceForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = models.TermsOfReference
        fields = ["version", *models.TermsOfReference.DOCUMENT_FIELDS, "description_of_changes", "document_purpose"]
        widgets = {
            "date": DateInput(),
            "effective_from": DateInput(),
            "approved_on": DateInput(),
            "review_date": DateInput(),
            "description_of_changes": forms.Textarea(attrs={"rows": 3}),
            "document_purpose": forms.Textarea(attrs={"rows": 3}),
        }


class ClauseForm(GovUKFormMixin, forms.ModelForm):
    class Meta:
        model = models.Clause
        fields = ["section", "heading", "number", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


ClauseFormSet = inlineformset_factory(models.TermsOfReference, models.Clause, form=ClauseForm, extra=1, can_delete=True)


class QuorumRuleForm(GovUKFormMixin, forms.Form):
    """The quorum rule for one capacity of the body, as numbers and choices (quorum rules are data)."""

    clause = forms.CharField(max_length=10, required=False, label="ToR paragraph")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="The rule in the ToR's words"
    )
    min_members_present = forms.IntegerField(min_value=0, max_value=200, initial=0, label="Minimum members present")
    required_roles = forms.MultipleChoiceField(
        choices=models.RequiredRoleChoice.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles that must be present (in person or by a deputy with enough authority)",
    )
    min_other_decision_makers = forms.IntegerField(
        min_value=0, max_value=50, initial=0, label="Other decision-makers needed besides those roles"
    )
    deputy_authority_required = forms.ChoiceField(
        choices=models.DeputyAuthority.choices, label="A named deputy counts when they have"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in models.Constituency.choices:
            self.fields[f"min_{value}"] = forms.IntegerField(
                min_value=0,
                max_value=50,
                required=False,
                label=f"Minimum present: {label}",
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
            )

    @staticmethod
    def initial_for(rule):
        if rule is None:
            return {"deputy_authority_required": models.DeputyAuthority.DECIDE}
        initial = {
            "clause": rule.clause,
            "text": rule.text,
            "min_members_present": rule.min_members_present,
            "min_other_decision_makers": rule.min_other_decision_makers,
            "deputy_authority_required": rule.deputy_authority_required,
            "required_roles": [r.role for r in rule.required_roles.all()],
        }
        for minimum in rule.constituency_minimums.all():
            initial[f"min_{minimum.constituency}"] = minimum.minimum
        return initial

    def constituency_minimums(self):
        return {
            value: self.cleaned_data[f"min_{value}"]
            for value, _ in models.Constituency.choices
            if self.cleaned_data.get(f"min_{value}")
        }


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(queryset=models.TermsOfReference.objects.none(), label="Earlier version")
    b = forms.ModelChoiceField(queryset=models.TermsOfReference.objects.none(), label="Later version")

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = versions
        self.fields["b"].queryset = versions
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


class PresenceForm(forms.Form):
    """Who is present, for the quorum check page: people who hold a seat or are named as a deputy."""

    present = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Present")
    on = forms.DateField(
        required=False, widget=DateInput(attrs={"class": "govuk-input govuk-input--width-10"}), label="Meeting date"
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(person.pk), label) for person, label in people]
        self.fields["present"].widget.attrs["class"] = "govuk-checkboxes__input"


class SearchField(forms.CharField):
    """Text to search for. A null character, which no one types and the database cannot hold, is dropped rather
    than refused."""

    def to_python(self, value):
        return super().to_python(value.replace("\x00", "") if isinstance(value, str) else value)


class PeopleSearchForm(GovUKFormMixin, forms.Form):
    """The people list's search (GET `q`)."""

    q = SearchField(
        label="Search by name, title or organisation",
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"max_length": "Enter a search of 100 characters or fewer."},
    )


class ApproveToRForm(GovUKFormMixin, forms.Form):
    approved_by = forms.CharField(max_length=200, label="Approved by", help_text="For example, Project Board")
    approved_on = forms.DateField(widget=DateInput(), label="Date approved")


# ----------------------------------------------------------------------------------------------------------- meetings


class ScheduleForm(GovUKFormMixin, forms.Form):
    first_day = forms.DateField(widget=DateInput(), label="From")
    last_day = forms.DateField(widget=DateInput(), label="To")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Start time", initial="10:00")
    venue = forms.CharField(max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", "The last date must be on or after the first date.")
        return data


class ExtraordinaryMeetingForm(GovUKFormMixin, forms.Form):
    starts_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="Date and time")
    notice_given_on = forms.DateField(widget=DateInput(), label="Notice given on")
    called_by_chair = forms.BooleanField(required=False, label="Called by the Chair")
    callers = forms.ModelMultipleChoiceField(
        queryset=models.Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Or called by these members",
    )
    venue = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["callers"].queryset = models.Person.objects.filter(
            memberships__in=models.Membership.objects.current().filter(body=body, role__in=models.Role.seated())
        ).distinct()


class MeetingForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = models.Meeting
        fields = ["starts_at", "ends_at", "venue", "online_link"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }


class AgendaItemForm(GovUKFormMixin, forms.ModelForm, EditTokenMixin):
    class Meta:
        model = models.AgendaItem
        fields = [
            "title",
            "purpose",
            "presenter",
            "minutes_allowed",
            "description",
            "paper",
            "exempt_paragraph",
            "public_interest_reason",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "public_interest_reason": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"minutes_allowed": "Time allowed (minutes)", "exempt_paragraph": "Exempt information"}
        help_texts = {
            "exempt_paragraph": "Schedule 12A paragraph, if the item is not for publication",
            "paper": "A PDF, up to 20 MB",
        }

    def clean_paper(self):
        paper = self.cleaned_data.get("paper")
        if paper and hasattr(paper, "content_type"):  # a new upload, not the stored file
            uploads.validate_pdf(paper, "The paper")
        return paper


class AttendanceForm(GovUKFormMixin, forms.Form):
    person = forms.ModelChoiceField(queryset=models.Person.objects.none())
    status = forms.ChoiceField(choices=models.AttendanceStatus.choices)
    deputy_for = forms.ModelChoiceField(
        queryset=models.Membership.objects.none(), required=False, label="Standing in for"
    )
    arrived_at_item = forms.IntegerField(min_value=1, max_value=200, required=False, label="Arrived at item")
    left_at_item = forms.IntegerField(min_value=2, max_value=201, required=False, label="Left before item")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        seats = models.Membership.objects.current(meeting.date).filter(body=meeting.body).select_related("person")
        self.fields["deputy_for"].queryset = seats.filter(person__isnull=False)
        self.fields["deputy_for"].label_from_instance = lambda m: f"{m.holder_name} ({m.role_label})"
        self.fields["person"].queryset = models.Person.objects.all()

    def clean(self):
        data = super().clean()
        if data.get("status") == models.AttendanceStatus.DEPUTY and not data.get("deputy_for"):
            self.add_error("deputy_for", "Say whose place the deputy is taking.")
        arrived, left = data.get("arrived_at_item"), data.get("left_at_item")
        if arrived and left and left <= arrived:
            self.add_error("left_at_item", "A person cannot leave before the item at which they arrived.")
        return data


def _register_line(status, deputy_for, arrived_at_item, left_at_item):
    """A line of the register as one string, to tell whether the user changed it. A seat only matters for a deputy."""
    deputy_for = deputy_for if status == models.AttendanceStatus.DEPUTY else None
    values = (status, deputy_for, arrived_at_item, left_at_item)
    return "|".join("" if value is None else str(value) for value in values)


class AttendanceRegisterForm(GovUKFormMixin, forms.Form):
    """One line of the attendance register: what the person was, for whose seat, from which item to which.

    `was` carries the line as the page showed it: only lines the user changed are saved, so a line someone else
    recorded meanwhile is not overwritten with what this page showed.
    """

    status = forms.ChoiceField(widget=forms.RadioSelect, required=False, label="Attendance")
    deputy_for = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Standing in for")
    arrived_at_item = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Arrived at")
    left_at_item = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Left before")
    was = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, row, seat_choices, arrival_choices, departure_choices):
        self.row = row
        initial = self._initial(row)
        super().__init__(data, prefix=f"attendee-{row.person.pk}", initial=initial)
        statuses = [(status.value, status.label) for status in row.statuses]
        self.fields["status"].choices = ([] if row.saved else [("", "Not recorded")]) + statuses
        if models.AttendanceStatus.DEPUTY in row.statuses:
            self.fields["deputy_for"].choices = [("", "Choose the seat")] + seat_choices
        else:
            del self.fields["deputy_for"]
        self.fields["arrived_at_item"].choices = self._with_recorded(arrival_choices, initial["arrived_at_item"])
        self.fields["left_at_item"].choices = self._with_recorded(departure_choices, initial["left_at_item"])

    @staticmethod
    def _initial(row):
        saved = row.saved
        # A deputy named for one seat stands in for that seat unless the user says otherwise.
        named = row.deputy_seats[0].pk if len(row.deputy_seats) == 1 else None
        values = {
            "status": saved.status if saved else "",
            "deputy_for": (saved.deputy_for_id if saved else None) or named,
            # Arriving at the first item is being there from the start.
            "arrived_at_item": saved.arrived_at_item if saved and (saved.arrived_at_item or 0) > 1 else None,
            "left_at_item": saved.left_at_item if saved else None,
        }
        values["was"] = _register_line(**values)
        return values

    @staticmethod
    def _with_recorded(choices, recorded):
        """The agenda's items, plus an item number recorded earlier that the agenda no longer has."""
        if recorded is None or any(value == recorded for value, _label in choices):
            return choices
        return [*choices, (recorded, f"Item {recorded}")]

    def select_fields(self):
        return [self[name] for name in ("deputy_for", "arrived_at_item", "left_at_item") if name in self.fields]

    @property
    def sent(self):
        """Was this line on the page the user submitted? (A person recorded since then was not.)"""
        return self.is_bound and self.add_prefix("was") in self.data

    def changes(self):
        """The line's values when the user changed it, else None. Read after is_valid(); a field that did not read
        counts as unchanged, so that the quorum can still be worked out from the rest."""
        if not self.sent:
            return None
        data = self.cleaned_data
        status = data.get("status")
        if not status:
            return None
        values = {
            "status": status,
            "deputy_for": data.get("deputy_for", self.initial["deputy_for"]),
            "arrived_at_item": data.get("arrived_at_item"),
            "left_at_item": data.get("left_at_item"),
        }
        if _register_line(**values) == data.get("was"):
            return None
        return {
            "person_id": self.row.person.pk,
            "status": status,
            "deputy_for_id": values["deputy_for"] if status == models.AttendanceStatus.DEPUTY else None,
            "arrived_at_item": values["arrived_at_item"],
            "left_at_item": values["left_at_item"],
        }

    def refuse(self, problems):
        for field, message in problems:
            self.add_error(field if field in self.fields else None, message)

    def error_links(self):
        """(anchor, message) for the error summary: each message links to the control it is about."""
        links = []
        for name, errors in self.errors.items():
            if name in self.fields:
                anchor = self[name].auto_id + ("_0" if name == "status" else "")
            else:
                anchor = f"attendee-{self.row.person.pk}"
            links += [(anchor, error) for error in errors]
        return links


class AttendanceRegister:
    """The whole register as one form: an AttendanceRegisterForm per person, named by the person's id, and the lines
    with no one to record (vacant seats)."""

    def __init__(self, sheet, data=None):
        numbered = list(enumerate(sheet.items, start=1))
        later_items = [(n, f"{item.number}. {item.title[:50]}") for n, item in numbered if n > 1]
        seats = [(seat.pk, f"{seat.holder_name} ({seat.role_label})") for seat in sheet.seats if not seat.vacant]
        self.lines = [
            (
                row,
                AttendanceRegisterForm(
                    data,
                    row=row,
                    seat_choices=seats,
                    arrival_choices=[("", "The start"), *later_items],
                    departure_choices=[("", "Stayed to the end"), *later_items],
                )
                if row.person
                else None,
            )
            for row in sheet.rows
        ]
        self.forms = [form for _row, form in self.lines if form is not None]

    def is_valid(self):
        # A list, not a generator: every line is read and shows its errors, not just those up to the first.
        return all([form.is_valid() for form in self.forms])

    def changes(self):
        """The values of every line the user changed (those that read), for meeting_actions.AttendanceEntry."""
        return [values for form in self.forms if (values := form.changes()) is not None]

    def refuse(self, problems):
        """Put the action's problems ({person id: [(field, message)]}) beside their lines."""
        for form in self.forms:
            form.refuse(problems.get(form.row.person.pk, ()))

    def error_links(self):
        return [link for form in self.forms for link in form.error_links()]


class DeclarationForm(GovUKFormMixin, forms.Form):
    person = forms.ModelChoiceField(queryset=models.Person.objects.none())
    # Not "kind": the item page's forms post `kind` to say what they record.
    interest_kind = forms.ChoiceField(choices=models.InterestKind.choices, label="Kind of interest")
    interest = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    disqualifying = forms.BooleanField(required=False, label="Disqualifying: the member leaves for this item")

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = models.Person.objects.filter(attendance__meeting=meeting)


class DecisionForm(GovUKFormMixin, forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Decision")


class ActionForm(GovUKFormMixin, forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Action")
    owner = forms.ModelChoiceField(queryset=models.Person.objects.all(), label="By whom")
    due_on = forms.DateField(widget=DateInput(), label="By when")


class AgendaItemInlineForm(AgendaItemForm):
    """The fields edited in place on the agenda (papers and exemptions on the full form)."""

    class Meta(AgendaItemForm.Meta):
        fields = ["title", "purpose", "presenter", "minutes_allowed"]
