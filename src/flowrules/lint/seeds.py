"""The seed documents that citations are checked against, read for verbatim matching.

The seeds ship with flowrules (``flowrules/seeds/``, with their titles and dates
in ``documents.yaml``), so quotes are checked from a wheel and from any folder.
A citation of a document that is not among the seeds is reported as not
checked (LH03), never passed over.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DOCUMENTS_FILE = "documents.yaml"


def normalise(text: str) -> str:
    """Fold case, whitespace, line-break hyphenation and typographic quotes for matching."""
    text = re.sub(r"-\s*\n\s*", "", text)
    text = text.replace("”", '"').replace("“", '"').replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def bundled_seeds_dir() -> Path:
    """Return the folder of the seed documents shipped with flowrules."""
    return Path(str(resources.files("flowrules") / "seeds"))


def load_seeds(folder: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Read the seed documents of ``folder`` (default: the bundled seeds), normalised.

    A folder that does not exist gives no seeds: every citation is then
    reported as not checked.
    """
    if folder is None:
        return dict(_bundled_seeds())
    return _read(Path(folder))


@functools.lru_cache(maxsize=1)
def _bundled_seeds() -> Mapping[str, str]:
    return _read(bundled_seeds_dir())


def _read(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        p.name: normalise(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.txt"))
    }


def default_seeds(paths: Sequence[str | os.PathLike[str]]) -> Path:
    """Return the seeds for packs under ``paths``: the bundled seed documents.

    ``paths`` is accepted for the callers that pass the packs; the seeds do not
    depend on where the packs are, since they ship with flowrules.
    """
    del paths
    return bundled_seeds_dir()


@dataclass(frozen=True)
class SourceDocument:
    """A seed document's title and date, for readers (``documents.yaml``)."""

    file: str
    title: str
    short: str
    date: str
    date_note: str = ""


def source_documents(
    folder: str | os.PathLike[str] | None = None,
) -> dict[str, SourceDocument]:
    """Return the titles and dates of the seed documents, by file name.

    Raises:
        ValueError: If ``documents.yaml`` is malformed (names the file and entry).
    """
    path = Path(folder or bundled_seeds_dir()) / DOCUMENTS_FILE
    if not path.is_file():
        return {}
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        msg = f"{path}: 'documents' skal være en mapping fra filnavn til titel og dato"
        raise ValueError(msg)
    out = {}
    for name, entry in entries.items():
        try:
            out[name] = SourceDocument(file=name, **entry)
        except TypeError as exc:
            msg = f"{path}: {name}: {exc}; brug title, short, date og evt. date_note"
            raise ValueError(msg) from None
    return out
