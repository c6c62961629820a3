"""The digest of a pack: SHA-256 of its canonical content.

The canonical content is the validated pack as JSON with sorted keys, fields
at their default value left out and no insignificant whitespace. Comments,
layout, key order and spelling out a default (``steps: []``) therefore do not
change the digest; any change to what the pack says does. The digest is what
a legal reviewer approves (``rules/approvals.yaml``) and what every decision
carries as ``pack_digest``.
"""

from __future__ import annotations

import hashlib
import json

from flowrules.pack.schema import Pack


def canonical_content(pack: Pack) -> bytes:
    """Return the pack's canonical content: sorted-key JSON without defaults, UTF-8."""
    data = pack.model_dump(mode="json", exclude_defaults=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def pack_digest(pack: Pack) -> str:
    """Return the SHA-256 of the pack's canonical content, as 64 lowercase hex digits."""
    return hashlib.sha256(canonical_content(pack)).hexdigest()
