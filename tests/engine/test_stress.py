"""Concurrency: many threads deciding at once get the single-threaded answers."""

from __future__ import annotations

import threading

import pytest

from flowrules.analysis.input_domain import enumerate_calls
from tests.conftest import PACKS, requires_durable


def _mix() -> list[dict]:
    calls = []
    for pack in PACKS:
        calls.extend(c for i, c in enumerate(enumerate_calls(pack)) if i % 7 == 0)
    return calls[:3000]


@pytest.mark.stress
@pytest.mark.parametrize(
    "executor", ["native", pytest.param("durable", marks=requires_durable)]
)
def test_eight_threads_get_the_single_threaded_answers(executor, request):
    """8 threads deciding 200,000 calls in total give exactly the single-threaded decisions."""
    engine = request.getfixturevalue(f"{executor}_engine")
    calls = _mix()
    expected = [engine.decide(c) for c in calls]
    total, threads_n = 200_000, 8
    mismatches: list[int] = []
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(offset, total, threads_n):
                k = i % len(calls)
                if engine.decide(calls[k]) != expected[k]:
                    mismatches.append(k)
        except BaseException as exc:  # any failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert mismatches == []
