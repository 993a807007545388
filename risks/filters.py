"""Filters for the risk and issue registers (django-filter), with their whitelisted sort orders.

Each filterset is given the project and its queryset; the work-stream and owner choices are the project's own, and
`?sort=` is one of its fields, so an unknown sort is an error like any other. Views must call `is_valid()` and show
the errors: django-filter would otherwise quietly drop a field it could not read (the page then shows the error
summary and no rows, never an unfiltered or unsorted list that looks filtered or sorted).
"""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone

from governance.filters import FilterForm
from governance.models import Person
from projects.models import Workstream
from risks import scoring
from risks.forms import level_choices
from risks.models import IssueType, Priority, RiskCategory, RiskKind, Severity, Status

OVERDUE_CHOICES = [("yes", "Review overdue"), ("no", "Review not overdue")]
RAG_CHOICES = [("red", "Red"), ("amber", "Amber"), ("green", "Green")]
LEVEL_FILTERS = {
    "residual_likelihood": ("Residual likelihood", "likelihood"),
    "residual_impact": ("Residual impact", "impact"),
    "inherent_likelihood": ("Inherent likelihood", "likelihood"),
    "inherent_impact": ("Inherent impact", "impact"),
}


def review_overdue_q(today=None):
    """Open, with a review date that has passed."""
    return Q(status=Status.OPEN, review_date__lt=today or timezone.localdate())


def _choice(choices, label, empty, what, **kwargs):
    return django_filters.ChoiceFilter(
        choices=choices,
        label=label,
        empty_label=empty,
        error_messages={"invalid_choice": f"Choose {what} from the list."},
        **kwargs,
    )


def _owner_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Person.objects.none(),
        label="Owner",
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose an owner from the list."},
    )


def _text_filter(label):
    return django_filters.CharFilter(method="search", label=label, max_length=200)


# ------------------------------------------------------------------------------------------------------------ sorting


class Sort:
    """A register's order from a `?sort=` value its filter form has accepted: a key of `orders`, optionally prefixed
    by "-" for descending; blank for the usual order (`default`)."""

    def __init__(self, value, orders, default):
        self.orders = orders  # key -> (label, order_by fields ascending)
        self.default = default
        self.value = value or ""
        self.key = self.value.removeprefix("-")
        self.label = orders[self.key][0] if self.key else ""
        self.descending = self.value.startswith("-")

    def order_by(self):
        """The order as expressions; blanks (no owner, no review date) come last whichever way."""
        if not self.key:
            return self.default
        fields = [F(name) for name in self.orders[self.key][1]]
        ordered = [f.desc(nulls_last=True) if self.descending else f.asc(nulls_last=True) for f in fields]
        return [*ordered, "reference", "pk"]

    def links(self):
        """For each sortable column: the `sort` value its header link sets (ascending first, then toggled), and the
        aria-sort state of the column now."""
        out = {}
        for key, (label, _) in self.orders.items():
            current = key == self.key
            out[key] = {
                "label": label,
                "value": f"-{key}" if current and not self.descending else key,
                "aria_sort": ("descending" if self.descending else "ascending") if current else "none",
            }
        return out


RISK_SORTS = {
    "reference": ("reference", ["reference"]),
    "score": ("score", ["residual_score", "inherent_score"]),
    "review": ("review date", ["review_date"]),
    "owner": ("owner", ["owner__name"]),
}
RISK_DEFAULT_ORDER = ["-residual_score", "reference", "pk"]

ISSUE_SORTS = {
    "reference": ("reference", ["reference"]),
    "priority": ("priority", ["priority_rank"]),  # annotated by the caller of IssueFilter
    "raised": ("date raised", ["raised_on"]),
    "owner": ("owner", ["owner__name"]),
}
ISSUE_DEFAULT_ORDER = ["status", "reference", "pk"]


def _sort_filter(orders):
    """`?sort=`: a key of `orders`, or "-" and a key for descending. It is set by the column headings' links, so
    it is a hidden field; the error summary names it."""
    labels = [label for label, _ in orders.values()]
    ways = f"{', '.join(labels[:-1])} or {labels[-1]}"
    return django_filters.ChoiceFilter(
        choices=[(f"{sign}{key}", label) for key, (label, _) in orders.items() for sign in ("", "-")],
        method="sort_rows",
        label="Sort order",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": f"The register cannot be sorted by “%(value).40s”. Sort it by {ways}."},
    )


class SortedFilterSet(django_filters.FilterSet):
    """A register's filters and its sort: the rows come in the usual order (`default_order`) unless `?sort=` names
    one of `sorts`."""

    sorts = {}
    default_order = []

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.order_by(*self.default_order))

    def sort_rows(self, queryset, name, value):
        return queryset.order_by(*Sort(value, self.sorts, self.default_order).order_by())

    def sort_in_force(self):
        """The order the rows are in (the usual order while the form has errors), for the column headings."""
        value = self.form.cleaned_data.get("sort") if self.is_valid() else ""
        return Sort(value, self.sorts, self.default_order)


class RiskFilterForm(FilterForm):
    date_range = ("", "")  # no date range on the register


class RiskFilter(SortedFilterSet):
    sorts, default_order = RISK_SORTS, RISK_DEFAULT_ORDER

    workstream = django_filters.ModelChoiceFilter(
        queryset=Workstream.objects.none(),
        label="Work-stream",
        empty_label="Any work-stream",
        error_messages={"invalid_choice": "Choose a work-stream from the list."},
    )
    owner = _owner_filter()
    status = _choice(Status.choices, "Status", "Any status", "a status")
    rag = _choice(RAG_CHOICES, "RAG (residual)", "Any RAG", "a RAG", field_name="residual_rag")
    category = _choice(RiskCategory.choices, "Category", "Any category", "a category")
    kind = _choice(RiskKind.choices, "Threat or opportunity", "Either", "threat or opportunity")
    overdue = _choice(
        OVERDUE_CHOICES, "Review", "Any", "‘Review overdue’ or ‘Review not overdue’", method="filter_overdue"
    )
    q = _text_filter("Search the risks")
    residual_likelihood = _choice([], "Residual likelihood", "Any", "a residual likelihood")
    residual_impact = _choice([], "Residual impact", "Any", "a residual impact")
    inherent_likelihood = _choice([], "Inherent likelihood", "Any", "an inherent likelihood")
    inherent_impact = _choice([], "Inherent impact", "Any", "an inherent impact")
    sort = _sort_filter(RISK_SORTS)

    class Meta:
        form = RiskFilterForm
        fields = []

    def __init__(self, data=None, queryset=None, *, project, matrix=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        matrix = matrix or scoring.Matrix()
        form_fields = self.filters
        form_fields["workstream"].queryset = Workstream.objects.filter(project=project).order_by("position", "id")
        form_fields["owner"].queryset = Person.objects.filter(risks_owned__project=project).distinct().order_by("name")
        for name, (_, what) in LEVEL_FILTERS.items():
            labels = matrix.likelihood_labels if what == "likelihood" else matrix.impact_labels
            form_fields[name].extra["choices"] = [(str(n), label) for n, label in level_choices(labels)]

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(review_overdue_q())
        if value == "no":
            return queryset.exclude(review_overdue_q())
        return queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(cause__icontains=value)
            | Q(event__icontains=value)
            | Q(effect__icontains=value)
            | Q(reference__icontains=value)
        )


class IssueFilterForm(FilterForm):
    date_range = ("", "")


class IssueFilter(SortedFilterSet):
    """The issues, given `priority_rank` (high first) by the caller, for the priority sort."""

    sorts, default_order = ISSUE_SORTS, ISSUE_DEFAULT_ORDER

    issue_type = _choice(IssueType.choices, "Type", "Any type", "a type of issue")
    owner = _owner_filter()
    status = _choice(Status.choices, "Status", "Any status", "a status")
    priority = _choice(Priority.choices, "Priority", "Any priority", "a priority")
    severity = _choice(Severity.choices, "Severity", "Any severity", "a severity")
    q = _text_filter("Search the issues")
    sort = _sort_filter(ISSUE_SORTS)

    class Meta:
        form = IssueFilterForm
        fields = []

    def __init__(self, data=None, queryset=None, *, project, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["owner"].queryset = (
            Person.objects.filter(issues_owned__project=project).distinct().order_by("name")
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(resolution__icontains=value)
            | Q(reference__icontains=value)
        )
