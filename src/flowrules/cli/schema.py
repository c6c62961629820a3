"""``flowrules schema``: the JSON Schemas of the pack file, calls, decisions and interview steps."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from flowrules.cli.decide import open_engine
from flowrules.cli.exit_codes import EXIT_OK
from flowrules.decision import Call, Decision, InterviewStep
from flowrules.pack.schema import Pack


def schemas(rules: str | None = None) -> dict[str, Any]:
    """Return the JSON Schemas of the pack file, the generic call, the decision, the interview step and each pack's call."""
    engine = open_engine(rules, "native")
    try:
        return {
            "pack": Pack.model_json_schema(),
            "call": Call.model_json_schema(),
            "decision": Decision.model_json_schema(),
            "interview": InterviewStep.model_json_schema(),
            "calls": engine.call_schemas(),
        }
    finally:
        engine.close()


def schema_command(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``flowrules schema [WHICH] [--out DIR]``: print or write the schemas."""
    result = schemas(args.rules)
    chosen = result if args.which == "all" else {args.which: result[args.which]}
    if args.which == "call":
        chosen["calls"] = result["calls"]
    if args.out:
        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, schema in chosen.items():
            if name == "calls":
                for ref, call_schema in schema.items():
                    (folder / f"call.{ref}.schema.json").write_text(
                        json.dumps(call_schema, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8",
                    )
            else:
                (folder / f"{name}.schema.json").write_text(
                    json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8",
                )
        return EXIT_OK
    out.write(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
