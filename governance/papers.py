"""Papers that other apps contribute to agenda items, without governance importing them.

Dependencies point `risks -> projects -> governance`, so governance cannot ask projects for a highlight report.
Instead an app registers a provider when it starts (in its AppConfig.ready): a function that, given agenda items,
returns the papers it holds for them. The meeting pages and the document packs ask the registry.

A paper that can go into a document pack also says how to render itself: `render()` returns the paper's HTML
fragment, made with the same template its screen page includes, so a paper reads the same on screen and in the pack.
`fingerprint` changes whenever what `render()` would return changes (a version, a timestamp), so a pack whose papers
have not changed is not built again. An uploaded PDF (an appendix) gives `pdf()` instead: its bytes.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


class Order:
    """Where a kind of paper goes among an item's papers in a pack (the order admin staff send them out in)."""

    MINUTES = 10
    ACTION_LOG = 20
    HIGHLIGHT_REPORT = 30
    EXCEPTION_REPORT = 40
    CHANGE_REQUESTS = 50
    RISKS_AND_ISSUES = 60
    DECISION_REPORT = 70
    ITEM_PAPER = 80
    APPENDIX = 90


@dataclass(frozen=True)
class Paper:
    item_id: int
    title: str
    url: str
    kind: str  # e.g. "Highlight report"
    order: int = Order.ITEM_PAPER
    # For packs: the HTML fragment (str) of the paper, or the bytes of an uploaded PDF. A paper with neither is
    # listed on the agenda but not printed in the pack.
    render: Callable[[], str] | None = field(default=None, compare=False, repr=False)
    pdf: Callable[[], bytes] | None = field(default=None, compare=False, repr=False)
    fingerprint: str = ""
    # Schedule 12A paragraph when the paper itself is exempt (an exempt appendix of an open report, say). A paper of
    # an exempt item is exempt through its item whatever this says.
    exempt_paragraph: int | None = None

    @property
    def printable(self):
        return self.render is not None or self.pdf is not None


_providers = []


def register(provider):
    """`provider(items) -> iterable of Paper`. Registering the same function twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def papers_for(items):
    """{item id: [Paper, ...]} for the given items, from every registered provider, in pack order."""
    items = list(items)
    out = {item.pk: [] for item in items}
    if not items:
        return out
    for provider in _providers:
        for paper in provider(items):
            out.setdefault(paper.item_id, []).append(paper)
    for papers in out.values():
        papers.sort(key=lambda paper: paper.order)  # stable: a provider's own order holds within a kind
    return out
