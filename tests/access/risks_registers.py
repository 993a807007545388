"""Access expectations for the risk and issue registers, the heat map and the scoring matrix, on the seeded HCRC
project (governed by the Project Board, Strategic Group, Project Team and Scrutiny Board: every signed-in persona but
the outsider may see it; only the project leader keeps its registers)."""

import datetime as dt

from projects.models import Project
from risks.models import Issue, Risk, RiskAction
from tests.access.expect import SIGNED_IN, expect, same_for_all

VIEWERS = SIGNED_IN - {"outsider"}
EDITORS = {"project_leader"}

SEE = expect(VIEWERS)
WRITE = expect(EDITORS, who_may_see=VIEWERS)
POST_ONLY = same_for_all(405)


def objects():
    project = Project.objects.get(slug="hcrc")
    risk = Risk.objects.get(project=project, reference="R001")
    action, _ = RiskAction.objects.get_or_create(
        risk=risk, description="Map home care capacity by ward", defaults={"due_on": dt.date(2026, 6, 30)}
    )
    return {
        "rr_project": project,
        "rr_risk": risk,
        "rr_action": action,
        "rr_issue": Issue.objects.get(project=project, reference="I001"),
    }


def _project(o):
    return {"slug": o["rr_project"].slug}


def _risk(o):
    return {"slug": o["rr_project"].slug, "pk": o["rr_risk"].pk}


ROWS = {
    "risks:risk_register": (_project, SEE),
    "risks:risk_new": (_project, WRITE),
    "risks:risk_detail": (_risk, SEE),
    "risks:risk_edit": (_risk, WRITE),
    "risks:risk_row": (_risk, SEE),
    "risks:risk_action_new": (_risk, POST_ONLY),
    "risks:risk_action_done": (lambda o: {**_risk(o), "action_pk": o["rr_action"].pk}, POST_ONLY),
    "risks:issue_register": (_project, SEE),
    "risks:issue_new": (_project, WRITE),
    "risks:issue_edit": (lambda o: {"slug": o["rr_project"].slug, "pk": o["rr_issue"].pk}, WRITE),
    "risks:heatmap": (_project, SEE),
    "risks:matrix": (_project, SEE),
}
