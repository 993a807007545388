"""Charts of a project's plan as SVG markup: a Gantt timeline and an interdependency diagram.

Pure functions: no database, no templates. Every piece of text put into the markup is escaped here, so callers may
embed the result as it is (`{{ svg|safe }}`). Styling is done with SVG presentation attributes only (fill, stroke,
stroke-dasharray, font-size): the Content-Security-Policy forbids `style` attributes and elements and inline scripts.
The output is deterministic: the same input gives the same string.

- `gantt_svg(rows, start, end, today=None, width=960)`: one row per `GanttRow` (phases and work-streams as summary
  bars, deliverables as bars filled by RAG colour with a pattern and a RAG letter, milestones as diamonds), a month
  axis and a "Today" line.
- `dependency_svg(nodes, edges, width=960)`: `DepNode`s in columns by dependency depth, arrows from each prerequisite
  to what needs it; a dependency that closes a cycle is drawn dashed and named as circular.
- Helpers: `month_ticks`, `x_for`, `chart_range`, `layer_nodes`, `wrap_label`, `format_date`.
"""

import calendar
import datetime as dt
import functools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "Arial, Helvetica, sans-serif"

# GOV.UK Design System colours.
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
BLUE = "#1d70b8"
DARK_GREY = "#505a5f"
MID_GREY = "#b1b4b6"
LIGHT_GREY = "#f3f2f1"
GRID = "#dcdddd"
RAG_COLOURS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c"}
RAG_LETTERS = {"green": "G", "amber": "A", "red": "R"}
NO_RAG = "#b1b4b6"

KINDS = ("phase", "workstream", "deliverable", "milestone")
KIND_NAMES = {"phase": "phase", "workstream": "work-stream", "deliverable": "deliverable", "milestone": "milestone"}


# ------------------------------------------------------------------------------------------------------------ helpers


def format_date(day):
    """27 February 2026 (no leading zero, English month names whatever the locale)."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def format_month(day, short=False):
    names = calendar.month_abbr if short else calendar.month_name
    return f"{names[day.month]} {day.year}"


def _num(value):
    """A coordinate as short, stable text: at most one decimal place, no trailing '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**attributes):
    """Attributes as markup, in the order given; trailing underscores are dropped and other underscores become
    hyphens (stroke_width -> stroke-width, class_ -> class). None leaves an attribute out."""
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        name = name.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = _num(value)
        parts.append(f" {name}={quoteattr(str(value))}")
    return "".join(parts)


def _el(tag, content=None, **attributes):
    if content is None:
        return f"<{tag}{_attrs(**attributes)}/>"
    return f"<{tag}{_attrs(**attributes)}>{content}</{tag}>"


def _title(text):
    return f"<title>{escape(text)}</title>"


def _plural(count, singular, plural=None):
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _join_words(parts):
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _truncate(text, max_chars):
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    return text[: max(1, max_chars - 1)].rstrip() + "…"


def month_ticks(start, end):
    """The first day of every month from `start` to `end` inclusive (a start mid-month gives no tick for its own
    month). Empty when end is before start."""
    ticks = []
    year, month = start.year, start.month
    if start.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while (day := dt.date(year, month, 1)) <= end:
        ticks.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


def chart_range(dates, today=None):
    """The whole months that hold all of `dates` (None values ignored): the first day of the first month and the
    last day of the last. With no dates, the month of `today`; with neither, None."""
    known = [d for d in dates if d is not None]
    if not known:
        if today is None:
            return None
        known = [today]
    first, last = min(known), max(known)
    return first.replace(day=1), last.replace(day=calendar.monthrange(last.year, last.month)[1])


def x_for(day, start, end, x0, x1):
    """Where `day` falls between x0 (at `start`) and x1 (at `end`), linearly by days; clamped to [x0, x1]."""
    span = max((end - start).days, 1)
    fraction = min(max((day - start).days / span, 0.0), 1.0)
    return x0 + (x1 - x0) * fraction


def wrap_label(text, max_chars, max_lines=None):
    """Break `text` into lines of at most `max_chars` characters at spaces; a word longer than a line is cut.
    With `max_lines`, lines beyond it are dropped and the last one kept ends with an ellipsis."""
    max_chars = max(1, max_chars)
    lines, line = [], ""
    for word in text.split():
        while len(word) > max_chars:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:max_chars])
            word = word[max_chars:]
        if not word:
            continue
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= max_chars:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if max_lines is not None and len(lines) > max(max_lines, 1):
        lines = lines[: max(max_lines, 1)]
        last = lines[-1]
        lines[-1] = last + "…" if len(last) < max_chars else last[: max_chars - 1] + "…"
    return lines


def layer_nodes(ids, edges):
    """Columns for a dependency diagram: each node's layer (0 for nodes that need nothing), and the set of edges
    that were set aside to break cycles.

    `edges` are (prerequisite, dependent) pairs. Cycles are broken deterministically: a depth-first walk in the
    order of `ids` (and of `edges`) sets aside each edge back to a node still on the walk, and self-loops. On what is
    left (a DAG) a node's layer is one more than the highest layer of its prerequisites, so every kept edge goes
    from a lower layer to a higher one. Edges naming unknown nodes are ignored; repeated edges count once."""
    ids = list(dict.fromkeys(ids))
    known = set(ids)
    successors = {node: [] for node in ids}
    seen_edges = set()
    for edge in edges:
        a, b = edge
        if a in known and b in known and (a, b) not in seen_edges:
            seen_edges.add((a, b))
            successors[a].append(b)

    broken = set()
    state = {}  # node -> 1 on the walk, 2 finished
    order = []  # finishing order
    for root in ids:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    broken.add((node, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors[child])))
                    break
            else:
                state[node] = 2
                order.append(node)
                stack.pop()

    layer = dict.fromkeys(ids, 0)
    for node in reversed(order):  # a topological order of the kept edges
        for child in successors[node]:
            if (node, child) not in broken:
                layer[child] = max(layer[child], layer[node] + 1)
    return layer, broken


# ---------------------------------------------------------------------------------------------------------- the Gantt


@dataclass(frozen=True)
class GanttRow:
    """One line of the timeline. kind: "phase", "workstream", "deliverable" or "milestone". ends_on is the due date
    for deliverables and milestones. rag: "green", "amber", "red" or None. status: words, e.g. "In progress".
    level: indentation (0 for phases and work-streams, 1 for their deliverables). note: more words for the hover
    text, e.g. "due at the end of Phase 1"."""

    label: str
    kind: str
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    rag: str | None = None
    status: str | None = None
    level: int = 0
    percent_complete: int | None = None
    note: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown row kind {self.kind!r}; expected one of {KINDS}.")

    @property
    def kind_label(self):
        """Phase, Work-stream, Deliverable, Milestone."""
        return KIND_NAMES[self.kind].capitalize()

    @property
    def has_dates(self):
        return self.starts_on is not None or self.ends_on is not None

    @property
    def is_item(self):
        return self.kind in ("deliverable", "milestone")

    def dates_text(self):
        """The row's dates in words: "5 January 2026 to 30 June 2026", "due 1 October 2026", "no date"."""
        start, end = self.starts_on, self.ends_on
        if self.is_item:
            if self.kind == "milestone" or start is None or start == end:
                return f"due {format_date(end)}" if end else (f"from {format_date(start)}" if start else "no date")
            return (
                f"from {format_date(start)}, due {format_date(end)}"
                if end
                else f"from {format_date(start)}, no due date"
            )
        if start and end:
            return f"{format_date(start)} to {format_date(end)}"
        if start or end:
            return format_date(start or end)
        return "no date"

    def summary(self):
        """The hover and assistive-technology text: "Project plan: from 5 January 2026, due 27 February 2026,
        complete, green"."""
        name = self.label if self.kind in ("phase", "deliverable") else f"{self.label} ({KIND_NAMES[self.kind]})"
        parts = [self.dates_text()]
        if self.note:
            parts.append(self.note)
        if self.status:
            status = self.status.lower()
            if self.percent_complete and self.percent_complete < 100 and self.status.lower() != "complete":
                status += f" ({self.percent_complete}% complete)"
            parts.append(status)
        if self.rag:
            parts.append(self.rag.lower())
        return f"{name}: {', '.join(parts)}"


def _kind_counts(rows):
    counts = dict.fromkeys(KINDS, 0)
    for row in rows:
        counts[row.kind] += 1
    return counts


def gantt_description(rows, start, end, today=None):
    counts = _kind_counts(rows)
    what = _join_words(
        [
            _plural(counts["phase"], "phase") if counts["phase"] else "",
            _plural(counts["workstream"], "work-stream") if counts["workstream"] else "",
            _plural(counts["deliverable"], "deliverable"),
            _plural(counts["milestone"], "milestone") if counts["milestone"] else "",
        ]
    )
    text = f"Timeline of {what} from {format_month(start)} to {format_month(end)}"
    if today is not None:
        if start <= today <= end:
            text += f"; today is {format_date(today)}, shown by a dashed line"
        else:
            text += f"; today, {format_date(today)}, is {'before' if today < start else 'after'} the period shown"
    text += "."
    items = [r for r in rows if r.is_item]
    if items:
        rags = [r.rag for r in items if r.rag]
        rag_text = _join_words([f"{rags.count(rag)} {rag}" for rag in RAG_COLOURS if rags.count(rag)])
        if rag_text:
            text += f" RAG status of deliverables and milestones: {rag_text}."
        undated = sum(1 for r in items if not r.has_dates)
        if undated:
            text += f" {_plural(undated, 'item has', 'items have')} no date."
    return text


def _patterns(prefix):
    """Fills that tell amber and red apart without colour: amber hatched one way, red cross-hatched."""
    amber = (
        f'<pattern id="{prefix}-amber" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{RAG_COLOURS["amber"]}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>'
    )
    red = (
        f'<pattern id="{prefix}-red" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{RAG_COLOURS["red"]}"/>'
        f'<path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-width="1.2"/></pattern>'
    )
    return amber + red


def _rag_fill(rag, prefix):
    if rag == "green":
        return RAG_COLOURS["green"]
    if rag in ("amber", "red"):
        return f"url(#{prefix}-{rag})"
    return NO_RAG


def _axis_labels(ticks, px_per_month):
    """(tick, label, major) for each tick: every month, every 2nd, 3rd or 6th month as "Jan 2014" as room allows,
    or only years ("2014") when months are too close."""
    out = []
    step = next((s for s in (1, 2, 3, 6) if px_per_month * s >= 66), None)
    for tick in ticks:
        if step is None:
            out.append((tick, str(tick.year) if tick.month == 1 else "", tick.month == 1))
        else:
            out.append((tick, format_month(tick, short=True) if (tick.month - 1) % step == 0 else "", tick.month == 1))
    return out


def gantt_svg(rows, start, end, today=None, width=960, *, id_prefix="gantt", fluid=False):
    """The timeline as an SVG document (a string). `rows`: GanttRows, drawn top to bottom; `start`/`end`: the dates
    at the left and right edges; `today`: draws a "Today" line when within range. `id_prefix` keeps ids unique when
    several charts share a page; `fluid` sizes the SVG to its container (width 100%) instead of in pixels.

    The drawing depends on nothing else, so the last few are kept (per process) and a plan read again unchanged
    is not drawn again."""
    return _gantt_svg(tuple(rows), start, end, today, width, id_prefix, fluid)


@functools.lru_cache(maxsize=32)
def _gantt_svg(rows, start, end, today, width, id_prefix, fluid):
    if end < start:
        raise ValueError("The timeline must end on or after its start.")
    rows = list(rows)
    p = id_prefix
    width = max(int(width), 480)
    label_w = min(320, round(width * 0.3))
    rag_w = 28
    x0, x1 = label_w + rag_w + 8, width - 16
    axis_h, row_h, legend_h = 44, 24, 40
    top = axis_h
    height = top + max(len(rows), 1) * row_h + 8 + legend_h
    chart_bottom = top + max(len(rows), 1) * row_h

    def x(day):
        return x_for(day, start, end, x0, x1)

    out = []
    size = _attrs(width="100%") if fluid else _attrs(width=width, height=height)
    out.append(
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}"{size} role="img" '
        f'aria-labelledby="{p}-title {p}-desc" font-family="{FONT}" font-size="12" class="app-plan-chart app-plan-chart--gantt">'
    )
    out.append(_el("title", escape("Timeline"), id=f"{p}-title"))
    out.append(_el("desc", escape(gantt_description(rows, start, end, today)), id=f"{p}-desc"))
    out.append(f"<defs>{_patterns(p)}</defs>")
    out.append(_el("rect", x=0, y=0, width=width, height=height, fill="#ffffff"))

    # Row stripes.
    for i in range(0, len(rows), 2):
        out.append(_el("rect", x=0, y=top + i * row_h, width=width, height=row_h, fill=LIGHT_GREY))

    # Axis: month gridlines and labels.
    ticks = month_ticks(start, end)
    months = max(((end - start).days / 30.44), 1)
    axis = ['<g class="app-plan-chart__axis">']
    for tick, label, major in _axis_labels(ticks, (x1 - x0) / months):
        tx = x(tick)
        axis.append(
            _el(
                "line",
                x1=tx,
                y1=top - (10 if label else 4),
                x2=tx,
                y2=chart_bottom,
                stroke=MID_GREY if major else GRID,
                stroke_width=1,
            )
        )
        if label:
            axis.append(
                _el("text", escape(label), x=tx + 3, y=top - 14, fill=TEXT, font_weight="bold" if major else None)
            )
    axis.append(_el("line", x1=x0, y1=top, x2=x1, y2=top, stroke=TEXT, stroke_width=1))
    axis.append("</g>")
    out.extend(axis)

    # Rows.
    max_chars = max(8, int((label_w - 8) / 6.6))
    for i, row in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2
        indent = 8 + 14 * max(row.level, 0)
        label = row.label if row.has_dates else f"{row.label} (no date)"
        shown = _truncate(label, max_chars - (indent - 8) // 7)
        weight = "bold" if row.kind in ("phase", "workstream") else None
        group = [f'<g class="app-plan-chart__row app-plan-chart__row--{row.kind}">']
        text_content = escape(shown) + (_title(label) if shown != label else "")
        group.append(_el("text", text_content, x=indent, y=mid + 4, fill=TEXT, font_weight=weight))
        if row.rag in RAG_LETTERS:
            group.append(
                _el(
                    "text",
                    escape(RAG_LETTERS[row.rag]),
                    x=label_w + rag_w / 2,
                    y=mid + 4,
                    fill=TEXT,
                    font_weight="bold",
                    text_anchor="middle",
                )
            )
        if row.has_dates:
            group.append(_bar(row, x, y, row_h, p))
        group.append("</g>")
        out.append("".join(group))

    if not rows:
        out.append(
            _el(
                "text",
                escape("No phases, work-streams or deliverables are recorded."),
                x=x0,
                y=top + 16,
                fill=SECONDARY_TEXT,
            )
        )

    # Today.
    if today is not None and start <= today <= end:
        tx = x(today)
        out.append(
            f'<g class="app-plan-chart__today">{_title(f"Today, {format_date(today)}")}'
            + _el(
                "line", x1=tx, y1=top - 6, x2=tx, y2=chart_bottom, stroke=TEXT, stroke_width=2, stroke_dasharray="4 3"
            )
            + _el(
                "text",
                "Today",
                x=min(max(tx, x0 + 20), width - 24),
                y=12,
                fill=TEXT,
                font_weight="bold",
                text_anchor="middle",
            )
            + "</g>"
        )

    out.append(_gantt_legend(p, 8, chart_bottom + 16))
    out.append("</svg>")
    return "".join(out)


def _bar(row, x, y, row_h, p):
    """The mark for one dated row, with its hover text."""
    start = row.starts_on or row.ends_on
    end = row.ends_on or row.starts_on
    left, right = x(start), x(end)
    title = _title(row.summary())
    if row.kind == "milestone" or (row.is_item and row.starts_on is None):
        if row.kind != "milestone":
            # A deliverable with only a due date: a short bar ending on the date.
            return (
                f'<g class="app-plan-chart__bar">{title}'
                + _el(
                    "rect",
                    x=right - 4,
                    y=y + 5,
                    width=4,
                    height=row_h - 10,
                    fill=_rag_fill(row.rag, p),
                    stroke=TEXT,
                    stroke_width=0.5,
                )
                + "</g>"
            )
        cx, cy, r = right, y + row_h / 2, 7
        points = (
            f"{_num(cx)},{_num(cy - r)} {_num(cx + r)},{_num(cy)} {_num(cx)},{_num(cy + r)} {_num(cx - r)},{_num(cy)}"
        )
        return (
            f'<g class="app-plan-chart__milestone">{title}'
            + _el("polygon", points=points, fill=_rag_fill(row.rag, p), stroke=TEXT, stroke_width=1)
            + "</g>"
        )
    bar_w = max(right - left, 3)
    if row.kind == "phase":
        return (
            f'<g class="app-plan-chart__bar">{title}'
            + _el("rect", x=left, y=y + 5, width=bar_w, height=row_h - 10, fill=BLUE, rx=2)
            + "</g>"
        )
    if row.kind == "workstream":
        top, bottom = y + 8, y + 14
        caps = (
            f"M{_num(left)} {_num(bottom)}l0 5l5 -5z"  # end caps, as in a summary task
            f"M{_num(left + bar_w)} {_num(bottom)}l0 5l-5 -5z"
        )
        return (
            f'<g class="app-plan-chart__bar">{title}'
            + _el("rect", x=left, y=top, width=bar_w, height=bottom - top, fill=DARK_GREY)
            + _el("path", d=caps, fill=DARK_GREY)
            + "</g>"
        )
    parts = [
        f'<g class="app-plan-chart__bar">{title}',
        _el(
            "rect",
            x=left,
            y=y + 5,
            width=bar_w,
            height=row_h - 10,
            fill=_rag_fill(row.rag, p),
            stroke=TEXT,
            stroke_width=0.5,
        ),
    ]
    if row.percent_complete:
        done = bar_w * min(max(row.percent_complete, 0), 100) / 100
        parts.append(_el("rect", x=left, y=y + row_h - 8, width=done, height=3, fill=TEXT))
    parts.append("</g>")
    return "".join(parts)


def _gantt_legend(p, x, y):
    items = []
    cursor = x

    def add(mark, label):
        nonlocal cursor
        items.append(mark(cursor) + _el("text", escape(label), x=cursor + 20, y=y + 4, fill=TEXT))
        cursor += 20 + 7 * len(label) + 16

    add(lambda cx: _el("rect", x=cx, y=y - 5, width=14, height=10, fill=BLUE, rx=2), "Phase")
    add(lambda cx: _el("rect", x=cx, y=y - 3, width=14, height=6, fill=DARK_GREY), "Work-stream")
    add(lambda cx: _el("rect", x=cx, y=y - 5, width=14, height=10, fill=RAG_COLOURS["green"]), "G green")
    add(lambda cx: _el("rect", x=cx, y=y - 5, width=14, height=10, fill=f"url(#{p}-amber)"), "A amber")
    add(lambda cx: _el("rect", x=cx, y=y - 5, width=14, height=10, fill=f"url(#{p}-red)"), "R red")
    add(
        lambda cx: _el("polygon", points=f"{cx + 7},{y - 6} {cx + 13},{y} {cx + 7},{y + 6} {cx + 1},{y}", fill=TEXT),
        "Milestone",
    )
    add(lambda cx: _el("rect", x=cx, y=y - 1, width=14, height=3, fill=TEXT), "Done so far")
    return f'<g class="app-plan-chart__legend" aria-hidden="true">{"".join(items)}</g>'


# ------------------------------------------------------------------------------------------- the dependency diagram


@dataclass(frozen=True)
class DepNode:
    """A box in the interdependency diagram. group: the work-stream's name; status: words; rag: "green", "amber",
    "red" or None; kind: "deliverable" or "milestone"; due_on: shown in the hover text."""

    id: Hashable
    label: str
    group: str = ""
    status: str | None = None
    rag: str | None = None
    kind: str = "deliverable"
    due_on: dt.date | None = None

    def summary(self):
        parts = [
            p
            for p in (
                self.group,
                f"due {format_date(self.due_on)}" if self.due_on else "",
                self.status and self.status.lower(),
                self.rag and self.rag.lower(),
            )
            if p
        ]
        name = f"{self.label} (milestone)" if self.kind == "milestone" else self.label
        return f"{name}: {', '.join(parts)}" if parts else name


def dependency_description(nodes, edges, broken):
    groups = list(dict.fromkeys(n.group for n in nodes if n.group))
    text = f"Interdependencies of {_plural(len(nodes), 'deliverable or milestone', 'deliverables and milestones')}"
    if groups:
        text += f" in {_plural(len(groups), 'work-stream')}"
    if not edges:
        return text + ": no dependencies are recorded."
    text += (
        f": {_plural(len(edges), 'dependency', 'dependencies')}. Items are arranged in columns from left to right, "
        "each to the right of everything it needs; arrows point from a prerequisite to what needs it."
    )
    if broken:
        closes = _plural(len(broken), "dependency closes", "dependencies close")
        verb = "is" if len(broken) == 1 else "are"
        text += f" {closes} a cycle (items that need each other) and {verb} drawn dashed."
    return text


def dependency_svg(nodes, edges, width=960, *, id_prefix="deps", fluid=False):
    """The interdependency diagram as an SVG document (a string). `nodes`: DepNodes; `edges`: (prerequisite id,
    dependent id) pairs. Nodes are placed in columns by `layer_nodes`; within a column, by the average position of
    their prerequisites, then by work-stream, then in the order given. The diagram grows wider than `width` when
    there are too many columns to fit."""
    nodes = list(dict((n.id, n) for n in nodes).values())
    by_id = {n.id: n for n in nodes}
    edges = list(dict.fromkeys((a, b) for a, b in edges if a in by_id and b in by_id))
    layer, broken = layer_nodes([n.id for n in nodes], edges)
    p = id_prefix

    margin, gap_x, gap_y, header_h, legend_h = 16, 40, 14, 8, 40
    columns = (max(layer.values()) + 1) if layer else 1
    box_w = max(144, min(240, (max(int(width), 480) - 2 * margin - gap_x * (columns - 1)) // columns))
    width = max(int(width), 2 * margin + columns * box_w + (columns - 1) * gap_x)
    chars = int((box_w - 22) / 7.6)  # bold 12px text
    line_h = 15

    # An edge that skips columns passes through a small waypoint in each column it crosses, so that it is routed
    # between the boxes there rather than through them (as in a layered, Sugiyama-style drawing).
    kept = [(a, b) for a, b in edges if (a, b) not in broken]
    waypoints = {}  # edge -> [waypoint keys]
    column_of = dict(layer)
    preds = {n.id: [] for n in nodes}
    for a, b in kept:
        chain = [a]
        for col in range(layer[a] + 1, layer[b]):
            key = ("waypoint", a, b, col)
            column_of[key] = col
            preds[key] = [chain[-1]]
            chain.append(key)
        waypoints[(a, b)] = chain[1:]
        preds[b].append(chain[-1])

    # Order within each column: by the average position of what comes in, then by work-stream, then as given.
    group_order = {g: i for i, g in enumerate(dict.fromkeys(n.group for n in nodes))}
    index = {n.id: i for i, n in enumerate(nodes)}
    for i, key in enumerate(k for k in column_of if k not in index):
        index[key] = len(nodes) + i
    position = {}
    column_keys = [[] for _ in range(columns)]
    for key, col in column_of.items():
        column_keys[col].append(key)
    for col in range(columns):

        def order(key):
            ps = [position[a] for a in preds[key] if a in position]
            group = group_order[by_id[key].group] if key in by_id else -1
            return (sum(ps) / len(ps) if ps else -1, group, index[key])

        column_keys[col].sort(key=order)
        for i, key in enumerate(column_keys[col]):
            position[key] = i

    # Boxes (and waypoints): x, y, width, height, label lines.
    boxes = {}
    column_heights = []
    for col, keys in enumerate(column_keys):
        y = margin + header_h
        left = margin + col * (box_w + gap_x)
        for key in keys:
            if key in by_id:
                lines = wrap_label(by_id[key].label, chars, max_lines=4)
                h = 10 + line_h * (len(lines) + 1) + 6
            else:
                lines, h = [], 8
            boxes[key] = (left, y, box_w, h, lines)
            y += h + gap_y
        column_heights.append(y)
    height = max([*column_heights, margin + header_h + 40]) + legend_h + (30 if broken else 0)

    out = []
    size = _attrs(width="100%") if fluid else _attrs(width=width, height=height)
    out.append(
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}"{size} role="img" '
        f'aria-labelledby="{p}-title {p}-desc" font-family="{FONT}" font-size="12" class="app-plan-chart app-plan-chart--deps">'
    )
    out.append(_el("title", escape("Interdependencies"), id=f"{p}-title"))
    out.append(_el("desc", escape(dependency_description(nodes, edges, broken)), id=f"{p}-desc"))
    out.append(
        "<defs>"
        f'<marker id="{p}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{TEXT}"/></marker>'
        f'<marker id="{p}-arrow-cycle" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{RAG_COLOURS["red"]}"/></marker>'
        f"{_patterns(p)}</defs>"
    )
    out.append(_el("rect", x=0, y=0, width=width, height=height, fill="#ffffff"))

    if not nodes:
        out.append(_el("text", escape("No dependencies are recorded."), x=margin, y=margin + 24, fill=SECONDARY_TEXT))

    # Arrows first, so boxes sit on top of them.
    for a, b in edges:
        ax, ay, aw, ah, _ = boxes[a]
        bx, by, bw, bh, _ = boxes[b]
        needs = f"{by_id[b].label} needs {by_id[a].label}"
        if (a, b) in broken:
            # Set aside to break a cycle: leave the bottom of the prerequisite, loop below, enter the dependent.
            if a == b:  # needs itself: a loop out of the right side and back
                sx, sy, ey = ax + aw, ay + ah / 3, ay + 2 * ah / 3
                d = f"M{_num(sx)} {_num(sy)}C{_num(sx + 34)} {_num(sy - 10)} {_num(sx + 34)} {_num(ey + 10)} {_num(sx)} {_num(ey)}"
            else:
                sx, sy = ax + aw / 2, ay + ah
                ex, ey = bx + bw / 2, by + bh
                drop = max(sy, ey) + 26
                d = f"M{_num(sx)} {_num(sy)}C{_num(sx)} {_num(drop)} {_num(ex)} {_num(drop)} {_num(ex)} {_num(ey)}"
            out.append(
                f'<g class="app-plan-chart__edge app-plan-chart__edge--cycle">{_title(f"Circular dependency: {needs}")}'
                + _el(
                    "path",
                    d=d,
                    fill="none",
                    stroke=RAG_COLOURS["red"],
                    stroke_width=1.5,
                    stroke_dasharray="6 4",
                    marker_end=f"url(#{p}-arrow-cycle)",
                )
                + "</g>"
            )
            continue
        # Through each waypoint: in at its left, straight across, out at its right.
        points = [(ax + aw, ay + ah / 2)]
        for key in waypoints[(a, b)]:
            wx, wy, ww, wh, _ = boxes[key]
            points += [(wx, wy + wh / 2), (wx + ww, wy + wh / 2)]
        points.append((bx, by + bh / 2))
        d = f"M{_num(points[0][0])} {_num(points[0][1])}"
        for i in range(1, len(points)):
            (sx, sy), (ex, ey) = points[i - 1], points[i]
            if i % 2 == 0:  # across a waypoint
                d += f"L{_num(ex)} {_num(ey)}"
            else:
                bend = max((ex - sx) / 2, 20)
                d += f"C{_num(sx + bend)} {_num(sy)} {_num(ex - bend)} {_num(ey)} {_num(ex)} {_num(ey)}"
        out.append(
            f'<g class="app-plan-chart__edge">{_title(needs)}'
            + _el("path", d=d, fill="none", stroke=TEXT, stroke_width=1.5, marker_end=f"url(#{p}-arrow)")
            + "</g>"
        )

    for n in nodes:
        bx, by, bw, bh, lines = boxes[n.id]
        milestone = n.kind == "milestone"
        kind = "milestone" if milestone else "deliverable"
        parts = [f'<g class="app-plan-chart__node app-plan-chart__node--{kind}">{_title(n.summary())}']
        parts.append(
            _el(
                "rect",
                x=bx,
                y=by,
                width=bw,
                height=bh,
                fill="#ffffff",
                stroke=TEXT if milestone else DARK_GREY,
                stroke_width=2 if milestone else 1,
                rx=0 if milestone else 4,
            )
        )
        parts.append(_el("rect", x=bx, y=by, width=8, height=bh, fill=_rag_fill(n.rag, p)))
        tspans = "".join(
            _el("tspan", escape(line), x=bx + 14, dy=0 if i == 0 else line_h) for i, line in enumerate(lines)
        )
        parts.append(_el("text", tspans, x=bx + 14, y=by + 10 + 11, fill=TEXT, font_weight="bold"))
        detail = [n.group, RAG_LETTERS.get(n.rag, "")]
        if milestone:
            detail.insert(0, "Milestone")
        detail_text = _truncate(" · ".join(d for d in detail if d), int((box_w - 22) / 6.3))
        parts.append(
            _el(
                "text",
                escape(detail_text),
                x=bx + 14,
                y=by + 10 + 11 + line_h * len(lines),
                fill=SECONDARY_TEXT,
                font_size=11,
            )
        )
        parts.append("</g>")
        out.append("".join(parts))

    legend_y = height - legend_h + 20
    legend = [
        _el("path", d=f"M{margin} {legend_y}l30 0", stroke=TEXT, stroke_width=1.5, marker_end=f"url(#{p}-arrow)"),
        _el("text", escape("needed by"), x=margin + 40, y=legend_y + 4, fill=TEXT),
        _el("rect", x=margin + 130, y=legend_y - 6, width=8, height=12, fill=RAG_COLOURS["green"]),
        _el("text", escape("G green"), x=margin + 144, y=legend_y + 4, fill=TEXT),
        _el("rect", x=margin + 210, y=legend_y - 6, width=8, height=12, fill=f"url(#{p}-amber)"),
        _el("text", escape("A amber"), x=margin + 224, y=legend_y + 4, fill=TEXT),
        _el("rect", x=margin + 290, y=legend_y - 6, width=8, height=12, fill=f"url(#{p}-red)"),
        _el("text", escape("R red"), x=margin + 304, y=legend_y + 4, fill=TEXT),
    ]
    if broken:
        legend.append(
            _el(
                "path",
                d=f"M{margin + 360} {legend_y}l30 0",
                stroke=RAG_COLOURS["red"],
                stroke_width=1.5,
                stroke_dasharray="6 4",
                marker_end=f"url(#{p}-arrow-cycle)",
            )
        )
        legend.append(_el("text", escape("circular dependency"), x=margin + 400, y=legend_y + 4, fill=TEXT))
    out.append(f'<g class="app-plan-chart__legend" aria-hidden="true">{"".join(legend)}</g>')
    out.append("</svg>")
    return "".join(out)


def rows_range(rows: Sequence[GanttRow], today=None):
    """chart_range over every date in `rows`."""
    return chart_range([d for r in rows for d in (r.starts_on, r.ends_on)], today=today)


__all__ = [
    "DepNode",
    "GanttRow",
    "chart_range",
    "dependency_svg",
    "format_date",
    "gantt_svg",
    "layer_nodes",
    "month_ticks",
    "rows_range",
    "wrap_label",
    "x_for",
]
