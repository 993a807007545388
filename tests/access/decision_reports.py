"""Access expectations for officer decision reports and the published officer decisions.

The reports are written by the project leader, signed off by the chair's user and decided by the project executive's
user, so that "their own" is tested with personas that hold no staff role. Staff (admin staff and the project leader)
see every report; the people named on a report see it; others signed in see only published reports (404 for the
rest); the public pages are for everyone. Statuses are set directly: the workflow is not the point here.
"""

import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfWriter

from governance.models import DecisionReport, DecisionReportAppendix, DecisionReportStatus
from tests.access.expect import SIGNED_IN, STAFF, expect, same_for_all

# Staff, and the personas named on the reports as signing Director and decision maker.
NAMED = STAFF | {"chair", "project_executive"}
APPENDIX_FILE = "decision-reports/access-matrix/appendix.pdf"


def _pdf():
    if not default_storage.exists(APPENDIX_FILE):
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        out = io.BytesIO()
        writer.write(out)
        default_storage.save(APPENDIX_FILE, ContentFile(out.getvalue()))
    return APPENDIX_FILE


def _report(status, subject, **fields):
    users = get_user_model().objects
    return DecisionReport.objects.create(
        subject=subject,
        report_of="Director of Integrated Commissioning",
        report_to="Director of Adults and Health",
        author=users.get(username="project.leader"),
        signing_director=users.get(username="chair"),
        decision_maker=users.get(username="project.executive"),
        status=status,
        **fields,
    )


def objects():
    draft = _report(DecisionReportStatus.DRAFT, "Access matrix: a draft")
    signed_off = _report(DecisionReportStatus.SIGNED_OFF, "Access matrix: signed off")
    published = _report(DecisionReportStatus.DECIDED, "Access matrix: published", decision_text="Agreed.")
    # Appendices first: once the report is published they can no longer be added.
    published_appendix = DecisionReportAppendix.objects.create(
        report=published, number=1, title="Published appendix", file=_pdf()
    )
    DecisionReport.objects.filter(pk=published.pk).update(
        status=DecisionReportStatus.PUBLISHED, published_at=timezone.now()
    )
    return {
        "report_draft": draft,
        "report_signed_off": signed_off,
        "report_published": published,
        "report_draft_appendix": DecisionReportAppendix.objects.create(
            report=draft, number=1, title="Draft appendix", file=_pdf()
        ),
        "report_published_appendix": published_appendix,
    }


def _pk(key):
    return lambda o: {"pk": o[key].pk}


POST_ONLY = same_for_all(405)

ROWS = {
    "governance:decision_reports": (lambda o: {}, expect(SIGNED_IN)),
    "governance:forward_plan": (lambda o: {}, expect(SIGNED_IN)),
    "governance:decision_report_new": (lambda o: {}, expect(STAFF, who_may_see=SIGNED_IN)),
    # Another user's draft: not found, so that they do not learn it exists.
    "governance:decision_report": (_pk("report_draft"), expect(NAMED)),
    # The author (the project leader) and staff write it; the Director and decision maker may read it only.
    "governance:decision_report_edit": (_pk("report_draft"), expect(STAFF, who_may_see=NAMED)),
    # Only the decision maker named on the report records the decision.
    "governance:decision_report_decide": (_pk("report_signed_off"), expect({"project_executive"}, who_may_see=NAMED)),
    "governance:decision_report_action": (lambda o: {"pk": o["report_draft"].pk, "action": "send"}, POST_ONLY),
    "governance:decision_report_appendix_new": (_pk("report_draft"), POST_ONLY),
    "governance:decision_report_appendix_remove": (_pk("report_draft_appendix"), POST_ONLY),
    "governance:decision_report_appendix": (_pk("report_draft_appendix"), expect(NAMED)),
    # The public site: published decisions and their open appendices, for everyone.
    "public:officer_decisions": (lambda o: {}, same_for_all(200)),
    "public:officer_decision": (_pk("report_published"), same_for_all(200)),
    "public:officer_decision_appendix": (_pk("report_published_appendix"), same_for_all(200)),
}
