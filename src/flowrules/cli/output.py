"""Standard output that may be closed or full: one quiet exit, never a traceback.

``flowrules ... | head -1`` closes the pipe early, ``>&-`` starts without
standard output and ``> /dev/full`` fails every write. The command's writes
go through :class:`GuardedOutput`, which turns such a failure into
:class:`OutputClosedError`; ``main()`` ends with ``EXIT_OUTPUT`` and, for the
process's own standard output, points the file descriptor at ``/dev/null``
so that the interpreter's last flush at exit cannot fail again.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import TextIO


class OutputClosedError(Exception):
    """Writing to standard output failed: closed pipe, closed descriptor or full disk."""

    def __init__(self, cause: OSError | None) -> None:
        self.cause = cause
        super().__init__(
            cause.strerror if cause is not None else "standard output is closed"
        )

    @property
    def quiet(self) -> bool:
        """Whether to say nothing: the reader closed the pipe (``| head``) on purpose."""
        return self.cause is not None and self.cause.errno == errno.EPIPE


class GuardedOutput(io.TextIOBase):
    """A text stream that raises :class:`OutputClosedError` when its target fails."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target

    def write(self, text: str) -> int:
        """Write ``text`` to the target."""
        try:
            return self.target.write(text)
        except OSError as exc:
            raise OutputClosedError(exc) from None

    def flush(self) -> None:
        """Flush the target."""
        try:
            self.target.flush()
        except OSError as exc:
            raise OutputClosedError(exc) from None
        except ValueError:  # flushing a closed file
            raise OutputClosedError(None) from None


class NullOutput(io.TextIOBase):
    """Where messages go when standard error is closed (``2>&-``): nowhere."""

    def write(self, text: str) -> int:
        """Discard ``text``."""
        return len(text)


def silence_process_stdout(target: TextIO) -> None:
    """Point the process's standard output at ``/dev/null`` after it failed.

    Only for the real ``sys.stdout``: its buffer is flushed again at exit,
    and that flush must not fail a second time (Python's documented recipe
    for ``SIGPIPE``). Streams an application passed in are left alone.
    """
    if target is not sys.stdout or sys.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no descriptor (already closed): nothing to flush
        pass
