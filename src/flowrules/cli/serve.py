"""``flowrules serve``: the HTTP service and the call guide (extra ``flowrules[server]``).

The packs are loaded once here first, so that a broken pack stops the
command with its Danish diagnostics before any worker starts.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_OK

INSTALL_HINT = "flowrules serve needs the server extra: pip install 'flowrules[server]'"


def serve_command(args: argparse.Namespace, err: TextIO) -> int:
    """Run ``flowrules serve``; return the exit code when the server stops.

    Raises:
        flowrules.errors.PackError: If a pack is broken (or unapproved).
    """
    try:
        from flowrules.service.pack_state import open_engine
        from flowrules.service.server import run
        from flowrules.service.settings import (
            DEFAULT_EXECUTOR,
            ENV_ADMIN_TOKEN,
            ServiceSettings,
        )
    except ImportError as exc:
        print(f"flowrules: {INSTALL_HINT} ({exc.name} is missing)", file=err)
        return EXIT_ERROR
    token = os.environ.get(ENV_ADMIN_TOKEN) or None
    if args.admin_token_file:
        try:
            token = Path(args.admin_token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            print(f"flowrules: cannot read {args.admin_token_file}: {exc}", file=err)
            return EXIT_ERROR
    try:
        settings = ServiceSettings(
            rules=args.rules,
            require_approved=args.require_approved,
            admin_token=token or None,
            executor=args.executor or DEFAULT_EXECUTOR,
        )
        open_engine(settings).close()
        print(
            f"flowrules: opkaldsguiden er på http://{args.host}:{args.port}/ "
            f"(API: http://{args.host}:{args.port}/docs)",
            file=err,
            flush=True,
        )
        code = run(
            settings,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
        )
    except ValueError as exc:
        print(f"flowrules: {exc}", file=err)
        return EXIT_ERROR
    return EXIT_OK if code == 0 else EXIT_ERROR
