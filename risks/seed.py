"""Load the risks and issues the seeds name. Idempotent: a second run writes no row."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from governance.models import Person
from governance.seed import upsert
from projects.models import Project
from risks import models
from risks import seed_data as data


@transaction.atomic
def load():
    counter = {"created": 0, "updated": 0}
    people = {p.name: p for p in Person.objects.all()}
    hcrc = Project.objects.get(slug="hcrc")
    upsert(models.RiskMatrix, {"project": hcrc}, {}, counter)
    _risks(hcrc, data.HCRC_RISKS, people, counter)
    for entry in data.HCRC_ISSUES:
        fields = dict(entry)
        owner = fields.pop("owner")
        upsert(
            models.Issue,
            {"project": hcrc, "reference": fields.pop("reference")},
            {**fields, "owner": people[owner], "raised_on": data.RAISED},
            counter,
            history_date=_when(data.RAISED),
        )
    _risks(Project.objects.get(slug="community-wellbeing-model"), data.WELLBEING_RISKS, people, counter)
    return counter


def _when(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _risks(project, entries, people, counter):
    for entry in entries:
        fields = dict(entry)
        owner = fields.pop("owner")
        (il, ii), (rl, ri) = fields.pop("inherent"), fields.pop("residual")
        raised = fields.pop("raised", data.RAISED)
        upsert(
            models.Risk,
            {"project": project, "reference": fields.pop("reference")},
            {
                **fields,
                "owner": people[owner] if owner else None,
                "raised_on": raised,
                "inherent_likelihood": il,
                "inherent_impact": ii,
                "residual_likelihood": rl,
                "residual_impact": ri,
            },
            counter,
            history_date=_when(raised),
        )
