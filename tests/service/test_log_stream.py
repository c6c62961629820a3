"""The service's log stream: a loop turn's lines in one write, in order, none lost."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
import json
import subprocess
import sys
import threading
from collections.abc import Callable

from flowrules.service.log_stream import MAX_PENDING, LoopBatchedStream


class CountingSink(io.BytesIO):
    """A byte sink that counts the writes it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, data: object) -> int:  # type: ignore[override]
        self.writes += 1
        return super().write(data)  # type: ignore[arg-type]


def _log(stream: LoopBatchedStream, line: bytes) -> None:
    """What structlog's BytesLogger does with one line."""
    stream.write(line + b"\n")
    stream.flush()


def _without_a_loop(test: Callable[[], None]) -> Callable[[], None]:
    """Run the test in a thread of its own, where no event loop runs.

    The test process may hold a running loop in its main thread (Playwright's
    sync API does, for the session's browser).
    """

    @functools.wraps(test)
    def run_in_thread() -> None:
        failures: list[BaseException] = []

        def run() -> None:
            try:
                test()
            except BaseException as exc:  # handed to the test's thread
                failures.append(exc)

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        if failures:
            raise failures[0]

    return run_in_thread


@_without_a_loop
def test_without_a_loop_every_line_is_written_at_once():
    sink = CountingSink()
    stream = LoopBatchedStream(sink)
    _log(stream, b"a")
    assert sink.getvalue() == b"a\n"
    _log(stream, b"b")
    assert (sink.getvalue(), sink.writes) == (b"a\nb\n", 2)


@_without_a_loop
def test_a_turns_lines_go_out_together_at_the_next_turn_in_order():
    sink = CountingSink()
    stream = LoopBatchedStream(sink)

    async def turn() -> tuple[bytes, bytes]:
        for n in range(10):
            _log(stream, b"line %d" % n)
        held = sink.getvalue()
        await asyncio.sleep(0)
        return held, sink.getvalue()

    held, written = asyncio.run(turn())
    assert held == b""
    assert written == b"".join(b"line %d\n" % n for n in range(10))
    assert sink.writes == 1


@_without_a_loop
def test_each_turn_is_written_before_the_next_turns_lines():
    sink = CountingSink()
    stream = LoopBatchedStream(sink)

    async def turns() -> list[bytes]:
        seen = []
        for n in range(3):
            _log(stream, b"%d" % n)
            await asyncio.sleep(0)
            seen.append(sink.getvalue())
        return seen

    assert asyncio.run(turns()) == [b"0\n", b"0\n1\n", b"0\n1\n2\n"]
    assert sink.writes == 3


@_without_a_loop
def test_a_backlog_over_the_limit_is_written_without_waiting():
    sink = CountingSink()
    stream = LoopBatchedStream(sink)
    line = b"x" * 1023

    async def flood() -> int:
        for _ in range(MAX_PENDING // 1024 + 1):
            _log(stream, line)
        return len(sink.getvalue())

    written_in_turn = asyncio.run(flood())
    assert written_in_turn >= MAX_PENDING
    assert sink.getvalue() == (line + b"\n") * (MAX_PENDING // 1024 + 1)


@_without_a_loop
def test_a_line_from_another_thread_is_written_at_once_after_the_held_ones():
    sink = CountingSink()
    stream = LoopBatchedStream(sink)

    async def mixed() -> bytes:
        _log(stream, b"loop")  # held for the next turn
        thread = threading.Thread(target=_log, args=(stream, b"thread"))
        thread.start()
        thread.join()
        return sink.getvalue()

    assert asyncio.run(mixed()) == b"loop\nthread\n"


def _held_by_a_stopped_loop(stream: LoopBatchedStream, line: bytes) -> None:
    """Log ``line`` on a new loop and stop and close it before the turn that would write it."""
    loop = asyncio.new_event_loop()
    loop.call_soon(_log, stream, line)
    loop.call_soon(loop.stop)
    loop.run_forever()
    loop.close()


@_without_a_loop
def test_close_writes_what_a_stopped_loop_left():
    sink = CountingSink()
    stream = LoopBatchedStream(sink)
    _held_by_a_stopped_loop(stream, b"last")
    assert sink.getvalue() == b""
    stream.close()
    assert sink.getvalue() == b"last\n"


@_without_a_loop
def test_a_new_loop_gets_its_own_turn():
    """A line held by a loop that stopped goes out with the next loop's first turn."""
    sink = CountingSink()
    stream = LoopBatchedStream(sink)
    _held_by_a_stopped_loop(stream, b"a")

    async def one() -> bytes:
        _log(stream, b"b")
        await asyncio.sleep(0)
        return sink.getvalue()

    assert asyncio.run(one()) == b"a\nb\n"


@_without_a_loop
def test_an_unbuffered_raw_stream_that_writes_part_gets_the_rest():
    class Partial(io.BytesIO):
        def write(self, data: object) -> int:  # type: ignore[override]
            return super().write(bytes(data)[:3])  # type: ignore[call-overload]

    sink = Partial()
    stream = LoopBatchedStream(sink)
    _log(stream, b"0123456789")
    assert sink.getvalue() == b"0123456789\n"


def test_the_service_logging_writes_json_lines_with_level_and_utc_time():
    """configure_logging: orjson lines on stderr, ``…Z`` timestamps, the level filter."""
    code = (
        "import structlog\n"
        "from flowrules.service.server import configure_logging\n"
        "configure_logging('warning')\n"
        "log = structlog.get_logger('t')\n"
        "log.info('hidden', n=1)\n"
        "log.warning('shown', n=2, names=['å', 'ø'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    event = json.loads(lines[0])
    assert {k: event[k] for k in ("event", "level", "n", "names")} == {
        "event": "shown",
        "level": "warning",
        "n": 2,
        "names": ["å", "ø"],
    }
    stamp = dt.datetime.fromisoformat(event["timestamp"])
    assert event["timestamp"].endswith("Z")
    assert stamp.utcoffset() == dt.timedelta(0)
