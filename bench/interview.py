"""Benchmark of ``Engine.interview()``: one step, as a ratio to ``decide()`` in the same run.

Run from the repository root::

    .venv/bin/python bench/interview.py               # about a minute
    .venv/bin/python bench/interview.py --rounds 3    # quicker
    .venv/bin/python bench/interview.py --compare-src /path/to/other/src   # load time before/after

The workload is every step of the interviews of the four scenario suites: from
the call type alone, each question answered from the scenario's call ("ved
ikke" where the call lacks the fact), until the decision. Each step is timed
alone (``time.perf_counter_ns()``, garbage collector off inside a batch):

* ``interview (warm)``: after one pass over every step, the steady state of a
  long-running service (the analyses of a pack version are memoised);
* ``interview (first use)``: every step on a fresh engine, in order: what the
  first caller of each step pays;
* ``decide()``: the scenarios' full calls, the baseline of the ratios.

Both wall-clock time and the thread's CPU time are reported: on a loaded
machine the wall-clock p99 is the scheduler's time slice, not flowrules.

Targets (issue 11): p99 of a warm step ≤ 2 ms and ≤ 50 × the p99 of ``decide()``.
``Engine.default()`` (load and compile the bundled packs) is timed in fresh
processes; the interview builds nothing at load time.
"""

from __future__ import annotations

import argparse
import gc
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import structlog

structlog.configure(
    wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
    cache_logger_on_first_use=True,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flowrules  # noqa: E402
from flowrules.analysis.scenario_suite import load_suite  # noqa: E402

START = ("ordning", "modtaget", "henvendelse")


def scenario_calls() -> list[dict[str, Any]]:
    calls = []
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.yaml")):
        suite = load_suite(path)
        calls += [call for _, call in suite.calls()]
    return calls


def interview_steps(
    engine: flowrules.Engine, call: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every partial call the interview of ``call`` passes through, in order."""
    partial = {k: call[k] for k in START}
    steps = []
    while True:
        steps.append(dict(partial))
        step = engine.interview(partial)
        if step.done:
            return steps
        partial[step.question.fact] = call.get(step.question.fact)


def timed(fn: Any, items: list[Any]) -> tuple[list[int], list[int]]:
    """Wall-clock and thread CPU nanoseconds of each call."""
    gc.collect()
    gc.disable()
    try:
        wall, cpu = [], []
        for item in items:
            start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
            fn(item)
            cpu.append(time.thread_time_ns() - start_cpu)
            wall.append(time.perf_counter_ns() - start)
        return wall, cpu
    finally:
        gc.enable()


def stats(samples: list[int]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) / 1e3, p99 / 1e3


LOAD = (
    "import time, logging, structlog; "
    "structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING)); "
    "t = time.perf_counter(); import flowrules; e = flowrules.Engine.default(executor='native'); "
    "print(time.perf_counter() - t)"
)


def load_time(src: str | None, runs: int = 5) -> float:
    """Median seconds of import + Engine.default() in fresh processes (optionally another tree)."""
    code = LOAD if src is None else f"import sys; sys.path.insert(0, {src!r}); " + LOAD
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=10, help="timed rounds of the warm workload"
    )
    parser.add_argument(
        "--compare-src",
        default=None,
        help="another src/ tree to time Engine.default() of",
    )
    args = parser.parse_args()

    calls = scenario_calls()
    fresh = flowrules.Engine.default(executor="native")
    steps = [s for call in calls for s in interview_steps(fresh, call)]
    first_engine = flowrules.Engine.default(executor="native")
    first = timed(first_engine.interview, steps)
    engine = flowrules.Engine.default(executor="native")
    for s in steps:
        engine.interview(s)
    warm: tuple[list[int], list[int]] = ([], [])
    decide: tuple[list[int], list[int]] = ([], [])
    for _ in range(args.rounds):
        for total, (wall, cpu) in (
            (warm, timed(engine.interview, steps)),
            (decide, timed(engine.decide, calls)),
        ):
            total[0].extend(wall)
            total[1].extend(cpu)

    rows = [
        ("interview (warm)", warm),
        ("interview (first use)", first),
        ("decide()", decide),
    ]
    print(f"{len(calls)} scenarios, {len(steps)} interview steps, {args.rounds} rounds")
    print(
        f"{'µs':24} {'wall median':>12} {'wall p99':>10} {'CPU median':>11} {'CPU p99':>9}"
    )
    for name, (wall, cpu) in rows:
        (wm, wp), (cm, cp) = stats(wall), stats(cpu)
        print(f"{name:24} {wm:12.1f} {wp:10.1f} {cm:11.1f} {cp:9.1f}")
    for label, index in (("wall", 0), ("CPU", 1)):
        wm, wp = stats(warm[index])
        dm, dp = stats(decide[index])
        print(
            f"warm interview / decide ({label}): median {wm / dm:.1f}x, p99 {wp / dp:.1f}x"
            " (targets: p99 ≤ 50x and ≤ 2000 µs)"
        )
    now = load_time(None)
    print(
        f"import + Engine.default(): {now * 1e3:.0f} ms (median of 5 fresh processes)"
    )
    if args.compare_src:
        before = load_time(args.compare_src)
        print(f"  the same for {args.compare_src}: {before * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
