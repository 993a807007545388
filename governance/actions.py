"""State changes in governance. Views parse input and call these; each runs in one transaction, records the acting
user in history, and refuses a save built on a stale copy of the record."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import Truncator, capfirst

from governance import history, models


class GovernanceError(Exception):
    """A rule of the governance domain refused the change; the message is for the user."""


class StaleEdit(GovernanceError):
    def __init__(self, changes):
        self.changes = changes
        super().__init__(
            "Someone else changed this record after you opened it. Their changes are shown below; yours have not "
            "been saved."
        )


def check_fresh(obj, token, by):
    """Lock the row and refuse the save when its history has moved on since `token`, showing `by` what changed."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).first()
    if history.edit_token(obj) != (token or ""):
        raise StaleEdit(history.changes_since(obj, token or "", by))


def _save(obj, by, reason):
    obj._history_user = by
    # The history's reason column holds 100 characters; reasons that quote what someone typed are cut to fit.
    obj._change_reason = Truncator(reason.replace("\x00", "")).chars(100) if reason else reason
    refuse_null_characters(obj)
    try:
        obj.full_clean()
    except ValidationError as error:
        # Text that reaches a record without a form of its own (a reason, a comment) is refused in words.
        raise GovernanceError(_in_words(obj, error)) from error
    obj.save()
    return obj


def refuse_null_characters(obj):
    """PostgreSQL cannot store a NUL character in text: refuse it in words, as a form does."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, str) and "\x00" in value:
            raise GovernanceError(f"{capfirst(field.verbose_name)}: Null characters are not allowed.")


def _in_words(obj, error):
    """A model's validation errors as one message: "Cancelled reason: Ensure this value has at most 300 …"."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        ("" if name == NON_FIELD_ERRORS else f"{capfirst(obj._meta.get_field(name).verbose_name)}: ") + " ".join(texts)
        for name, texts in error.message_dict.items()
    )


def save_model(obj, by, reason):
    """Validate and save a record with the acting user in its history."""
    return _save(obj, by, reason)


@transaction.atomic
def new_tor_version(body, by):
    """Start a new draft version of the body's terms of reference, copied from its latest version.

    1. Copy the header, clauses, revision history, distribution list and quorum rules.
    2. Add a revision-history row for the new draft.
    3. Number it after the highest existing version (0.6 -> 0.7; 1.0 -> 1.1).
    """
    from django.utils import timezone

    host = body.host
    today = timezone.localdate()
    # Copy the latest version, final or draft: drafts follow drafts (the seed's 0.1 to 0.6), and a draft that
    # follows a final version does not govern meetings until it is approved (see in_force_on).
    source = host.terms_of_reference.order_by("-effective_from", "-id").first()
    if source is None:
        raise GovernanceError("There is no version to start from. Add the first version in the admin.")
    version = _next_version(host.terms_of_reference.values_list("version", flat=True))
    tor = _copy(
        models.TermsOfReference.objects.get(pk=source.pk),
        by,
        f"New version {version} from {source.version}",
        version=version,
        status=models.ToRStatus.DRAFT,
        date=today,
        effective_from=today,
        approved_by="",
        approved_on=None,
        description_of_changes="",
    )
    for row in [*source.clauses.all(), *source.revisions.all(), *source.distribution.all(), *source.agenda_steps.all()]:
        _copy(row, by, "Copied", tor=tor)
    _save(
        models.RevisionEntry(
            tor=tor,
            version=version,
            status=models.ToRStatus.DRAFT,
            date=today,
            authors=_person_name(by),
            position=max(source.revisions.values_list("position", flat=True), default=0) + 1,
        ),
        by,
        "New version",
    )
    for rule in source.quorum_rules.prefetch_related("required_roles", "constituency_minimums"):
        copy = _copy(rule, by, "Copied", tor=tor)
        for row in [*rule.required_roles.all(), *rule.constituency_minimums.all()]:
            _copy(row, by, "Copied", rule=copy)
    return tor


def _copy(obj, by, reason, **changes):
    """Save a copy of `obj` as a new row, with `changes` applied (for example the new parent)."""
    obj.pk = obj.id = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    return _save(obj, by, reason)


def _person_name(user):
    person = getattr(user, "person", None)
    return person.name if person else (user.get_full_name() or user.username)


def _next_version(existing):
    def key(v):
        return tuple(int(part) for part in v.split(".") if part.isdigit())

    versions = sorted((v for v in existing if key(v)), key=key)
    if not versions:
        return "0.1"
    major, *rest = key(versions[-1])
    minor = rest[0] if rest else 0
    return f"{major}.{minor + 1}"


@transaction.atomic
def save_tor(form, clause_formset, quorum_forms, by):
    """Save a draft ToR version with its clauses and quorum rules. A final version is never edited in place."""
    tor = form.instance
    stored = models.TermsOfReference.objects.get(pk=tor.pk)
    if stored.status == models.ToRStatus.FINAL:
        raise GovernanceError("This version is final and cannot be changed. Start a new version instead.")
    if not stored.is_latest:
        raise GovernanceError("This draft has been superseded by a later version and can no longer be changed.")
    check_fresh(tor, form.cleaned_data.get("edit_token"), by)
    tor = form.save(commit=False)
    _save(tor, by, "Edited")
    for clause_form in clause_formset.forms:
        if not clause_form.has_changed() and not clause_form.instance.pk:
            continue
        if clause_formset.can_delete and clause_formset._should_delete_form(clause_form):
            if clause_form.instance.pk:
                clause_form.instance._history_user = by
                clause_form.instance.delete()
            continue
        if clause_form.has_changed():
            clause = clause_form.save(commit=False)
            clause.tor = tor
            _save(clause, by, "Edited")
    for capacity, quorum_form in quorum_forms:
        _save_quorum_rule(tor, capacity, quorum_form.cleaned_data, quorum_form.constituency_minimums(), by)
    return tor


def _save_quorum_rule(tor, capacity, data, minimums, by):
    rule = models.QuorumRule.objects.filter(tor=tor, body=capacity).first() or models.QuorumRule(tor=tor, body=capacity)
    fields = {
        k: data[k]
        for k in ("clause", "text", "min_members_present", "min_other_decision_makers", "deputy_authority_required")
    }
    if rule.pk is None or any(getattr(rule, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(rule, k, v)
        _save(rule, by, "Quorum rule edited")
    wanted_roles = set(data["required_roles"])
    for role in rule.required_roles.all():
        if role.role not in wanted_roles:
            role._history_user = by
            role.delete()
    for role in wanted_roles - set(rule.required_roles.values_list("role", flat=True)):
        _save(models.QuorumRequiredRole(rule=rule, role=role), by, "Quorum rule edited")
    existing = {m.constituency: m for m in rule.constituency_minimums.all()}
    for constituency, minimum in existing.items():
        if constituency not in minimums:
            minimum._history_user = by
            minimum.delete()
    for constituency, n in minimums.items():
        current = existing.get(constituency)
        if current is None:
            _save(models.QuorumConstituencyMinimum(rule=rule, constituency=constituency, minimum=n), by, "Edited")
        elif current.minimum != n:
            current.minimum = n
            _save(current, by, "Quorum rule edited")


@transaction.atomic
def approve_tor(tor, by, approved_by, approved_on):
    """Make a draft final: it then governs meetings from its effective date and can no longer be edited."""
    if tor.status == models.ToRStatus.FINAL:
        raise GovernanceError("This version is already final.")
    tor.status = models.ToRStatus.FINAL
    tor.approved_by = approved_by
    tor.approved_on = approved_on
    entry = tor.revisions.filter(version=tor.version).first()
    if entry:
        entry.status = models.ToRStatus.FINAL
        _save(entry, by, "Approved")
    return _save(tor, by, f"Approved by {approved_by}")
