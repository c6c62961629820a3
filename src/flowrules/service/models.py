"""The service's own response shapes (decisions and schemas are the library's)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flowrules.pack.approvals import PackInfo


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackList(_Out):
    """The loaded pack versions, by pack id and date."""

    packs: list[PackInfo]


class Health(_Out):
    """Liveness: the process answers."""

    status: Literal["ok"] = "ok"


class Readiness(_Out):
    """Readiness: the packs are loaded and compiled."""

    ready: bool
    packs: list[str] = Field(description="Loaded `pack@version`s.")
    executor: str | None = Field(
        default=None,
        description="The executor deciding calls (`native` or `durable`), once ready.",
    )
    detail: str | None = Field(default=None, description="Why not ready.")


class ReloadResult(_Out):
    """What an admin reload did."""

    reloaded: bool = Field(
        description="True when this process reloaded; false when it asked its supervisor."
    )
    packs: list[str] = Field(description="Loaded `pack@version`s after the reload.")
