"""Load the governance part of the demo from `seed_data`. Idempotent: a second run writes no row.

Every write goes through `upsert`, which saves only when a value differs, so history gains no empty entries either.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from governance import models, permissions, seed_reports
from governance import seed_data as data


def upsert(model, lookup, values, counter, history_date=None):
    """Get the row matching `lookup`, or create it; update only fields whose value differs.

    `history_date` dates the creation in history (for records the documents date, such as a 2013 plan)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj._change_reason = "Loaded by seed_demo"
        if history_date is not None:
            obj._history_date = history_date
        obj.full_clean()
        obj.save()
        counter["created"] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj._change_reason = "Updated by seed_demo"
        obj.full_clean()
        obj.save(update_fields=changed)
        counter["updated"] += 1
    return obj


@transaction.atomic
def load():
    counter = {"created": 0, "updated": 0}
    orgs = {
        name: upsert(models.Organisation, {"name": name}, {"sector": sector}, counter)
        for name, sector in data.ORGANISATIONS
    }
    people = {}
    for name, title, org, area in data.PEOPLE:
        organisation = orgs[org] if org else None
        people[name] = upsert(
            models.Person,
            {"name": name, "organisation": organisation},
            {"title": title, "service_area": area, "email": data.demo_email(name)},
            counter,
        )

    bodies = {}
    for slug, fields in data.BODIES.items():
        fields = dict(fields)
        for key in ("reports_to", "refers_disagreements_to", "capacity_of"):
            fields[key] = bodies[fields[key]] if fields.get(key) else None
        bodies[slug] = upsert(models.Body, {"slug": slug}, fields, counter)

    for slug, seats in data.MEMBERSHIPS.items():
        for position, (person, fields) in enumerate(seats, start=1):
            values = {"person": people[person] if person else None, **fields}
            upsert(models.Membership, {"body": bodies[slug], "position": position}, values, counter)

    _load_tor(
        bodies[data.STRATEGIC_GROUP],
        data.STRATEGIC_TOR,
        data.STRATEGIC_OBJECTIVES,
        data.STRATEGIC_GOVERNANCE,
        data.STRATEGIC_ROLES,
        data.STRATEGIC_REVISIONS,
        data.STRATEGIC_DISTRIBUTION,
        data.STRATEGIC_QUORUM,
        bodies,
        counter,
        data.STRATEGIC_AGENDA_STEPS,
    )
    _load_tor(
        bodies[data.HOST_BOARD],
        data.BOARD_TOR,
        data.BOARD_OBJECTIVES,
        data.BOARD_GOVERNANCE,
        data.BOARD_ROLES,
        [],
        [],
        data.BOARD_QUORUM,
        bodies,
        counter,
        data.BOARD_AGENDA_STEPS,
    )
    users = _load_users(people, counter)
    _load_meetings(bodies, people, counter)
    seed_reports.load(counter, data.DEMO_PASSWORD)
    return counter, users


def _load_tor(
    body, header, objectives, governance, roles, revisions, distribution, quorum_rules, bodies, counter, agenda_steps=()
):
    tor = upsert(
        models.TermsOfReference,
        {"body": body, "version": header["version"]},
        {k: v for k, v in header.items() if k != "version"},
        counter,
    )
    position = 0
    for section, rows in (
        (models.ClauseSection.OBJECTIVES, [(heading, "", text) for heading, text in objectives]),
        (models.ClauseSection.GOVERNANCE, [("", number, text) for number, text in governance]),
        (models.ClauseSection.ROLES, [(heading, "", text) for heading, text in roles]),
    ):
        for heading, number, text in rows:
            position += 1
            upsert(
                models.Clause,
                {"tor": tor, "position": position},
                {"section": section, "heading": heading, "number": number, "text": text},
                counter,
            )
    for position, (version, status, date, authors, description) in enumerate(revisions, start=1):
        upsert(
            models.RevisionEntry,
            {"tor": tor, "position": position},
            {"version": version, "status": status, "date": date, "authors": authors, "description": description},
            counter,
        )
    for position, (name, title, date, version) in enumerate(distribution, start=1):
        upsert(
            models.DistributionEntry,
            {"tor": tor, "position": position},
            {"name": name, "title": title, "date_of_issue": date, "version": version},
            counter,
        )
    for slug, clause, text, minimum, per_constituency, roles_required, others, authority in quorum_rules:
        rule = upsert(
            models.QuorumRule,
            {"tor": tor, "body": bodies[slug]},
            {
                "clause": clause,
                "text": text,
                "min_members_present": minimum,
                "min_other_decision_makers": others,
                "deputy_authority_required": authority,
            },
            counter,
        )
        for constituency, n in per_constituency.items():
            upsert(
                models.QuorumConstituencyMinimum, {"rule": rule, "constituency": constituency}, {"minimum": n}, counter
            )
        for role in roles_required:
            upsert(models.QuorumRequiredRole, {"rule": rule, "role": role}, {}, counter)
    for slug, clause, roles_in_order in agenda_steps:
        for position, role in enumerate(roles_in_order, start=1):
            upsert(
                models.AgendaApprovalStep,
                {"tor": tor, "body": bodies[slug], "position": position},
                {"role": role, "clause": clause},
                counter,
            )
    return tor


def update_login(user, values, counter):
    """Save only the fields of a demo login whose value differs (logins keep no history, but the count must be
    honest: a second run reports nothing updated)."""
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, values[name])
        user.save(update_fields=changed)
        counter["updated"] += 1


def _load_users(people, counter):
    User = get_user_model()
    groups = {}
    for name in permissions.STAFF_ROLES:
        group, created = Group.objects.get_or_create(name=name)
        counter["created"] += created
        groups[name] = group
    # Admin staff keep the governance records, in the pages and in the Django admin.
    wanted = set(
        Permission.objects.filter(content_type__app_label="governance")
        .exclude(codename__startswith="delete_historical")
        .values_list("pk", flat=True)
    )
    have = set(groups[permissions.ADMIN_STAFF].permissions.values_list("pk", flat=True))
    if wanted - have:
        groups[permissions.ADMIN_STAFF].permissions.add(*(wanted - have))
        counter["updated"] += 1

    logins = []
    for username, person_name, group, is_staff, label in data.DEMO_USERS:
        person = people[person_name]
        values = {"is_staff": is_staff, "email": person.email}
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, **values)
            user.set_password(data.DEMO_PASSWORD)
            user.save()
            counter["created"] += 1
        else:
            update_login(user, values, counter)
        if group and not user.groups.filter(pk=groups[group].pk).exists():
            user.groups.add(groups[group])
            counter["updated"] += 1
        if person.user_id != user.pk:
            person.user = user
            person._change_reason = "Linked to demo login by seed_demo"
            person.save(update_fields=["user"])
            counter["updated"] += 1
        logins.append((label, username, person_name))
    return logins


def _load_meetings(bodies, people, counter, today=None):
    """The dated meetings of the documents, and the next meeting of each body on its cycle with a draft agenda."""
    import datetime as dt

    from django.utils import timezone

    from governance import meeting_actions
    from governance.calendar import default_calendar

    recorder = get_user_model().objects.get(username="admin.staff")
    for entry in data.HISTORICAL_MEETINGS:
        body = bodies[entry["body"]]
        tor = models.TermsOfReference.objects.in_force_on(body, entry["date"]) or body.host.terms_of_reference.first()
        starts = timezone.make_aware(dt.datetime.combine(entry["date"], dt.time(10)))
        meeting = upsert(
            models.Meeting,
            {"body": body, "starts_at": starts},
            {"ends_at": starts + dt.timedelta(minutes=tor.meeting_length_minutes), "status": models.MeetingStatus.HELD},
            counter,
        )
        agenda = upsert(
            models.Agenda, {"meeting": meeting, "supplement": 0}, {"status": models.AgendaStatus.ISSUED}, counter
        )
        position = 0
        for standing, purpose in meeting_actions.standing_items(body):
            if standing == models.StandingItem.EXCEPTION_DECISIONS:
                continue
            position += 1
            upsert(
                models.AgendaItem,
                {"agenda": agenda, "position": position},
                {"title": standing.label, "standing": standing, "purpose": purpose},
                counter,
            )
        item = upsert(
            models.AgendaItem,
            {"agenda": agenda, "position": position + 1},
            {"title": entry["item"], "purpose": models.Purpose.FOR_DECISION, "standing": ""},
            counter,
        )
        upsert(
            models.Decision,
            {"item": item, "outcome": models.DecisionOutcome.DECIDED},
            {
                "text": entry["decision"],
                "quorate": True,
                "quorum_note": data.FROM_THE_DOCUMENTS,
                "recorded_by": recorder,
            },
            counter,
        )
        if entry["action"]:
            text, owner, due = entry["action"]
            upsert(
                models.Action,
                {"item": item, "description": text},
                {"owner": people[owner], "due_on": due, "status": models.ActionStatus.DONE, "done_on": due},
                counter,
            )
        minutes = upsert(
            models.Minutes, {"meeting": meeting, "version": 1}, {"status": models.MinutesStatus.CIRCULATED}, counter
        )
        upsert(models.ItemNote, {"minutes": minutes, "item": item}, {"discussion": ""}, counter)

    today = today or timezone.localdate()
    calendar = default_calendar()
    for slug, anchor in data.CYCLE_ANCHORS.items():
        body = bodies[slug]
        tor = models.TermsOfReference.objects.in_force_on(body, today)
        cycle = dt.timedelta(weeks=tor.cycle_weeks)
        day = anchor + cycle * -(-(today - anchor).days // cycle.days)  # the first cycle date on or after today
        day = day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)
        if body.meetings.filter(starts_at__date=day).exists():
            continue
        meeting = meeting_actions.schedule_meetings(body, day, day, dt.time(10), recorder)[0]
        meeting_actions.ensure_agenda(meeting, recorder)
        counter["created"] += 1
