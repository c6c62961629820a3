"""The project's ambiguity register: every A-number the packs' notes use.

The register is data (``flowrules/seeds/tvetydigheder.yaml``, Danish): for each
A-number the question, the sources that conflict and the choice made. Where
each A-number is used (pack, rule, the note's text) is read from the packs, so
the register and the packs cannot drift apart; a test checks that every
A-number used in a pack is in the register. ``docs/tvetydigheder.md`` is
generated from both (:func:`register_markdown`), and the reviewer site has the
same register as a page, which every note links to.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from flowrules.lint.seeds import bundled_seeds_dir
from flowrules.pack.schema import Note, Pack
from flowrules.review.markdown import escape_md

REGISTER_FILE = "tvetydigheder.yaml"
MARKER = "<!-- Genereret af tests/review/make_register_doc.py ud fra tvetydigheder.yaml og pakkernes noter; ret ikke i filen. -->"


@dataclass(frozen=True)
class Ambiguity:
    """One entry of the register: the question, the conflicting sources, the choice."""

    id: str
    title: str
    conflict: str
    sources: tuple[str, ...]
    choice: str


@dataclass(frozen=True)
class NoteUse:
    """Where a pack's note names an A-number."""

    pack: str
    where: str
    text: str


def load_register(path: str | os.PathLike[str] | None = None) -> dict[str, Ambiguity]:
    """Read the register (default: the one shipped with flowrules), by A-number.

    Raises:
        ValueError: If an entry lacks a field or has an unknown one (names the entry).
    """
    file = Path(path) if path else bundled_seeds_dir() / REGISTER_FILE
    data: Any = yaml.safe_load(file.read_text(encoding="utf-8"))
    out = {}
    for key, entry in (data.get("tvetydigheder") or {}).items():
        try:
            out[key] = Ambiguity(
                id=key,
                title=entry.pop("title"),
                conflict=entry.pop("conflict"),
                sources=tuple(entry.pop("sources")),
                choice=entry.pop("choice"),
                **entry,
            )
        except (KeyError, TypeError) as exc:
            msg = f"{file}: {key}: {exc}; brug title, conflict, sources og choice"
            raise ValueError(msg) from None
    return out


def _notes(pack: Pack) -> Iterator[tuple[str, Note]]:
    for note in pack.notes:
        yield "pakken", note
    for name, param in pack.parameters.items():
        for note in param.notes:
            yield f"parameter {name}", note
    for rule in pack.rules:
        for note in rule.notes:
            yield f"regel {rule.id}", note
    for addendum in pack.addenda:
        for note in addendum.notes:
            yield f"tillæg {addendum.id}", note
    for note in pack.fallback.notes:
        yield "fallback", note


def note_uses(packs: Sequence[Pack]) -> dict[str, list[NoteUse]]:
    """Return, per A-number, every note that uses it, pack by pack in order."""
    uses: dict[str, list[NoteUse]] = {}
    for pack in packs:
        for where, note in _notes(pack):
            uses.setdefault(note.ambiguity, []).append(
                NoteUse(pack.ref, where, note.text)
            )
    return dict(sorted(uses.items()))


def register_markdown(register: dict[str, Ambiguity], packs: Sequence[Pack]) -> str:
    """Render ``docs/tvetydigheder.md``: each used A-number, its sources, choice and uses."""
    uses = note_uses(packs)
    out = [
        MARKER,
        "# Tvetydigheder: valg mellem kilder",
        "Hvor kilderne strider mod hinanden eller ikke siger noget, har projektet truffet et"
        " valg. Hvert valg har et nummer (A01–A50, fra kildeinventaret); en regel, der bygger på"
        " valget, har en `note:` med nummeret. Her står for hvert nummer, som pakkerne bruger,"
        " spørgsmålet, de kilder der strider, valget og hvor i pakkerne det er brugt."
        " Borgerrådgiverens rapport (002, 2017) går forud for ældre formuleringer i"
        " flowdiagrammerne.",
    ]
    for key, used in uses.items():
        entry = register.get(key)
        out.append(
            f'<a id="{key.lower()}"></a>\n\n## {key}: {escape_md(entry.title if entry else "(mangler i registret)")}'
        )
        if entry is not None:
            out.append(f"**Konflikt:** {escape_md(entry.conflict)}")
            out.append(
                "**Kilder:**\n\n"
                + "\n".join(f"- {escape_md(s)}" for s in entry.sources)
            )
            out.append(f"**Valg:** {escape_md(entry.choice)}")
        lines = [f"- `{u.pack}`, {u.where}: {escape_md(u.text)}" for u in used]
        out.append(f"**Brugt i {len(used)} noter:**\n\n" + "\n".join(lines))
    return "\n\n".join(out) + "\n"
