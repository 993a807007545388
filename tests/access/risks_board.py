"""Access expectations for the risks board pages: the registers in time, exports, the board's "Risks and issues"
paper, escalation and where a risk was considered (the seeded HCRC project and its Project Board)."""

from governance.models import AgendaItem, StandingItem
from risks.models import Risk
from tests.access.expect import BOARD_VIEWERS, SIGNED_IN, expect, same_for_all

# HCRC is seen by every signed-in persona but the outsider (its board, strategic group and staff).
VIEWERS = SIGNED_IN - {"outsider"}


def objects():
    item = (
        AgendaItem.objects.filter(
            agenda__meeting__body__slug="project-board", standing=StandingItem.ISSUES_AND_RED_RISKS
        )
        .order_by("-agenda__meeting__starts_at")
        .first()
    )
    return {"board_risk": Risk.objects.get(project__slug="hcrc", reference="R001"), "board_paper_item": item}


def _hcrc(o):
    return {"slug": "hcrc"}


def _risk(o):
    return {"pk": o["board_risk"].pk}


ROWS = {
    "risks:risks_as_at": (_hcrc, expect(VIEWERS)),
    "risks:changes_since_board": (_hcrc, expect(VIEWERS)),
    "risks:risks_csv": (_hcrc, expect(VIEWERS)),
    "risks:risks_xlsx": (_hcrc, expect(VIEWERS)),
    "risks:issues_csv": (_hcrc, expect(VIEWERS)),
    "risks:issues_xlsx": (_hcrc, expect(VIEWERS)),
    # The paper is part of the meeting: only those who may see the Project Board's meetings.
    "risks:board_paper": (lambda o: {"item_pk": o["board_paper_item"].pk}, expect(BOARD_VIEWERS)),
    "risks:risk_considered": (_risk, expect(VIEWERS)),
    "risks:risk_escalate": (_risk, same_for_all(405)),
    "risks:risk_deescalate": (_risk, same_for_all(405)),
}
