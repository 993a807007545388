"""A readable diff between two versions of a terms of reference.

Each version is flattened to labelled lines ("3.3: The Group will be quorate ..."); lines are matched with difflib,
and a changed line shows word-level insertions and deletions.
"""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass
class DiffRow:
    kind: str  # "same", "added", "removed", "changed"
    label: str
    html: str


def tor_lines(tor):
    """(label, text) pairs for a ToR version: header fields, clauses in order, and quorum rules."""
    lines = []
    for name in tor.DOCUMENT_FIELDS:
        value = getattr(tor, name)
        if value not in (None, ""):
            display = getattr(tor, f"get_{name}_display", None)
            lines.append(
                (str(tor._meta.get_field(name).verbose_name).capitalize(), str(display() if display else value))
            )
    for clause in tor.clauses.all():
        label = " ".join(part for part in (clause.get_section_display(), clause.heading, clause.number) if part)
        lines.append((label, clause.text))
    for rule in tor.quorum_rules.all():
        lines.append((f"Quorum rule ({rule.body})", rule.describe()))
    return lines


def _words_html(old, new):
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))


def diff(old_lines, new_lines):
    """Rows describing how `new_lines` differs from `old_lines`; unchanged lines are kept for context."""
    keys_old = [f"{label}\n{text}" for label, text in old_lines]
    keys_new = [f"{label}\n{text}" for label, text in new_lines]
    rows = []
    matcher = difflib.SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [DiffRow("same", label, escape(text)) for label, text in old_lines[i1:i2]]
            continue
        old_chunk, new_chunk = old_lines[i1:i2], new_lines[j1:j2]
        # Pair lines with the same label as changes; the rest are plain removals and additions.
        new_by_label = {}
        for label, text in new_chunk:
            new_by_label.setdefault(label, []).append(text)
        for label, text in old_chunk:
            if new_by_label.get(label):
                rows.append(DiffRow("changed", label, _words_html(text, new_by_label[label].pop(0))))
            else:
                rows.append(DiffRow("removed", label, mark_safe(f"<del>{escape(text)}</del>")))
        for label, texts in new_by_label.items():
            rows += [DiffRow("added", label, mark_safe(f"<ins>{escape(text)}</ins>")) for text in texts]
    return rows
