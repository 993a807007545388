"""How long personal data is kept, and what `purge_personal_data` removes once it has expired.

The retention period is PERSONAL_DATA_RETENTION_DAYS (six years by default). Once it has passed:

- a person with no current seat or deputyship and no activity in the period (no meeting, declaration, open action,
  response, delegation, project role or register entry, no change to their record, no sign-in and no change made
  with their sign-in) is anonymised: the name becomes "Former member <id>", the job title, service area and email
  go, in the record and in its history; their sign-in account is closed (unusable password, no groups) and loses
  its name and email;
- a sign-in account that belongs to no person and has not been used in the period is closed the same way;
- expired sessions, old sign-in attempt records (django-axes), old read receipts and who asked for old document
  packs are removed;
- history rows older than the period no longer name the user who made the change.

What is never touched: minutes, decisions, decision reports, highlight reports and the other records of the council's
business are never deleted or changed, and their history is left whole for six years whatever the retention period
(RECORDS_KEPT_DAYS). The names written in the text of old minutes are kept as they were minuted: they are the record
of the meeting. A person's declarations, attendance and actions stay on the record, under the anonymised name.
No rule writes to a published or approved record, so the database's guard on them (governance/integrity.py) never
has to stand aside for a purge.

Other apps contribute (governance imports neither projects nor risks): each registers a Contribution in its
AppConfig.ready with the people it still needs, its own rules, and the records it keeps.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from governance.models import (
    Action,
    ActionStatus,
    AgendaApproval,
    Attendance,
    Declaration,
    Delegation,
    ExceptionResponse,
    Meeting,
    Membership,
    MinutesReview,
    PackBuild,
    Person,
)
from governance.personal_data import history_models

# Minutes, decisions and reports, and their history, are kept whole for at least six years.
RECORDS_KEPT_DAYS = 2192
CLOSED_ACCOUNT_PREFIX = "closed-account-"


@dataclass(frozen=True)
class Cutoffs:
    now: dt.datetime
    personal: dt.datetime  # personal data from before this has expired
    records: dt.datetime  # the history of kept records from before this may lose its user; never later than personal

    @property
    def personal_date(self):
        return timezone.localtime(self.personal).date()


def cutoffs(now, retention_days):
    if retention_days < 1:
        raise ValueError("The retention period must be at least one day.")
    personal = now - dt.timedelta(days=retention_days)
    return Cutoffs(now=now, personal=personal, records=min(personal, now - dt.timedelta(days=RECORDS_KEPT_DAYS)))


def anonymised_name(person_id):
    return f"Former member {person_id}"


def is_anonymised(person):
    return person.name == anonymised_name(person.pk) and not person.email and person.user_id is None


# ------------------------------------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Rule:
    """One kind of change: `rows(purge)` gives the querysets it would change; `change(queryset)` changes them (by
    default, deletes)."""

    label: str
    rows: Callable
    change: Callable = field(default=lambda queryset: queryset.delete())


@dataclass(frozen=True)
class Contribution:
    active_people: Callable | None = None  # (cutoffs) -> ids of people the app still needs
    rules: tuple = ()
    kept_records: tuple = ()  # "app_label.Model" of records never deleted, whose history is kept for six years


_contributions = []


def register(contribution):
    if contribution not in _contributions:
        _contributions.append(contribution)
    return contribution


# ------------------------------------------------------------------------------------------------ who has expired


def _governance_active_people(c):
    day = c.personal_date
    current = Membership.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    ids = set(current.values_list("person_id", flat=True)) | set(current.values_list("deputy_id", flat=True))
    delegations = Delegation.objects.filter(ends_on__gte=day)
    ids |= set(delegations.values_list("principal_id", flat=True)) | set(
        delegations.values_list("delegate_id", flat=True)
    )
    ids |= set(Attendance.objects.filter(meeting__starts_at__gte=c.personal).values_list("person_id", flat=True))
    ids |= set(
        Declaration.objects.filter(item__agenda__meeting__starts_at__gte=c.personal).values_list("person_id", flat=True)
    )
    ids |= set(
        Action.objects.filter(Q(status=ActionStatus.OPEN) | Q(due_on__gte=day)).values_list("owner_id", flat=True)
    )
    ids |= set(ExceptionResponse.objects.filter(at__gte=c.personal).values_list("person_id", flat=True))
    ids |= set(
        Meeting.called_by.through.objects.filter(meeting__starts_at__gte=c.personal).values_list("person_id", flat=True)
    )
    # A record added or changed within the period (a new person has no seat yet).
    ids |= set(Person.history.filter(history_date__gte=c.personal).values_list("id", flat=True))
    return ids


def active_users(c):
    """Sign-in accounts used in the period: a sign-in, a change made with it, an approval, a review, a pack."""
    users = set(
        get_user_model()
        .objects.filter(Q(last_login__gte=c.personal) | Q(date_joined__gte=c.personal))
        .values_list("pk", flat=True)
    )
    for label in {config.label for config in apps.get_app_configs()}:
        for model in history_models(label):
            users |= set(
                model.objects.filter(history_date__gte=c.personal, history_user__isnull=False)
                .values_list("history_user_id", flat=True)
                .distinct()
            )
    users |= set(AgendaApproval.objects.filter(at__gte=c.personal).values_list("by_id", flat=True))
    users |= set(MinutesReview.objects.filter(at__gte=c.personal).values_list("by_id", flat=True))
    users |= set(PackBuild.objects.filter(requested_at__gte=c.personal).values_list("requested_by_id", flat=True))
    users.discard(None)
    return users


@dataclass(frozen=True)
class Purge:
    cutoffs: Cutoffs
    expired_people: frozenset
    active_users: frozenset
    kept_records: frozenset


def plan(now=None, retention_days=None):
    c = cutoffs(now or timezone.now(), retention_days or settings.PERSONAL_DATA_RETENTION_DAYS)
    needed = set()
    kept = set()
    for contribution in _contributions:
        if contribution.active_people:
            needed |= set(contribution.active_people(c))
        kept |= set(contribution.kept_records)
    users = active_users(c)
    expired = frozenset(
        person.pk
        for person in Person.objects.exclude(pk__in=needed - {None})
        if not is_anonymised(person) and (person.user_id is None or person.user_id not in users)
    )
    return Purge(c, expired, frozenset(users), frozenset(kept))


# ----------------------------------------------------------------------------------------------------- the changes


def close_account(user):
    user.username = f"{CLOSED_ACCOUNT_PREFIX}{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def anonymise(person):
    """Replace what identifies the person, in the record and in every earlier version of it."""
    scrubbed = {"name": anonymised_name(person.pk), "title": "", "service_area": "", "email": "", "user": None}
    for name, value in scrubbed.items():
        setattr(person, name, value)
    person.calendar_token = None
    person._change_reason = "Anonymised: personal data past its retention period"
    person.save()
    Person.history.filter(id=person.pk).update(**scrubbed)


def _each(change):
    def apply(queryset):
        for obj in queryset:
            change(obj)

    return apply


def _closed_accounts_of_expired_people(p):
    people = Person.objects.filter(pk__in=p.expired_people, user__isnull=False)
    return [get_user_model().objects.filter(pk__in=people.values("user_id"))]


def _expired_people(p):
    return [Person.objects.filter(pk__in=p.expired_people)]


def _unused_accounts(p):
    unused = (
        get_user_model()
        .objects.filter(person__isnull=True, is_superuser=False)
        .exclude(pk__in=p.active_users)
        .exclude(username__startswith=CLOSED_ACCOUNT_PREFIX)
    )
    return [unused]


def _expired_sessions(p):
    return [Session.objects.filter(expire_date__lt=p.cutoffs.now)]


def _sign_in_attempts(p):
    if not apps.is_installed("axes"):
        return []
    return [
        apps.get_model("axes", name).objects.filter(attempt_time__lt=p.cutoffs.personal)
        for name in ("AccessAttempt", "AccessFailureLog", "AccessLog")
    ]


def _old_pack_requests(p):
    return [PackBuild.objects.filter(requested_at__lt=p.cutoffs.personal, requested_by__isnull=False)]


def _history(p, kept):
    querysets = []
    for label in sorted({config.label for config in apps.get_app_configs()}):
        for model in history_models(label):
            is_kept = model.instance_type._meta.label in p.kept_records
            if is_kept != kept:
                continue
            before = p.cutoffs.records if kept else p.cutoffs.personal
            querysets.append(model.objects.filter(history_date__lt=before, history_user__isnull=False))
    return querysets


def _forget_user(queryset):
    queryset.update(history_user=None)


GOVERNANCE = Contribution(
    active_people=_governance_active_people,
    rules=(
        Rule(
            "sign-in accounts of former members closed and anonymised",
            _closed_accounts_of_expired_people,
            _each(close_account),
        ),
        Rule(
            "former members anonymised (no current seat and no activity in the retention period)",
            _expired_people,
            _each(anonymise),
        ),
        Rule(
            "sign-in accounts of no one, unused in the retention period, closed and anonymised",
            _unused_accounts,
            _each(close_account),
        ),
        Rule("expired sign-in sessions deleted", _expired_sessions),
        Rule("sign-in attempt records older than the retention period deleted", _sign_in_attempts),
        Rule(
            "document pack builds older than the retention period no longer name who asked for them",
            _old_pack_requests,
            lambda queryset: queryset.update(requested_by=None),
        ),
    ),
    kept_records=(
        "governance.Agenda",
        "governance.AgendaItem",
        "governance.Minutes",
        "governance.ItemNote",
        "governance.Decision",
        "governance.Action",
        "governance.DecisionReport",
        "governance.DecisionReportAppendix",
    ),
)

# After every app's own rules: history, across all apps.
HISTORY_RULES = (
    Rule(
        "history rows older than the retention period no longer name who made the change",
        lambda p: _history(p, kept=False),
        _forget_user,
    ),
    Rule(
        "history rows of minutes, decisions and reports older than six years (and the retention period) no longer "
        "name who made the change",
        lambda p: _history(p, kept=True),
        _forget_user,
    ),
)


# ------------------------------------------------------------------------------------------------------------ run


@dataclass(frozen=True)
class Outcome:
    label: str
    count: int


def purge(dry_run=False, now=None, retention_days=None):
    """Apply every rule in one transaction (or, with dry_run, only count); returns (plan, [Outcome, ...])."""
    with transaction.atomic():
        p = plan(now, retention_days)
        rules = [rule for contribution in _contributions for rule in contribution.rules] + list(HISTORY_RULES)
        outcomes = []
        for rule in rules:
            querysets = rule.rows(p)
            count = sum(queryset.count() for queryset in querysets)
            if count and not dry_run:
                for queryset in querysets:
                    rule.change(queryset)
            outcomes.append(Outcome(rule.label, count))
    return p, outcomes
