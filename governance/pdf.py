"""Turning an assembled pack (governance/packs.py) into a PDF with WeasyPrint.

The whole pack is one HTML document laid out once, so page numbers run on across every paper, each paper starts on a
right-hand page (the blank versos say "This page is intentionally left blank"), the agenda gives each item's page by
target-counter, and every item and paper is a bookmark. The output is the PDF/UA-1 variant: tagged, with its title
and language. Fonts are the project's own (Arimo, built from the npm registry into PACK_FONT_DIR), never the
machine's, so a pack is laid out the same everywhere.

An uploaded PDF cannot be laid out as HTML: the pack reserves one numbered page per page of it (with the running
header and "Page N"), and the uploaded page is then drawn onto its reserved page, scaled to fit inside the margins.
"""

from dataclasses import dataclass
from io import BytesIO

from django.conf import settings

# The area between the margins of an A4 page, in points, where an uploaded page is drawn (see pack.css's @page).
A4 = (595.28, 841.89)
MM = 72 / 25.4
CONTENT_BOX = (18 * MM, 24 * MM, A4[0] - 18 * MM, A4[1] - 26 * MM)  # left, bottom, right, top


@dataclass
class Rendered:
    data: bytes
    pages: int


def _placeholder_pages(document, pack):
    """{anchor: page index} for the pages reserved for uploaded PDFs."""
    wanted = {anchor for paper in pack.papers for anchor in paper.placeholders}
    found = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor in wanted:
                found[anchor] = index
    missing = wanted - set(found)
    if missing:
        raise RuntimeError(f"Reserved pages not laid out: {sorted(missing)[:3]}")
    return found


def _draw_uploads(data, pack, placeholders):
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=BytesIO(data))
    left, bottom, right, top = CONTENT_BOX
    for paper in pack.papers:
        if not paper.pdf_pages:
            continue
        source = PdfReader(BytesIO(paper.pdf))
        for anchor, page in zip(paper.placeholders, source.pages, strict=True):
            box = page.cropbox
            width, height = float(box.width), float(box.height)
            scale = min((right - left) / width, (top - bottom) / height, 1.0)
            x = left + ((right - left) - width * scale) / 2 - float(box.left) * scale
            y = bottom + ((top - bottom) - height * scale) / 2 - float(box.bottom) * scale
            target = writer.pages[placeholders[anchor]]
            target.merge_transformed_page(page, Transformation().scale(scale).translate(x, y), over=True)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def render(pack, html=None, progress=None):
    """Lay out and write the pack; returns the PDF bytes and its page count."""
    from weasyprint import HTML

    html = html if html is not None else pack.html()
    if progress:
        progress(65, "Laying out the pages")
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
    placeholders = _placeholder_pages(document, pack)
    if progress:
        progress(85, "Writing the PDF")
    data = document.write_pdf(pdf_variant="pdf/ua-1")
    if placeholders:
        if progress:
            progress(92, "Adding the uploaded papers")
        data = _draw_uploads(data, pack, placeholders)
    return Rendered(data=data, pages=len(document.pages))
