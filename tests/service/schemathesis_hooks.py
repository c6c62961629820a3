"""Schemathesis hooks for the service tests: how to send a JSON Lines batch body."""

from __future__ import annotations

import json
from typing import Any

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def to_json_lines(ctx: Any, value: Any) -> bytes:
    """Send a generated string as is, anything else as one JSON line."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes):
        return value
    return (json.dumps(value) + "\n").encode()
