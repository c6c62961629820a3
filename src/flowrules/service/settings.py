"""How one service process is configured: packs, limits, admin token.

``flowrules serve`` passes its options to the worker processes through the
environment (uvicorn starts each worker from an import string), so the
settings are read from ``FLOWRULES_*`` variables as well as built directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from flowrules.engine.pack_versions import ExecutorName

#: Largest body of one call (``/v1/decide``, ``/v1/interview``).
DEFAULT_MAX_BODY_BYTES = 64 * 1024
#: Largest body of a JSON Lines batch.
DEFAULT_MAX_BATCH_BYTES = 64 * 1024 * 1024
#: The service decides with the native executor unless told otherwise. Both
#: executors give the same decision for every call (the differential tests
#: in CI); in a long-running process shared by every caller the pure-Python
#: one carries none of durable-rules' measured crash and hang modes
#: (``reference/durable-rules-notes.md``: memory-unsafe native code
#: in-process) and costs about a tenth less a request (``bench/SERVE.md``).
#: ``--executor durable`` (or ``auto``) serves with durable-rules.
DEFAULT_EXECUTOR: ExecutorName = "native"

ENV_RULES = "FLOWRULES_RULES"
ENV_REQUIRE_APPROVED = "FLOWRULES_REQUIRE_APPROVED"
ENV_ADMIN_TOKEN = "FLOWRULES_ADMIN_TOKEN"
ENV_MAX_BODY = "FLOWRULES_MAX_BODY_BYTES"
ENV_MAX_BATCH = "FLOWRULES_MAX_BATCH_BYTES"
ENV_EXECUTOR = "FLOWRULES_EXECUTOR"
ENV_SUPERVISED = "FLOWRULES_SUPERVISED"


@dataclass(frozen=True)
class ServiceSettings:
    """The configuration of one service process.

    Attributes:
        rules: Folder (or file) of packs; ``None`` for the bundled packs.
        require_approved: Refuse pack versions without an approval.
        admin_token: Bearer token of ``POST /v1/admin/reload``; ``None``
            disables the endpoint.
        max_body_bytes: Largest body of one call.
        max_batch_bytes: Largest body of a batch.
        executor: ``native`` (the default: see :data:`DEFAULT_EXECUTOR`),
            ``durable`` or ``auto``.
        supervised: This process is one of several workers: a reload asks the
            supervisor, which passes SIGHUP on to every worker.
    """

    rules: str | None = None
    require_approved: bool = False
    admin_token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES
    executor: ExecutorName = DEFAULT_EXECUTOR
    supervised: bool = False

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_batch_bytes"):
            value = getattr(self, name)
            if value < 1:
                msg = f'"{name}" must be >= 1: {value}'
                raise ValueError(msg)
        if self.executor not in ("auto", "durable", "native"):
            msg = f'"executor" must be "auto", "durable" or "native": {self.executor!r}'
            raise ValueError(msg)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> ServiceSettings:
        """Read the settings from ``FLOWRULES_*`` environment variables.

        Raises:
            ValueError: If a size is not a positive whole number.
        """
        env = os.environ if env is None else env
        return cls(
            rules=env.get(ENV_RULES) or None,
            require_approved=env.get(ENV_REQUIRE_APPROVED) == "1",
            admin_token=env.get(ENV_ADMIN_TOKEN) or None,
            max_body_bytes=_size(env, ENV_MAX_BODY, DEFAULT_MAX_BODY_BYTES),
            max_batch_bytes=_size(env, ENV_MAX_BATCH, DEFAULT_MAX_BATCH_BYTES),
            executor=cast(
                "ExecutorName", env.get(ENV_EXECUTOR) or DEFAULT_EXECUTOR
            ),  # checked in __post_init__
            supervised=env.get(ENV_SUPERVISED) == "1",
        )

    def to_environment(self) -> dict[str, str]:
        """Return the variables that :meth:`from_environment` reads back as these settings."""
        env = {
            ENV_REQUIRE_APPROVED: "1" if self.require_approved else "0",
            ENV_MAX_BODY: str(self.max_body_bytes),
            ENV_MAX_BATCH: str(self.max_batch_bytes),
            ENV_EXECUTOR: self.executor,
            ENV_SUPERVISED: "1" if self.supervised else "0",
        }
        if self.rules:
            env[ENV_RULES] = self.rules
        if self.admin_token:
            env[ENV_ADMIN_TOKEN] = self.admin_token
        return env


def _size(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        msg = f'"{name}" must be a whole number of bytes: {raw!r}'
        raise ValueError(msg) from None
