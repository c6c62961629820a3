"""Emit flowrules' log events the way a library should: silently unless asked.

With no logging configured by the application, nothing is written to stdout
or stderr. When the application has configured structlog
(``structlog.configure``), events go to its structlog pipeline; otherwise
they go to the stdlib logger ``flowrules`` (which has a ``NullHandler``, so an
unconfigured application hears nothing). Events carry ids only: no CPR
numbers, names or free text.
"""

from __future__ import annotations

import logging
from typing import Any

import structlog

LOGGER_NAME = "flowrules"

_stdlib = logging.getLogger(LOGGER_NAME)
_stdlib.addHandler(logging.NullHandler())
#: structlog's usual module-level logger: a lazy proxy that reads the
#: configuration when first used (and caches it if the application asks to).
_structlog = structlog.get_logger(LOGGER_NAME)


class _KeyValues:
    """Render event fields as ``key=value`` pairs, only when a handler formats them."""

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def __str__(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.fields.items())


def info(event: str, **fields: Any) -> None:
    """Emit ``event`` with ``fields`` at level INFO to structlog or stdlib logging."""
    if structlog.is_configured():
        _structlog.info(event, **fields)
    elif _stdlib.isEnabledFor(logging.INFO):
        _stdlib.info(
            "%s %s", event, _KeyValues(fields), extra={"event": event, **fields}
        )


def enabled() -> bool:
    """Return whether an INFO event would reach anyone (skip building it otherwise)."""
    return structlog.is_configured() or _stdlib.isEnabledFor(logging.INFO)
