"""Exports of the registers: CSV (UTF-8 with BOM) and XLSX, the filtered view's rows, and never a cell a spreadsheet
would run as a formula."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from projects.models import Project
from risks import exports
from risks.exports import FORMULA_STARTS, ISSUE_COLUMNS, RISK_COLUMNS, safe_cell
from risks.models import Issue, Risk


def parse_csv(content):
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8").removeprefix("\ufeff"), newline="")))


def load_xlsx(content):
    return load_workbook(io.BytesIO(content)).active


def looks_like_formula(text):
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


# ------------------------------------------------------------------------------------------------------- safe_cell


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+44 113 222 4444", "'+44 113 222 4444"),
        ("-2 weeks", "'-2 weeks"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ('=HYPERLINK("http://example.com","Click")', '\'=HYPERLINK("http://example.com","Click")'),
        ("Plain text", "Plain text"),
        ("a = b", "a = b"),
        ("'=already quoted", "'=already quoted"),
        ("\x01=hidden behind a control character", "'=hidden behind a control character"),
        ("", ""),
        (None, ""),
        (True, "Yes"),
        (False, "No"),
    ],
)
def test_safe_cell_text(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("value", [0, 16, -5, Decimal("-2.50"), Decimal("1234.56"), 1.5, -0.25])
def test_numbers_stay_numbers(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_dates_stay_dates():
    assert safe_cell(dt.date(2025, 2, 1)) == dt.date(2025, 2, 1)
    aware = timezone.make_aware(dt.datetime(2025, 7, 1, 12, 30))
    assert safe_cell(aware) == dt.datetime(2025, 7, 1, 12, 30)  # local time, as Excel has no time zones


CELLS = st.one_of(
    st.text(),
    st.text(alphabet="=+-@\t\r\n'\"\x00\x01 ,;abc1").map(str),
    st.sampled_from(["=", "+", "-", "@", "\t", "\r"]).flatmap(lambda start: st.text().map(lambda t: start + t)),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9),
    st.dates(),
    st.none(),
)
TABLES = st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=6)


@given(st.text())
def test_random_text_never_yields_a_formula(text):
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert not looks_like_formula(cell)
    assert safe_cell(cell) == cell  # applying it twice changes nothing


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_csv_round_trip_has_no_formula_cells(table):
    parsed = parse_csv(exports.to_csv(table))
    assert len(parsed) == len(table)
    for row, back in zip(table, parsed, strict=True):
        expected = [safe_cell(value) for value in row]
        assert back == [str(value) for value in expected]
        for value, cell in zip(row, back, strict=True):
            if isinstance(value, str | type(None)):
                assert not looks_like_formula(cell)
            if isinstance(value, int | Decimal) and value < 0:
                assert cell.startswith("-")  # a negative number is written as a number, not escaped text


def _xlsx_text(text):
    """Text as an XLSX hands it back, up to its line endings: XML turns a carriage return into a line feed, except one
    openpyxl wrote escaped (_x000D_), which comes back as it was; empty text is no value."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text or None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_xlsx_round_trip_has_no_formula_cells(table):
    sheet = load_xlsx(exports.to_xlsx(table, "Fuzz"))
    for row, cells in zip(table, sheet.iter_rows(max_col=max(len(r) for r in table)), strict=False):
        for value, cell in zip(row, cells, strict=False):
            assert cell.data_type != "f"
            if isinstance(value, str):
                safe = safe_cell(value)
                assert _xlsx_text(cell.value) == _xlsx_text(safe)
                if looks_like_formula(exports._UNWRITABLE.sub("", value)):
                    assert cell.value.startswith("'")
            elif isinstance(value, int | Decimal):
                assert cell.data_type == "n"
                assert cell.value == pytest.approx(float(value))
            elif isinstance(value, dt.date):
                assert cell.is_date and cell.value.date() == value


# ------------------------------------------------------------------------------------------------------ the views


@pytest.fixture
def hcrc(db):
    return Project.objects.get(slug="hcrc")


@pytest.fixture
def nasty_risk(hcrc):
    return Risk.objects.create(
        project=hcrc,
        reference="R099",
        title='=HYPERLINK("http://evil.example","Click me")',
        cause="+cmd|' /C calc'!A0",
        event="-2+3",
        effect="@SUM(1+1)*cmd|' /C calc'!A0",
        contingency="\t=1+1",
        category="financial",
        raised_on=dt.date(2025, 3, 1),
        inherent_likelihood=2,
        inherent_impact=2,
        residual_likelihood=1,
        residual_impact=2,
        status="closed",
    )


def _get(client, name, slug="hcrc", **params):
    return client.get(reverse(name, args=[slug]), params)


def test_risks_csv_has_a_bom_headers_and_a_dated_attachment_name(hcrc, as_persona):
    response = _get(as_persona("councillor"), "risks:risks_csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="hcrc-risk-register-{today:%Y-%m-%d}.csv"'
    rows = parse_csv(response.content)
    assert rows[0] == [header for header, _, _ in RISK_COLUMNS]
    assert [row[0] for row in rows[1:]] == list(hcrc.risks.values_list("reference", flat=True))
    r001 = next(row for row in rows if row[0] == "R001")
    assert r001[rows[0].index("Residual score")] == "16"
    assert r001[rows[0].index("Residual RAG")] == "Red"
    assert r001[rows[0].index("Raised on")] == "2014-02-20"


def test_issues_csv(hcrc, as_persona):
    response = _get(as_persona("service_user"), "risks:issues_csv")
    assert response.status_code == 200
    assert "hcrc-issue-register-" in response["Content-Disposition"]
    rows = parse_csv(response.content)
    assert rows[0] == [header for header, _, _ in ISSUE_COLUMNS]
    assert sorted(row[0] for row in rows[1:]) == ["I001", "I002"]


def test_csv_escapes_formula_text(nasty_risk, as_persona):
    rows = parse_csv(_get(as_persona("project_leader"), "risks:risks_csv").content)
    headers = rows[0]
    row = next(r for r in rows if r[0] == "R099")
    cell = dict(zip(headers, row, strict=True))
    assert cell["Title"] == '\'=HYPERLINK("http://evil.example","Click me")'
    assert cell["Cause"].startswith("'+")
    assert cell["Event"] == "'-2+3"
    assert cell["Effect"].startswith("'@")
    assert cell["Contingency"] == "'\t=1+1"
    assert cell["Residual score"] == "2"
    for rows_cell in row:
        assert not looks_like_formula(rows_cell)


def test_xlsx_has_headers_typed_cells_and_no_formulas(nasty_risk, as_persona):
    response = _get(as_persona("project_leader"), "risks:risks_xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_xlsx(response.content)
    assert sheet.title == "Risk register"
    headers = [c.value for c in sheet[1]]
    assert headers == [header for header, _, _ in RISK_COLUMNS]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "R099")
    cell = dict(zip(headers, row, strict=True))
    assert cell["Title"].value == '\'=HYPERLINK("http://evil.example","Click me")'
    assert cell["Title"].data_type == "s"
    assert cell["Event"].value == "'-2+3"
    assert cell["Residual score"].value == 2 and cell["Residual score"].data_type == "n"
    assert cell["Raised on"].is_date and cell["Raised on"].value.date() == dt.date(2025, 3, 1)
    assert cell["Escalated to the board"].value == "No"


def test_issues_xlsx(hcrc, as_persona):
    response = _get(as_persona("chair"), "risks:issues_xlsx")
    sheet = load_xlsx(response.content)
    assert sheet.title == "Issue register"
    assert sorted(r[0].value for r in sheet.iter_rows(min_row=2)) == ["I001", "I002"]


def test_the_export_is_the_filtered_view(nasty_risk, as_persona):
    client = as_persona("project_leader")
    rows = parse_csv(_get(client, "risks:risks_csv", status="closed").content)
    assert [r[0] for r in rows[1:]] == ["R099"]
    rows = parse_csv(_get(client, "risks:risks_csv", rag="red").content)
    assert sorted(r[0] for r in rows[1:]) == sorted(
        Risk.objects.filter(project=nasty_risk.project, residual_rag="red").values_list("reference", flat=True)
    )
    rows = parse_csv(_get(client, "risks:risks_csv", q="Framework").content)
    assert [r[0] for r in rows[1:]] == ["R004"]
    sheet = load_xlsx(_get(client, "risks:risks_xlsx", status="open").content)
    assert "R099" not in [r[0].value for r in sheet.iter_rows(min_row=2)]


def test_the_export_matches_the_register_filter(nasty_risk, rf):
    from risks.filters import RiskFilter
    from risks.models import matrix_for

    request = rf.get("/", {"status": "open", "category": "market"})
    project = nasty_risk.project
    expected = RiskFilter(request.GET, queryset=project.risks.all(), project=project, matrix=matrix_for(project)).qs
    got = exports.filtered_entries(request, project, "risks")
    assert sorted(r.pk for r in got) == sorted(r.pk for r in expected) != []


def test_issue_export_filters(hcrc, as_persona):
    rows = parse_csv(_get(as_persona("chair"), "risks:issues_csv", priority="high").content)
    assert [r[0] for r in rows[1:]] == ["I001"]


def test_unreadable_filters_are_refused_not_ignored(hcrc, as_persona):
    response = _get(as_persona("chair"), "risks:risks_csv", status="bogus")
    assert response.status_code == 400
    assert "status" in response.content.decode()


@pytest.mark.parametrize(
    "name,ways",
    [
        ("risks:risks_csv", "reference, score, review date or owner"),
        ("risks:risks_xlsx", "reference, score, review date or owner"),
        ("risks:issues_csv", "reference, priority, date raised or owner"),
        ("risks:issues_xlsx", "reference, priority, date raised or owner"),
    ],
)
def test_an_unknown_sort_is_refused_not_ignored(hcrc, as_persona, name, ways):
    response = _get(as_persona("councillor"), name, sort="abc")
    assert response.status_code == 400
    assert response.content.decode() == (
        f"The register could not be exported: The register cannot be sorted by “abc”. Sort it by {ways}."
    )


def test_the_export_is_in_the_sorted_order_of_the_register(hcrc, as_persona):
    client = as_persona("councillor")
    rows = parse_csv(_get(client, "risks:risks_csv", sort="-reference").content)
    assert [r[0] for r in rows[1:]] == ["R005", "R004", "R003", "R002", "R001"]
    sheet = load_xlsx(_get(client, "risks:issues_xlsx", sort="priority").content)
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["I001", "I002"]  # high, then medium


def test_without_the_register_filters_status_still_filters(nasty_risk, as_persona, monkeypatch):
    monkeypatch.setattr(exports, "_register_filters", lambda: None)
    client = as_persona("chair")
    rows = parse_csv(_get(client, "risks:risks_csv", status="closed", rag="red").content)
    assert [r[0] for r in rows[1:]] == ["R099"]  # only ?status= is understood then
    assert _get(client, "risks:risks_csv", status="bogus").status_code == 400
    rows = parse_csv(_get(client, "risks:issues_csv").content)
    assert len(rows) == 1 + Issue.objects.filter(project=nasty_risk.project).count()


@pytest.mark.parametrize("name", ["risks:risks_csv", "risks:risks_xlsx", "risks:issues_csv", "risks:issues_xlsx"])
def test_exports_are_for_those_who_may_see_the_register(hcrc, as_persona, name):
    assert _get(as_persona("outsider"), name).status_code == 404
    response = _get(as_persona("anonymous"), name)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert _get(as_persona("admin_staff"), name, slug="no-such-project").status_code == 404
