"""Document packs: what goes into a meeting's agenda pack (public or private) or a decision report's approval pack,
in what order, and what a public pack withholds. Turning the result into a PDF is governance/pdf.py's job; running
it in the background is governance/tasks.py's.

One source, two packs: both are assembled here from the same items and papers. In the public pack an exempt item, or
an exempt paper of an open item, is replaced by a page naming its paragraph of Schedule 12A, and the withheld paper
is never rendered at all, so nothing of it can reach the file. The private pack holds everything and marks exempt
papers "Not for publication".
"""

import hashlib
import os
import time
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from governance import fonts, meeting_actions
from governance.models import AgendaStatus, Membership, PackKind, PackVariant, Role, exempt_notice
from governance.papers import papers_for

# Bump when the layout changes, so that stored packs built by an older layout are not reused.
LAYOUT_VERSION = "3"
PAPER_CACHE_SECONDS = 60 * 60 * 24


class PackError(Exception):
    """A pack cannot be built as it stands; the message says which paper and why."""


@dataclass
class PackPaper:
    anchor: str
    title: str
    kind: str
    exempt_paragraph: int | None = None
    withheld: bool = False  # public pack: replaced by the Schedule 12A notice
    html: str = ""
    pdf: bytes | None = None
    pdf_pages: int = 0

    @property
    def notice(self):
        return exempt_notice(self.exempt_paragraph) if self.exempt_paragraph else ""

    @property
    def placeholders(self):
        """Anchors of the pages an uploaded PDF's pages are laid on, one per page."""
        return [f"{self.anchor}-page-{n}" for n in range(1, self.pdf_pages + 1)]


@dataclass
class PackItem:
    number: str
    title: str
    anchor: str
    item: object = None
    withheld: bool = False
    notice: str = ""
    papers: list = field(default_factory=list)
    start_page: int | None = None  # set on the agenda's copy once the pack's pages are known (governance/pdf.py)

    @property
    def first_anchor(self):
        return self.papers[0].anchor if self.papers else ""


@dataclass
class Pack:
    kind: str
    variant: str
    title: str  # the document title, and the running header
    cover: dict
    items: list
    layout_version: str = LAYOUT_VERSION

    @property
    def public(self):
        return self.variant == PackVariant.PUBLIC

    @property
    def papers(self):
        return [paper for item in self.items for paper in item.papers]

    def _context(self, **extra):
        return {"pack": self, "font_dir": fonts.font_dir_uri(), "council": settings.COUNCIL_NAME, **extra}

    def html(self):
        """The whole pack as one HTML document (what the fingerprint is made from)."""
        return render_to_string("governance/pack/pack.html", self._context())

    def part_html(self, part, entry=None, paper=None, first=False, agenda_items=None):
        """One part laid out on its own: "cover", "agenda" (with agenda_items carrying their start pages) or "paper"."""
        context = self._context(part=part, entry=entry, paper=paper, first=first, agenda_items=agenda_items)
        return render_to_string("governance/pack/part.html", context)

    def frame_html(self, pages):
        """The page furniture (headers, page numbers, blank versos) for a run of pages, one dict per page."""
        return render_to_string("governance/pack/frame.html", self._context(pages=pages))

    def fingerprint(self, html=None):
        """SHA-256 of everything the PDF is made from: the layout, the HTML and each uploaded PDF."""
        digest = hashlib.sha256()
        for part in (LAYOUT_VERSION, self.kind, self.variant, html if html is not None else self.html()):
            digest.update(part.encode())
            digest.update(b"\0")
        for paper in self.papers:
            if paper.pdf is not None:
                digest.update(hashlib.sha256(paper.pdf).digest())
        return digest.hexdigest()


def count_pdf_pages(data):
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        return len(pdf.pages)


def paper_cache_dir():
    """Where rendered papers are kept, beside the laid-out parts (governance/pdf.py): files on the media storage, so
    every pack worker on every machine finds what another rendered."""
    return Path(settings.PACK_PART_CACHE_DIR or Path(settings.MEDIA_ROOT) / "pack-parts") / "papers"


def _rendered(paper):
    """The paper's HTML fragment, from the paper cache when the paper gives a fingerprint that was rendered before
    (a fingerprint changes whenever what the paper renders does: governance/papers.py)."""
    if not paper.fingerprint:
        return paper.render()
    path = paper_cache_dir() / f"{hashlib.sha256(f'{LAYOUT_VERSION}:{paper.fingerprint}'.encode()).hexdigest()}.html"
    try:
        html = mark_safe(path.read_text(encoding="utf-8"))  # noqa: S308 - our own templates' output, kept as it was
        os.utime(path)  # last used: see prune_paper_cache
        return html
    except FileNotFoundError:
        pass
    html = paper.render()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")  # written whole, then renamed: never read half written
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(path)
    return html


def prune_unused(folder, pattern, seconds):
    """Delete the files of `folder` matching `pattern` that nobody has read or written for `seconds`."""
    limit = time.time() - seconds
    for path in Path(folder).glob(pattern):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue  # another worker pruned it first


def prune_paper_cache():
    prune_unused(paper_cache_dir(), "*.html", PAPER_CACHE_SECONDS)


def _pack_paper(paper, anchor, exempt_paragraph, public):
    withheld = public and exempt_paragraph is not None
    title = f"{paper.kind} (exempt)" if withheld else paper.title
    out = PackPaper(anchor=anchor, title=title, kind=paper.kind, exempt_paragraph=exempt_paragraph, withheld=withheld)
    if withheld:
        return out
    if paper.render is not None:
        out.html = _rendered(paper)
    else:
        out.pdf = paper.pdf()
        try:
            out.pdf_pages = count_pdf_pages(out.pdf)
        except Exception as error:  # a damaged file raises many kinds of error
            raise PackError(f"{paper.title} is not a readable PDF ({type(error).__name__}).") from error
    return out


def _papers(source_papers, anchor, exempt_paragraph, public, progress, done, total):
    """Pack papers for one item's registry papers. A public pack prints one notice for a whole exempt item."""
    printable = [paper for paper in source_papers if paper.printable]
    if public and exempt_paragraph is not None:
        if not printable:
            return [], done
        notice = PackPaper(
            anchor=f"{anchor}-p1", title="Exempt item", kind="Exempt item", exempt_paragraph=exempt_paragraph
        )
        notice.withheld = True
        return [notice], done + len(printable)
    out = []
    for n, paper in enumerate(printable, start=1):
        out.append(_pack_paper(paper, f"{anchor}-p{n}", exempt_paragraph or paper.exempt_paragraph, public))
        done += 1
        progress(10 + int(50 * done / max(total, 1)), f"Rendered {done} of {total} papers")
    return out, done


def _no_progress(percent, stage):
    return None


def contacts_for(meeting):
    """The people who support the body's meetings (its ToR's "Meeting support" seats), for the cover."""
    seats = (
        Membership.objects.current(meeting.date)
        .filter(body=meeting.body, role=Role.MEETING_SUPPORT, person__isnull=False)
        .select_related("person")
    )
    return [seat.person for seat in seats]


def agenda_pack(meeting, variant, progress=_no_progress):
    """The agenda pack of a meeting: cover, agenda, then each item's papers in order."""
    public = variant == PackVariant.PUBLIC
    progress(5, "Collecting the agenda and its papers")
    items = meeting_actions.meeting_items(meeting)
    registry = papers_for(items)
    total = sum(1 for papers in registry.values() for paper in papers if paper.printable)
    agendas = list(meeting.agendas.order_by("supplement"))
    issued = [a for a in agendas if a.status == AgendaStatus.ISSUED]
    pack_items, done = [], 0
    for item in items:
        anchor = f"item-{item.pk}"
        withheld = public and item.is_exempt
        papers, done = _papers(registry.get(item.pk, []), anchor, item.exempt_paragraph, public, progress, done, total)
        pack_items.append(
            PackItem(
                number=item.number,
                title="Exempt item" if withheld else item.title,
                anchor=anchor,
                item=None if withheld else item,
                withheld=withheld,
                notice=item.exempt_notice,
                papers=papers,
            )
        )
    body = meeting.body
    label = "Public document pack" if public else "Private document pack"
    cover = {
        "label": label,
        "body": body.name,
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "venue": meeting.venue,
        "online": bool(meeting.online_link),
        "contacts": contacts_for(meeting),
        "issued": bool(issued),
        "issued_on": timezone.localtime(issued[0].issued_at).date() if issued and issued[0].issued_at else None,
        "public": public,
        "kind": meeting.get_kind_display(),
    }
    title = f"{label}: {body.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}"
    return Pack(kind=PackKind.AGENDA, variant=variant, title=title, cover=cover, items=pack_items)


def approval_pack(report, papers, progress=_no_progress):
    """An approval pack for one decision report: the report, its appendices and a sign-off sheet (all private)."""
    anchor = f"report-{report.pk}"
    total = sum(1 for paper in papers if paper.printable)
    pack_papers, _ = _papers(papers, anchor, None, False, progress, 0, total)
    item = PackItem(number="", title=str(report), anchor=anchor, papers=pack_papers)
    cover = {"label": "Approval pack", "report": report, "public": False}
    return Pack(
        kind=PackKind.APPROVAL,
        variant=PackVariant.PRIVATE,
        title=f"Approval pack: {report}",
        cover=cover,
        items=[item],
    )
