"""Rendered papers are kept as files beside the laid-out parts, so that any pack worker rebuilding a pack renders
only the papers that changed."""

import os
import time
from io import BytesIO

import pytest
from django.utils.safestring import SafeString
from pypdf import PdfWriter

from governance import packs
from governance.papers import Paper


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PACK_PART_CACHE_DIR = ""
    return tmp_path


def _paper(fingerprint, text, renders):
    def render():
        renders.append(fingerprint)
        return SafeString(f"<p>{text}</p>")

    return Paper(item_id=1, title="Report", url="/r/", kind="Decision report", render=render, fingerprint=fingerprint)


def test_a_paper_is_rendered_once_per_fingerprint_and_kept_as_a_file_under_media(media):
    renders = []
    first = packs._rendered(_paper("report:1:v1", "<b>first</b>", renders))
    again = packs._rendered(_paper("report:1:v1", "never rendered", renders))
    assert first == again == "<p><b>first</b></p>" and renders == ["report:1:v1"]
    assert isinstance(again, SafeString)  # read back from the file, it is still the template's (escaped) output
    assert [path.suffix for path in (media / "pack-parts" / "papers").iterdir()] == [".html"]
    changed = packs._rendered(_paper("report:1:v2", "second", renders))
    assert changed == "<p>second</p>" and renders == ["report:1:v1", "report:1:v2"]


def test_a_paper_without_a_fingerprint_is_rendered_every_time(media):
    renders = []
    for _ in range(2):
        packs._rendered(_paper("", "live", renders))
    assert renders == ["", ""] and not (media / "pack-parts" / "papers").exists()


def test_papers_unused_for_a_day_are_pruned(media):
    renders = []
    packs._rendered(_paper("old", "old", renders))
    packs._rendered(_paper("new", "new", renders))
    folder = media / "pack-parts" / "papers"
    old = next(path for path in folder.iterdir() if path.read_text() == "<p>old</p>")
    long_ago = time.time() - packs.PAPER_CACHE_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    packs.prune_paper_cache()
    assert [path.read_text() for path in folder.iterdir()] == ["<p>new</p>"]


def test_an_uploaded_pdfs_pages_are_counted():
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    data = BytesIO()
    writer.write(data)
    assert packs.count_pdf_pages(data.getvalue()) == 3
