"""The ``flowrules`` command: decide, explain, check, lint, render, diff, impact, schema, serve.

Exit codes: 0 success (or a clean pack), 1 findings or an invalid call,
2 usage, file or internal error (:mod:`~flowrules.cli.exit_codes`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TextIO

import structlog

from flowrules.cli.check import check_command, lint_command
from flowrules.cli.decide import decide_command
from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_OK
from flowrules.cli.parser import build_parser
from flowrules.cli.review import diff_command, impact_command, render_command
from flowrules.cli.schema import schema_command
from flowrules.cli.serve import serve_command
from flowrules.diagnostics import format_text
from flowrules.errors import FlowrulesError, PackError
from flowrules.pack.load import bundled_rules_dir


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(err),
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.INFO if args.verbose else logging.WARNING
        ),
        cache_logger_on_first_use=False,
    )
    bundled = [str(bundled_rules_dir())]
    try:
        if args.command in ("decide", "explain"):
            return decide_command(args, out, err)
        if args.command == "check":
            return check_command(
                args.paths or bundled, args.format, out, deep=args.deep
            )
        if args.command == "render":
            paths = args.paths or bundled
            return render_command(paths, args.out, args.seeds, stdout=out, stderr=err)
        if args.command == "diff":
            return diff_command(
                args.old, args.new, args.scenarios, args.format, stdout=out, stderr=err
            )
        if args.command == "impact":
            return impact_command(args, out, err)
        if args.command == "serve":
            return serve_command(args, err)
        if args.command == "lint":
            return lint_command(args.paths or bundled, args.format, args.seeds, out)
        return schema_command(args, out)
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return EXIT_ERROR
    except FlowrulesError as exc:
        print(f"flowrules: {exc}", file=err)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
