"""Run the service on uvicorn: one process, or ``--workers N`` behind one socket.

Every worker is started from the import string
``flowrules.service.app:app_from_environment`` with the settings in
``FLOWRULES_*`` variables. SIGHUP reloads the packs: a single process
reloads itself; with several workers the supervisor passes the signal on to
each worker (uvicorn's own supervisor would restart them instead, and a
broken pack would then stop the service). Logging is structlog JSON lines on
stderr, ids only; uvicorn's access log is off (see
:mod:`~flowrules.service.access_log`).
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import logging
import os
import signal
import sys
from collections.abc import MutableMapping
from typing import Any, BinaryIO, TextIO

import orjson
import structlog
import uvicorn
from uvicorn.supervisors import Multiprocess

from flowrules.service.log_stream import LoopBatchedStream
from flowrules.service.settings import ServiceSettings

APP = "flowrules.service.app:app_from_environment"
ENV_LOG_LEVEL = "FLOWRULES_LOG_LEVEL"
LOG_LEVELS = ("debug", "info", "warning", "error")


class ReloadingMultiprocess(Multiprocess):
    """uvicorn's worker supervisor, passing SIGHUP on to the workers (they reload their packs)."""

    def handle_hup(self) -> None:
        """Send SIGHUP to every worker instead of restarting it."""
        for process in self.processes:
            pid = process.process.pid
            if pid is not None:
                os.kill(pid, signal.SIGHUP)


def configure_logging(level: str) -> None:
    """Log structlog events as JSON lines on stderr from ``level`` up.

    orjson renders the line (with the UTC timestamp, ``…Z``) and structlog's
    ``BytesLogger`` hands it to :class:`~flowrules.service.log_stream.LoopBatchedStream`,
    which writes a loop turn's lines in one call: structlog's recipe for fast
    JSON logging, where the standard library's ``json``, the text layer and
    a write per line cost about three times as much a request.
    """
    stream = LoopBatchedStream(_binary(sys.stderr))
    atexit.register(stream.close)
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            _add_timestamp,
            structlog.processors.JSONRenderer(serializer=_render),
        ],
        logger_factory=structlog.BytesLoggerFactory(stream),  # type: ignore[arg-type]
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[level.upper()]
        ),
        cache_logger_on_first_use=True,
    )


def _add_timestamp(
    _logger: object, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Stamp the event with the time now in UTC (orjson writes it as ISO 8601)."""
    event["timestamp"] = dt.datetime.now(dt.UTC)
    return event


def _render(event: Any, **kwargs: Any) -> bytes:
    return orjson.dumps(event, option=orjson.OPT_UTC_Z, **kwargs)


def _binary(stream: TextIO) -> BinaryIO:
    """Return the byte stream under a text stream (flushing what it holds first)."""
    stream.flush()
    return stream.buffer


def run(
    settings: ServiceSettings,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    workers: int = 1,
    log_level: str = "info",
) -> int:
    """Serve until SIGINT or SIGTERM; return the exit code (0, or 1 if it did not start)."""
    if workers < 1:
        msg = f'"workers" must be >= 1: {workers}'
        raise ValueError(msg)
    if log_level not in LOG_LEVELS:
        msg = f'"log_level" must be one of {", ".join(LOG_LEVELS)}: {log_level!r}'
        raise ValueError(msg)
    supervised = dataclasses.replace(settings, supervised=workers > 1)
    os.environ.update(supervised.to_environment())
    os.environ[ENV_LOG_LEVEL] = log_level
    config = uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        server_header=False,
        log_level="warning" if log_level in ("warning", "error") else "info",
        timeout_graceful_shutdown=10,
    )
    server = uvicorn.Server(config)
    if workers > 1:
        socket = config.bind_socket()
        ReloadingMultiprocess(config, sockets=[socket]).run()
        return 0
    server.run()
    return 0 if server.started else 1
