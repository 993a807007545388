"""A risk heat map as SVG markup: one grid of the matrix (likelihood up the side, highest at the top; impact along the
bottom), each cell filled with its band's colour and labelled with its count of open risks, its score and its RAG
word, and each cell a link (to the register filtered to that likelihood and impact).

Pure functions: no database, no templates. Every piece of text and every link put into the markup is escaped here,
so callers may embed the result as it is (`{{ svg|safe }}`); the output parses as XML. Styling is by SVG presentation
attributes only (the Content-Security-Policy forbids `style`). The same input gives the same string.

- `count_cells(pairs, size)`: {(likelihood, impact): count} from (likelihood, impact) pairs.
- `grid(matrix, counts, link_for)`: the cells as rows of `Cell`, highest likelihood first (for the page's table).
- `heatmap_svg(matrix, counts, link_for, title=..., id_prefix=...)`: the SVG.
"""

from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
WHITE = "#ffffff"
# GOV.UK colours, and a text colour on each that meets WCAG AA contrast.
BAND_FILL = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c"}
BAND_TEXT = {"green": WHITE, "amber": TEXT, "red": WHITE}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}

CELL_W, CELL_H = 100, 72
LEFT, TOP, BOTTOM = 170, 12, 104


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    score: int
    rag: str
    count: int
    href: str
    likelihood_label: str
    impact_label: str

    @property
    def rag_word(self):
        return RAG_WORDS.get(self.rag, self.rag.capitalize())

    @property
    def count_text(self):
        return f"{self.count} open risk{'' if self.count == 1 else 's'}"

    @property
    def summary(self):
        return (
            f"Likelihood {self.likelihood} ({self.likelihood_label}), impact {self.impact} ({self.impact_label}): "
            f"score {self.score}, {self.rag_word}. {self.count_text}."
        )


def count_cells(pairs, size):
    """How many of the (likelihood, impact) pairs fall in each cell; pairs outside a size x size matrix (or not
    numbers) are not counted."""
    counts = Counter()
    for likelihood, impact in pairs:
        if isinstance(likelihood, int) and isinstance(impact, int) and 1 <= likelihood <= size and 1 <= impact <= size:
            counts[(likelihood, impact)] += 1
    return dict(counts)


def grid(matrix, counts, link_for):
    """Rows of Cells, highest likelihood first, impact 1 to size in each row."""
    rows = []
    for likelihood in range(matrix.size, 0, -1):
        row = []
        for impact in range(1, matrix.size + 1):
            score, rag = matrix.assess(likelihood, impact)
            row.append(
                Cell(
                    likelihood=likelihood,
                    impact=impact,
                    score=score,
                    rag=rag,
                    count=counts.get((likelihood, impact), 0),
                    href=link_for(likelihood, impact),
                    likelihood_label=matrix.likelihood_labels[likelihood - 1],
                    impact_label=matrix.impact_labels[impact - 1],
                )
            )
        rows.append(row)
    return rows


def _attrs(**attributes):
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        parts.append(f" {name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}")
    return "".join(parts)


def _el(tag, content=None, **attributes):
    if content is None:
        return f"<{tag}{_attrs(**attributes)}/>"
    return f"<{tag}{_attrs(**attributes)}>{content}</{tag}>"


def _truncate(text, max_chars):
    text = " ".join(str(text).split())
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def description(matrix, counts, title):
    total = sum(counts.values())
    top = max(counts.items(), key=lambda kv: (kv[1], kv[0][0] * kv[0][1]), default=None)
    parts = [
        f"{title}: open risks by likelihood (rows, {matrix.size} at the top) and impact (columns, 1 at the left) on "
        f"a {matrix.size} by {matrix.size} matrix. {total} open risk{'' if total == 1 else 's'} in all."
    ]
    if top and top[1]:
        (likelihood, impact), count = top
        score, rag = matrix.assess(likelihood, impact)
        parts.append(
            f"The most in one cell: {count} at likelihood {likelihood}, impact {impact} (score {score}, "
            f"{RAG_WORDS.get(rag, rag)})."
        )
    parts.append(f"The risk appetite is a score of {matrix.appetite}.")
    return " ".join(parts)


def heatmap_svg(matrix, counts, link_for, *, title="Heat map", id_prefix="heatmap"):
    """The heat map as an SVG document (a string). `counts`: {(likelihood, impact): open risks}; `link_for(l, i)`:
    the URL each cell links to; `id_prefix` keeps ids unique when two maps share a page."""
    p = id_prefix
    size = matrix.size
    width = LEFT + size * CELL_W + 16
    height = TOP + size * CELL_H + BOTTOM
    out = [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{p}-title {p}-desc" font-family="{FONT}" font-size="12" class="app-risk-heatmap" '
        f'id="{p}">',
        _el("title", escape(title), id=f"{p}-title"),
        _el("desc", escape(description(matrix, counts, title)), id=f"{p}-desc"),
        _el("rect", x=0, y=0, width=width, height=height, fill=WHITE),
    ]
    grid_bottom = TOP + size * CELL_H
    for r, row in enumerate(grid(matrix, counts, link_for)):
        y = TOP + r * CELL_H
        likelihood = row[0].likelihood
        label = f"{likelihood} {row[0].likelihood_label}"
        out.append(
            _el(
                "text",
                escape(_truncate(label, 24)) + (_el("title", escape(label)) if _truncate(label, 24) != label else ""),
                x=LEFT - 8,
                y=y + CELL_H / 2 + 4,
                text_anchor="end",
                fill=TEXT,
            )
        )
        for c, cell in enumerate(row):
            x = LEFT + c * CELL_W
            ink = BAND_TEXT.get(cell.rag, TEXT)
            cx = x + CELL_W / 2
            body = [
                _el("title", escape(f"{cell.summary} Show them in the register.")),
                _el(
                    "rect",
                    x=x,
                    y=y,
                    width=CELL_W,
                    height=CELL_H,
                    fill=BAND_FILL.get(cell.rag, "#b1b4b6"),
                    stroke=WHITE,
                    stroke_width=2,
                ),
                _el(
                    "text",
                    str(cell.count),
                    x=cx,
                    y=y + 30,
                    text_anchor="middle",
                    font_size=22,
                    font_weight="bold",
                    fill=ink,
                ),
                _el("text", escape(f"Score {cell.score}"), x=cx, y=y + 48, text_anchor="middle", fill=ink),
                _el("text", escape(cell.rag_word), x=cx, y=y + 63, text_anchor="middle", fill=ink),
            ]
            out.append(_el("a", "".join(body), href=cell.href, id=f"{p}-cell-{cell.likelihood}-{cell.impact}"))
    for i in range(size):
        impact = i + 1
        label = matrix.impact_labels[i]
        shown = _truncate(label, 15)
        out.append(
            _el(
                "text",
                escape(str(impact)),
                x=LEFT + i * CELL_W + CELL_W / 2,
                y=grid_bottom + 18,
                text_anchor="middle",
                fill=TEXT,
                font_weight="bold",
            )
        )
        out.append(
            _el(
                "text",
                escape(shown) + (_el("title", escape(label)) if shown != label else ""),
                x=LEFT + i * CELL_W + CELL_W / 2,
                y=grid_bottom + 34,
                text_anchor="middle",
                fill=TEXT,
            )
        )
    out.append(
        _el(
            "text",
            "Impact",
            x=LEFT + size * CELL_W / 2,
            y=grid_bottom + 56,
            text_anchor="middle",
            font_size=14,
            font_weight="bold",
            fill=TEXT,
        )
    )
    out.append(
        _el(
            "text",
            "Likelihood",
            x=18,
            y=TOP + size * CELL_H / 2,
            text_anchor="middle",
            font_size=14,
            font_weight="bold",
            fill=TEXT,
            transform=f"rotate(-90 18 {TOP + size * CELL_H / 2:g})",
        )
    )
    out.append(_legend(matrix, grid_bottom + 76))
    out.append("</svg>")
    return "".join(out)


def _legend(matrix, y):
    items, x = [], LEFT
    for low, high, rag in sorted(matrix.bands):
        text = f"{RAG_WORDS.get(rag, rag)}: {low} to {high}"
        items.append(_el("rect", x=x, y=y, width=16, height=16, fill=BAND_FILL.get(rag, "#b1b4b6")))
        items.append(_el("text", escape(text), x=x + 22, y=y + 13, fill=TEXT))
        x += 30 + 7 * len(text)
    return _el("g", "".join(items), class_="app-risk-heatmap__legend")
