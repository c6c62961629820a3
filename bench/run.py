"""Benchmark of flowrules' ``decide()`` against same-job baselines; prints one report.

Run from the repository root::

    .venv/bin/python bench/run.py            # full run, a few minutes
    .venv/bin/python bench/run.py --quick    # smoke run
    .venv/bin/python bench/run.py --json bench/results.json

On the call subset of :mod:`floor` (three call types of three packs) it times
``Engine.decide()`` with the native and the durable executor against two
baselines that do the same job, call dict in, full record out: the hand-written
plain-Python :func:`floor.decide` and :class:`RawDurable` (the same around
the bare durable-rules engine). Both are first checked equal to
``decide().model_dump()`` on every call of the subset; the run stops if they
differ. Then cold ``import flowrules``, ``Engine.default()`` and
``decide_many()`` over 1,000,000 calls (time and RSS growth) in fresh processes.
``bench/README.md`` explains the method and the targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any

import structlog

# Configure logging before flowrules is imported, as a production importer would.
structlog.configure(
    wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
    cache_logger_on_first_use=True,
)

import floor  # noqa: E402
import mix as mixmod  # noqa: E402
from raw_durable import RawDurable  # noqa: E402

import flowrules  # noqa: E402
from flowrules.errors import CallError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
Case = list[tuple[Callable[[Any], Any], Any]]

#: Targets of issue 5 (ratios against baselines timed in the same run).
TARGET_NATIVE_VS_FLOOR = 3.0
TARGET_NATIVE_US = 15.0
TARGET_DURABLE_VS_RAW = 1.5
TARGET_LOAD_MS = 150.0
TARGET_IMPORT_MS = 200.0
TARGET_MANY_S = 20.0  # for 1,000,000 decisions
TARGET_RSS_MB = 5.0  # over 1,000,000 decisions
MANY = 1_000_000
BATCH, ROUNDS = 5_000, 5

ROW_FLOOR = "plain-Python floor, same job (bench/floor.py: call dict → record)"
ROW_NATIVE = "decide() native"
ROW_RAW = "raw durable-rules, same job (bench/raw_durable.py RawDurable)"
ROW_DURABLE = "decide() durable"


@dataclass(frozen=True)
class Settings:
    """Iteration counts of one run."""

    calls: int  # timed calls per case, over ROUNDS rounds
    warmup: int
    runs: int  # fresh processes per one-off measure
    many: int  # decide_many() calls


FULL = Settings(calls=200_000, warmup=5_000, runs=9, many=1_000_000)
QUICK = Settings(calls=10_000, warmup=1_000, runs=3, many=100_000)


# --- the check before timing -----------------------------------------------------------


def shifted(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return each call with ``modtaget`` in UTC (``…Z``) and at UTC-05:00."""
    out = []
    for call in calls:
        moment = dt.datetime.fromisoformat(call["modtaget"]).replace(
            tzinfo=floor.COPENHAGEN
        )
        utc = moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"
        minus_5 = moment.astimezone(dt.timezone(dt.timedelta(hours=-5))).isoformat()
        out += [{**call, "modtaget": utc}, {**call, "modtaget": minus_5}]
    return out


def bad_calls(call: dict[str, Any]) -> list[dict[str, Any]]:
    """Return variants of the valid ``call`` that ``decide()`` and the floors must refuse."""
    p = floor.PACKS[call["ordning"]]
    bad: list[Any] = [
        list(call.items()),
        {**call, "ordning": "ukendt"},
        {k: v for k, v in call.items() if k != "modtaget"},
        {**call, "modtaget": "i går"},
        {**call, "modtaget": "2026-02-30T10:00:00"},
        {**call, "modtaget": "1999-06-01T10:00:00"},
        {k: v for k, v in call.items() if k != "henvendelse"},
        {**call, "henvendelse": "ukendt"},
        {**call, "henvendelse": 3},
        {**call, "ukendt_felt": True},
        *({**call, n: 3} for n, *_ in p.derived[:1]),
    ]
    for name, kind in sorted(p.kinds.items()):
        wrong = {"bool": 1, "int": True, "date": "2026-02-30", "datetime": "snart"}
        if kind in wrong:
            bad.append({**call, name: wrong[kind]})
    return bad


def mismatches(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Return the fields where ``got`` differs from ``expected``."""
    keys = sorted(expected.keys() | got.keys())
    return [k for k in keys if expected.get(k, "<missing>") != got.get(k, "<missing>")]


def hint(field: str, pack: str) -> str:
    """Say what in bench/floor.py to update for a mismatch in ``field``."""
    if field == "rule_id" or field.startswith("<raised KeyError"):
        return (
            f"the dispatch {pack}() or DISPATCH['{pack}'] (the subset's rules changed)"
        )
    if field.startswith("<raised"):
        return "prepare() or Pack (the call validation or the pack format changed)"
    return "Outcome/record() (the record decide() returns changed)"


def verify(
    engine: flowrules.Engine, raw: RawDurable, calls: dict[str, list[Any]]
) -> dict[str, int]:
    """Check both floors against ``decide()``; stop the run with what to update."""
    problems: list[str] = []
    entries = (("floor.decide", floor.decide), ("RawDurable.decide", raw.decide))
    for where, group in calls.items():
        for call in group:
            expected = engine.decide(call).model_dump()
            for name, entry in entries:
                try:
                    got = entry(call)
                except Exception as exc:  # any failure is a finding
                    got, fields = {}, [f"<raised {exc!r:.200}>"]
                else:
                    fields = mismatches(expected, got)
                    fields = ["rule_id"] if "rule_id" in fields else fields
                problems += [
                    f"  {where}: {name} gives {f}={got.get(f)!r:.120},"
                    f" decide() gives {expected.get(f)!r:.120}\n    call {call}"
                    f"\n    update bench/floor.py: {hint(f, call['ordning'])}"
                    for f in fields
                ]
            if len(problems) >= 6:
                break
    bad = [
        b
        for c in {c["ordning"]: c for c in calls["mix"]}.values()
        for b in bad_calls(c)
    ]
    for variant in bad:
        for name, entry in (("decide()", engine.decide), *entries):
            try:
                entry(variant)
            except (CallError, ValueError):
                continue
            problems.append(f"  bad call accepted by {name}: {variant}")
    if problems:
        sys.exit(
            "ABORT: bench/floor.py does not do the same job as decide() on the subset;"
            " fix it before timing. First problems:\n" + "\n".join(problems[:6])
        )
    return {where: len(group) for where, group in calls.items()} | {"bad": len(bad)}


# --- timing ------------------------------------------------------------------------------


def time_calls(pairs: Case, start: int, count: int) -> list[int]:
    """Time ``count`` calls ``f(a)`` of ``pairs`` (cycled from ``start``), one by one."""
    clock, size, out = time.perf_counter_ns, len(pairs), [0] * count
    for done in range(0, count, BATCH):
        gc.collect()
        gc.disable()
        try:
            for i in range(done, min(count, done + BATCH)):
                f, a = pairs[(start + i) % size]
                t0 = clock()
                f(a)
                out[i] = clock() - t0
        finally:
            gc.enable()
    return out


def run_cases(cases: dict[str, Case], s: Settings) -> dict[str, dict[str, float]]:
    """Warm up every case, time them in interleaved rounds; return the summaries."""
    for pairs in cases.values():
        for f, a in itertools.islice(itertools.cycle(pairs), s.warmup):
            f(a)
    ns: dict[str, list[int]] = {name: [] for name in cases}
    per_round = s.calls // ROUNDS
    for r in range(ROUNDS):
        for name, pairs in cases.items():
            ns[name] += time_calls(pairs, r * per_round, per_round)
        print(f"  round {r + 1}/{ROUNDS} done", file=sys.stderr, flush=True)
    out = {}
    for name, samples in ns.items():
        samples.sort()
        mean = sum(samples) / len(samples) / 1000
        out[name] = {
            "n": len(samples),
            "median_us": statistics.median(samples) / 1000,
            "p99_us": samples[int(0.99 * len(samples)) - 1] / 1000,
            "mean_us": mean,
            "calls_per_s": 1e6 / mean,
        }
    return out


# --- fresh processes ---------------------------------------------------------------------

IMPORT_CODE = "import time; t0 = time.perf_counter_ns(); import {what}; print(time.perf_counter_ns() - t0)"
SPEED_CODE = "import time\nt0 = time.perf_counter_ns()\nx = 0\nfor i in range(10_000_000):\n    x += i\nprint(time.perf_counter_ns() - t0)"
LOAD_CODE = """
import logging, time, structlog
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
import flowrules
t0 = time.perf_counter_ns()
engine = flowrules.Engine.default({arg})
print(time.perf_counter_ns() - t0)
"""


def fresh(code: str, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Run ``code`` in ``runs`` fresh interpreters (after one discarded run); median ms."""
    ms = []
    for _ in range(runs + 1):
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )
        if done.returncode != 0:
            sys.exit(f"ABORT: subprocess failed:\n{code}\n{done.stderr}")
        ms.append(int(done.stdout.split()[-1]) / 1e6)
    ms = ms[1:]  # the first run fills the bytecode cache and warms the file cache
    return {
        "runs": runs,
        "median_ms": statistics.median(ms),
        "min_ms": min(ms),
        "max_ms": max(ms),
    }


def rss_kb(field: str = "VmRSS") -> int:
    """Return this process's ``VmRSS`` (or another ``/proc/self/status`` field) in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    msg = f"no {field} in /proc/self/status"
    raise RuntimeError(msg)


def child_decide_many(n: int) -> None:
    """In a fresh process: ``decide_many()`` over ``n`` subset calls; print JSON."""
    engine = flowrules.Engine.default(executor="native")
    mix = mixmod.build_mix()
    errors = sum(
        isinstance(d, CallError) for d in engine.decide_many(mix * 5)
    )  # warm-up
    gc.collect()
    samples: list[int] = []
    step = max(1, n // 10)

    def chunks() -> Iterator[Iterator[dict[str, Any]]]:
        calls = itertools.cycle(mix)
        for start in range(0, n, step):
            samples.append(rss_kb())
            yield itertools.islice(calls, min(step, n - start))

    before = rss_kb()
    t0, cpu0 = time.perf_counter(), time.process_time()
    for decision in engine.decide_many(itertools.chain.from_iterable(chunks())):
        errors += decision.__class__ is CallError
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    after = rss_kb()
    print(json.dumps({
        "calls": n, "seconds": seconds, "cpu_seconds": cpu, "us_per_call": seconds / n * 1e6,
        "rss_before_mb": before / 1024, "rss_growth_mb": (after - before) / 1024,
        "rss_samples_mb": [(kb - before) / 1024 for kb in [*samples, after]],
        "peak_rss_mb": rss_kb("VmHWM") / 1024, "call_errors": errors,
    }))  # fmt: skip


def decide_many_fresh(n: int, env: dict[str, str]) -> dict[str, Any]:
    """Run :func:`child_decide_many` in a fresh interpreter and return its numbers."""
    done = subprocess.run(
        [sys.executable, __file__, "--child-decide-many", str(n)],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"ABORT: decide_many child failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


# --- report ------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Describe the machine and software of the run."""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        cpu = next(
            (ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")),
            "?",
        )
    git = ["git", "describe", "--always", "--dirty"]
    commit = subprocess.run(
        git, capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu, "cpus": os.cpu_count(), "python": platform.python_version(),
        "durable_rules": dist_version("durable_rules"), "git": commit,
        "loadavg_start": os.getloadavg()[0],
    }  # fmt: skip


def targets(r: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Return (target, measured, met) for the issue-5 targets."""
    med = {name: v["median_us"] for name, v in r["per_call"].items()}
    native_ratio, durable_ratio = (
        med[ROW_NATIVE] / med[ROW_FLOOR],
        med[ROW_DURABLE] / med[ROW_RAW],
    )
    many = r["decide_many"]
    scale = MANY / many["calls"]
    note = f" (extrapolated from {many['calls']:,})" if scale != 1 else ""
    return [
        (f"native decide() ≤ {TARGET_NATIVE_VS_FLOOR:g}× plain-Python floor (same job)",
         f"{native_ratio:.2f}×", native_ratio <= TARGET_NATIVE_VS_FLOOR),
        (f"native decide() median ≤ {TARGET_NATIVE_US:g} µs",
         f"{med[ROW_NATIVE]:.2f} µs", med[ROW_NATIVE] <= TARGET_NATIVE_US),
        (f"durable decide() ≤ {TARGET_DURABLE_VS_RAW:g}× raw durable-rules (same job)",
         f"{durable_ratio:.2f}×", durable_ratio <= TARGET_DURABLE_VS_RAW),
        (f"Engine.default() load+compile ≤ {TARGET_LOAD_MS:g} ms",
         f"{r['load']['median_ms']:.1f} ms", r["load"]["median_ms"] <= TARGET_LOAD_MS),
        (f"import flowrules ≤ {TARGET_IMPORT_MS:g} ms",
         f"{r['import']['median_ms']:.1f} ms", r["import"]["median_ms"] <= TARGET_IMPORT_MS),
        (f"1,000,000 decide_many() ≤ {TARGET_MANY_S:g} s (one core)",
         f"{many['seconds'] * scale:.1f} s wall, {many['cpu_seconds'] * scale:.1f} s CPU{note}",
         many["seconds"] * scale <= TARGET_MANY_S),
        (f"RSS growth ≤ {TARGET_RSS_MB:g} MB over 1,000,000 decisions",
         f"{many['rss_growth_mb']:+.2f} MB over {many['calls']:,}",
         many["rss_growth_mb"] <= TARGET_RSS_MB),
    ]  # fmt: skip


ONE_OFF = (
    ("cold `import flowrules` (bytecode cached)", "import"),
    (
        "cold import of pydantic, structlog, yaml, durable_rules_engine (information)",
        "import_deps",
    ),
    ("`Engine.default()` (auto → durable), all packs", "load"),
    ("machine speed: 10,000,000 × `x += i` (information)", "speed"),
)


def report(r: dict[str, Any], quick: bool) -> list[str]:
    """Return the report as Markdown lines."""
    m, c, many = r["machine"], r["checked"], r["decide_many"]
    lines = [
        f"# flowrules benchmark ({'quick run' if quick else 'full run'})", "",
        f"{m['date']} · {m['cpu']} · {m['cpus']} CPUs · Python {m['python']} · durable-rules"
        f" {m['durable_rules']} · flowrules {m['git']} · load average {m['loadavg_start']:.2f}"
        f" at start, {r['loadavg_end']:.2f} at end", "",
        f"Subset: {r['mix']} ({r['scenarios']} scenario calls, 10,000 drawn).",
        f"Check: bench/floor.py (decide and RawDurable) returned decide()'s record on"
        f" {c['domain']:,} domain calls, {c['mix']} distinct mix calls and {c['shifted']}"
        f" with modtaget in UTC or at an offset; all three refused {c['bad']} bad calls.", "",
        "| per call, subset mix | n | median µs | p99 µs | mean µs | calls/s |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| {name} | {s['n']:,} | {s['median_us']:.2f} | {s['p99_us']:.2f} | {s['mean_us']:.2f}"
          f" | {s['calls_per_s']:,.0f} |" for name, s in r["per_call"].items()), "",
        "| one-off, fresh processes | runs | median ms | min ms | max ms |",
        "|---|---:|---:|---:|---:|",
        *(f"| {label} | {r[k]['runs']} | {r[k]['median_ms']:.1f} | {r[k]['min_ms']:.1f}"
          f" | {r[k]['max_ms']:.1f} |" for label, k in ONE_OFF), "",
        f"decide_many() (native, fresh process, GC on): {many['calls']:,} calls in"
        f" {many['seconds']:.2f} s (CPU {many['cpu_seconds']:.2f} s), {many['us_per_call']:.2f}"
        f" µs/call; RSS {many['rss_before_mb']:.1f} MB, growth {many['rss_growth_mb']:+.2f} MB"
        f" (every 10 %: {', '.join(f'{x:+.1f}' for x in many['rss_samples_mb'])}), peak"
        f" {many['peak_rss_mb']:.1f} MB; CallErrors {many['call_errors']}.", "",
        "| target | measured | result |", "|---|---|---|",
        *(f"| {t} | {v} | {'PASS' if ok else 'FAIL'} |" for t, v, ok in targets(r)),
    ]  # fmt: skip
    return lines


# --- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="smoke run")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--child-decide-many", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_decide_many is not None:
        child_decide_many(args.child_decide_many)
        return 0
    s = QUICK if args.quick else FULL
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    r: dict[str, Any] = {"machine": machine(), "settings": s.__dict__}

    say("checking the floors against decide() on the subset …")
    native = flowrules.Engine.default(executor="native")
    durable = flowrules.Engine.default(executor="durable")
    raw = RawDurable(native.packs)
    mix = mixmod.build_mix()
    distinct = list({json.dumps(c, sort_keys=True): c for c in mix}.values())
    r["scenarios"], r["mix"] = len(mixmod.scenario_calls()), mixmod.describe(mix)
    groups = {"domain": mixmod.domain_calls(native.packs), "mix": distinct}
    r["checked"] = verify(native, raw, groups | {"shifted": shifted(distinct)})
    if any(durable.decide(c) != native.decide(c) for c in distinct):
        sys.exit("ABORT: the executors disagree on the subset mix")

    cases = {
        ROW_FLOOR: [(floor.decide, c) for c in mix],
        ROW_NATIVE: [(native.decide, c) for c in mix],
        ROW_RAW: [(raw.decide, c) for c in mix],
        ROW_DURABLE: [(durable.decide, c) for c in mix],
    }
    say(f"timing {len(cases)} cases × {s.calls:,} calls in {ROUNDS} rounds …")
    r["per_call"] = run_cases(cases, s)
    with tempfile.TemporaryDirectory(prefix="flowrules-bench-pyc-") as cache:
        # Bytecode cached (as in an installed package), outside the tree.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        say(f"import, load and machine speed, {s.runs} fresh processes each …")
        r["import"] = fresh(IMPORT_CODE.format(what="flowrules"), s.runs, env)
        deps = "pydantic, structlog, yaml, durable_rules_engine"
        r["import_deps"] = fresh(IMPORT_CODE.format(what=deps), s.runs, env)
        r["load"] = fresh(LOAD_CODE.format(arg=""), s.runs, env)
        r["speed"] = fresh(SPEED_CODE, s.runs, env)
        say(f"decide_many() over {s.many:,} calls in a fresh process …")
        r["decide_many"] = decide_many_fresh(s.many, env)
    r["loadavg_end"] = os.getloadavg()[0]
    r["targets"] = targets(r)
    print("\n".join(report(r, args.quick)))
    if args.json:
        args.json.write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n")
        say(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
