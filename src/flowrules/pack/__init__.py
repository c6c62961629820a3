"""Rule packs in: YAML with positions, the pack schema, loading and pack checks.

* :mod:`~flowrules.pack.yaml_positions`: YAML parsed with the line and column
  of every key and value;
* :mod:`~flowrules.pack.schema`: the pack file format (pydantic models) and
  :mod:`~flowrules.pack.schema_errors`, which turns their errors into Danish
  diagnostics;
* :mod:`~flowrules.pack.checks` and the ``check_*`` modules: cross-reference
  checks of a schema-valid pack (:mod:`~flowrules.pack.fact_table`,
  :mod:`~flowrules.pack.presence`);
* :mod:`~flowrules.pack.load`: finding, reading and validating packs.
"""

from __future__ import annotations

from flowrules.pack.load import (
    LoadedPack,
    bundled_rules_dir,
    check_pack,
    discover,
    load_all,
    load_pack,
    load_packs,
)
from flowrules.pack.schema import Pack

__all__ = [
    "LoadedPack",
    "Pack",
    "bundled_rules_dir",
    "check_pack",
    "discover",
    "load_all",
    "load_pack",
    "load_packs",
]
