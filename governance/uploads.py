"""Checks on uploaded files. A PDF is judged by its content, never by its name or the browser's content type: it
must start with the PDF header, open with pypdf and have at least one page, and be no larger than
settings.GOVERNANCE_UPLOAD_MAX_BYTES.

It must also hold nothing that a reader's PDF viewer would act on by itself, or that a reader would not see:

- JavaScript anywhere (a /JavaScript or /Launch action, a /JS script, the document's /JavaScript name tree, an XFA
  form, which carries its own scripts);
- additional actions (/AA) of the document, a page, a link or a form field, which run when it is opened, closed,
  printed, a page is shown or a field is entered;
- an /OpenAction other than going to a page of the document: whatever else it does (run a script, open a web
  address, launch a program) happens as soon as the file is opened;
- attached files (/EF, in the attachments list or a file attachment annotation): readers of the paper do not see
  them, and they are often the document the PDF was made from, with what was left out of the PDF still in it.

Such a file is refused, not cleaned: the officer keeps the file that is published, and a message says how to save
it without them. The PDF's objects are read with pikepdf (qpdf), which unpacks compressed object streams and
normalises escaped names, so nothing hides from the check as a search of the file's bytes would miss.
"""

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pikepdf import Array, Dictionary, Name, Stream, String
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_HEADER = b"%PDF-"
# What refused_content finds, and the codes of the errors that refuse them.
ACTIVE_CONTENT = "active_content"
ATTACHED_FILES = "attached_files"
SAVE_AGAIN = "Save it again without them (for example, print it to PDF) and upload it again."


def max_upload_bytes():
    return settings.GOVERNANCE_UPLOAD_MAX_BYTES


def validate_pdf(upload, what="The file"):
    """Raise ValidationError, in words for the person uploading, unless `upload` is a PDF within the size limit
    with no active content and no attached files.

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
    damaged = ValidationError(f"{what} is a damaged PDF that cannot be opened.", code="damaged_pdf")
    try:
        pages = len(PdfReader(upload).pages)
    # pypdf raises more than its own errors on a damaged file (struct, value and key errors from the parser).
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as error:
        raise damaged from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(f"{what} is a PDF with no pages.", code="no_pages")
    try:
        found = refused_content(upload)
    # pypdf opened it, but qpdf may still give up on it (or on objects nested beyond its limit).
    except (pikepdf.PdfError, ValueError, RecursionError) as error:
        raise damaged from error
    finally:
        upload.seek(0)
    if ACTIVE_CONTENT in found:
        raise ValidationError(
            f"{what} contains JavaScript or actions that run when it is opened. {SAVE_AGAIN}", code=ACTIVE_CONTENT
        )
    if ATTACHED_FILES in found:
        raise ValidationError(
            f"{what} has files attached inside it (such as the document it was made from). {SAVE_AGAIN}",
            code=ATTACHED_FILES,
        )
    return upload


def refused_content(file):
    """The kinds of content a PDF may not hold that `file` (a readable, seekable binary file) holds:
    a set of ACTIVE_CONTENT and ATTACHED_FILES, empty when it has neither."""
    found = set()
    with pikepdf.open(file) as pdf:
        catalog = pdf.Root
        names = catalog.get(Name.Names)
        acroform = catalog.get(Name.AcroForm)
        if (
            not _goes_to_a_page(catalog.get(Name.OpenAction))
            or (isinstance(names, Dictionary) and Name.JavaScript in names)
            or (isinstance(acroform, Dictionary) and Name.XFA in acroform)
        ):
            found.add(ACTIVE_CONTENT)
        # Every object in the file (those in compressed object streams too), with the dictionaries written inside
        # it: actions and file specifications are as often direct (in a link's /A) as objects of their own.
        for obj in pdf.objects:
            for dictionary in _dictionaries_in(obj):
                if (
                    Name.AA in dictionary
                    or Name.JS in dictionary
                    or dictionary.get(Name.S) in (Name.JavaScript, Name.Launch)
                ):
                    found.add(ACTIVE_CONTENT)
                if Name.EF in dictionary:
                    found.add(ATTACHED_FILES)
    return found


def _goes_to_a_page(open_action):
    """Whether a document's /OpenAction only shows a page of it: a destination, or a GoTo action with nothing after."""
    if open_action is None or isinstance(open_action, (Array, Name, String)):
        return True
    return isinstance(open_action, Dictionary) and open_action.get(Name.S) == Name.GoTo and Name.Next not in open_action


def _dictionaries_in(obj):
    """obj if it is a dictionary (a stream's own dictionary for a stream) and every dictionary written directly
    inside it, however deep; objects it refers to are left out (pdf.objects yields each of them once)."""
    pending = [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, Stream):
            item = item.stream_dict
        if isinstance(item, Dictionary):
            yield item
            values = item.values()
        elif isinstance(item, Array):
            values = item
        else:
            continue
        pending.extend(v for v in values if isinstance(v, (Dictionary, Array)) and not v.is_indirect)


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
