"""Count CPU instructions per ``decide()`` with callgrind: a measure that does not depend on the machine.

Run from the repository root (valgrind must be installed; takes a few minutes)::

    .venv/bin/python bench/instructions.py                     # native
    .venv/bin/python bench/instructions.py --executor durable
    .venv/bin/python bench/instructions.py --executor floor    # bench/floor.py decide()

It runs this file under ``valgrind --tool=callgrind`` twice, with 0 and with
``--calls`` decisions of the bench mix after the same set-up and warm-up
(``PYTHONHASHSEED=0``), and prints the difference divided by ``--calls``. The
ratio of two such counts compares ``decide()`` with the floor independently of
the machine's speed and load.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import re
import subprocess
import sys

WARM_UP = 2_000


def child(executor: str, calls: int) -> None:
    """Set up the engine, warm up, then decide ``calls`` calls of the mix."""
    import structlog

    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
        cache_logger_on_first_use=True,
    )
    import mix as mixmod

    import flowrules

    if executor == "floor":
        import floor

        decide = floor.decide
    else:
        decide = flowrules.Engine.default(executor=executor).decide  # type: ignore[arg-type]
    mix = list(itertools.islice(itertools.cycle(mixmod.build_mix()), WARM_UP + calls))
    for call in mix:
        decide(call)


def count(executor: str, calls: int) -> int:
    """Return the instructions callgrind collects for a child deciding ``calls`` calls."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            "--executor",
            executor,
            "--calls",
            str(calls),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    """Print instructions per ``decide()``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--executor", default="native", choices=["native", "durable", "floor"]
    )
    parser.add_argument("--calls", type=int, default=4_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.executor, args.calls)
        return 0
    base = count(args.executor, 0)
    total = count(args.executor, args.calls)
    per_call = (total - base) // args.calls
    print(f"{args.executor} decide(): {per_call:,} instructions per call (callgrind)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
