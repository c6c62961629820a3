"""The wheel ships the packs and seeds: Engine.default() and lint work from a wheel alone."""

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
    print(e.interview({}).question.text, file=out)  # rules/core/fields.yaml ships
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
    assert "flowrules/rules/core/fields.yaml" in names
    assert "flowrules/py.typed" in names
    seeds = sorted(p.name for p in (ROOT / "src" / "flowrules" / "seeds").iterdir())
    assert {f"flowrules/seeds/{s}" for s in seeds} <= names
    suites = sorted(p.name for p in (ROOT / "tests" / "scenarios").glob("*.yaml"))
    assert {f"flowrules/scenarios/{s}" for s in suites} <= names
    site = ROOT / "src" / "flowrules" / "review" / "site"
    data = [
        p
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".css", ".yaml")
    ]
    assert len(data) >= 10
    assert {
        f"flowrules/{p.relative_to(ROOT / 'src' / 'flowrules')}" for p in data
    } <= names
    # The call guide's templates and assets, and the names it shows, ship too.
    assert {
        "flowrules/service/templates/guide.html",
        "flowrules/service/templates/loading.html",
        "flowrules/service/static/guide.js",
        "flowrules/service/static/guide.css",
        "flowrules/rules/core/names.yaml",
    } <= names
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
    module_file, rules_dir, question, *lines = text.strip().splitlines()
    assert module_file.startswith(str(venv))
    assert rules_dir.startswith(str(venv))
    source = flowrules.Engine.default()
    expected = [source.decide(c).model_dump(mode="json") for c in calls]
    assert question == source.interview({}).question.text
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
    lint = subprocess.run(
        [str(venv / "bin" / "flowrules"), "lint"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    seeds = len(list((ROOT / "src" / "flowrules" / "seeds").glob("*.txt")))
    assert f"kontrolleret ordret mod {seeds} kildedokumenter" in lint.stdout
    assert "IKKE" not in lint.stdout
    impact = subprocess.run(
        [str(venv / "bin" / "flowrules"), "impact", rules_dir, rules_dir],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    assert impact.returncode == 0, impact.stdout + impact.stderr
    assert "ændrede beslutninger: 0 (0,0 %)" in impact.stdout
    assert "Opkald: 0;" not in impact.stdout
