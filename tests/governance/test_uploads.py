"""Uploaded PDFs are judged by their content (governance.uploads), with real tiny PDFs made by pypdf and pikepdf."""

import datetime as dt
import io

import pikepdf
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfWriter
from webtest import Upload

from governance import meeting_actions
from governance.forms_reports import AppendixForm
from governance.models import Body
from governance.uploads import ACTIVE_CONTENT, SAVE_AGAIN, PdfValidator, validate_pdf


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(content, name="appendix.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_is_accepted_and_can_be_read_again():
    content = pdf_bytes(pages=2)
    file = upload(content)
    assert validate_pdf(file) is file
    assert file.read() == content  # put back at the start for saving


def test_a_text_file_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(b"Minutes of the meeting\n", name="minutes.pdf"), "The appendix")
    assert refused.value.messages == ["The appendix must be a PDF. This file is not a PDF, whatever its name says."]


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    content = pdf_bytes()
    settings.GOVERNANCE_UPLOAD_MAX_BYTES = len(content) - 1
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content))
    assert refused.value.code == "too_big"
    assert "or smaller; this one is" in refused.value.messages[0]
    settings.GOVERNANCE_UPLOAD_MAX_BYTES = len(content)
    validate_pdf(upload(content))


def test_a_damaged_pdf_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(b"%PDF-1.7\nthis is not the rest of a PDF\n"))
    assert refused.value.code == "damaged_pdf"


def test_a_pdf_with_no_pages_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(pdf_bytes(pages=0)))
    assert refused.value.code == "no_pages"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(b""))
    assert refused.value.code == "empty"


class PaperForm(forms.Form):
    paper = forms.FileField(validators=[PdfValidator("The paper")])


def test_the_validator_works_on_a_form_field():
    good = PaperForm(files={"paper": upload(pdf_bytes())})
    assert good.is_valid()
    bad = PaperForm(files={"paper": upload(b"<html></html>", name="paper.pdf")})
    assert not bad.is_valid()
    assert bad.errors["paper"] == ["The paper must be a PDF. This file is not a PDF, whatever its name says."]


# ------------------------------------------------------------------------------------- active content and attachments
# Real PDFs made with pikepdf, each holding one thing a viewer would act on by itself, where a PDF writer puts it.


def pikepdf_bytes(change=None, **save):
    """A one-page PDF made by pikepdf, after change(pdf) if given."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if change:
        change(pdf)
    out = io.BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def javascript(code="app.alert('hello');"):
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def link(pdf, action):
    """A link annotation on the first page that runs `action` when clicked."""
    page = pdf.pages[0]
    page.Annots = pdf.make_indirect(
        Array([Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 100, 100], A=action)])
    )


def open_with_javascript(pdf):
    pdf.Root.OpenAction = javascript()


def javascript_name_tree(pdf):
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("hello"), pdf.make_indirect(javascript())])))


def page_open_action(pdf):
    pdf.pages[0].AA = Dictionary(O=javascript())


def link_to_javascript(pdf):
    link(pdf, javascript())


def link_that_launches_a_program(pdf):
    link(pdf, Dictionary(S=Name.Launch, F=String("calc.exe")))


def open_a_web_address(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("https://example.org/"))


def go_to_a_page_then_run_javascript(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]), Next=javascript())


def form_field_with_a_keystroke_script(pdf):
    field = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("total"), Rect=[0, 0, 100, 20])
    )
    field.AA = Dictionary(K=javascript("AFNumber_Keystroke(2, 0, 0, 0, '', true);"))
    pdf.pages[0].Annots = Array([field])
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]))


def xfa_form(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))


def attached_spreadsheet(pdf):
    pdf.attachments["budget.xlsx"] = pikepdf.AttachedFileSpec(pdf, b"PK\x03\x04 a spreadsheet")


def file_attachment_annotation(pdf):
    spec = pikepdf.AttachedFileSpec(pdf, b"PK\x03\x04 a spreadsheet", filename="budget.xlsx")
    annotation = Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[0, 0, 20, 20], FS=spec.obj)
    pdf.pages[0].Annots = Array([annotation])


def go_to_the_first_page(pdf):
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])
    link(pdf, Dictionary(S=Name.URI, URI=String("https://www.leeds.gov.uk/")))


ACTIVE = "The paper contains JavaScript or actions that run when it is opened. " + SAVE_AGAIN


def test_a_pdf_that_opens_at_its_first_page_with_a_web_link_is_accepted():
    validate_pdf(upload(pikepdf_bytes(go_to_the_first_page)), "The paper")
    validate_pdf(upload(pikepdf_bytes(go_to_the_first_page, object_stream_mode=pikepdf.ObjectStreamMode.generate)))


@pytest.mark.parametrize(
    "change",
    [
        open_with_javascript,
        javascript_name_tree,
        page_open_action,
        link_to_javascript,
        link_that_launches_a_program,
        open_a_web_address,
        go_to_a_page_then_run_javascript,
        form_field_with_a_keystroke_script,
        xfa_form,
    ],
)
def test_a_pdf_with_javascript_or_an_action_that_runs_by_itself_is_refused(change):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(pikepdf_bytes(change)), "The paper")
    assert refused.value.messages == [ACTIVE]
    assert refused.value.code == ACTIVE_CONTENT


def test_javascript_in_a_compressed_object_stream_is_found_where_a_search_of_the_bytes_finds_nothing():
    content = pikepdf_bytes(open_with_javascript, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"JavaScript" not in content and b"/JS" not in content
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content), "The paper")
    assert refused.value.code == ACTIVE_CONTENT


@pytest.mark.parametrize("change", [attached_spreadsheet, file_attachment_annotation])
def test_a_pdf_with_an_attached_file_is_refused(change):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(pikepdf_bytes(change)), "The appendix")
    assert refused.value.messages == [
        "The appendix has files attached inside it (such as the document it was made from). " + SAVE_AGAIN
    ]


def test_the_appendix_form_refuses_a_pdf_with_javascript():
    form = AppendixForm(data={"title": "Job description"}, files={"file": upload(pikepdf_bytes(link_to_javascript))})
    assert not form.is_valid()
    assert form.errors["file"] == [
        "The appendix contains JavaScript or actions that run when it is opened. " + SAVE_AGAIN
    ]


@pytest.fixture
def draft_agenda(db):
    admin = get_user_model().objects.get(username="admin.staff")
    board = Body.objects.get(slug="project-board")
    day = timezone.localdate() + dt.timedelta(weeks=8)
    meeting = meeting_actions.schedule_meetings(board, day, day + dt.timedelta(days=6), dt.time(10), admin)[0]
    return meeting_actions.ensure_agenda(meeting, admin)


def paper_form(app, agenda):
    page = app.get(reverse("governance:item_new", args=[agenda.pk]), user="admin.staff")
    return next(form for form in page.forms.values() if "paper" in form.fields)


def test_admin_staff_adding_a_paper_with_javascript_see_why_on_the_page_and_nothing_is_saved(
    django_app, draft_agenda, media_root
):
    form = paper_form(django_app, draft_agenda)
    form["title"] = "Provider engagement report"
    form["purpose"] = "information"
    form["paper"] = Upload("report.pdf", pikepdf_bytes(open_with_javascript), "application/pdf")
    page = form.submit()
    assert page.status_code == 200
    assert ACTIVE in page.html.find(class_="govuk-error-summary").get_text(" ", strip=True)
    assert ACTIVE in page.html.find(id="id_paper_error").get_text(" ", strip=True)
    assert not draft_agenda.items.filter(title="Provider engagement report").exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))

    form = paper_form(django_app, draft_agenda)
    form["title"] = "Provider engagement report"
    form["purpose"] = "information"
    form["paper"] = Upload("report.pdf", pikepdf_bytes(go_to_the_first_page), "application/pdf")
    assert form.submit().status_code == 302
    assert draft_agenda.items.get(title="Provider engagement report").paper
