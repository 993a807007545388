"""Uploaded PDFs are judged by their content (governance.uploads), with real tiny PDFs made by pypdf."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from governance.uploads import PdfValidator, validate_pdf


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
