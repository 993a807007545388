"""Checks on uploaded files. A PDF is judged by its content, never by its name or the browser's content type: it
must start with the PDF header, open with pypdf and have at least one page, and be no larger than
settings.GOVERNANCE_UPLOAD_MAX_BYTES.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_HEADER = b"%PDF-"


def max_upload_bytes():
    return settings.GOVERNANCE_UPLOAD_MAX_BYTES


def validate_pdf(upload, what="The file"):
    """Raise ValidationError, in words for the person uploading, unless `upload` is a PDF within the size limit.

    `upload` is any Django File (an UploadedFile from a form, or a stored file). Its position is put back at the
    start, so that it can be saved afterwards.
    """
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"{what} must be {filesizeformat(limit)} or smaller; this one is {filesizeformat(upload.size)}.",
            code="too_big",
        )
    if not upload.size:
        raise ValidationError(f"{what} is empty.", code="empty")
    upload.seek(0)
    head = upload.read(len(PDF_HEADER))
    upload.seek(0)
    if head != PDF_HEADER:
        raise ValidationError(f"{what} must be a PDF. This file is not a PDF, whatever its name says.", code="not_pdf")
    try:
        pages = len(PdfReader(upload).pages)
    # pypdf raises more than its own errors on a damaged file (struct, value and key errors from the parser).
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as error:
        raise ValidationError(f"{what} is a damaged PDF that cannot be opened.", code="damaged_pdf") from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(f"{what} is a PDF with no pages.", code="no_pages")
    return upload


class PdfValidator:
    """The same check as a field validator: `forms.FileField(validators=[PdfValidator("The appendix")])`."""

    def __init__(self, what="The file"):
        self.what = what

    def __call__(self, upload):
        validate_pdf(upload, self.what)

    def __eq__(self, other):
        return isinstance(other, PdfValidator) and other.what == self.what

    def deconstruct(self):
        return ("governance.uploads.PdfValidator", (self.what,), {})
