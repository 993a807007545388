"""History helpers: readable change lists from django-simple-history, and stale-edit detection.

A form for an existing record carries the id of the record's latest history entry ("edit token"). When it comes
back and the record has a newer entry, someone else saved in between: the save is refused and the user is shown what
the other person changed, with their own input kept on the page.

Rows name each changed field by its label and show values as people read them: choices by their label, related
records by their name, many-to-many fields as the names they held. The names are fetched once per related model for
all the rows, so a page of history takes the same number of queries however many changes it lists.

History is a surface like any page: every row is made for a reader, and a field that is exempt information (Schedule
12A) shows its old and new values only to a reader who may see that field now. Others read "changed (withheld:
paragraph N)". Which fields are exempt, and who may see them, each app says once (`register_exemption`, in
AppConfig.ready) with the rules its pages use; `withheld_fields` is the one place that applies them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.utils import get_m2m_reverse_field_name

from governance.forms import DateInput, GovUKFormMixin


@dataclass
class Change:
    field: str
    old: str
    new: str
    # The Schedule 12A paragraph of a value the reader may not see; old and new are then empty.
    withheld_paragraph: int | None = None

    @property
    def withheld(self):
        return f"changed (withheld: paragraph {self.withheld_paragraph})" if self.withheld_paragraph else ""


@dataclass
class HistoryRow:
    when: object
    who: str
    kind: str
    reason: str
    changes: list
    # The history record the row was made from (for pages that list the changes of many records).
    record: object = field(default=None, repr=False, compare=False)
    # What names the record instead of its own name, when that name is exempt information to the reader.
    withheld_name: str = ""

    @property
    def subject(self):
        """The record as it was named by this change."""
        if self.withheld_name:
            return self.withheld_name
        return str(self.record.instance) if self.record is not None else ""

    @property
    def record_kind(self):
        return capfirst(self.record.instance_type._meta.verbose_name) if self.record is not None else ""

    @property
    def changes_link(self):
        """(app label, model name, pk) of the record's own "what changed" page, or None when it has none."""
        if self.record is None or reader_for(self.record.instance_type) is None:
            return None
        meta = self.record.instance_type._meta
        return (meta.app_label, meta.model_name, getattr(self.record, meta.pk.attname))


class HistoryRows(list):
    """One record's history rows, knowing the record, so that the list can link to all of its changes."""

    def __init__(self, rows, obj):
        super().__init__(rows)
        self.obj = obj

    @property
    def changes_link(self):
        """(app label, model name, pk) of the record's "what changed" page, or None when no app registered it."""
        if reader_for(type(self.obj)) is None:
            return None
        return (self.obj._meta.app_label, self.obj._meta.model_name, self.obj.pk)


KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name


class _Names:
    """The names of related records that rows show, fetched once per related model."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.names = {}

    def want(self, model, name, value):
        try:
            field_ = model._meta.get_field(name)
        except FieldDoesNotExist:
            return
        if field_.is_relation and value not in (None, ""):
            self.wanted[field_.related_model].update(value if field_.many_to_many else [value])

    def fetch(self):
        for model, pks in self.wanted.items():
            self.names[model] = {pk: _name_of(obj) for pk, obj in model._base_manager.in_bulk(pks).items()}

    def display(self, model, name, value):
        try:
            field_ = model._meta.get_field(name)
        except FieldDoesNotExist:
            field_ = None
        if field_ is not None and field_.many_to_many:
            names = sorted(self._name(field_, pk) for pk in value or ())
            return ", ".join(names) if names else "(blank)"
        if value is None or value == "":
            return "(blank)"
        if field_ is not None and field_.is_relation:
            return self._name(field_, value)
        if field_ is not None and field_.choices:
            return str(dict(field_.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return str(value)

    def _name(self, field_, pk):
        return self.names.get(field_.related_model, {}).get(pk, f"{pk} (since deleted)")


def _name_of(obj):
    # A related record that is exempt information (an exempt agenda item) is named by its exemption only: the rows
    # that name it may be read by people who may not see it.
    if getattr(obj, "is_exempt", False) is True:
        return f"{capfirst(obj._meta.verbose_name)} withheld: {obj.exempt_notice}"
    return str(obj)


# ------------------------------------------------------------------------------------------------ exempt information


@dataclass(frozen=True)
class Exemption:
    """How a model's fields are exempt information, by the rules of the pages that show the model.

    `fields(obj)`: the field names that are exempt when the record is; `paragraph(obj)`: the Schedule 12A paragraph
    the record is exempt under in that state of it, or None; `may_see(user, obj)`: whether the user may see them, the
    page's own rule. Or `through`: a foreign key whose record's exemption covers this one (the minutes' note, the
    decision and the actions of an exempt agenda item). `named_openly`: the record's name is published even when it is
    exempt (a wholly exempt report's subject), so history names it as it is.
    """

    fields: object
    paragraph: object = None
    may_see: object = None
    through: str = ""
    named_openly: bool = False


_exemptions = {}


def register_exemption(model, fields, *, paragraph=None, may_see=None, through="", named_openly=False):
    """Say which of `model`'s fields are exempt information and who may see them. `fields` is a list of names or a
    function of the record; give `paragraph` and `may_see`, or `through`."""
    if (through == "") == (paragraph is None or may_see is None):
        raise ValueError("Give either paragraph and may_see, or through.")
    names = fields if callable(fields) else (lambda obj, names=tuple(fields): names)
    _exemptions[model._meta.label_lower] = Exemption(names, paragraph, may_see, through, named_openly)


def exemption_for(model):
    return _exemptions.get(model._meta.label_lower)


class Withholding:
    """Which fields one reader may not see, for the records of a page of history.

    A record is judged as it is now and in both states a change compares: a field is withheld when the record is exempt
    in any of them and the reader may not see its exempt parts. Who may see is asked once per record, of the record as
    it is now (the rules are about the reader's standing today).
    """

    def __init__(self, reader):
        self.reader = reader
        self.current = {}
        self.allowed = {}

    def prepare(self, records):
        """Fetch, once per model, the present state of the records (and of the records they are exempt through)."""
        wanted = defaultdict(set)
        for record in records:
            model = _model_of(record)
            exemption = exemption_for(model)
            if exemption is None:
                continue
            wanted[model].add(getattr(record, model._meta.pk.attname))
            if exemption.through:
                link = model._meta.get_field(exemption.through)
                wanted[link.related_model].add(getattr(record, link.attname))
        for model, pks in wanted.items():
            missing = [pk for pk in pks if (model, pk) not in self.current]
            found = model._base_manager.in_bulk(missing) if missing else {}
            for pk in missing:
                self.current[(model, pk)] = found.get(pk)

    def _present(self, model, pk):
        if (model, pk) not in self.current:
            self.current[(model, pk)] = model._base_manager.filter(pk=pk).first()
        return self.current[(model, pk)]

    def _may_see(self, exemption, model, obj):
        key = (model, obj.pk)
        if key not in self.allowed:
            self.allowed[key] = bool(exemption.may_see(self.reader, obj))
        return self.allowed[key]

    def _withheld_in(self, model, exemption, state):
        """{field: paragraph} of one state of a record (a model instance)."""
        if exemption.through:
            link = model._meta.get_field(exemption.through)
            parent = self._present(link.related_model, getattr(state, link.attname))
            parent_exemption = exemption_for(link.related_model)
            if parent is None or parent_exemption is None:
                return {}
            paragraph = parent_exemption.paragraph(parent)
            if not paragraph or self._may_see(parent_exemption, link.related_model, parent):
                return {}
            return dict.fromkeys(exemption.fields(state), paragraph)
        paragraph = exemption.paragraph(state)
        if not paragraph:
            return {}
        now = self._present(model, state.pk) or state  # a deleted record is judged as it last was
        if self._may_see(exemption, model, now):
            return {}
        return dict.fromkeys(exemption.fields(state), paragraph)

    def of(self, *states):
        """{field: paragraph} withheld from the reader across these states of one record (model instances or history
        records), the record as it is now included."""
        withheld = {}
        for state in states:
            if state is None:
                continue
            model = _model_of(state)
            exemption = exemption_for(model)
            if exemption is None:
                continue
            instance = state.instance if hasattr(state, "instance_type") else state
            now = self._present(model, instance.pk)
            for version in (instance, now):
                if version is not None:
                    for name, paragraph in self._withheld_in(model, exemption, version).items():
                        withheld.setdefault(name, paragraph)
        return withheld

    def name(self, record, withheld):
        """What names the record in a row when its name is exempt to the reader ("" when it may be named)."""
        if not withheld:
            return ""
        model = _model_of(record)
        if exemption_for(model).named_openly:
            return ""
        return f"{capfirst(model._meta.verbose_name)} (withheld: paragraph {min(withheld.values())})"


def _model_of(state):
    return state.instance_type if hasattr(state, "instance_type") else type(state)


def withheld_fields(reader, obj):
    """{field name: Schedule 12A paragraph} of `obj`'s fields that `reader` may not see now: the one rule every
    surface that shows a record's values field by field (history, "what changed", exports) asks."""
    return Withholding(reader).of(obj)


def _m2m_values(pairs):
    """{(history model, field name, history_id): frozenset of related pks} for the records of `pairs` that a
    change compares, one query per many-to-many field."""
    wanted = defaultdict(set)
    for record, previous in pairs:
        if previous is None or record.history_type != "~":
            continue
        for m2m in record._history_m2m_fields:
            wanted[(type(record), m2m.name)].update((record.history_id, previous.history_id))
    values = {}
    for (history_model, name), history_ids in wanted.items():
        through = getattr(history_model, name).model  # the history of the through table
        target = through._meta.get_field(get_m2m_reverse_field_name(history_model.instance_type._meta.get_field(name)))
        found = defaultdict(set)
        for history_id, pk in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", target.attname
        ):
            found[history_id].add(pk)
        for history_id in history_ids:
            values[(history_model, name, history_id)] = frozenset(found[history_id])
    return values


def _rows(pairs, reader):
    """Rows from (record, the record before it or None) pairs, in the order given, as `reader` may read them."""
    m2m = _m2m_values(pairs)
    withholding = Withholding(reader)
    withholding.prepare(record for pair in pairs for record in pair if record is not None)
    names = _Names()
    raw = []
    for record, previous in pairs:
        changes = []
        if previous is not None and record.history_type == "~":
            model = record.instance_type
            many = [f.name for f in record._history_m2m_fields]
            delta = record.diff_against(previous, excluded_fields=many)
            changes = [(c.field, c.old, c.new) for c in delta.changes]
            for name in many:
                old, new = m2m[(type(record), name, previous.history_id)], m2m[(type(record), name, record.history_id)]
                if old != new:
                    changes.append((name, old, new))
            changes.sort(key=lambda change: change[0])
            for name, old, new in changes:
                names.want(model, name, old)
                names.want(model, name, new)
        raw.append((record, changes))
    names.fetch()
    rows = []
    for (record, previous), (_, changes) in zip(pairs, raw, strict=True):
        model = record.instance_type
        user = record.history_user
        withheld = withholding.of(record, previous)
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "System",
                kind=KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=[_change(model, names, withheld, *change) for change in changes],
                record=record,
                withheld_name=withholding.name(record, withheld),
            )
        )
    return rows


def _change(model, names, withheld, name, old, new):
    if name in withheld:
        return Change(_label(model, name), "", "", withheld_paragraph=withheld[name])
    return Change(_label(model, name), names.display(model, name, old), names.display(model, name, new))


def rows_for(records, reader):
    """Turn history records (newest first) into rows with the fields each change touched, as `reader` may read them."""
    records = list(records)
    return _rows(
        [(record, records[i + 1] if i + 1 < len(records) else None) for i, record in enumerate(records)], reader
    )


def history_of(obj, reader, limit=None):
    """The History section of `obj`'s page, for `reader` (the signed-in user)."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    if limit:
        records = records[: limit + 1]
    rows = rows_for(records, reader)
    return HistoryRows(rows[:limit] if limit else rows, obj)


def edit_token(obj):
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or "")


def changes_since(obj, token, reader):
    """History rows newer than `token` (what someone else changed since the form was loaded), for `reader`."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    token = token if token.isdigit() else ""
    newer = [r for r in records if str(r.history_id) != token and (not token or r.history_id > int(token))]
    if not newer:
        return []
    base = obj.history.filter(history_id=int(token)).first() if token else None
    return rows_for([*newer, *([base] if base else [])], reader)[: len(newer)]


# ------------------------------------------------------------------------------------------------ what changed pages


_readers = {}


def register_reader(model, may_read):
    """`may_read(user, obj) -> bool`: who may read the changes of `model`'s records, by its app's own permission
    rules. Each app registers its models in AppConfig.ready (governance cannot import the apps above it); a model no
    app registered has no "what changed" page."""
    _readers[model._meta.label_lower] = may_read
    return may_read


def reader_for(model):
    return _readers.get(model._meta.label_lower)


def _before(history_model):
    """The history_id of the entry before each record in its own record's history (newest-first order)."""
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    return Subquery(
        history_model.objects.filter(earlier, id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )


def rows_with_previous(records, reader):
    """Rows for history records of any records and models (in the order given), each compared with the entry before
    it in its own record's history, as `reader` may read them: one query per history model for those entries, however
    many records there are."""
    records = list(records)
    by_model = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    earlier = defaultdict(list)
    for history_model, group in by_model.items():
        ids = history_model.objects.filter(history_id__in=[r.history_id for r in group]).values(
            previous=_before(history_model)
        )
        for entry in history_model.objects.filter(history_id__in=ids):
            earlier[(history_model, entry.id)].append(entry)

    def previous(record):
        key = (record.history_date, record.history_id)
        older = [e for e in earlier[(type(record), record.id)] if (e.history_date, e.history_id) < key]
        return max(older, key=lambda e: (e.history_date, e.history_id), default=None)

    return _rows([(record, previous(record)) for record in records], reader)


def timeline(sources):
    """The history entries of several history querysets as one, newest first: `sources` maps a kind (a short name)
    to a history queryset; each entry is a dict with `source` (the kind), `history_id` and `history_date`. Page it,
    then `records_of` the page."""
    parts = [
        queryset.order_by()
        .annotate(source=Value(kind, output_field=CharField()))
        .values("source", "history_id", "history_date")
        for kind, queryset in sources.items()
    ]
    if not parts:
        return []
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-history_date", "-history_id")


def records_of(entries, sources):
    """The history records (with their users) of timeline entries, in the entries' order: one query per kind."""
    entries = list(entries)
    wanted = defaultdict(list)
    for entry in entries:
        wanted[entry["source"]].append(entry["history_id"])
    found = {}
    for kind, ids in wanted.items():
        for record in sources[kind].model.objects.filter(history_id__in=ids).select_related("history_user"):
            found[(kind, record.history_id)] = record
    return [found[(entry["source"], entry["history_id"])] for entry in entries]


class PeriodForm(GovUKFormMixin, forms.Form):
    """The days a "what changed" page covers (GET `from` and `to`, both optional and inclusive, in local time)."""

    EARLIEST = dt.date(2000, 1, 1)
    LATEST = dt.date(2100, 12, 31)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("from", "From"), ("to", "To")):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                widget=DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
                error_messages={"invalid": f"Enter the “{name}” date as a real date, for example 2026-03-27."},
            )

    def clean(self):
        data = super().clean()
        for name in ("from", "to"):
            day = data.get(name)
            if day is not None and not self.EARLIEST <= day <= self.LATEST:
                self.add_error(name, f"Enter a “{name}” date between 2000 and 2100.")
        since, until = data.get("from"), data.get("to")
        if since and until and until < since and not self.errors:
            self.add_error("to", "The “to” date must be the same as or after the “from” date.")
        return data

    def period(self):
        """(start, end) as aware datetimes (end exclusive, None when open), when the form is valid."""
        since, until = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min)) if since else None
        end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)) if until else None
        return start, end


def in_period(queryset, start, end):
    if start is not None:
        queryset = queryset.filter(history_date__gte=start)
    if end is not None:
        queryset = queryset.filter(history_date__lt=end)
    return queryset
