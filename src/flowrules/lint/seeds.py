"""The seed documents that citations are checked against, read for verbatim matching."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path


def normalise(text: str) -> str:
    """Fold case, whitespace, line-break hyphenation and typographic quotes for matching."""
    text = re.sub(r"-\s*\n\s*", "", text)
    text = text.replace("”", '"').replace("“", '"').replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def load_seeds(folder: str | os.PathLike[str] | None) -> dict[str, str]:
    """Read the seed documents of a folder, normalised for verbatim matching."""
    if folder is None or not Path(folder).is_dir():
        return {}
    return {
        p.name: normalise(p.read_text(encoding="utf-8"))
        for p in sorted(Path(folder).glob("*.txt"))
    }


def default_seeds(paths: Sequence[str | os.PathLike[str]]) -> Path | None:
    """Find the seed documents next to the packs: ``<packs>/../tests/data/seeds``."""
    for root in paths:
        base = Path(root) if Path(root).is_dir() else Path(root).parent
        candidate = base.resolve().parent / "tests" / "data" / "seeds"
        if candidate.is_dir():
            return candidate
    return None
