"""Filters for the decision log and the action log (django-filter).

Each filterset is given a queryset already limited to what the user may see; the body and owner choices are limited
the same way, so that a filter can never name (or confirm the existence of) a body the user may not see. Views must
call `is_valid()` and show the errors: django-filter would otherwise quietly drop a field it could not read.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from governance import permissions
from governance.forms import DateInput, GovUKFormMixin
from governance.models import Action, ActionStatus, DecisionOutcome, Membership, Person

MEETING_DAY = "item__agenda__meeting__starts_at"


def visible_bodies(request):
    # Only what the list shows and the filter looks up: the list is built for every page of the logs.
    return permissions.bodies_visible_to(request.user).only("id", "name", "slug").order_by("position", "name")


class NameChoiceIterator(ModelChoiceIterator):
    """The options as (value, name) pairs read straight from the database: a list of a few hundred people would
    otherwise make a model instance per option, on every page of the logs."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list(self.field.to_field_name or "pk", "name")


class NameChoiceField(django_filters.fields.ModelChoiceField):
    iterator = NameChoiceIterator


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of bodies or people, labelled by name (their `__str__`)."""

    field_class = NameChoiceField


def visible_owners(request):
    """People who own an action the user may see, or hold a seat on a body the user may see. The log may hold tens
    of thousands of actions, so neither way reads them all: for those who see every body, whether each person owns
    an action or holds a seat (from the owner and person indexes); for the others, the owners of the actions of
    their few bodies (from the bodies down)."""
    if permissions.sees_all_bodies(request.user):
        owns = Exists(Action.objects.filter(owner=OuterRef("pk")))
        people = Person.objects.filter(owns | Exists(Membership.objects.filter(person=OuterRef("pk"))))
        return people.only("id", "name").order_by("name")
    bodies = permissions.bodies_visible_to(request.user)
    owners = Action.objects.filter(item__agenda__meeting__body__in=bodies).values("owner_id")
    members = Membership.objects.filter(body__in=bodies, person__isnull=False).values("person_id")
    return Person.objects.filter(Q(pk__in=owners) | Q(pk__in=members)).only("id", "name").order_by("name")


class FilterForm(GovUKFormMixin, forms.Form):
    """GOV.UK classes on every filter field, and "from" must not be after "to"."""

    date_range = ("date_from", "date_to")

    def clean(self):
        data = super().clean()
        start, end = (data.get(name) for name in self.date_range)
        if start and end and start > end:
            self.add_error(self.date_range[1], "The ‘to’ date must be the same as or after the ‘from’ date.")
        return data


class DecisionFilterForm(FilterForm):
    date_range = ("date_from", "date_to")


class ActionFilterForm(FilterForm):
    date_range = ("due_from", "due_to")


def _body_filter(field_name):
    return NameChoiceFilter(
        field_name=field_name,
        queryset=visible_bodies,
        to_field_name="slug",
        label="Body",
        empty_label="All bodies",
        error_messages={"invalid_choice": "Choose a body from the list."},
    )


def _date_filter(field_name, lookup, label, what):
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup,
        label=label,
        widget=DateInput(),
        error_messages={"invalid": f"Enter the {what} as a real date, for example 2026-03-27."},
    )


class DecisionFilter(django_filters.FilterSet):
    body = _body_filter("item__agenda__meeting__body")
    outcome = django_filters.ChoiceFilter(
        choices=DecisionOutcome.choices,
        label="Outcome",
        empty_label="Any outcome",
        error_messages={"invalid_choice": "Choose an outcome from the list."},
    )
    date_from = _date_filter(MEETING_DAY, "date__gte", "Meeting date from", "‘from’ date")
    date_to = _date_filter(MEETING_DAY, "date__lte", "Meeting date to", "‘to’ date")
    q = django_filters.CharFilter(method="search", label="Search the decisions", max_length=200)

    class Meta:
        form = DecisionFilterForm
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(item__title__icontains=value))


OVERDUE_CHOICES = [("yes", "Overdue only"), ("no", "Not overdue")]


def overdue_q(today=None):
    """Open and past its due date: the action log's red flag."""
    return Q(status=ActionStatus.OPEN, due_on__lt=today or timezone.localdate())


class ActionFilter(django_filters.FilterSet):
    body = _body_filter("item__agenda__meeting__body")
    owner = NameChoiceFilter(
        queryset=visible_owners,
        label="Owner",
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose an owner from the list."},
    )
    status = django_filters.ChoiceFilter(
        choices=ActionStatus.choices,
        label="Status",
        empty_label="Any status",
        error_messages={"invalid_choice": "Choose a status from the list."},
    )
    overdue = django_filters.ChoiceFilter(
        choices=OVERDUE_CHOICES,
        method="filter_overdue",
        label="Overdue",
        empty_label="Either",
        error_messages={"invalid_choice": "Choose ‘Overdue only’ or ‘Not overdue’."},
    )
    due_from = _date_filter("due_on", "gte", "Due from", "‘due from’ date")
    due_to = _date_filter("due_on", "lte", "Due to", "‘due to’ date")
    q = django_filters.CharFilter(method="search", label="Search the actions", max_length=200)

    class Meta:
        form = ActionFilterForm
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(overdue_q())
        if value == "no":
            return queryset.exclude(overdue_q())
        return queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(description__icontains=value) | Q(update__icontains=value) | Q(item__title__icontains=value)
        )
