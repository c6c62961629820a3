"""The ``flowrules`` command: decide, explain, interview, check, lint, render, diff, impact, schema, approve, site, serve.

Exit codes: 0 success (or a clean pack), 1 findings or invalid calls,
2 usage, file or internal error, 3 standard output closed or full, 130
interrupted (:mod:`~flowrules.cli.exit_codes`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TextIO, cast

import structlog

from flowrules.cli.approve import approve_command
from flowrules.cli.check import check_command, lint_command
from flowrules.cli.compare import diff_command, impact_command
from flowrules.cli.decide import decide_command
from flowrules.cli.exit_codes import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
)
from flowrules.cli.interview import interview_command
from flowrules.cli.output import (
    GuardedOutput,
    NullOutput,
    OutputClosedError,
    silence_process_stdout,
)
from flowrules.cli.parser import build_parser
from flowrules.cli.review import render_command, site_command
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
    """Run the command line; return the exit code.

    Called in-process, it leaves the application's structlog configuration
    alone: it configures structlog only when nothing has, and only for the
    run. A closed or full standard output ends the run with ``EXIT_OUTPUT``
    and Ctrl-C with ``EXIT_INTERRUPTED``, never with a traceback.
    """
    target = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else (sys.stderr or cast(TextIO, NullOutput()))
    if target is None:
        print("flowrules: standard output is closed", file=err)
        return EXIT_OUTPUT
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    out = cast(TextIO, GuardedOutput(target))  # a TextIOBase: write, flush, print
    configured = _configure_logging(err, verbose=args.verbose)
    try:
        code = _dispatch(args, out, err)
        out.flush()
    except OutputClosedError as exc:
        silence_process_stdout(target)
        if not exc.quiet:
            print(f"flowrules: cannot write to standard output ({exc})", file=err)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("flowrules: afbrudt", file=err)
        return EXIT_INTERRUPTED
    finally:
        if configured:
            structlog.reset_defaults()
    return code


def _configure_logging(err: TextIO, *, verbose: bool) -> bool:
    """Send structlog to ``err`` unless the application configured it; whether we did."""
    if structlog.is_configured():
        return False
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(err),
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.INFO if verbose else logging.WARNING
        ),
        cache_logger_on_first_use=False,
    )
    return True


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run the chosen command; pack and engine errors become exit code 2."""
    bundled = [str(bundled_rules_dir())]
    try:
        if args.command in ("decide", "explain"):
            return decide_command(args, out, err)
        if args.command == "interview":
            return interview_command(args, out, err)
        if args.command == "check":
            return check_command(
                args.paths or bundled, args.format, out, deep=args.deep
            )
        if args.command == "render":
            paths = args.paths or bundled
            return render_command(paths, args.out, args.seeds, stdout=out, stderr=err)
        if args.command == "site":
            return site_command(
                args.paths or bundled,
                args.out,
                seeds=args.seeds,
                pdf=args.pdf,
                stdout=out,
                stderr=err,
            )
        if args.command == "diff":
            return diff_command(
                args.old, args.new, args.scenarios, args.format, stdout=out, stderr=err
            )
        if args.command == "impact":
            return impact_command(args, out, err)
        if args.command == "approve":
            return approve_command(args, out, err)
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
