"""Other apps contribute papers to agenda items through the registry (governance never imports them)."""

import ast
import pathlib

import pytest

from governance import papers

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_governance_never_imports_projects_or_risks():
    offenders = []
    for path in (ROOT / "governance").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("projects", "risks")]
    assert not offenders


def test_projects_never_imports_risks():
    offenders = [
        str(p)
        for p in (ROOT / "projects").rglob("*.py")
        if "import risks" in p.read_text() or "from risks" in p.read_text()
    ]
    assert not offenders


def test_a_provider_contributes_papers_to_items(monkeypatch):
    class Item:
        def __init__(self, pk):
            self.pk = pk

    def provider(items):
        return [papers.Paper(item.pk, f"Paper for {item.pk}", "/x", "Test") for item in items if item.pk == 2]

    monkeypatch.setattr(papers, "_providers", [])  # only this provider, whatever the apps registered
    papers.register(provider)
    papers.register(provider)  # twice: no effect
    assert papers.papers_for([Item(1), Item(2)]) == {1: [], 2: [papers.Paper(2, "Paper for 2", "/x", "Test")]}


@pytest.mark.django_db
def test_the_projects_app_registers_its_provider():
    from projects.papers import project_papers

    assert project_papers in papers._providers
