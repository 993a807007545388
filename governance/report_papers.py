"""A decision report as a paper: one context, one fragment template, used by the report's pages and by the packs.

`report_paper_context(report, withhold_exempt=...)` builds everything the fragment
governance/papers/decision_report.html shows, as plain values. With `withhold_exempt` the exempt parts are simply
not in the context (the template cannot show what it is not given): a wholly exempt report becomes its Schedule 12A
notice and nothing else; an exempt appendix becomes its number and notice, without its title; the public interest
reason is left out.

For the document packs this module also provides the papers-registry provider (`decision_report_papers`: reports
linked to agenda items, once signed off) and `approval_papers` (one report's approval pack). A paper never carries
exempt content unless the paper itself is marked exempt (`Paper.exempt_paragraph`), so that a public pack, which
prints a notice in place of an exempt paper, cannot leak it: an open report is rendered with its exempt appendices
withheld (they follow as their own, exempt, papers), and an exempt paper's title names only its exemption.
"""

import hashlib
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse

from governance import officer_decisions as rules
from governance.models import DecisionReport, DecisionReportStatus
from governance.papers import Order, Paper

REPORT_TEMPLATE = "governance/papers/decision_report.html"
SIGN_OFF_TEMPLATE = "governance/papers/sign_off_sheet.html"
PAPER_STATUSES = (DecisionReportStatus.SIGNED_OFF, DecisionReportStatus.DECIDED, DecisionReportStatus.PUBLISHED)
# The approval pack puts the sign-off sheet after the appendices.
SIGN_OFF_ORDER = Order.APPENDIX + 10
BACKGROUND_DOCUMENTS_NOTE = (
    "The background documents listed in this section are available to download from the council’s website, unless "
    "they contain confidential or exempt information. The list of background documents does not include published "
    "works."
)

# ------------------------------------------------------------------------------------------------------ the text


@dataclass(frozen=True)
class Block:
    """A paragraph (`lines` shown with line breaks) or a bulleted list (`lines` are its items)."""

    kind: str  # "p" or "ul"
    lines: tuple

    @property
    def is_list(self):
        return self.kind == "ul"


def blocks(text):
    """Split a section's plain text into paragraphs (separated by blank lines) and bulleted lists (lines starting
    with "- "); neighbouring list items make one list. The numbering ("3.1", "4.4.1") is part of the text."""
    out = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            items = tuple(line.lstrip()[2:].strip() for line in lines)
            if out and out[-1].is_list:
                out[-1] = Block("ul", out[-1].lines + items)
            else:
                out.append(Block("ul", items))
        else:
            out.append(Block("p", tuple(line.strip() for line in lines)))
    return out


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: list
    subsections: list = field(default_factory=list)
    level: int = 2


@dataclass(frozen=True)
class Question:
    text: str
    answer: bool | None
    details: list = field(default_factory=list)  # (label, value) pairs shown under the question


@dataclass(frozen=True)
class AppendixLine:
    number: int
    title: str = ""
    notice: str = ""


@dataclass(frozen=True)
class ReportPaper:
    """What the fragment shows. For a withheld (wholly exempt) report only `notice` is set."""

    withheld: bool = False
    notice: str = ""
    report_of: str = ""
    report_to: str = ""
    report_date: object = None
    subject: str = ""
    decision_type: str = ""
    version: int = 1
    correction: str = ""
    questions: list = field(default_factory=list)
    summary: list = field(default_factory=list)
    recommendations_summary: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    appendices: list = field(default_factory=list)
    background_documents_note: str = BACKGROUND_DOCUMENTS_NOTE


def _questions(report, withhold_exempt):
    exempt_details = []
    if report.exempt:
        exempt_details = [
            ("Access to information procedure rule number", report.access_to_information_rule),
            ("Appendix number", report.exempt_appendix or "The whole report"),
            ("Exemption", report.exempt_notice),
        ]
        if not withhold_exempt:
            exempt_details.append(("Public interest reason", report.public_interest_reason))
    return [
        Question(
            "Are specific electoral wards affected?",
            report.wards_affected,
            [("Name(s) of ward(s)", report.wards)] if report.wards_affected else [],
        ),
        Question("Has consultation been carried out?", report.consultation_carried_out),
        Question(
            "Are there implications for equality and diversity and cohesion and integration?",
            report.equality_implications,
        ),
        Question("Will the decision be open for call-in?", rules.is_open_for_call_in(report.decision_type)),
        Question("Does the report contain confidential or exempt information?", report.exempt, exempt_details),
    ]


def _sections(report):
    def section(heading, text, level=2, subsections=()):
        return Section(heading, blocks(text), list(subsections), level)

    return [
        section("1. Purpose of this report", report.purpose),
        section("2. Background information", report.background),
        section("3. Main issues", report.main_issues),
        section(
            "4. Corporate considerations",
            "",
            subsections=[
                section("4.1 Consultation and engagement", report.consultation_engagement, 3),
                section("4.2 Equality and diversity / cohesion and integration", report.equality_diversity, 3),
                section(
                    "4.3 Council policies and the Best Council Plan",
                    report.council_policies,
                    3,
                    [section("Climate Emergency", report.climate_emergency, 4)] if report.climate_emergency else [],
                ),
                section("4.4 Resources, procurement and value for money", report.resources_value_for_money, 3),
                section("4.5 Legal implications, access to information, and call-in", report.legal_implications, 3),
                section("4.6 Risk management", report.risk_management, 3),
            ],
        ),
        section("5. Conclusions", report.conclusions),
        section("6. Recommendations", report.recommendations),
        section("7. Background documents", report.background_documents),
    ]


def _appendix_lines(appendices, withhold_exempt):
    return [
        AppendixLine(a.number, notice=a.exempt_notice)
        if withhold_exempt and a.is_exempt
        else AppendixLine(a.number, a.title, a.exempt_notice)
        for a in appendices
    ]


def report_paper_context(report, *, withhold_exempt):
    """The context of the report's fragment. `withhold_exempt`: leave out everything exempt (the public copy)."""
    if withhold_exempt and report.is_wholly_exempt:
        return {"paper": ReportPaper(withheld=True, notice=report.exempt_notice)}
    correction = ""
    if report.corrects_id:
        correction = f"Corrects version {report.version - 1}: {report.correction_reason}"
    return {
        "paper": ReportPaper(
            report_of=report.report_of,
            report_to=report.report_to,
            report_date=report.report_date,
            subject=report.subject,
            decision_type=report.get_decision_type_display(),
            version=report.version,
            correction=correction,
            questions=_questions(report, withhold_exempt),
            summary=[
                Section("1. Main issues", blocks(report.summary_main_issues), level=3),
                Section("2. Best Council Plan Implications", blocks(report.summary_best_council_plan), level=3),
                Section("3. Resource Implications", blocks(report.summary_resources), level=3),
            ],
            recommendations_summary=blocks(report.summary_recommendations),
            sections=_sections(report),
            appendices=_appendix_lines(report.appendices.all(), withhold_exempt),
        )
    }


def render_report(report, *, withhold_exempt=False):
    """The report's HTML fragment: the same on its page and in a pack."""
    return render_to_string(REPORT_TEMPLATE, report_paper_context(report, withhold_exempt=withhold_exempt))


def sign_off_sheet(report):
    """The sign-off sheet of the approval pack: who wrote, signed off and decided, with lines for their signatures."""
    return render_to_string(
        SIGN_OFF_TEMPLATE,
        {
            "report": report,
            "open_for_call_in": rules.is_open_for_call_in(report.decision_type),
            "author": _name(report.author),
            "signing_director": _name(report.signing_director),
            "decision_maker": _name(report.decision_maker),
        },
    )


def _name(user):
    return (user.get_full_name() or user.username) if user is not None else ""


# --------------------------------------------------------------------------------------------------------- papers


def _report_paper(report, item_id):
    wholly_exempt = report.is_wholly_exempt
    return Paper(
        item_id,
        f"Decision report (exempt: paragraph {report.exempt_paragraph})" if wholly_exempt else report.subject,
        reverse("governance:decision_report", args=[report.pk]),
        "Decision report",
        order=Order.DECISION_REPORT,
        # An exempt report is printed only where exempt papers are (the private pack), so it is shown whole there;
        # an open report never carries its exempt appendices' details.
        render=lambda: render_report(report, withhold_exempt=not wholly_exempt),
        fingerprint=f"report:{report.pk}:v{report.version}:{report.modified_at.isoformat()}",
        exempt_paragraph=report.exempt_paragraph if wholly_exempt else None,
    )


def _file_fingerprint(appendix):
    if not appendix.file:
        return f"appendix:{appendix.pk}:no-file"
    try:
        size = appendix.file.size
    except OSError:
        size = "missing"
    digest = hashlib.sha256(f"{appendix.file.name}:{size}:{appendix.title}".encode()).hexdigest()[:16]
    return f"appendix:{appendix.pk}:{appendix.file.name}:{size}:{digest}:{appendix.exempt_paragraph or ''}"


def _read(appendix):
    with appendix.file.open("rb") as handle:
        return handle.read()


def _appendix_paper(appendix, item_id, subject):
    title = (
        f"Appendix {appendix.number} (exempt: paragraph {appendix.exempt_paragraph})"
        if appendix.is_exempt
        else f"Appendix {appendix.number}: {appendix.title}"
    )
    return Paper(
        item_id,
        title if appendix.is_exempt else f"{title} ({subject})",
        reverse("governance:decision_report_appendix", args=[appendix.pk]),
        "Appendix",
        order=Order.APPENDIX,
        pdf=(lambda: _read(appendix)) if appendix.file else None,
        fingerprint=_file_fingerprint(appendix),
        exempt_paragraph=appendix.exempt_paragraph,
    )


def _papers_of(report, item_id):
    yield _report_paper(report, item_id)
    subject = "exempt report" if report.is_wholly_exempt else report.subject
    for appendix in report.appendices.all():
        yield _appendix_paper(appendix, item_id, subject)


def decision_report_papers(items):
    """The papers-registry provider: the decision reports that are papers for the given agenda items (signed off,
    decided or published), each followed by its appendices. A version whose correction is itself a paper is left
    out: the item carries the latest."""
    ids = [item.pk for item in items]
    reports = list(
        DecisionReport.objects.filter(agenda_item_id__in=ids, status__in=PAPER_STATUSES)
        .select_related("author")
        .prefetch_related("appendices")
        .order_by("agenda_item_id", "id")
    )
    corrected = {report.corrects_id for report in reports if report.corrects_id}
    for report in reports:
        if report.pk not in corrected:
            yield from _papers_of(report, report.agenda_item_id)


def can_view_approval_pack(user, report):
    """The approval pack holds the whole report, exempt appendices included, and the sign-off sheet: it is for staff
    and for the people named on the report (author, signing Director, decision maker), whatever the report's status."""
    from governance import report_actions

    return report is not None and (report_actions.sees_all_reports(user) or report_actions.is_named_on(user, report))


def approval_papers(report):
    """The approval pack of one report: the report, its appendices and the sign-off sheet (item_id 0: no item)."""
    return [
        *_papers_of(report, 0),
        Paper(
            0,
            f"Sign-off sheet: {report.subject}" if not report.is_wholly_exempt else "Sign-off sheet (exempt report)",
            reverse("governance:decision_report", args=[report.pk]),
            "Sign-off sheet",
            order=SIGN_OFF_ORDER,
            render=lambda: sign_off_sheet(report),
            fingerprint=f"sign-off:{report.pk}:v{report.version}:{report.modified_at.isoformat()}",
            exempt_paragraph=report.exempt_paragraph if report.is_wholly_exempt else None,
        ),
    ]
