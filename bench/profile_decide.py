"""Profile where native ``Engine.decide()`` spends its time, on the benchmark's call mix.

Run from the repository root::

    .venv/bin/python bench/profile_decide.py                 # 20,000 calls, top 15
    .venv/bin/python bench/profile_decide.py --calls 50000 --top 30 --sort tottime

structlog is configured as in ``bench/run.py`` (info events dropped). cProfile
slows small functions down much more than large ones, so read the list as
"where the calls go", and use ``bench/run.py`` for the real cost.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import logging
import pstats
import sys

import structlog

structlog.configure(
    wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
    cache_logger_on_first_use=True,
)

import mix as mixmod  # noqa: E402

import flowrules  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Profile ``--calls`` native decisions and print the top functions."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--sort", default="cumulative", choices=["cumulative", "tottime", "ncalls"]
    )
    parser.add_argument("--executor", default="native", choices=["native", "durable"])
    args = parser.parse_args(argv)

    engine = flowrules.Engine.default(executor=args.executor)
    mix = mixmod.build_mix()
    for call in itertools.islice(itertools.cycle(mix), 5_000):  # warm-up
        engine.decide(call)
    calls = list(itertools.islice(itertools.cycle(mix), args.calls))
    decide = engine.decide

    profiler = cProfile.Profile()
    profiler.enable()
    for call in calls:
        decide(call)
    profiler.disable()

    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(
        f"{args.executor} decide() × {args.calls:,} calls of the bench mix,"
        f" sorted by {args.sort}"
    )
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
