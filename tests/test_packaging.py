"""The wheel ships the packs: Engine.default() works from an installed wheel alone."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import flowrules
from tests.conftest import PACKS, TESTS, sample_calls

ROOT = TESTS.parent
# Decisions go to a file: stdout is not the place to parse them from (logging).
DECIDE_LINES = """
import json, sys, flowrules, flowrules.pack as p
e = flowrules.Engine.default()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    print(flowrules.__file__, file=out)
    print(p.bundled_rules_dir(), file=out)
    for line in open(sys.argv[1], encoding="utf-8"):
        print(json.dumps(e.decide(json.loads(line)).model_dump(mode="json")), file=out)
"""


def test_wheel_contains_packs_and_decides_without_checkout(tmp_path):
    """A wheel built from the tree holds the packs and, installed in a fresh venv, decides."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("flowrules-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    packs = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert {f"flowrules/rules/{p}" for p in packs} <= names
    assert "flowrules/py.typed" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    calls = [c for pack in PACKS for c in sample_calls(pack, every=97, limit=3)]
    calls_file = tmp_path / "calls.jsonl"
    calls_file.write_text(
        "".join(json.dumps(c) + "\n" for c in calls), encoding="utf-8"
    )
    decided = tmp_path / "decided.jsonl"
    subprocess.run(
        [str(python), "-c", DECIDE_LINES, str(calls_file), str(decided)],
        capture_output=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    text = decided.read_text(encoding="utf-8")
    module_file, rules_dir, *lines = text.strip().splitlines()
    assert module_file.startswith(str(venv))
    assert rules_dir.startswith(str(venv))
    source = flowrules.Engine.default()
    expected = [source.decide(c).model_dump(mode="json") for c in calls]
    source.close()
    assert len(calls) == len(PACKS) * 3
    assert [json.loads(line) for line in lines] == expected
    one = tmp_path / "call.json"
    one.write_text(json.dumps(calls[0]), encoding="utf-8")
    command = subprocess.run(
        [str(venv / "bin" / "flowrules"), "decide", str(one)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    assert json.loads(command.stdout) == expected[0]
