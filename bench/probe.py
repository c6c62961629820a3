"""Hostile-input and fault probe (issue 14): load held, faults survived, inputs tried, records lost.

Run from the repository root (a few minutes; ``--quick`` for a smoke run)::

    .venv/bin/python bench/probe.py [--quick] [--json bench/probe.json]

What it does, each part in fresh processes where a fault could hang or kill:

* **calls**: about 22,000 crafted calls (raising objects, lone surrogates,
  huge and non-finite numbers, deep and wide values, CPR numbers and names as
  values and field names, epochs and dates for date-times) through both
  executors. Survived: each gives a ``Decision`` or a ``CallError`` whose
  text and JSON are strict, bounded and free of the probes.
* **batch**: about 105,000 JSON Lines (valid calls, bytes that are not UTF-8,
  blank lines, deep nesting, 5,000-digit numbers, NaN, U+2028) through
  ``flowrules decide --batch``; lost = input lines without their own output
  line (by number, in order, strict JSON). Then ``| head -1``, ``>&-``,
  ``> /dev/full`` and Ctrl-C: exit code, no traceback.
* **packs**: the broken packs of ``tests/pack/invalid_packs`` and packs past
  each durable-rules limit: ``flowrules check`` and a durable ``Engine`` load,
  each with a timeout; survived = a diagnostic or an error, never a hang. The
  packs that must load (just within each limit, and the golden packs with
  warnings only, such as PK20) must load.
* **load**: 8 threads deciding with durable through 50 reloads (every other
  one to a pack past a limit, which must be refused); mismatches against the
  native answers, decisions during the reloads.
* **processes**: invalid calls through ``multiprocessing.Pool.map`` and
  ``fork()`` while threads decide.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import structlog  # noqa: E402  (after the path: the tests' helpers are imported below)
from tests.hostile_packs import write_hostile_pack  # noqa: E402

import flowrules  # noqa: E402
from flowrules.privacy import looks_like_cpr  # noqa: E402

BASE = ROOT / "tests" / "data" / "base_pack.yaml"
CALL = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "grund": "sygdom",
    "modtaget": "2017-03-07T10:30:00",
}
CPR = ["0103851234", "010385-1234", "311299 1234", "1203851234"]
NAMES = ["Jens Hansen", "Anna Møller"]
FIELDS = [
    *CALL,
    "opkalder",
    "aftale",
    "aftale_tidspunkt",
    "afmelding_dato",
    "behov_for_tolk",
]


class Raising:
    """A value whose repr, str, hash, comparisons and truth value raise."""

    def _fail(self, *args: object) -> Any:
        raise RuntimeError(type(self).__name__)

    __repr__ = __str__ = __hash__ = __eq__ = __lt__ = __bool__ = _fail  # type: ignore[assignment]


def _deep(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


def _hostile_value(rng: random.Random) -> object:
    pick = rng.randrange(12)
    return [
        lambda: Raising(),
        lambda: 10 ** rng.randrange(16, 6000),
        lambda: rng.choice([math.nan, math.inf, -math.inf, 1e308 * 10]),
        lambda: "\ud800" + rng.choice(["", "x", "sygdom"]),
        lambda: _deep(rng.randrange(10, 20_000)),
        lambda: {str(i): i for i in range(rng.randrange(1, 2000))},
        lambda: rng.choice(CPR),
        lambda: rng.choice(NAMES),
        lambda: rng.choice(["2017-03-09", 1489050000, "1489050000", 0, "0"]),
        lambda: "x" * rng.randrange(100, 200_000),
        lambda: rng.choice(["sygdom", "arbejde", True, 3, "2017-03-09T10:00:00"]),
        lambda: [Raising()],
    ][pick]()


def _crafted_call(rng: random.Random) -> object:
    if rng.random() < 0.03:
        return {f"f{i}": i for i in range(rng.randrange(65, 100_000))}  # wide
    call: dict[Any, object] = dict(CALL)
    for _ in range(rng.randrange(1, 4)):
        if rng.random() < 0.2:
            call[rng.choice([*CPR, *NAMES, "\udcff", "x"])] = rng.choice(FIELDS)
        else:
            call[rng.choice(FIELDS)] = _hostile_value(rng)
    return call


def _leaks(text: str) -> bool:
    return looks_like_cpr(text) or any(name in text for name in NAMES)


def probe_calls(count: int) -> dict[str, int]:
    """Crafted calls through both executors: every answer a Decision or a safe CallError."""
    engines = [flowrules.Engine.default(executor="native")]
    if flowrules.Engine.default().executor == "durable":
        engines.append(flowrules.Engine.default(executor="durable"))
    rng = random.Random(14)
    tried = survived = leaks = 0
    for _ in range(count):
        call = _crafted_call(rng)
        for engine in engines:
            tried += 1
            try:
                engine.decide(call)  # type: ignore[arg-type]
            except flowrules.CallError as exc:
                text = str(exc) + json.dumps(
                    exc.to_json(), ensure_ascii=False, allow_nan=False
                )
                text.encode("utf-8")
                leaks += _leaks(text)
                survived += len(text) < 20_000
            except Exception as exc:
                print("  not survived:", type(exc).__name__, file=sys.stderr)
            else:
                survived += 1
    return {
        "calls tried": tried,
        "calls survived": survived,
        "calls leaking a probe": leaks,
    }


def _batch_lines(count: int) -> list[bytes]:
    rng = random.Random(105)
    good = json.dumps(CALL).encode()
    kinds = [
        lambda: good,
        lambda: json.dumps(
            {**CALL, "grund": rng.choice(CPR + NAMES)}, ensure_ascii=False
        ).encode(),
        lambda: b'{"ordning": "dagpenge", "grund": "\xff\xfe"}',
        lambda: b"",
        lambda: b"[" * 3000 + b"]" * 3000,
        lambda: b'{"ordning": "dagpenge", "x": ' + b"9" * 5000 + b"}",
        lambda: b'{"ordning": "dagpenge", "grund": NaN}',
        lambda: json.dumps(
            {**CALL, "grund": "a\u2028b\x85"}, ensure_ascii=False
        ).encode(),
        lambda: b"not json",
        lambda: good.replace(b"sygdom", b"arbejde"),
    ]
    return [rng.choice(kinds)() for _ in range(count)]


SCRIPT = "import sys; from flowrules.cli import main; sys.exit(main())"


def _flowrules(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        capture_output=True,
        timeout=timeout,
        cwd=ROOT,
    )


def _strict(line: bytes) -> Any:
    def refuse(name: str) -> Any:
        raise ValueError(name)

    return json.loads(line, parse_constant=refuse)


def probe_batch(count: int, folder: Path) -> dict[str, int]:
    """A hostile JSON Lines file: one strict output line per input line, in order."""
    path = folder / "calls.jsonl"
    lines = _batch_lines(count)
    path.write_bytes(b"\n".join(lines) + b"\n")
    run = _flowrules("decide", "--batch", str(path))
    out = run.stdout.split(b"\n")[:-1]
    numbered = sum(1 for n, line in enumerate(out, 1) if _strict(line)["line"] == n)
    leaks = sum(_leaks(line.decode("utf-8")) for line in out if b'"error"' in line)
    faults = {
        "| head -1": [
            "bash",
            "-c",
            f"{sys.executable} -c '{SCRIPT}' decide --batch {path} | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}",
        ],
        ">&-": [
            "bash",
            "-c",
            f"{sys.executable} -c '{SCRIPT}' decide --batch {path} >&-",
        ],
        "> /dev/full": [
            "bash",
            "-c",
            f"{sys.executable} -c '{SCRIPT}' decide --batch {path} > /dev/full",
        ],
    }
    survived = 0
    for command in faults.values():
        result = subprocess.run(command, capture_output=True, timeout=900, cwd=ROOT)
        survived += result.returncode == 3 and b"Traceback" not in result.stderr
    survived += _ctrl_c_survived()
    return {
        "batch lines tried": len(lines),
        "batch lines lost": len(lines) - numbered,
        "batch error lines leaking a probe": leaks,
        "batch exit code (1: some invalid)": run.returncode,
        "output faults survived (of 4)": survived,
    }


def _ctrl_c_survived() -> bool:
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, "decide", "--batch", "-", "--rules", str(BASE)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(json.dumps(CALL).encode() + b"\n")
    process.stdin.flush()
    process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    return (
        process.returncode == 130
        and b"afbrudt efter" in err
        and b"Traceback" not in err
    )


#: Packs past a durable-rules limit (refused), and just within it (must load).
HOSTILE = [
    *(("siblings", n) for n in (512, 513, 600, 700, 1000, 2000)),
    *(("ranges", n) for n in (65, 70, 100, 200, 400)),
    *(("oneof", n) for n in (65, 100, 128, 129, 130, 200)),
    *(("identical", n) for n in (256, 257, 300, 400, 1000)),
]
# (the base pack's own rules add one test, or one ending, to each)
WITHIN = [("siblings", 510), ("ranges", 63), ("oneof", 63), ("identical", 254)]
LOAD = """
import sys, flowrules
try:
    flowrules.Engine.from_path(sys.argv[1], executor="durable")
except (flowrules.PackError, flowrules.EngineError):
    print("refused")
else:
    print("loaded")
"""


def _has_error(path: Path) -> bool:
    """Whether ``flowrules check`` finds an error (not only warnings) in ``path``."""
    from flowrules.pack.load import check_pack

    return any(d.severity.value == "error" for d in check_pack(path))


def probe_packs(folder: Path) -> dict[str, int]:
    """Broken packs and packs past durable's limits: check and load report, never hang."""
    golden = sorted((ROOT / "tests" / "pack" / "invalid_packs").glob("*.yaml"))
    # A pack of the golden set with warnings only (e.g. PK20) must load, not be refused.
    warned = [p for p in golden if not _has_error(p)]
    paths = [p for p in golden if p not in warned]
    paths += [write_hostile_pack(folder, kind, n) for kind, n in HOSTILE]
    within = [write_hostile_pack(folder, kind, n) for kind, n in WITHIN] + warned
    outcomes = {}
    for path in [*paths, *within]:
        try:
            check = _flowrules("check", str(path), timeout=120)
            load = subprocess.run(
                [sys.executable, "-c", LOAD, str(path)],
                capture_output=True,
                timeout=120,
                cwd=ROOT,
            )
        except subprocess.TimeoutExpired:
            outcomes[path] = "hung"
            continue
        outcomes[path] = f"{check.returncode} {load.stdout.decode().strip()}"
    return {
        "broken packs tried": len(paths),
        "broken packs refused cleanly": sum(outcomes[p] == "1 refused" for p in paths),
        "packs that must load tried": len(within),
        "packs that must load loaded": sum(outcomes[p] == "0 loaded" for p in within),
        "hung": sum(o == "hung" for o in outcomes.values()),
    }


def probe_load(reloads: int, folder: Path) -> dict[str, int]:
    """8 threads decide with durable while the engine reloads, half the time to a bad pack."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))
    bad = write_hostile_pack(folder, "siblings", 600)
    engine = flowrules.Engine.from_path(BASE, executor="durable")
    calls = [{**CALL, "grund": g} for g in ("arbejde", "sygdom", "andet")]
    native = flowrules.Engine.from_path(BASE, executor="native")
    expected = [native.decide(c) for c in calls]
    counts = {"decided": 0, "mismatches": 0, "errors": 0}
    stop = threading.Event()

    def work(offset: int) -> None:
        i = offset
        while not stop.is_set():
            k = i % len(calls)
            try:
                counts["mismatches"] += engine.decide(calls[k]) != expected[k]
                counts["decided"] += 1
            except flowrules.FlowrulesError:
                counts["errors"] += 1
            i += 1

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    refused = accepted_bad = 0
    for r in range(reloads):
        try:
            engine.reload(bad if r % 2 else BASE)
            accepted_bad += r % 2
        except (flowrules.PackError, flowrules.EngineError):
            refused += 1
    during = counts["decided"]
    time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join()
    engine.close()
    return {
        "reloads": reloads,
        "bad reloads refused": refused,
        "bad reloads accepted": accepted_bad,
        "decisions during reloads": during,
        "decisions total": counts["decided"],
        "mismatches": counts["mismatches"],
        "errors while deciding": counts["errors"],
    }


def _quiet() -> None:
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))


def _decide_rule(call: dict[str, object]) -> str:
    try:
        return flowrules.Engine.default(executor="native").decide(call).rule_id
    except flowrules.CallError as exc:
        return "CallError:" + ",".join(exc.fields)


def _raise_rule(call: dict[str, object]) -> str:
    return flowrules.Engine.default(executor="native").decide(call).rule_id


def probe_processes() -> dict[str, int]:
    """Invalid calls across processes; fork() while threads decide with durable."""
    calls = [
        {**CALL, "henvendelse": h} for h in ("afbud", "nope", "afmelding", "x")
    ] * 25
    with multiprocessing.get_context("spawn").Pool(2, initializer=_quiet) as pool:
        results = pool.map_async(_decide_rule, calls).get(timeout=300)
        try:
            pool.map_async(_raise_rule, calls).get(timeout=300)
            raised = 0
        except flowrules.CallError:
            raised = 1
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.engine.test_durable_executor import FORK_SCRIPT

    fork = subprocess.run(
        [sys.executable, "-c", FORK_SCRIPT.replace("FORKS", "40")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    stuck = int(fork.stdout.split()[1]) if fork.stdout.startswith("stuck") else 40
    return {
        "pool records": len(calls),
        "pool records lost": len(calls) - len(results),
        "pool CallError re-raised in parent (1 = yes)": raised,
        "forked children": 40,
        "forked children stuck": stuck,
    }


def main() -> None:
    """Run every part and print (and optionally save) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: fewer inputs"
    )
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    scale = 20 if args.quick else 1
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))
    figures: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, run in (
            ("calls", lambda: probe_calls(11_000 // scale)),
            ("batch", lambda: probe_batch(105_000 // scale, folder)),
            ("packs", lambda: probe_packs(folder)),
            ("load", lambda: probe_load(50, folder)),
            ("processes", probe_processes),
        ):
            started = time.perf_counter()
            figures[name] = run()
            print(f"{name} ({time.perf_counter() - started:.0f} s)")
            for key, value in figures[name].items():
                print(f"  {key:45} {value:>10}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(figures, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
