"""The service's own response shapes (decisions and schemas are the library's)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackVersionInfo(_Out):
    """One loaded pack version: id, version, validity, digest and approval."""

    pack: str
    version: str
    title: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(
        description="First day no longer in force, or null."
    )
    digest: str | None = Field(
        description="SHA-256 of the pack's canonical content (null where unknown)."
    )
    approved: bool | None = Field(
        description="Whether exactly this content is approved (null where unknown)."
    )
    approval: dict[str, Any] | None = Field(
        description="The approval of this content: reviewer, role, date, note."
    )


class PackList(_Out):
    """The loaded pack versions, by pack id and date."""

    packs: list[PackVersionInfo]


class Health(_Out):
    """Liveness: the process answers."""

    status: Literal["ok"] = "ok"


class Readiness(_Out):
    """Readiness: the packs are loaded and compiled."""

    ready: bool
    packs: list[str] = Field(description="Loaded `pack@version`s.")
    detail: str | None = Field(default=None, description="Why not ready.")


class ReloadResult(_Out):
    """What an admin reload did."""

    reloaded: bool = Field(
        description="True when this process reloaded; false when it asked its supervisor."
    )
    packs: list[str] = Field(description="Loaded `pack@version`s after the reload.")
