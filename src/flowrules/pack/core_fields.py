"""Danish descriptions, questions and labels of the SPEC's core call fields.

They live in ``rules/core/fields.yaml`` next to the bundled packs (not a pack:
packs are ``rules/*.yaml``) and ship in the wheel with them. A pack's own
``question`` and ``labels`` of a fact come first; these fill in for fields a
pack does not describe: ``ordning``, ``modtaget``, ``valg``, the "ved ikke"
answer, and core fields in the per-pack call schemas.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from flowrules.errors import PackError
from flowrules.pack.load import bundled_rules_dir, load_diagnostic


class CoreField(BaseModel):
    """One core field: its type, Danish description, question and value labels."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["enum", "bool", "int", "date", "datetime", "string"]
    description: str
    question: str | None = None
    labels: dict[str, str] = {}


class CoreFields(BaseModel):
    """The file: the label of the "ved ikke" answer and every core field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unknown_label: str
    fields: dict[str, CoreField]

    def label(self, field: str, value: str) -> str | None:
        """Return the Danish label of one value of a core field, if the file has one."""
        entry = self.fields.get(field)
        return None if entry is None else entry.labels.get(value)


def core_fields_path() -> Path:
    """Return where the core fields file lies: ``core/fields.yaml`` beside the bundled packs."""
    return bundled_rules_dir() / "core" / "fields.yaml"


@functools.lru_cache(maxsize=4)
def load_core_fields(path: Path | None = None) -> CoreFields:
    """Read and validate the core fields file (once per path).

    Raises:
        flowrules.errors.PackError: If the file is missing or malformed (PK10/PK04).
    """
    where = path or core_fields_path()
    try:
        data = yaml.safe_load(where.read_text(encoding="utf-8"))
        return CoreFields.model_validate(data)
    except OSError as exc:
        raise PackError(
            [
                load_diagnostic(
                    str(where),
                    "PK10",
                    f"filen kan ikke læses ({exc.strerror})",
                    "tjek stien",
                )
            ]
        ) from None
    except (yaml.YAMLError, ValueError) as exc:
        first = str(exc).splitlines()[0]
        raise PackError(
            [
                load_diagnostic(
                    str(where),
                    "PK04",
                    f"kernefelternes fil er ugyldig: {first}",
                    "ret rules/core/fields.yaml efter formatet i docs/authoring.md",
                )
            ]
        ) from None
