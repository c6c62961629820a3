"""POST /v1/decide/batch: one output line per input line, in order, errors as lines."""

from __future__ import annotations

import json

from tests.service.conftest import AFBUD, client_for


def _lines(response) -> list[dict]:
    return [json.loads(line) for line in response.text.splitlines()]


def test_each_line_gets_its_decision_or_error_in_order(client, small_engine):
    """Decisions carry their line number; bad JSON and invalid calls are error lines; a blank line is a blank record."""
    other = {**AFBUD, "grund": "andet"}
    body = "\n".join(
        [
            json.dumps(AFBUD),
            "not json",
            "",
            json.dumps({"ordning": "dagpenge"}),
            json.dumps(other),
        ]
    )
    response = client.post("/v1/decide/batch", content=body.encode())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    rows = _lines(response)
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0] == {"line": 1, **small_engine.decide(AFBUD).model_dump(mode="json")}
    assert rows[1]["error"][0]["message"].startswith("not valid JSON")
    assert rows[2] == {"line": 3, "blank": True}
    assert rows[3]["error"][0]["field"] == "modtaget"
    assert rows[4] == {"line": 5, **small_engine.decide(other).model_dump(mode="json")}


def test_the_batch_answers_as_the_command_line_does(client, small_rules, tmp_path):
    """The same JSON Lines give the same lines over HTTP as from `flowrules decide --batch`."""
    import subprocess
    import sys
    from pathlib import Path

    lines = [
        json.dumps(AFBUD, ensure_ascii=False),
        "",
        "{not json",
        "NaN",
        "1" * 5000,
        json.dumps({**AFBUD, "call_id": "opkald-7", "grund": 3}),
        json.dumps({**AFBUD, "grund": "andet"}) + "\r",
        "   ",
    ]
    body = ("\n".join(lines) + "\n").encode() + b"\xff\xfe\n"
    path = tmp_path / "calls.jsonl"
    path.write_bytes(body)
    flowrules = Path(sys.executable).with_name("flowrules")
    cli = subprocess.run(
        [str(flowrules), "decide", "--batch", str(path), "--rules", str(small_rules)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    http = client.post("/v1/decide/batch", content=body)
    assert http.status_code == 200
    assert cli.returncode == 1  # some calls are invalid
    assert http.text.splitlines() == cli.stdout.decode().splitlines()
    assert len(http.text.splitlines()) == body.count(b"\n")


def test_a_long_streamed_batch_loses_nothing(client):
    """3,000 calls sent in odd-sized chunks come back as 3,000 lines, in order."""
    calls = [
        {**AFBUD, "grund": ("sygdom", "andet", "arbejde")[i % 3]} for i in range(3000)
    ]
    data = "".join(json.dumps(c) + "\n" for c in calls).encode()

    def chunks():
        for start in range(0, len(data), 777):
            yield data[start : start + 777]

    rows = _lines(client.post("/v1/decide/batch", content=chunks()))
    assert [r["line"] for r in rows] == list(range(1, 3001))
    assert [r["call"]["grund"] for r in rows] == [c["grund"] for c in calls]


def test_a_batch_over_its_limit_ends_with_an_error_line(small_engine):
    """Lines before the limit are answered; then one error line names the limit and where reading stopped."""
    client = client_for(small_engine, max_batch_bytes=2000)
    line = json.dumps(AFBUD).encode() + b"\n"

    def chunks():
        for _ in range(40):
            yield line

    rows = _lines(client.post("/v1/decide/batch", content=chunks()))
    decided = len(rows) - 1
    assert 0 < decided < 40
    assert all("rule_id" in r for r in rows[:-1])
    assert rows[-1]["line"] == decided + 1
    assert "2000 bytes" in rows[-1]["error"][0]["message"]


def test_a_declared_batch_over_its_limit_is_413(small_engine):
    """A batch whose Content-Length is over the limit is refused before any line is read."""
    client = client_for(small_engine, max_batch_bytes=100)
    response = client.post(
        "/v1/decide/batch", content=(json.dumps(AFBUD) + "\n").encode() * 3
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
