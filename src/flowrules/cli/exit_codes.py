"""Exit codes of the ``flowrules`` command."""

from __future__ import annotations

#: Success, or a clean pack.
EXIT_OK = 0
#: Findings in a pack, or an invalid call.
EXIT_FINDINGS = 1
#: Usage, file or internal error.
EXIT_ERROR = 2
