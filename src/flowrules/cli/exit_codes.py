"""Exit codes of the ``flowrules`` command (each keeps one meaning)."""

from __future__ import annotations

#: Success, or a clean pack.
EXIT_OK = 0
#: Findings in a pack, or some invalid calls (every line still has its output line).
EXIT_FINDINGS = 1
#: Usage, file or internal error: the run itself failed (in a batch: the
#: executor failed on some calls, each of which has an error line).
EXIT_ERROR = 2
#: Standard output was closed or full (``| head -1``, ``>&-``, ``> /dev/full``).
EXIT_OUTPUT = 3
#: Interrupted (Ctrl-C); the summary of what was done is on standard error.
EXIT_INTERRUPTED = 130
