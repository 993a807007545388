"""Synthetic data at realistic volumes, for benchmarks and for tests that compare two data sizes.

Scale 1 is one council with 10 programmes (each with one project under it), 40 bodies (a board, a strategic group, a
project team and a scrutiny board per programme), 1,000 meetings, 5,000 deliverables, 10,000 risks, 2,000 issues and
20,000 meeting actions, with their history: every row has its "created" history row, and a fifth of the risks and
deliverables have been changed since (a rescore, a status update), as a live register would be. Scale N is N times
that; a fraction (0.01) gives a small set of the same shape, for tests.

Everything is named "Synthetic ...", so it is never mistaken for the seeded programme, and each run adds a new council
(numbered on from the last) rather than touching what is there. Rows are written with bulk inserts, history included
(simple_history's bulk helpers), so scale 1 takes well under a minute on SQLite.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from governance.models import (
    Action,
    ActionStatus,
    Agenda,
    AgendaItem,
    AgendaStatus,
    Body,
    BodyKind,
    Constituency,
    Decision,
    Level,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    Organisation,
    Person,
    Purpose,
    QuorumRule,
    Role,
    TermsOfReference,
    ToRStatus,
)
from projects.models import (
    Deliverable,
    DeliverableStatus,
    GoverningBody,
    GoverningRole,
    Phase,
    Project,
    ProjectKind,
    Rag,
    Workstream,
)
from risks import models as risk_models
from risks.models import Issue, IssueType, Priority, Risk, RiskCategory, RiskKind, Status, matrix_for

# Volumes at scale 1.
PROGRAMMES = 10
BODIES_PER_PROGRAMME = 4
MEETINGS = 1_000
DELIVERABLES = 5_000
RISKS = 10_000
ISSUES = 2_000
ACTIONS = 20_000
# Shape, at every scale.
MEMBERS_PER_BODY = 10
ITEMS_PER_MEETING = 5
PHASES_PER_PROJECT = 4
WORKSTREAMS_PER_PROJECT = 5
CHANGED_SHARE = 0.2  # of risks and deliverables, changed since they were created
CYCLE = dt.timedelta(weeks=6)
BATCH = 2_000

# A programme's bodies: (its role for the project, the kind of body, its level, its name).
ROLES_OF_BODIES = [
    (GoverningRole.PROJECT_BOARD, BodyKind.PROJECT_BOARD, Level.PROJECT_BOARD, "Programme Board"),
    (GoverningRole.STRATEGIC_GROUP, BodyKind.STRATEGIC_GROUP, Level.STRATEGIC, "Strategic Group"),
    (GoverningRole.PROJECT_TEAM, BodyKind.PROJECT_TEAM, Level.DELIVERY, "Project Team"),
    (GoverningRole.SCRUTINY, BodyKind.SCRUTINY_BOARD, "", "Scrutiny Board"),
]
WORDS = [
    "capacity",
    "provider",
    "workforce",
    "rota",
    "travel",
    "time",
    "contract",
    "tender",
    "outcome",
    "review",
    "payment",
    "framework",
    "locality",
    "reablement",
    "hospital",
    "discharge",
    "assessment",
    "brokerage",
    "market",
    "carer",
    "recruitment",
    "retention",
    "quality",
    "monitoring",
    "budget",
    "forecast",
    "data",
    "system",
    "rollout",
    "training",
    "engagement",
    "consultation",
]


@dataclass
class Made:
    """What one run made, by model."""

    tag: str = ""  # the prefix of every slug made, "synthetic-<council number>"
    counts: dict = field(default_factory=dict)

    def add(self, label, rows):
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        return rows


def volumes(scale):
    """{what: how many} for a scale (at least one of each)."""
    at = {
        "programmes": PROGRAMMES,
        "meetings": MEETINGS,
        "deliverables": DELIVERABLES,
        "risks": RISKS,
        "issues": ISSUES,
        "actions": ACTIONS,
    }
    return {name: max(1, round(count * scale)) for name, count in at.items()}


def _spread(total, parts):
    """`total` split into `parts` counts as even as can be."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def _phrase(rng, words=6):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


@transaction.atomic
def make(scale=1.0, seed=2014, by=None):
    """Create one synthetic council at `scale`; returns what was made (counts by model)."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, repeatable by seed; nothing secret
    sizes = volumes(scale)
    by = by or get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.first()
    council = Organisation.objects.filter(name__startswith="Synthetic council").count() + 1
    tag = f"synthetic-{council}"
    made = Made(tag=tag)
    today = timezone.localdate()
    now = timezone.now()

    organisation = Organisation.objects.create(name=f"Synthetic council {council}", sector="council")
    programmes = sizes["programmes"]
    body_count = programmes * BODIES_PER_PROGRAMME
    people = made.add(
        "people",
        bulk_create_with_history(
            [
                Person(
                    name=f"Synthetic officer {council}.{n}",
                    title=rng.choice(["Commissioning officer", "Head of service", "Provider manager", "Councillor"]),
                    organisation=organisation,
                )
                for n in range(1, body_count * MEMBERS_PER_BODY // 2 + 2)
            ],
            Person,
            batch_size=BATCH,
            default_user=by,
        ),
    )
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))

    # Programmes, each with one project under it.
    programme_rows = made.add(
        "programmes",
        bulk_create_with_history(
            [
                Project(
                    kind=ProjectKind.PROGRAMME,
                    title=f"Synthetic programme {council}.{p}",
                    slug=f"{tag}-programme-{p}",
                    directorate="Adults and Health",
                    starts_on=today - dt.timedelta(days=730),
                    ends_on=today + dt.timedelta(days=365),
                )
                for p in range(1, programmes + 1)
            ],
            Project,
            default_user=by,
        ),
    )
    programme_rows = list(Project.objects.filter(slug__startswith=f"{tag}-programme-").order_by("pk"))
    bulk_create_with_history(
        [
            Project(
                kind=ProjectKind.PROJECT,
                parent=programme,
                title=f"Synthetic project {council}.{p}",
                slug=f"{tag}-project-{p}",
                directorate="Adults and Health",
                sponsor=rng.choice(people),
                management_lead=rng.choice(people),
                starts_on=today - dt.timedelta(days=700),
                ends_on=today + dt.timedelta(days=300),
            )
            for p, programme in enumerate(programme_rows, start=1)
        ],
        Project,
        default_user=by,
    )
    projects = made.add("projects", list(Project.objects.filter(slug__startswith=f"{tag}-project-").order_by("pk")))

    # Bodies: four per programme, each governing its project, with terms of reference, a quorum rule and seats.
    bodies = []
    for p in range(1, len(projects) + 1):
        for _role, kind, level, label in ROLES_OF_BODIES:
            bodies.append(
                Body(
                    name=f"Synthetic {label} {council}.{p}",
                    slug=f"{tag}-{p}-{label.lower().replace(' ', '-')}",
                    short_name=f"{label} {council}.{p}",
                    kind=kind,
                    level=level,
                    position=p,
                    # Like the seeded programme: the strategic group and the scrutiny board publish their papers.
                    publishes_papers=kind in {BodyKind.STRATEGIC_GROUP, BodyKind.SCRUTINY_BOARD},
                )
            )
    bulk_create_with_history(bodies, Body, default_user=by)
    bodies = made.add("bodies", list(Body.objects.filter(slug__startswith=f"{tag}-").order_by("pk")))
    links = []
    for index, body in enumerate(bodies):
        project = projects[index // BODIES_PER_PROGRAMME]
        links.append(GoverningBody(project=project, body=body, role=ROLES_OF_BODIES[index % BODIES_PER_PROGRAMME][0]))
    bulk_create_with_history(links, GoverningBody, default_user=by)
    tors = bulk_create_with_history(
        [
            TermsOfReference(
                body=body,
                title=f"{body.name} terms of reference",
                version="1.0",
                status=ToRStatus.FINAL,
                date=today - dt.timedelta(days=730),
                effective_from=today - dt.timedelta(days=730),
                meeting_length_minutes=120,
                cycle_weeks=6,
                agenda_notice_working_days=5,
            )
            for body in bodies
        ],
        TermsOfReference,
        default_user=by,
    )
    tors = list(TermsOfReference.objects.filter(body__in=bodies).order_by("body_id"))
    made.add("terms of reference", tors)
    bulk_create_with_history(
        [QuorumRule(tor=tor, body=tor.body, min_members_present=4) for tor in tors], QuorumRule, default_user=by
    )
    seats = []
    constituencies = Constituency.values
    for body in bodies:
        for position, person in enumerate(rng.sample(people, MEMBERS_PER_BODY)):
            seats.append(
                Membership(
                    body=body,
                    person=person,
                    role=Role.CHAIR if position == 0 else Role.MEMBER,
                    constituency=constituencies[position % len(constituencies)],
                    is_decision_maker=position < 4,
                    position=position,
                )
            )
    made.add("memberships", bulk_create_with_history(seats, Membership, batch_size=BATCH, default_user=by))

    # Meetings every six weeks, most in the past (held, with an issued agenda, minutes, decisions and actions).
    meeting_rows = []
    ten_am = now.replace(hour=10, minute=0, second=0, microsecond=0)
    for body, count in zip(bodies, _spread(sizes["meetings"], len(bodies)), strict=True):
        past = int(count * 0.8) if count > 1 else 0
        for n in range(count):
            # Held meetings every six weeks up to today; the rest from tomorrow on, so each body has both.
            starts = ten_am - CYCLE * (past - n) if n < past else ten_am + dt.timedelta(days=1) + CYCLE * (n - past)
            meeting_rows.append(
                Meeting(
                    body=body,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    venue="Civic Hall",
                    status=MeetingStatus.HELD if n < past else MeetingStatus.SCHEDULED,
                )
            )
    bulk_create_with_history(meeting_rows, Meeting, batch_size=BATCH, default_user=by)
    meetings = made.add("meetings", list(Meeting.objects.filter(body__in=bodies).order_by("pk")))
    held = [meeting for meeting in meetings if meeting.status == MeetingStatus.HELD]
    bulk_create_with_history(
        [
            Agenda(
                meeting=meeting,
                status=AgendaStatus.ISSUED if meeting.status == MeetingStatus.HELD else AgendaStatus.DRAFT,
                issued_at=meeting.starts_at - dt.timedelta(days=8) if meeting.status == MeetingStatus.HELD else None,
                issued_by=by if meeting.status == MeetingStatus.HELD else None,
            )
            for meeting in meetings
        ],
        Agenda,
        batch_size=BATCH,
        default_user=by,
    )
    agendas = made.add("agendas", list(Agenda.objects.filter(meeting__in=meetings).select_related("meeting")))
    bulk_create_with_history(
        [
            AgendaItem(
                agenda=agenda,
                position=position,
                title=_phrase(rng, 5),
                purpose=rng.choice(Purpose.values),
                minutes_allowed=15,
            )
            for agenda in agendas
            for position in range(1, ITEMS_PER_MEETING + 1)
        ],
        AgendaItem,
        batch_size=BATCH,
        default_user=by,
    )
    items = made.add(
        "agenda items", list(AgendaItem.objects.filter(agenda__in=agendas).select_related("agenda__meeting"))
    )
    bulk_create_with_history(
        [
            Minutes(meeting=meeting, status=MinutesStatus.APPROVED, approved_by=by, approved_at=meeting.ends_at)
            for meeting in held
        ],
        Minutes,
        batch_size=BATCH,
        default_user=by,
    )
    made.counts["minutes"] = len(held)
    held_items = [item for item in items if item.agenda.meeting.status == MeetingStatus.HELD]
    made.add(
        "decisions",
        bulk_create_with_history(
            [
                Decision(
                    item=item,
                    text=f"Agreed: {_phrase(rng, 10).lower()}.",
                    quorate=True,
                    quorum_note="Quorate: 6 members present, 4 decision-makers.",
                    recorded_by=by,
                )
                for item in held_items
                if item.purpose == Purpose.FOR_DECISION
            ],
            Decision,
            batch_size=BATCH,
            default_user=by,
        ),
    )
    action_items = held_items or items
    actions = []
    for n in range(sizes["actions"]):
        item = action_items[n % len(action_items)]
        due = timezone.localtime(item.agenda.meeting.starts_at).date() + dt.timedelta(weeks=rng.randint(2, 12))
        done = due < today and rng.random() < 0.7
        actions.append(
            Action(
                item=item,
                description=f"{_phrase(rng, 8)}.",
                owner=rng.choice(people),
                due_on=due,
                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                done_on=due if done else None,
            )
        )
    made.add("actions", bulk_create_with_history(actions, Action, batch_size=BATCH, default_user=by))

    # Each project's plan: phases, work-streams and deliverables.
    phases = bulk_create_with_history(
        [
            Phase(
                project=project,
                number=n,
                description=f"Phase {n}",
                starts_on=today - dt.timedelta(days=700 - 250 * (n - 1)),
                ends_on=today - dt.timedelta(days=700 - 250 * n - 1),
            )
            for project in projects
            for n in range(1, PHASES_PER_PROJECT + 1)
        ],
        Phase,
        default_user=by,
    )
    phases = list(Phase.objects.filter(project__in=projects).order_by("project_id", "number"))
    made.add("phases", phases)
    bulk_create_with_history(
        [
            Workstream(
                project=project, name=f"Work-stream {n}: {_phrase(rng, 2).lower()}", lead=rng.choice(people), position=n
            )
            for project in projects
            for n in range(1, WORKSTREAMS_PER_PROJECT + 1)
        ],
        Workstream,
        default_user=by,
    )
    streams = made.add("work-streams", list(Workstream.objects.filter(project__in=projects).order_by("pk")))
    phases_of = {project.pk: [phase for phase in phases if phase.project_id == project.pk] for project in projects}
    streams_of = {project.pk: [stream for stream in streams if stream.project_id == project.pk] for project in projects}
    deliverables = []
    for project, count in zip(projects, _spread(sizes["deliverables"], len(projects)), strict=True):
        for n in range(count):
            phase = rng.choice(phases_of[project.pk])
            status = rng.choice(
                [DeliverableStatus.COMPLETE, DeliverableStatus.IN_PROGRESS, DeliverableStatus.NOT_STARTED]
            )
            deliverables.append(
                Deliverable(
                    project=project,
                    workstream=streams_of[project.pk][n % WORKSTREAMS_PER_PROJECT],
                    phase=phase,
                    title=f"{_phrase(rng, 6)}",
                    owner=rng.choice(people),
                    starts_on=phase.starts_on,
                    due_on=phase.ends_on,
                    status=status,
                    rag=rng.choice(Rag.values),
                    percent_complete=100 if status == DeliverableStatus.COMPLETE else rng.randint(0, 90),
                    completed_on=phase.ends_on if status == DeliverableStatus.COMPLETE else None,
                    position=n,
                )
            )
    bulk_create_with_history(deliverables, Deliverable, batch_size=BATCH, default_user=by)
    deliverables = made.add("deliverables", list(Deliverable.objects.filter(project__in=projects).order_by("pk")))

    # Each project's registers.
    risks = []
    for project, count in zip(projects, _spread(sizes["risks"], len(projects)), strict=True):
        matrix = matrix_for(project)
        for n in range(1, count + 1):
            kind = RiskKind.OPPORTUNITY if n % 10 == 0 else RiskKind.THREAT
            inherent = (rng.randint(2, 5), rng.randint(2, 5))
            risk = Risk(
                project=project,
                workstream=streams_of[project.pk][n % WORKSTREAMS_PER_PROJECT],
                reference=f"R{n:05d}",
                title=_phrase(rng, 5),
                kind=kind,
                cause=f"Because {_phrase(rng, 8).lower()}",
                event=f"There is a risk that {_phrase(rng, 10).lower()}",
                effect=f"Resulting in {_phrase(rng, 8).lower()}",
                category=rng.choice(RiskCategory.values),
                owner=rng.choice(people),
                raised_by=rng.choice(people),
                raised_on=today - dt.timedelta(days=rng.randint(30, 700)),
                inherent_likelihood=inherent[0],
                inherent_impact=inherent[1],
                residual_likelihood=max(1, inherent[0] - rng.randint(0, 2)),
                residual_impact=max(1, inherent[1] - rng.randint(0, 1)),
                response=rng.choice(sorted(risk_models.Response.for_kind(kind))),
                status=Status.CLOSED if n % 7 == 0 else Status.OPEN,
                review_date=today + dt.timedelta(days=rng.randint(-60, 90)),
            )
            risk.rescore(matrix)
            risks.append(risk)
    bulk_create_with_history(risks, Risk, batch_size=BATCH, default_user=by)
    risks = made.add("risks", list(Risk.objects.filter(project__in=projects).select_related("project").order_by("pk")))
    issues = []
    for project, count in zip(projects, _spread(sizes["issues"], len(projects)), strict=True):
        for n in range(1, count + 1):
            closed = n % 4 == 0
            issues.append(
                Issue(
                    project=project,
                    reference=f"I{n:04d}",
                    issue_type=rng.choice([IssueType.PROBLEM, IssueType.OFF_SPECIFICATION]),
                    title=_phrase(rng, 5),
                    description=f"{_phrase(rng, 14)}.",
                    raised_by=rng.choice(people),
                    raised_on=today - dt.timedelta(days=rng.randint(10, 600)),
                    priority=rng.choice(Priority.values),
                    owner=rng.choice(people),
                    status=Status.CLOSED if closed else Status.OPEN,
                    resolution=f"{_phrase(rng, 6)}." if closed else "",
                    closed_on=today - dt.timedelta(days=rng.randint(1, 9)) if closed else None,
                )
            )
    made.add("issues", bulk_create_with_history(issues, Issue, batch_size=BATCH, default_user=by))

    # Since then: a fifth of the risks rescored and of the deliverables moved on, each a second history row.
    later = now - dt.timedelta(days=14)
    changed_risks = rng.sample(risks, int(len(risks) * CHANGED_SHARE))
    matrices = {}
    for risk in changed_risks:
        risk.residual_likelihood = max(1, risk.residual_likelihood - 1)
        risk.version += 1
        matrix = matrices.setdefault(risk.project_id, matrix_for(risk.project))
        risk.rescore(matrix)
    bulk_update_with_history(
        changed_risks,
        Risk,
        ["residual_likelihood", "residual_score", "residual_rag", "version"],
        batch_size=BATCH,
        default_user=by,
        default_date=later,
    )
    changed = [d for d in rng.sample(deliverables, int(len(deliverables) * CHANGED_SHARE)) if d.percent_complete < 90]
    for deliverable in changed:
        deliverable.percent_complete += 10
        deliverable.status = DeliverableStatus.IN_PROGRESS
        deliverable.version += 1
    bulk_update_with_history(
        changed,
        Deliverable,
        ["percent_complete", "status", "version"],
        batch_size=BATCH,
        default_user=by,
        default_date=later,
    )
    made.counts["changes since"] = len(changed_risks) + len(changed)
    return made
