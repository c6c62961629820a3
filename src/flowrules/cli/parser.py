"""The ``flowrules`` command's arguments: one function per subcommand."""

from __future__ import annotations

import argparse

from flowrules.cli.approve import add_approve

_PATHS_HELP = "pack folders or files (default: bundled packs)"


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="flowrules",
        description="Jobcenter Københavns telefonflowdiagrammer som regelpakker: vejledning, ikke afgørelse.",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log decision events to stderr"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _add_decide(sub)
    _add_interview(sub)
    _add_check(sub)
    _add_lint(sub)
    _add_render(sub)
    _add_site(sub)
    _add_diff(sub)
    _add_impact(sub)
    _add_schema(sub)
    add_approve(sub)
    _add_serve(sub)
    return parser


def _add_engine_options(
    cmd: argparse.ArgumentParser, executor: str | None = "auto"
) -> None:
    """Add the options that choose the packs and the executor of a command's engine."""
    cmd.add_argument(
        "--rules",
        default=None,
        help="a pack folder or file (default: the bundled packs)",
    )
    cmd.add_argument(
        "--executor",
        choices=("auto", "durable", "native"),
        default=executor,
        help="auto: durable-rules where it imports; both give the same decisions"
        f" (default {executor or 'native, the service default'})",
    )


def _add_decide(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, help_text in (
        ("decide", "decide a call"),
        ("explain", "decide a call and show every rule tried"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument(
            "file", help="the call as a JSON file, or - for standard input"
        )
        _add_engine_options(cmd)
        if name == "decide":
            cmd.add_argument(
                "--batch",
                action="store_true",
                help="FILE holds one call per line (JSON Lines); print one decision per line",
            )
        cmd.add_argument(
            "--format",
            choices=("json", "text"),
            default="json" if name == "decide" else "text",
        )


def _add_interview(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmd = sub.add_parser(
        "interview",
        help="ask the questions of a call one at a time (Danish), then print the decision",
    )
    cmd.add_argument(
        "--answers",
        default=None,
        help="answer from this JSON object (field: value, null for 'ved ikke') instead of the keyboard",
    )
    cmd.add_argument(
        "--modtaget",
        default=None,
        help="the call's time (ISO 8601); otherwise it is asked (empty answer: now)",
    )
    _add_engine_options(cmd)
    cmd.add_argument("--format", choices=("text", "json"), default="text")


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser(
        "check", help="validate packs; prints path:line:col: CODE message"
    )
    check.add_argument("paths", nargs="*", default=None, help=_PATHS_HELP)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--deep",
        action="store_true",
        help="also analyse each pack over its input domain: gaps, unreachable rules, unused texts",
    )


def _add_lint(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint = sub.add_parser("lint", help="lint wording, citations and structure of packs")
    lint.add_argument("paths", nargs="*", default=None, help=_PATHS_HELP)
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument(
        "--seeds",
        default=None,
        help="folder of seed documents for verbatim citation checks",
    )


def _add_render(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = sub.add_parser(
        "render", help="write Danish Markdown pages of the packs for reviewers"
    )
    render.add_argument("paths", nargs="*", default=None, help=_PATHS_HELP)
    render.add_argument(
        "--out", default="docs/packs", help="output folder (default docs/packs)"
    )
    render.add_argument(
        "--seeds", default=None, help="folder of seed documents for lint status"
    )


def _add_site(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    site = sub.add_parser(
        "site",
        help="write the Danish reviewer site: pages, a flowchart per call type, PDFs",
    )
    site.add_argument("paths", nargs="*", default=None, help=_PATHS_HELP)
    site.add_argument("--out", required=True, help="output folder")
    site.add_argument(
        "--pdf", action="store_true", help="also write one PDF per pack version"
    )
    site.add_argument(
        "--seeds", default=None, help="folder of seed documents for lint status"
    )


def _add_diff(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = sub.add_parser(
        "diff",
        help="compare two versions of packs (files, folders or REV:PATH); exit 1 on changes",
    )
    diff.add_argument("old", help="old version: a pack file, a folder, or REV:PATH")
    diff.add_argument("new", help="new version: a pack file, a folder, or REV:PATH")
    diff.add_argument(
        "--scenarios",
        default=None,
        help="scenario suite to compare outcomes on (default: the suites of the packs)",
    )
    diff.add_argument(
        "--format", choices=("markdown", "text", "json"), default="markdown"
    )


def _add_impact(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    impact = sub.add_parser(
        "impact",
        help="how many decisions change between two pack versions, over a call file",
    )
    impact.add_argument("old", help="old packs: a folder, a file or REV:PATH")
    impact.add_argument("new", help="new packs: a folder, a file or REV:PATH")
    impact.add_argument(
        "calls",
        nargs="?",
        default=None,
        help="calls as JSON Lines (default: the scenarios of the packs' suites)",
    )
    impact.add_argument("--format", choices=("text", "json"), default="text")


def _add_schema(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = sub.add_parser(
        "schema", help="print JSON Schemas: pack file, call, decision, interview step"
    )
    schema.add_argument(
        "which",
        nargs="?",
        choices=("all", "pack", "call", "decision", "interview"),
        default="all",
    )
    schema.add_argument(
        "--rules", default=None, help="packs whose per-pack call schemas to include"
    )
    schema.add_argument(
        "--out", default=None, help="write one file per schema into this folder"
    )


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the HTTP API and the call guide page (extra flowrules[server])",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind")
    serve.add_argument("--port", type=int, default=8080, help="port to bind")
    # None: the service's own default (flowrules.service.settings.DEFAULT_EXECUTOR).
    _add_engine_options(serve, executor=None)
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (stateless; default 1)"
    )
    serve.add_argument(
        "--require-approved",
        action="store_true",
        help="refuse pack versions whose content has no approval",
    )
    serve.add_argument(
        "--admin-token-file",
        default=None,
        help="file holding the bearer token of POST /v1/admin/reload",
    )
    serve.add_argument(
        "--log-level", choices=("debug", "info", "warning", "error"), default="info"
    )
