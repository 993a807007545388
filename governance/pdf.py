"""Turning an assembled pack (governance/packs.py) into a PDF with WeasyPrint, in parts.

A pack is laid out part by part: the cover, the agenda, then each paper, every part a tagged PDF/UA-1 document of its
own that starts on a right-hand page. What a part looks like does not depend on where it lands in the pack, because
the page furniture (running headers, "Page N", "Not for publication", the blank versos' "This page is intentionally
left blank") is not in it. Nor does the furniture depend on where a page falls: it is laid out as "faces", each
different set of headers and marks once (one per paper, the cover, the agenda, the verso), and as pages of numbers
alone ("Page 1" to "Page 64", "Page 65" to "Page 128"...); each page of the pack is stamped with its face and its
number, as artifacts. So:

1. each part's HTML is looked up in the part cache (files named by the SHA-256 of the HTML and the layout version);
   the parts not found are laid out in parallel worker processes (PACK_RENDER_WORKERS), longest first, while this
   process opens the parts found (pikepdf) and lays out the shortest ones the workers have not started; each process
   loads the fonts once;
2. the parts' page counts give each part its first page (odd: a right-hand page; a part of odd length is followed by
   a blank verso); the agenda, which prints those page numbers (and links them to the papers), is laid out again
   with them, and at the same time the faces and the runs of numbers the pack needs (all three cached);
3. the parts' pages are joined with pikepdf (qpdf), each stamped with its face and number (each written once in the file);
   their structure trees become one /StructTreeRoot under one Document element (each page's /StructParents
   renumbered into one /ParentTree), the agenda's links point at the pages the papers start on, and the outline (a
   bookmark per item and per paper) is written from the pack.

A rebuild after one paper changed lays out that paper only (and, if its length changed, the agenda; a new run of
numbers only when the pack grows past the last one).

An uploaded PDF cannot be laid out as HTML: its part reserves one page per page of it, and the uploaded page is drawn
onto its reserved page, scaled to fit inside the margins.
"""

import dataclasses
import gc
import hashlib
import logging
import multiprocessing
import multiprocessing.util
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

# The area between the margins of an A4 page, in points, where an uploaded page is drawn (see pack.css's @page).
A4 = (595.28, 841.89)
MM = 72 / 25.4
CONTENT_BOX = (18 * MM, 24 * MM, A4[0] - 18 * MM, A4[1] - 26 * MM)  # left, bottom, right, top
# The pages of numbers ("Page N") are laid out (and cached) in runs of this many: 1-64, 65-128...
FRAME_RUN = 64
# The agenda's first layout prints this where a page number will go: at least as wide as any real one.
PAGE_PLACEHOLDER = 8888
FRAME_NAME = "/PackFrame"
NUMBER_NAME = "/PackNumber"
# The agenda, laid out alone, links each page number to its paper with this scheme (agenda.html); the join makes the
# links internal, to the page the paper starts on.
PART_LINK = "pack-part:"
UPLOAD_NAME = "/PackUpload"


@dataclass
class Rendered:
    data: bytes
    pages: int
    stats: dict = field(default_factory=dict)


@dataclass
class _Part:
    name: str  # "cover", "agenda" or the paper's anchor
    html: str
    entry: object = None
    paper: object = None
    uploads: tuple = ()  # ((PDF bytes, [placeholder anchors]), ...)
    data: bytes = b""
    reader: object = None
    start: int = 0  # 1-based page the part starts on

    @property
    def pages(self):
        return len(self.reader.pages)


# ------------------------------------------------------------------------------------------------ laying out


_font_config = None


def _fonts():
    """This process's one WeasyPrint font configuration. Every part declares the same @font-face rules; with a fresh
    configuration per document WeasyPrint would decompress the eight WOFF2 files again for each part, which cost
    more than laying out most parts. A configuration skips a face it has already loaded."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
        # Dropped before the process ends (a pool worker too), while its __del__ can still remove its font folder.
        multiprocessing.util.Finalize(None, _drop_fonts, exitpriority=10)
    return _font_config


def _fetcher():
    """This process's one URL fetcher: WeasyPrint makes a new one per document by default, and each loads the
    system's certificates for HTTPS (a fixed cost that showed in every part laid out)."""
    global _url_fetcher
    if _url_fetcher is None:
        from weasyprint.urls import URLFetcher

        _url_fetcher = URLFetcher()
    return _url_fetcher


_url_fetcher = None


def _drop_fonts():
    global _font_config
    _font_config = None
    gc.collect()  # the configuration is held in reference cycles (WeasyPrint's caches); freeing it removes its folder


def _start_worker(base_url, warm_html):
    """Pool initializer: load the fonts while the building process is still assembling the parts' HTML."""
    if warm_html:
        _lay_out(warm_html, base_url, tagged=False)


def _lay_out(html, base_url, uploads=(), tagged=True):
    """HTML -> PDF bytes, in a worker process (or this one). Nothing here touches Django or the database."""
    from weasyprint import HTML

    variant = "pdf/ua-1" if tagged else None
    document = HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).render(
        font_config=_fonts(), pdf_variant=variant
    )
    placeholders = {anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors}
    data = document.write_pdf(pdf_variant=variant)
    if uploads:
        data = _draw_uploads(data, uploads, placeholders)
    return data


def _draw_uploads(data, uploads, placeholders):
    import pikepdf

    pdf = pikepdf.open(BytesIO(data))
    left, bottom, right, top = CONTENT_BOX
    for number, (upload, anchors) in enumerate(uploads):
        source = pikepdf.open(BytesIO(upload))
        for anchor, page in zip(anchors, source.pages, strict=True):
            if anchor not in placeholders:
                raise RuntimeError(f"Reserved page not laid out: {anchor}")
            x0, y0, x1, y1 = (float(v) for v in page.cropbox)
            width, height = x1 - x0, y1 - y0
            scale = min((right - left) / width, (top - bottom) / height, 1.0)
            x = left + ((right - left) - width * scale) / 2 - x0 * scale
            y = bottom + ((top - bottom) - height * scale) / 2 - y0 * scale
            target = pdf.pages[placeholders[anchor]]
            name = f"{UPLOAD_NAME}{number}"
            _draw(pdf, target, {name: _form(pdf, page)}, _drawing(name, (scale, 0, 0, scale, x, y)))
    out = BytesIO()
    pdf.save(out, fix_metadata_version=False)
    return out.getvalue()


def _form(pdf, source_page):
    """source_page, a page of another PDF, as a form XObject of pdf."""
    return pdf.copy_foreign(source_page.as_form_xobject())


def _drawing(name, ctm=(1, 0, 0, 1, 0, 0), artifact=False):
    """The content that draws the form XObject `name`, after what the page already shows."""
    matrix = " ".join(f"{float(v):.6f}" for v in ctm)
    drawing = f"q {matrix} cm {name} Do Q"
    return f"/Artifact BMC {drawing} EMC" if artifact else drawing


def _draw(pdf, target, forms, drawing, wrap=None):
    """Add forms {name: form XObject} to target's resources and `drawing` (content, or a stream shared by many
    pages) after what it already shows, which is wrapped in q/Q so that nothing it leaves set changes the drawing."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    # Pages of one PDF may share a resources dictionary: give this page its own before adding to it.
    resources = Dictionary(target.obj.get(Name.Resources, Dictionary()))
    xobjects = Dictionary(resources.get(Name.XObject, Dictionary()))
    for name, form in forms.items():
        xobjects[name] = form
    resources[Name.XObject] = xobjects
    target.obj[Name.Resources] = resources
    if isinstance(drawing, str):
        drawing = pdf.make_stream(f"\n{drawing}\n".encode())
    if wrap is None:
        wrap = (pdf.make_stream(b"q\n"), pdf.make_stream(b"\nQ"))
    contents = target.obj.get(Name.Contents)
    existing = [] if contents is None else list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    target.obj[Name.Contents] = Array([wrap[0], *existing, wrap[1], drawing])


_pool = None


def workers():
    return max(1, min(os.cpu_count() or 1, settings.PACK_RENDER_WORKERS))


def _executor(size, warm_html=""):
    """The worker processes, kept between builds. forkserver: a worker never inherits the database connection or
    threads of the process that builds, and starts with WeasyPrint already imported; each loads the fonts as it
    starts (warm_html, a document declaring them) and keeps them for every part it lays out."""
    global _pool
    if _pool is None or _pool._max_workers != size:
        if _pool is not None:
            _pool.shutdown()
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["weasyprint", "pikepdf"])
        _pool = ProcessPoolExecutor(
            max_workers=size,
            mp_context=context,
            initializer=_start_worker,
            initargs=(str(settings.BASE_DIR), warm_html),
        )
    return _pool


def _lay_out_all(jobs, meanwhile=None, each=None):
    """{key: PDF bytes} for jobs {key: (html, uploads, tagged)}, in parallel when it pays. `meanwhile()` (if given)
    is called once the jobs are under way, `each(key, data)` as each job is done.

    The workers take the jobs longest first; this process, after `meanwhile`, takes the shortest ones the workers
    have not started (a queued future can be cancelled), so it is busy while the workers start and the two ends
    meet with no one idle; then it handles each result as it comes while the longest are still being laid out.
    A job or two (a rebuild after a paper changed) is laid out here, after `meanwhile`: starting the workers would
    cost more than it saves."""
    base_url = str(settings.BASE_DIR)
    order = sorted(jobs, key=lambda key: -len(jobs[key][0]) - sum(len(pdf) for pdf, _ in jobs[key][1]))
    few = len(order) <= 2 and _pool is None
    meanwhile = meanwhile or (lambda: None)
    each = each or (lambda key, data: None)
    done = {}
    if not order or workers() <= 1 or few:
        meanwhile()
        for key in order:
            done[key] = _lay_out(jobs[key][0], base_url, *jobs[key][1:])
            each(key, done[key])
        return done
    pool = _executor(workers())
    futures = {pool.submit(_lay_out, jobs[key][0], base_url, *jobs[key][1:]): key for key in order}
    meanwhile()
    for future, key in reversed(futures.items()):
        if future.cancel():
            done[key] = _lay_out(jobs[key][0], base_url, *jobs[key][1:])
            each(key, done[key])
    for future in as_completed(future for future in futures if not future.cancelled()):
        key = futures[future]
        done[key] = future.result()
        each(key, done[key])
    return {key: done[key] for key in order}


# ------------------------------------------------------------------------------------------------ the part cache


def cache_dir():
    return Path(settings.PACK_PART_CACHE_DIR or Path(settings.MEDIA_ROOT) / "pack-parts")


def _key(html, uploads=(), tagged=True):
    from governance.packs import LAYOUT_VERSION

    digest = hashlib.sha256(f"{LAYOUT_VERSION}:{tagged}\0{html}".encode())
    for pdf, _ in uploads:
        digest.update(hashlib.sha256(pdf).digest())
    return digest.hexdigest()


class _PartCache:
    """Laid-out parts as files named by their key. Written whole (temporary name, then rename), so several workers
    building packs at once never read half a file."""

    def __init__(self):
        self.root = cache_dir()
        self.root.mkdir(parents=True, exist_ok=True)

    def has(self, key):
        return (self.root / f"{key}.pdf").exists()

    def get(self, key):
        path = self.root / f"{key}.pdf"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        os.utime(path)  # last used: see prune
        return data

    def put(self, key, data):
        path = self.root / f"{key}.pdf"
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)

    def lay_out(self, jobs, each=None):
        """{key: bytes} for jobs {key: (html, uploads, tagged)}; returns the keys that had to be laid out too.
        each(key, data), if given, is called for the jobs found here while the others are laid out, then for each
        of those as it is done."""
        found = {key: self.get(key) for key in jobs}
        missing = {key: job for key, job in jobs.items() if found[key] is None}
        each = each or (lambda key, data: None)

        def cached():
            for key, data in found.items():
                if data is not None:
                    each(key, data)

        def laid_out(key, data):
            self.put(key, data)
            found[key] = data
            each(key, data)

        _lay_out_all(missing, cached if each and len(missing) < len(jobs) else None, laid_out)
        return found, set(missing)

    def prune(self):
        from governance.packs import prune_paper_cache, prune_unused

        prune_unused(self.root, "*.pdf", settings.PACK_PART_CACHE_DAYS * 86400)
        prune_paper_cache()


# ------------------------------------------------------------------------------------------------ the pack


def _parts(pack):
    parts = [_Part("cover", pack.part_html("cover"))]
    if pack.kind == "agenda":
        placeholders = [dataclasses.replace(entry, start_page=PAGE_PLACEHOLDER) for entry in pack.items]
        parts.append(_Part("agenda", pack.part_html("agenda", agenda_items=placeholders)))
    for entry in pack.items:
        for n, paper in enumerate(entry.papers):
            uploads = ((paper.pdf, paper.placeholders),) if paper.pdf_pages else ()
            html = pack.part_html("paper", entry=entry, paper=paper, first=n == 0)
            parts.append(_Part(paper.anchor, html, entry=entry, paper=paper, uploads=uploads))
    return parts


def _place(parts):
    """Give each part its first page: every part starts on an odd (right-hand) page. Returns the page count."""
    page = 1
    for index, part in enumerate(parts):
        part.start = page
        page += part.pages
        if index < len(parts) - 1 and part.pages % 2:
            page += 1  # the blank verso
    return page - 1


def _read(data):
    import pikepdf

    return pikepdf.open(BytesIO(data))


def _frame_pages(pack, parts, total):
    """One dict per page of the pack: its furniture."""
    title = pack.title if pack.kind == "agenda" else ""
    pages = []
    for index, part in enumerate(parts):
        if part.paper is not None:
            entry = part.entry
            item = f"Item {entry.number}" if entry.number else pack.cover.get("label", "")
            exempt = part.paper.exempt_paragraph
            kind = "exempt" if exempt else "paper"
            furniture = {
                "title": title,
                "item": item,
                "exempt": f"paragraph {exempt} of Schedule 12A" if exempt else "",
            }
        else:
            kind = part.name  # "cover" or "agenda"
            furniture = {"title": title if part.name == "agenda" else "", "item": "", "exempt": ""}
        for n in range(part.pages):
            pages.append({"kind": kind, "number": part.start + n, **furniture})
        next_start = parts[index + 1].start if index + 1 < len(parts) else total + 1
        for number in range(part.start + part.pages, next_start):
            pages.append({"kind": "verso", "number": number, "title": "", "item": "", "exempt": ""})
    return pages


def _faces(frame_pages):
    """The furniture of the pack's pages without their numbers, each different one once ("faces"), and the face of
    each page. A face does not depend on where its page falls, nor do the pages of numbers ("Page 65" is the same
    page in any pack), so when a paper grows by a page and every later page moves, both are found in the cache."""
    faces, index, face_of_page = [], {}, []
    for page in frame_pages:
        face = {"kind": page["kind"], "title": page["title"], "item": page["item"], "exempt": page["exempt"]}
        key = tuple(face.values())
        if key not in index:
            index[key] = len(faces)
            faces.append(face)
        face_of_page.append(index[key])
    return faces, face_of_page


def render(pack, html=None, progress=None):
    """Lay out and write the pack; returns the PDF bytes, its page count and what was laid out afresh.
    (`html`, the whole pack's HTML, is accepted for callers that made it for the fingerprint; the parts are made
    from the pack itself.)"""
    progress = progress or (lambda percent, stage: None)
    clock = _Clock()
    cache = _PartCache()
    parts = _parts(pack)
    progress(62, f"Laying out {len(parts)} parts")
    jobs = {}
    for part in parts:
        part.key = _key(part.html, part.uploads)
        jobs[part.key] = (part.html, part.uploads, True)
    if workers() > 1 and sum(not cache.has(key) for key in jobs) > 2:
        _executor(workers(), pack.frame_html([]))  # the workers load the fonts while this process reads the cache
    by_key = {}
    for part in parts:
        by_key.setdefault(part.key, []).append(part)

    def read(key, data):
        # Opened (and its page tree read) while other parts are laid out.
        for part in by_key[key]:
            part.reader = _read(data)
            len(part.reader.pages)

    found, laid_out = cache.lay_out(jobs, each=read)
    names = [part.name for part in parts if part.key in laid_out]
    clock.lap("parts")

    # The agenda prints the page each item starts on, so it is laid out again with them; the page furniture is laid
    # out at the same time, for the agenda's first length. Should the numbers change that length (a wider column),
    # both are laid out again.
    progress(80, "Adding page numbers and headers")
    agenda = next((part for part in parts if part.name == "agenda"), None)
    for _ in range(3):
        total = _place(parts)
        jobs = {}
        if agenda is not None:
            starts = {part.name: part.start for part in parts}
            items = [
                dataclasses.replace(entry, start_page=starts[entry.first_anchor] if entry.papers else None)
                for entry in pack.items
            ]
            agenda.html = pack.part_html("agenda", agenda_items=items)
            agenda.key = _key(agenda.html)
            jobs[agenda.key] = (agenda.html, (), True)
        frame_pages = _frame_pages(pack, parts, total)
        faces, face_of_page = _faces(frame_pages)
        faces_html = pack.frame_html(faces)
        faces_key = _key(faces_html, tagged=False)
        jobs[faces_key] = (faces_html, (), False)
        number_keys = {}
        for run in sorted({(page["number"] - 1) // FRAME_RUN for page in frame_pages if page["kind"] != "verso"}):
            numbers = range(run * FRAME_RUN + 1, (run + 1) * FRAME_RUN + 1)
            numbers_html = pack.frame_html([{"kind": "number", "number": n} for n in numbers])
            number_keys[run] = _key(numbers_html, tagged=False)
            jobs[number_keys[run]] = (numbers_html, (), False)
        found, fresh = cache.lay_out(jobs)
        furniture_laid_out = fresh - {agenda.key if agenda is not None else None}
        if agenda is None:
            break
        names += ["agenda"] if agenda.key in fresh else []
        pages = agenda.pages
        agenda.reader = _read(found[agenda.key])
        if agenda.pages == pages:
            break
    # The furniture's documents are kept open while their pages are drawn from; one page object per page, so that
    # each is made into a form once.
    furniture = {"faces": _read(found[faces_key])} | {run: _read(found[key]) for run, key in number_keys.items()}
    face_pages = list(furniture["faces"].pages)
    number_pages = {run: list(furniture[run].pages) for run in number_keys}
    frame = [
        (
            face_pages[face],
            None
            if page["kind"] == "verso"
            else number_pages[(page["number"] - 1) // FRAME_RUN][(page["number"] - 1) % FRAME_RUN],
        )
        for page, face in zip(frame_pages, face_of_page, strict=True)
    ]
    if len(frame) != total or _place(parts) != total:
        raise RuntimeError(f"The page furniture has {len(frame)} pages for a pack of {total}")
    clock.lap("agenda_and_frame")

    progress(88, "Joining the parts")
    data = _join(pack, parts, frame, total)
    clock.lap("join")
    cache.prune()
    stats = {
        "parts": len(parts),
        "laid_out": names,
        "furniture": 1 + len(number_keys),
        "furniture_laid_out": len(furniture_laid_out),
        "stages": clock.laps,
    }
    return Rendered(data=data, pages=total, stats=stats)


class _Clock:
    """Seconds spent in each stage of a build (reported in Rendered.stats, printed by bench/packs.py)."""

    def __init__(self):
        self.laps = {}
        self._last = time.perf_counter()

    def lap(self, stage):
        now = time.perf_counter()
        self.laps[stage] = round(self.laps.get(stage, 0) + now - self._last, 3)
        self._last = now


# ------------------------------------------------------------------------------------------------ joining


def _join(pack, parts, frame, total):
    import pikepdf
    from pikepdf import Dictionary, Name, String

    out = pikepdf.new()
    forms, drawings = {}, {}  # a face or number page, drawn on many pages, and what draws it are each written once
    wrap = (out.make_stream(b"q\n"), out.make_stream(b"\nQ"))
    placed = []  # (part, [its pages in the joined file])
    index = 0
    for number, part in enumerate(parts):
        pages = []
        for source in part.reader.pages:
            out.pages.append(source)
            page = out.pages[-1]
            _furnish(out, page, frame[index], forms, drawings, wrap)
            pages.append(page)
            index += 1
        placed.append((part, pages))
        end = parts[number + 1].start - 1 if number + 1 < len(parts) else total
        while index < end:
            _furnish(out, out.add_blank_page(page_size=A4), frame[index], forms, drawings, wrap)
            index += 1
    _merge_structure(out, placed)
    _link_parts(placed)
    _outline(out, pack, parts)

    first = parts[0].reader
    for name in (Name.Lang, Name.ViewerPreferences, Name.OutputIntents, Name.Metadata):
        if name in first.Root:
            out.Root[name] = _copied(out, first, first.Root[name])
    out.Root.MarkInfo = Dictionary(Marked=True)
    if Name.Lang not in out.Root:
        out.Root.Lang = String("en-GB")
    for key, value in first.docinfo.items():
        out.docinfo[key] = _copied(out, first, value)
    out.docinfo[Name.Title] = String(pack.title)
    data = BytesIO()
    # The parts' streams are copied as they are, and the small objects (the structure tree's thousands of elements,
    # each page's dictionaries) go into compressed object streams: a file a third of the size, written in half the time.
    out.save(
        data,
        min_version=first.pdf_version,
        fix_metadata_version=False,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return data.getvalue()


def _copied(out, source, value):
    """value, an object of source, as an object of out (with whatever it refers to)."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and (
        value.is_indirect or isinstance(value, (pikepdf.Array, pikepdf.Dictionary))
    ):
        return out.copy_foreign(value if value.is_indirect else source.make_indirect(value))
    return value


def _furnish(out, target, furniture, forms, drawings, wrap):
    """Draw a page's face (headers, marks) and its number on it, as artifacts."""
    named = {}
    for name, source in zip((FRAME_NAME, NUMBER_NAME), furniture, strict=True):
        if source is not None:
            if id(source) not in forms:
                forms[id(source)] = _form(out, source)
            named[name] = forms[id(source)]
    names = tuple(named)
    if names not in drawings:  # the same content on every page: the names differ in each page's resources
        content = "\n".join(_drawing(name, artifact=True) for name in names)
        drawings[names] = out.make_stream(f"\n{content}\n".encode())
    _draw(out, target, named, drawings[names], wrap)


def _link_parts(placed):
    """Point the agenda's links to other parts (PART_LINK URIs) at the pages those parts start on."""
    from pikepdf import Array, Name, String

    first_pages = {part.name: (part.start, pages[0]) for part, pages in placed if pages}
    for _, pages in placed:
        for page in pages:
            for annotation in page.obj.get(Name.Annots, ()):
                action = annotation.get(Name.A)
                uri = str(action.get(Name.URI, "")) if action is not None else ""
                if not uri.startswith(PART_LINK):
                    continue
                number, target = first_pages[uri.removeprefix(PART_LINK)]
                del annotation[Name.A]
                annotation[Name.Dest] = Array([target.obj, Name.Fit])
                annotation[Name.Contents] = String(f"Page {number}")


def _number_tree(node):
    """(key, value) pairs of a PDF number tree."""
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_tree(kid)


def _merge_structure(out, placed):
    """One structure tree for the joined pages: each part's elements under one Document element, and one
    /ParentTree in which every page's /StructParents (and every annotation's /StructParent) is renumbered.

    Each part's elements are copied with what they refer to; the pages they mark were copied first, and a copy from
    one PDF maps each of its objects once, so an element's /Pg is the joined page."""
    from pikepdf import Array, Dictionary, Name

    root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    root.K = Array([document])
    kids, nums = [], []
    base = 0
    for part, pages in placed:
        source = part.reader
        tree = source.Root.get(Name.StructTreeRoot)
        if tree is None:
            continue
        tops = tree.get(Name.K, ())
        for top in tops if isinstance(tops, Array) else [tops]:
            elements = top.get(Name.K, ()) if top.get(Name.S) == Name.Document else [top]
            for element in elements if isinstance(elements, Array) else [elements]:
                # Without its /P, the copy does not drag in the part's own tree root; it is given the new one.
                if Name.P in element:
                    del element[Name.P]
                copied = out.copy_foreign(element)
                copied.P = document
                kids.append(copied)
        top_key = -1
        for key, value in _number_tree(tree.ParentTree):
            nums += [key + base, _copied(out, source, value)]
            top_key = max(top_key, key)
        for page in pages:
            if Name.StructParents in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + base
            for annotation in page.obj.get(Name.Annots, ()):
                if Name.StructParent in annotation:
                    annotation.StructParent = int(annotation.StructParent) + base
        base += top_key + 1
    document.K = Array(kids)
    root.ParentTree = out.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = base
    out.Root.StructTreeRoot = root


def _outline(out, pack, parts):
    """Cover, Agenda (with the items that have no papers under it), then each item with its papers under it."""
    from pikepdf import OutlineItem

    starts = {part.name: part.start - 1 for part in parts}
    with out.open_outline() as outline:
        outline.root.append(OutlineItem("Cover", starts["cover"]))
        if "agenda" in starts:
            agenda = OutlineItem("Agenda", starts["agenda"])
            agenda.children += [
                OutlineItem(f"{entry.number}. {entry.title}", starts["agenda"])
                for entry in pack.items
                if not entry.papers
            ]
            outline.root.append(agenda)
        for entry in pack.items:
            if not entry.papers:
                continue
            label = f"{entry.number}. {entry.title}" if entry.number else entry.title
            item = OutlineItem(label, starts[entry.first_anchor])
            item.children += [OutlineItem(paper.title, starts[paper.anchor]) for paper in entry.papers]
            outline.root.append(item)
