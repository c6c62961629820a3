"""Packs that reach durable-rules' C limits, made from tests/data/base_pack.yaml.

Each is valid in the pack format (``flowrules check`` found no fault in them
before issue 14); durable-rules hangs, crashes or fails on them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

BASE = Path(__file__).parent / "data" / "base_pack.yaml"


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def hostile_pack(kind: str, count: int) -> str:
    """Return pack YAML with ``count`` generated rules before the base rules.

    ``siblings``: ``antal == i`` (rules that differ in their second test);
    ``ranges``: ``afmelding_dato < 2017-01-01 + i`` (tests true at once);
    ``oneof``: ``grund one_of [arbejde, sygdom]`` (identical alternatives);
    ``identical``: ``henvendelse == afbud`` (rules ending on one test).
    """
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    data["facts"]["antal"] = {"type": "int", "description": "Et tal."}
    template = data["rules"][1]
    rules = []
    for i in range(count):
        when = {
            "siblings": {"antal": {"eq": i}},
            "ranges": {
                "afmelding_dato": {"lt": dt.date(2017, 1, 1) + dt.timedelta(days=i)}
            },
            "oneof": {"grund": {"one_of": ["arbejde", "sygdom"]}},
            "identical": {"henvendelse": "afbud"},
        }[kind]
        rules.append({**template, "id": f"r{i}", "when": when})
    data["rules"] = rules + data["rules"]
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def write_hostile_pack(folder: Path, kind: str, count: int) -> Path:
    """Write :func:`hostile_pack` as ``folder/<kind>_<count>.yaml``; return the path."""
    path = folder / f"{kind}_{count}.yaml"
    path.write_text(hostile_pack(kind, count), encoding="utf-8")
    return path
