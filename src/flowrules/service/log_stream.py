"""The service's log stream: the lines of one event-loop turn go out in one write.

At ``info`` every ``POST /v1/decide`` logs two lines (``decision_made`` and
``request_handled``). Written one by one, each line is a ``write`` system
call; under load those calls cost as much as rendering the lines. The
stream keeps the lines logged on the event loop's thread and writes them
together at the start of the loop's next turn (``loop.call_soon``), so a
turn that answers ten requests makes one call instead of twenty. A line is
therefore out within one turn of the loop (microseconds, not a timer), in
the order it was logged. Lines logged where no loop runs (a reload in a
worker thread, start-up, shutdown) and a backlog over :data:`MAX_PENDING`
bytes are written at once; :meth:`LoopBatchedStream.close` writes what is
left.
"""

from __future__ import annotations

import asyncio
import threading
from typing import BinaryIO

#: Bytes kept at most before they are written without waiting for the turn.
MAX_PENDING = 64 * 1024


class LoopBatchedStream:
    """A binary stream for structlog's ``BytesLogger`` that batches a loop turn's lines.

    Args:
        raw: Where the lines go (``sys.stderr.buffer``).
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._pending: list[bytes] = []
        self._size = 0
        self._scheduled_on: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def write(self, data: bytes) -> int:
        """Keep ``data`` for the next write out; return its length."""
        with self._lock:
            self._pending.append(data)
            self._size += len(data)
        return len(data)

    def flush(self) -> None:
        """Write out at the loop's next turn, or now where no loop runs here."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.write_out()
            return
        if self._size >= MAX_PENDING:
            self.write_out()
        elif self._scheduled_on is not loop:
            self._scheduled_on = loop
            loop.call_soon(self._turn_ended)

    def _turn_ended(self) -> None:
        self._scheduled_on = None
        self.write_out()

    def write_out(self) -> None:
        """Write every kept line now, in order, in one call."""
        with self._lock:
            if not self._pending:
                return
            data = b"".join(self._pending)
            self._pending.clear()
            self._size = 0
            view = memoryview(data)
            while view:  # an unbuffered stderr (python -u) may write part of it
                view = view[self._raw.write(view) or 0 :]
            self._raw.flush()

    def close(self) -> None:
        """Write what is left (the raw stream stays open: it is stderr)."""
        self.write_out()
