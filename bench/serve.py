"""Load benchmark of ``flowrules serve``: ``POST /v1/decide`` against a bare Starlette endpoint.

Run from the repository root (needs ``wrk``: ``apt-get install wrk``)::

    .venv/bin/python bench/serve.py                        # 3 rounds of 10 s per row, ~4 minutes
    .venv/bin/python bench/serve.py --seconds 3 --rounds 1  # a quick look

Both servers run on uvicorn with one worker on loopback ports of this machine,
started fresh for the run; the load client is ``wrk`` (C, its own process),
which POSTs the benchmark's realistic call mix (:mod:`mix`) to
``/v1/decide`` and the same bodies to the bare endpoint
(:mod:`bare_starlette`, which reads the body and answers a fixed decision
record). Rows at 1, 16 and 64 connections, after a warm-up of each target;
the two targets alternate over several rounds and each row is the median
over the rounds, so drift in the machine's load falls on both. The targets,
judged at 64 connections as the median of each round's ratio of the two
targets run back to back:
p50 ≤ 2× and p99 ≤ 3× the bare endpoint's, and no error response. The
flowrules server logs at its default level (info: one access event and one
``decision_made`` per request, JSON on stderr, to a file).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from mix import build_mix

import flowrules

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CONNECTIONS = (1, 16, 64)
EXTRA = os.environ.get("FLOWRULES_BENCH_SERVE_ARGS", "").split()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(
    command: list[str], url: str, log: Path, env: dict[str, str]
) -> Iterator[None]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2).status_code < 500:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                msg = f"server did not start: {log.read_text()[-2000:]}"
                raise SystemExit(msg)
            time.sleep(0.2)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)


def wrk(url: str, connections: int, seconds: int, calls: Path) -> dict[str, float]:
    threads = min(connections, 2)
    result = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "serve.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
        env={**os.environ, "FLOWRULES_BENCH_CALLS": str(calls)},
    )
    row = json.loads(result.stdout.strip().splitlines()[-1])
    row["rps"] = row["requests"] / (row["duration_us"] / 1e6)
    row["errors"] = sum(
        row[k] for k in ("non_2xx", "connect", "read", "write", "timeout")
    )
    return row


def targets(bare_url: str, fr_url: str) -> list[tuple[str, str]]:
    return [("bare Starlette", bare_url), ("POST /v1/decide", fr_url)]


def summarise(rows: list[dict]) -> dict[tuple[str, int], dict[str, float]]:
    """Per target and connection count: the median over the rounds (errors summed)."""
    table: dict[tuple[str, int], dict[str, float]] = {}
    for key in dict.fromkeys((r["target"], r["connections"]) for r in rows):
        mine = [r for r in rows if (r["target"], r["connections"]) == key]
        table[key] = {
            "rps": statistics.median(r["rps"] for r in mine),
            "p50_us": statistics.median(r["p50_us"] for r in mine),
            "p99_us": statistics.median(r["p99_us"] for r in mine),
            "errors": sum(r["errors"] for r in mine),
        }
    return table


def round_ratio(rows: list[dict], key: str, connections: int = 64) -> float:
    """The median over the rounds of flowrules' ``key`` over the bare endpoint's in the same round.

    The two targets run back to back in each round, so a ratio per round
    cancels most of the machine's drift between rounds.
    """
    per_round: dict[int, dict[str, float]] = {}
    for r in rows:
        if r["connections"] == connections:
            per_round.setdefault(r["round"], {})[r["target"]] = r[key]
    return statistics.median(
        pair["POST /v1/decide"] / pair["bare Starlette"] for pair in per_round.values()
    )


def check_answers(url: str, bare: str, calls: list[dict]) -> None:
    """Both endpoints answer 200; flowrules answers exactly decide()'s record."""
    engine = flowrules.Engine.default()
    for call in calls[:200]:
        response = httpx.post(url, json=call)
        assert response.status_code == 200, response.text
        assert response.json() == engine.decide(call).model_dump(mode="json")
    assert httpx.post(bare, json=calls[0]).status_code == 200
    engine.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each row")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up before each row")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="alternating rounds per row (medians are kept)",
    )
    parser.add_argument("--json", default=None, help="also write the rows to this file")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("bench/serve.py needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    import logging

    import structlog

    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING)
    )
    calls = build_mix()
    work = Path(tempfile.mkdtemp(prefix="flowrules-bench-serve-"))
    (work / "calls.jsonl").write_text("".join(json.dumps(c) + "\n" for c in calls))
    # The bare endpoint answers one real record of the mix's median size, so
    # both targets send bodies of the same size (the first call's record is
    # the mix's smallest, 1,768 bytes against a median of 2,510).
    records = sorted(
        (r.model_dump_json() for r in map(flowrules.Engine.default().decide, calls)),
        key=len,
    )
    record = records[len(records) // 2]
    (work / "answer.json").write_text(record)
    fr_port, bare_port = free_port(), free_port()
    fr_url = f"http://127.0.0.1:{fr_port}/v1/decide"
    bare_url = f"http://127.0.0.1:{bare_port}/"
    rows: list[dict] = []
    with (
        server(
            [
                str(BIN / "flowrules"),
                "serve",
                "--port",
                str(fr_port),
                *EXTRA,
            ],
            f"http://127.0.0.1:{fr_port}/readyz",
            work / "flowrules.log",
            {},
        ),
        server(
            [
                str(BIN / "uvicorn"),
                "bare_starlette:app",
                "--port",
                str(bare_port),
                "--no-access-log",
                "--log-level",
                "warning",
                "--app-dir",
                str(ROOT / "bench"),
            ],
            bare_url,
            work / "bare.log",
            {"FLOWRULES_BENCH_BODY": str(work / "answer.json")},
        ),
    ):
        check_answers(fr_url, bare_url, calls)
        print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
        for connections in CONNECTIONS:
            for _name, url in targets(bare_url, fr_url):
                wrk(url, connections, args.warmup, work / "calls.jsonl")
            for round_ in range(args.rounds):
                for name, url in targets(bare_url, fr_url):
                    row = wrk(url, connections, args.seconds, work / "calls.jsonl")
                    rows.append(
                        {
                            "target": name,
                            "connections": connections,
                            "round": round_,
                            **row,
                        }
                    )
        print(f"load average at end: {os.getloadavg()[0]:.2f}\n", flush=True)
    table = summarise(rows)
    for (name, connections), row in table.items():
        print(
            f"{name:16} c={connections:<3} {row['rps']:8.0f} req/s  "
            f"p50 {row['p50_us'] / 1000:7.2f} ms  p99 {row['p99_us'] / 1000:7.2f} ms  "
            f"errors {row['errors']}"
        )
    p50, p99 = (round_ratio(rows, key) for key in ("p50_us", "p99_us"))
    errors = sum(r["errors"] for r in rows)
    print(
        f"\nat 64 connections (median of the rounds' ratios): p50 {p50:.2f}x (target <= 2), "
        f"p99 {p99:.2f}x (target <= 3), "
        f"error responses {errors} (target 0)"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"rows": rows, "p50_ratio": p50, "p99_ratio": p99}, indent=2)
            + "\n"
        )
    shutil.rmtree(work)
    return 0 if p50 <= 2 and p99 <= 3 and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
