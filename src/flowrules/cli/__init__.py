"""The ``flowrules`` command line (entry point ``flowrules.cli:main``)."""

from __future__ import annotations

from flowrules.cli.main import main

__all__ = ["main"]
