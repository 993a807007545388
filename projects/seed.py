"""Load the projects part of the demo from `seed_data`. Idempotent: a second run writes no row."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from governance.models import Body, Organisation, Person
from governance.seed import upsert
from governance.seed_data import demo_email
from projects import models
from projects import seed_data as data


@transaction.atomic
def load():
    counter = {"created": 0, "updated": 0}
    council = Organisation.objects.get(name="Leeds City Council")
    for name, area in data.EXTRA_PEOPLE:
        upsert(
            Person, {"name": name, "organisation": council}, {"service_area": area, "email": demo_email(name)}, counter
        )
    people = {p.name: p for p in Person.objects.all()}

    hcrc = _load_project(
        data.HCRC,
        data.HCRC_PHASES,
        data.HCRC_WORKSTREAMS,
        people,
        counter,
        {k: people[v] for k, v in data.HCRC_PEOPLE.items()},
    )
    for role, slug in data.HCRC_BODIES:
        upsert(models.GoverningBody, {"project": hcrc, "role": role}, {"body": Body.objects.get(slug=slug)}, counter)
    _apply_events(hcrc, data.HCRC_PLAN_EVENTS, counter)
    _load_reports(hcrc, data.HCRC_REPORT_PERIODS, counter)

    _load_project(data.WELLBEING, data.WELLBEING_PHASES, data.WELLBEING_WORKSTREAMS, people, counter, {})
    return counter


def _load_project(fields, phases, workstreams, people, counter, roles):
    fields = dict(fields)
    slug = fields.pop("slug")
    # The plan as the documents give it dates from the project's start, so later changes follow it in history.
    since = timezone.make_aware(dt.datetime.combine(fields["starts_on"], dt.time(9)))
    project = upsert(models.Project, {"slug": slug}, {**fields, **roles}, counter, history_date=since)
    by_number = {}
    for number, description, starts, ends in phases:
        by_number[number] = upsert(
            models.Phase,
            {"project": project, "number": number},
            {"description": description, "starts_on": starts, "ends_on": ends},
            counter,
            history_date=since,
        )
    for position, stream in enumerate(workstreams, start=1):
        lead = people[stream["lead"]] if stream["lead"] else None
        ws = upsert(
            models.Workstream,
            {"project": project, "name": stream["name"]},
            {
                "kind": stream["kind"],
                "lead": lead,
                "runs": stream["runs"],
                "purpose": stream["purpose"],
                "stakeholders": stream["stakeholders"],
                "position": position,
            },
            counter,
            history_date=since,
        )
        _set_m2m(ws.phases, [by_number[n] for n in stream["phases"]], counter)
        _set_m2m(ws.members, [people[n] for n in stream["members"]], counter)
        for index, entry in enumerate(stream["deliverables"], start=1):
            title, number = entry if isinstance(entry, tuple) else (entry, stream["phases"][-1])
            phase = by_number[number]
            upsert(
                models.Deliverable,
                {"workstream": ws, "title": title},
                {
                    "project": project,
                    "phase": phase,
                    "owner": lead,
                    "due_on": phase.ends_on,
                    "due_date_from_phase": True,
                    "position": index,
                },
                counter,
                history_date=since,
            )
    return project


def _set_m2m(manager, wanted, counter):
    if set(manager.all()) != set(wanted):
        manager.set(wanted)
        counter["updated"] += 1


def _apply_events(project, events, counter):
    """Changes the documents record, saved with the date they happened so that history and reports show them."""
    for title, day, status in events:
        deliverable = models.Deliverable.objects.get(project=project, title=title)
        if deliverable.status == status:
            continue
        deliverable.status = status
        if status == models.DeliverableStatus.COMPLETE:
            deliverable.percent_complete, deliverable.completed_on = 100, day
        deliverable.version += 1
        deliverable._history_date = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        deliverable._change_reason = "Recorded from the council's documents"
        deliverable.save()
        counter["updated"] += 1


def _load_reports(project, periods, counter):
    """Highlight reports drafted from the plan's history; all but the last are published (frozen)."""
    try:
        from projects.report_actions import draft_report
    except ImportError:  # the report generator is its own module
        return
    author = get_user_model().objects.get(username="project.leader")
    for index, (start, end) in enumerate(periods):
        if models.HighlightReport.objects.filter(project=project, period_end=end).exists():
            continue
        report = draft_report(project, start, end, author)
        if index < len(periods) - 1:
            models.HighlightReport.objects.filter(pk=report.pk).update(
                status=models.ReportStatus.PUBLISHED,
                published_at=timezone.make_aware(dt.datetime.combine(end, dt.time(17))),
                published_by=author,
            )
        counter["created"] += 1
