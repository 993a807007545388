"""The real PDFs: page count, continuous "Page N", right-hand starts with blank versos, bookmarks, tagging, fonts,
uploaded papers laid on numbered pages, and the public pack withholding every exempt paper."""

import re

import pytest

from governance import pack_builds, packs
from tests.packs.helpers import MARKER, UPLOAD_TEXT, ReadPdf, board_meeting_with_papers, upload_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    records = board_meeting_with_papers()
    out = {}
    for variant in ("private", "public"):
        pack = packs.agenda_pack(records["meeting"], variant)
        rendered = pack_builds.build_file(pack)
        out[variant] = (pack, ReadPdf(rendered.data), rendered)
    return records, out


def paper_starts(pdf):
    """Page indexes (0-based) where an item's first paper starts (the "Agenda item N" label)."""
    return {
        match.group(1): index
        for index, text in enumerate(pdf.texts)
        for match in [re.search(r"AGENDA ITEM (\S+)", text)]
        if match
    }


@pytest.mark.parametrize("variant", ["private", "public"])
def test_page_numbers_run_on_across_every_paper(built, variant):
    _, packs_ = built
    pack, pdf, rendered = packs_[variant]
    assert pdf.pages == rendered.pages >= 7
    numbers = pdf.page_numbers()
    for index, number in enumerate(numbers):
        if pdf.is_blank(index):
            assert number is None
        else:
            assert number == index + 1, f"page {index + 1} reads {number}"


@pytest.mark.parametrize("variant", ["private", "public"])
def test_each_paper_starts_on_a_right_hand_page_after_a_blank_verso(built, variant):
    _, packs_ = built
    pack, pdf, _ = packs_[variant]
    starts = [index for index, text in enumerate(pdf.texts) if re.search(r"^(AGENDA ITEM|Agenda$)", text, re.M)]
    assert len(starts) >= 4
    for index in starts:
        assert index % 2 == 0, f"a paper starts on page {index + 1}, a left-hand page"
    blanks = [index for index in range(pdf.pages) if pdf.is_blank(index)]
    assert blanks, "a pack of papers of odd length has blank versos"
    for index in blanks:
        assert index % 2 == 1, "only a left-hand page is left blank"
        assert pdf.texts[index].strip() == "This page is intentionally left blank"


def test_agenda_gives_the_page_each_items_papers_start_on(built):
    _, packs_ = built
    pack, pdf, _ = packs_["private"]
    agenda = next(text for text in pdf.texts if text.startswith("Agenda"))
    starts = paper_starts(pdf)
    assert starts, "some items have papers"
    for entry in pack.items:
        if entry.papers:
            page = starts[entry.number] + 1
            assert re.search(rf"^{re.escape(entry.number)}\s.*?\b{page}\b", agenda, re.M | re.S), (entry.number, page)


@pytest.mark.parametrize("variant", ["private", "public"])
def test_one_bookmark_per_item_and_one_per_paper(built, variant):
    _, packs_ = built
    pack, pdf, _ = packs_[variant]
    outline = pdf.outline()
    titles = [title for _, title, _ in outline]
    for entry in pack.items:
        mine = [t for t in titles if t.startswith(f"{entry.number}. ")]
        assert len(mine) == 1, (entry.number, mine)
    paper_marks = [(level, title) for level, title, _ in outline if level == 2 and not re.match(r"\d+\. ", title)]
    assert len(paper_marks) == len(pack.papers)
    assert ("Cover" in titles) and ("Agenda" in titles)


@pytest.mark.parametrize("variant", ["private", "public"])
def test_tagged_pdf_ua_with_title_language_and_the_projects_own_font(built, variant):
    _, packs_ = built
    pack, pdf, _ = packs_[variant]
    catalog = pdf.catalog
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    assert pdf.reader.metadata.title == pack.title
    assert "pdfuaid" in catalog["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    uploaded = fonts_of(ReadPdf(upload_pdf()))  # an uploaded paper brings its own fonts
    fonts = fonts_of(pdf) - uploaded
    assert fonts
    assert all(name.startswith("Arimo") for name in fonts), fonts


def fonts_of(pdf):
    """Base font names (without the subset prefix) in the PDF's page resources."""
    names = set()
    for page in pdf.reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_uploaded_paper_is_laid_on_numbered_pages(built):
    _, packs_ = built
    pack, pdf, _ = packs_["private"]
    pages = [index for index, text in enumerate(pdf.texts) if UPLOAD_TEXT in text]
    assert len(pages) == 2
    assert any("Bid scores " + MARKER in text for text in pdf.texts)  # the exempt item's upload
    for index in pages:
        assert pdf.page_numbers()[index] == index + 1
        assert "Item " in pdf.texts[index]  # the running header


def test_private_pack_has_the_exempt_papers_marked_not_for_publication(built):
    records, packs_ = built
    _, pdf, _ = packs_["private"]
    exempt_pages = [index for index, text in enumerate(pdf.texts) if MARKER in text]
    assert exempt_pages
    # The running mark shares the top of the page with the pack's title, whose width follows the meeting's date, so
    # it may wrap: compare the words, not the lines.
    words = [" ".join(text.split()) for text in pdf.texts]
    assert any("Not for publication: paragraph 3 of Schedule 12A" in words[index] for index in exempt_pages)


def test_public_pack_withholds_every_exempt_item_and_paper(built):
    records, packs_ = built
    _, pdf, _ = packs_["public"]
    assert MARKER not in pdf.text
    assert MARKER.encode() not in pdf.data
    assert MARKER not in " ".join(title for _, title, _ in pdf.outline())
    notice = "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A"
    assert notice in re.sub(r"\s+", " ", pdf.text)
    assert "This item is considered in private" in re.sub(r"\s+", " ", pdf.text)
    assert "exempt items" not in pdf.text.lower() or "(exempt)" in pdf.text


def test_public_pack_never_renders_a_withheld_paper(built, monkeypatch):
    """A withheld paper's render() is not even called, so nothing of it can reach the file."""
    records, _ = built
    from governance import papers

    called = []
    original = papers.papers_for

    def spy(items):
        out = original(items)
        for item_papers in out.values():
            for n, paper in enumerate(item_papers):
                if paper.render is not None and (paper.exempt_paragraph or paper.item_id == records["exempt"].pk):
                    render = paper.render
                    item_papers[n] = type(paper)(
                        **{**paper.__dict__, "render": lambda r=render: called.append(1) or r()}
                    )
        return out

    monkeypatch.setattr(packs, "papers_for", spy)
    packs.agenda_pack(records["meeting"], "public")
    assert called == []
    packs.agenda_pack(records["meeting"], "private")
    assert called, "the private pack does render them"
