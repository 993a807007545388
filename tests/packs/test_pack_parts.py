"""A pack laid out in parts: page numbers run on across the parts, a rebuild lays out again only the paper that
changed, parallel layout gives the same pages as serial, the joined structure tree is one valid tree, and the
agenda's page numbers link to the papers."""

import re

import pytest
from django.conf import settings
from pypdf.generic import IndirectObject

from governance import fonts, meeting_actions, pack_builds, packs
from governance import pdf as pdf_module
from tests.access.logs import admin_user
from tests.packs.helpers import ReadPdf, board_meeting_with_papers

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path):
    settings.PACK_PART_CACHE_DIR = str(tmp_path / "parts")
    return board_meeting_with_papers()


def build(meeting, variant="private"):
    pack = packs.agenda_pack(meeting, variant)
    rendered = pack_builds.build_file(pack)
    return pack, rendered, ReadPdf(rendered.data)


def test_page_numbers_run_on_across_the_parts(records):
    pack, rendered, pdf = build(records["meeting"])
    assert rendered.stats["parts"] == 2 + len(pack.papers)  # cover, agenda, one part per paper
    numbered = [(index, number) for index, number in enumerate(pdf.page_numbers()) if number is not None]
    assert [number for _, number in numbered] == [index + 1 for index, _ in numbered]
    assert len(numbered) + sum(pdf.is_blank(i) for i in range(pdf.pages)) == pdf.pages


def test_a_rebuild_lays_out_again_only_the_paper_that_changed(records):
    _, first, _ = build(records["meeting"])
    # Cold: every part, the agenda twice (first to learn its length, then with the page numbers).
    assert len(set(first.stats["laid_out"])) == first.stats["parts"] and first.stats["laid_out"].count("agenda") == 2
    _, again, _ = build(records["meeting"])
    assert again.stats["laid_out"] == [] and again.stats["furniture_laid_out"] == 0
    assert again.data != b"" and ReadPdf(again.data).pages == first.pages

    last = records["last"]
    minutes = meeting_actions.current_minutes(last)
    item = last.agendas.get().items.filter(exempt_paragraph__isnull=True).order_by("position").first()
    meeting_actions.save_note(minutes, item, "A note added after the first build LMN-5521.", admin_user())
    pack, changed, pdf = build(records["meeting"])
    minutes_paper = next(paper for paper in pack.papers if paper.title == "Minutes of the last meeting")
    assert changed.stats["laid_out"] == [minutes_paper.anchor]
    assert "LMN-5521" in pdf.text


def test_a_paper_that_grows_moves_the_pages_after_it_without_laying_out_their_furniture_again(records):
    _, first, _ = build(records["meeting"])
    last = records["last"]
    minutes = meeting_actions.current_minutes(last)
    item = last.agendas.get().items.filter(exempt_paragraph__isnull=True).order_by("position").first()
    long_note = " ".join(["The board went through the fee model line by line (GRW-7731)."] * 220)
    meeting_actions.save_note(minutes, item, long_note, admin_user())
    pack, grown, pdf = build(records["meeting"])
    assert grown.pages > first.pages
    minutes_paper = next(paper for paper in pack.papers if paper.title == "Minutes of the last meeting")
    assert minutes_paper.anchor in grown.stats["laid_out"]
    assert grown.stats["furniture_laid_out"] == 0  # faces and numbers are where they were
    numbered = [(index, number) for index, number in enumerate(pdf.page_numbers()) if number is not None]
    assert [number for _, number in numbered] == [index + 1 for index, _ in numbered]
    assert len(numbered) + sum(pdf.is_blank(i) for i in range(pdf.pages)) == pdf.pages == grown.pages


def test_parallel_layout_gives_the_same_pages_as_serial(records, settings, tmp_path):
    settings.PACK_RENDER_WORKERS = 1
    _, serial, serial_pdf = build(records["meeting"], "public")
    settings.PACK_RENDER_WORKERS = 2
    settings.PACK_PART_CACHE_DIR = str(tmp_path / "parallel")
    _, parallel, parallel_pdf = build(records["meeting"], "public")
    assert parallel.stats["laid_out"] == serial.stats["laid_out"]
    assert parallel_pdf.pages == serial_pdf.pages
    assert parallel_pdf.texts == serial_pdf.texts


def test_the_joined_structure_tree_is_one_valid_tree(records):
    pack, rendered, pdf = build(records["meeting"])
    root = pdf.catalog["/StructTreeRoot"].get_object()
    (document,) = root["/K"]
    document = document.get_object()
    assert document["/S"] == "/Document" and document["/P"].get_object() is root
    nums = root["/ParentTree"].get_object()["/Nums"]
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(root["/ParentTreeNextKey"]) > max(tree)
    pages_with_content = 0
    for index, page in enumerate(pdf.reader.pages):
        if "/StructParents" not in page:
            assert pdf.is_blank(index), f"page {index + 1} has content but no /StructParents"
            continue
        pages_with_content += 1
        elements = tree[int(page["/StructParents"])].get_object()
        assert len(elements), f"page {index + 1}'s /StructParents resolves to nothing"
        for element in elements:
            element = element.get_object()
            assert element["/Pg"].get_object().indirect_reference == page.indirect_reference
            walk = element
            for _ in range(200):  # every element leads up to the one Document element
                parent = walk["/P"].get_object()
                if parent is document:
                    break
                walk = parent
            else:
                pytest.fail("an element does not lead up to the Document element")
    assert pages_with_content == pdf.pages - sum(pdf.is_blank(i) for i in range(pdf.pages))
    # The text of every part is in the file, and each paper's title is in the tagged tree's pages.
    for paper in pack.papers:
        assert paper.title.split(" (")[0][:40] in pdf.text.replace("\n", " ")
    assert "Agenda" in pdf.text and pack.cover["body"] in pdf.text
    kinds = set()
    stack = [document]
    while stack:
        element = stack.pop()
        kinds.add(str(element["/S"]))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                stack.append(kid.get_object())
    assert {"/H1", "/P", "/Table", "/Sect"} <= kinds


def test_the_agendas_page_numbers_link_to_the_pages_the_papers_start_on(records):
    pack, _, pdf = build(records["meeting"])
    starts = {
        match.group(1): index
        for index, text in enumerate(pdf.texts)
        for match in [re.search(r"AGENDA ITEM (\S+)", text)]
        if match
    }
    agenda = next(index for index, text in enumerate(pdf.texts) if text.startswith("Agenda"))
    links = [annotation.get_object() for annotation in pdf.reader.pages[agenda].get("/Annots", [])]
    with_papers = [entry for entry in pack.items if entry.papers]
    assert len(links) == len(with_papers)
    for entry, link in zip(with_papers, links, strict=True):
        assert link["/Subtype"] == "/Link" and "/A" not in link
        target = pdf.reader.get_page_number(link["/Dest"][0].get_object())
        assert target == starts[entry.number], f"item {entry.number}'s page number links to page {target + 1}"
        assert link["/Contents"] == f"Page {target + 1}"
        assert "/StructParent" in link  # tagged: the link is in the structure tree


def test_parts_are_laid_out_with_truetype_fonts_and_decompress_no_woff2(monkeypatch, records):
    from fontTools.ttLib import woff2

    fonts.unpack(settings.PACK_FONT_DIR)
    decompressed = []
    decompress = woff2.decompress
    monkeypatch.setattr(woff2, "decompress", lambda *args: decompressed.append(1) or decompress(*args))
    monkeypatch.setattr(pdf_module, "_font_config", None)
    pack = packs.agenda_pack(records["meeting"], "private")
    assert ".ttf" in pack.part_html("cover") and ".woff2" not in pack.part_html("cover")
    for paper in pack.papers[:2]:
        html = pack.part_html("paper", entry=pack.items[0], paper=paper, first=True)
        data = pdf_module._lay_out(html, str(settings.BASE_DIR))
        font_names = [
            font.get_object()["/BaseFont"] for font in ReadPdf(data).reader.pages[0]["/Resources"]["/Font"].values()
        ]
        assert font_names and all("Arimo" in name for name in font_names), font_names
    assert decompressed == []


def test_unpacking_writes_a_truetype_font_beside_each_woff2(tmp_path):
    from fontTools.ttLib import TTFont

    source = settings.PACK_FONT_DIR / "arimo-latin-400-normal.woff2"
    (tmp_path / source.name).write_bytes(source.read_bytes())
    fonts.unpack(tmp_path)
    unpacked = TTFont(tmp_path / "arimo-latin-400-normal.ttf")
    assert unpacked.flavor is None
    assert unpacked["maxp"].numGlyphs == TTFont(source)["maxp"].numGlyphs > 100
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".tmp"] == []


def test_a_build_says_where_its_time_went(records):
    _, rendered, _ = build(records["meeting"])
    assert set(rendered.stats["stages"]) == {"parts", "agenda_and_frame", "join"}
    assert all(seconds >= 0 for seconds in rendered.stats["stages"].values())
