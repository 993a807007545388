"""Papers that other apps contribute to agenda items, without governance importing them.

Dependencies point `risks -> projects -> governance`, so governance cannot ask projects for a highlight report.
Instead an app registers a provider when it starts (in its AppConfig.ready): a function that, given agenda items,
returns the papers it holds for them. The meeting pages (and later the packs) ask the registry.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    item_id: int
    title: str
    url: str
    kind: str  # e.g. "Highlight report"


_providers = []


def register(provider):
    """`provider(items) -> iterable of Paper`. Registering the same function twice has no effect."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def papers_for(items):
    """{item id: [Paper, ...]} for the given items, from every registered provider."""
    items = list(items)
    out = {item.pk: [] for item in items}
    if not items:
        return out
    for provider in _providers:
        for paper in provider(items):
            out.setdefault(paper.item_id, []).append(paper)
    return out
