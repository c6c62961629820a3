"""What the call guide shows besides the API's answers, all read from YAML.

The Danish names of units, steps and resolutions are content: they live in
``core/names.yaml`` beside the packs (the packs' folder first, the bundled
one otherwise). The ordninger and their call types come from the loaded
packs (titles, the ``henvendelse`` fact's values and labels).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from flowrules.engine.engine import Engine
from flowrules.pack.load import bundled_rules_dir

NAMES_FILE = Path("core") / "names.yaml"
SECTIONS = ("units", "steps", "resolutions")


def names_path(rules: str | None) -> Path:
    """Return the names file for the packs at ``rules`` (a folder or file), else the bundled one."""
    if rules:
        base = Path(rules)
        folder = base if base.is_dir() else base.parent
        candidate = folder / NAMES_FILE
        if candidate.is_file():
            return candidate
    return bundled_rules_dir() / NAMES_FILE


@functools.lru_cache(maxsize=4)
def load_names(path: Path) -> dict[str, dict[str, str]]:
    """Return the ``units``, ``steps`` and ``resolutions`` names of a names file.

    Raises:
        ValueError: If the file is not a mapping of those sections to
            mappings of ids to Danish names.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        msg = f"{path}: expected a mapping with {', '.join(SECTIONS)}"
        raise ValueError(msg)
    names: dict[str, dict[str, str]] = {}
    for section in SECTIONS:
        entries = data.get(section, {})
        if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in entries.items()
        ):
            msg = f"{path}: '{section}' must map ids to non-empty Danish names"
            raise ValueError(msg)
        names[section] = dict(entries)
    return names


def ordninger(engine: Engine) -> list[dict[str, Any]]:
    """Return each loaded ordning with its title and call types (latest version's).

    Each call type is ``{"value": id, "label": Danish label}``; the label is
    the pack's own for that value, or the id where the pack gives none.
    """
    latest: dict[str, Any] = {}
    for pack in engine.packs:
        if pack.pack not in latest or pack.valid_from > latest[pack.pack].valid_from:
            latest[pack.pack] = pack
    result = []
    for pack_id in sorted(latest):
        pack = latest[pack_id]
        fact = pack.facts.get("henvendelse")
        values = fact.values if fact else ()
        labels = fact.labels if fact else {}
        result.append(
            {
                "pack": pack_id,
                "title": pack.title,
                "henvendelse_label": fact.description if fact else "",
                "call_types": [{"value": v, "label": labels.get(v, v)} for v in values],
            }
        )
    return result
