"""Exports of the risk and issue registers (the rows of the register page's filtered view) as CSV and XLSX.

No cell may be one a spreadsheet would run as a formula ("CSV injection"): `safe_cell` is the one place that decides
what a cell holds, used by both writers. Text beginning with = + - @, a tab or a carriage return gets a leading single
quote; numbers and dates stay numbers and dates (a negative number is a number, not text).
"""

import csv
import datetime as dt
import io
import math
import re
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from risks.models import Issue, Priority, Risk, Status, matrix_for

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (openpyxl refuses them); dropped from text in both formats, before the check above,
# so that removing one can never uncover a formula.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"


def safe_cell(value):
    """What a cell of an export holds: numbers and dates as they are; everything else as text that no spreadsheet
    would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value
    text = _UNWRITABLE.sub("", str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


# ------------------------------------------------------------------------------------------------------------ columns


def _name(person):
    return person.name if person else ""


def _rag(rag):
    return rag.capitalize() if rag else ""


RISK_COLUMNS = [
    ("Reference", lambda r: r.reference, 10),
    ("Title", lambda r: r.title, 40),
    ("Kind", lambda r: r.get_kind_display(), 12),
    ("Category", lambda r: r.get_category_display(), 22),
    ("Cause", lambda r: r.cause, 40),
    ("Event", lambda r: r.event, 40),
    ("Effect", lambda r: r.effect, 40),
    ("Owner", lambda r: _name(r.owner), 20),
    ("Actionee", lambda r: _name(r.actionee), 20),
    ("Raised by", lambda r: _name(r.raised_by), 20),
    ("Raised on", lambda r: r.raised_on, 12),
    ("Inherent likelihood", lambda r: r.inherent_likelihood, 10),
    ("Inherent impact", lambda r: r.inherent_impact, 10),
    ("Inherent score", lambda r: r.inherent_score, 10),
    ("Inherent RAG", lambda r: _rag(r.inherent_rag), 10),
    ("Residual likelihood", lambda r: r.residual_likelihood, 10),
    ("Residual impact", lambda r: r.residual_impact, 10),
    ("Residual score", lambda r: r.residual_score, 10),
    ("Residual RAG", lambda r: _rag(r.residual_rag), 10),
    ("Response", lambda r: r.get_response_display(), 12),
    ("Contingency", lambda r: r.contingency, 30),
    ("Proximity", lambda r: r.get_proximity_display(), 16),
    ("Status", lambda r: r.get_status_display(), 10),
    ("Review date", lambda r: r.review_date, 12),
    ("Work-stream", lambda r: r.workstream.name if r.workstream else "", 20),
    ("Deliverable", lambda r: r.deliverable.title if r.deliverable else "", 20),
    ("Escalated to the board", lambda r: r.escalated, 10),
    ("Escalation reason", lambda r: r.escalation_reason, 30),
]

ISSUE_COLUMNS = [
    ("Reference", lambda i: i.reference, 10),
    ("Type", lambda i: i.get_issue_type_display(), 18),
    ("Title", lambda i: i.title, 40),
    ("Description", lambda i: i.description, 50),
    ("Raised by", lambda i: _name(i.raised_by), 20),
    ("Raised on", lambda i: i.raised_on, 12),
    ("Priority", lambda i: i.get_priority_display(), 10),
    ("Severity", lambda i: i.get_severity_display(), 24),
    ("Owner", lambda i: _name(i.owner), 20),
    ("Status", lambda i: i.get_status_display(), 10),
    ("Status on", lambda i: i.status_on, 12),
    ("Resolution", lambda i: i.resolution, 40),
    ("Closed on", lambda i: i.closed_on, 12),
    ("Change request", lambda i: str(i.change_request) if i.change_request else "", 30),
]

REGISTERS = {
    # kind: (model, columns, file name part, sheet title)
    "risks": (Risk, RISK_COLUMNS, "risk-register", "Risk register"),
    "issues": (Issue, ISSUE_COLUMNS, "issue-register", "Issue register"),
}


def rows(entries, columns):
    """The header row, then one row of safe cells per entry."""
    yield [safe_cell(header) for header, _, _ in columns]
    for entry in entries:
        yield [safe_cell(get(entry)) for _, get, _ in columns]


# ------------------------------------------------------------------------------------------------------------ writers


def to_csv(table):
    """UTF-8 with a byte-order mark (so that Excel reads the £ and accents), the csv module's quoting."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in table:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(table, title, widths=()):
    """One sheet, headers bold and frozen; text cells are typed as text explicitly, so nothing can become a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for number, row in enumerate(table):
        cells = []
        for value in row:
            value = safe_cell(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT if not isinstance(value, dt.datetime) else "yyyy-mm-dd hh:mm"
            if number == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(project, kind, extension, today=None):
    today = today or timezone.localdate()
    return f"{project.slug}-{REGISTERS[kind][2]}-{today:%Y-%m-%d}.{extension}"


# --------------------------------------------------------------------------------------------------- filtered entries


class FilterError(ValueError):
    """The query parameters could not be read; the message is for the user."""


def base_queryset(project, kind):
    if kind == "risks":
        return Risk.objects.filter(project=project).select_related(
            "owner", "actionee", "raised_by", "workstream", "deliverable"
        )
    return Issue.objects.filter(project=project).select_related("owner", "raised_by", "change_request")


def _register_filters():
    """risks.filters (the register pages' filters and sort orders) if it is there; None otherwise."""
    try:
        from risks import filters
    except ImportError:
        return None
    return filters


PRIORITY_RANK = Case(
    When(priority=Priority.HIGH, then=Value(1)),
    When(priority=Priority.MEDIUM, then=Value(2)),
    When(priority=Priority.LOW, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


def _with_page_filters(filters, kind, request, project, queryset):
    """Filter and sort as the register page does: risks.filters' RiskFilter / IssueFilter (given the project, and
    for risks its matrix), whose whitelisted `?sort=` is one of its fields. Anything it cannot read, an unknown sort
    included, is refused rather than exported as a view the user did not ask for."""
    if kind == "risks":
        filterset = filters.RiskFilter(request.GET, queryset=queryset, project=project, matrix=matrix_for(project))
    else:
        queryset = queryset.annotate(priority_rank=PRIORITY_RANK)
        filterset = filters.IssueFilter(request.GET, queryset=queryset, project=project)
    if not filterset.is_valid():
        errors = [str(e) for field_errors in filterset.errors.values() for e in field_errors]
        raise FilterError(" ".join(errors) or "The filters could not be read.")
    return filterset.qs


def _fallback(request, queryset):
    """Without risks.filters: every row of the register, or only open or closed ones (`?status=`)."""
    status = request.GET.get("status", "").strip()
    if not status:
        return queryset
    if status not in Status.values:
        raise FilterError("Choose a status: open or closed.")
    return queryset.filter(status=status)


def filtered_entries(request, project, kind):
    """The entries the register page shows for this request's query parameters, in the register's order."""
    queryset = base_queryset(project, kind)
    filters = _register_filters()
    if filters is None:
        return _fallback(request, queryset)
    return _with_page_filters(filters, kind, request, project, queryset)
