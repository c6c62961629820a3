"""The wheel ships the packs and seeds: Engine.default() and lint work from a wheel alone."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import TESTS

ROOT = TESTS.parent


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
    code = (
        "import flowrules, flowrules.pack as p; "
        "e = flowrules.Engine.default(); "
        "d = e.decide({'ordning': 'dagpenge', 'henvendelse': 'afbud', 'grund': 'sygdom', "
        "'modtaget': '2017-03-07T10:30:00'}); "
        "s = e.interview({}); "
        "print(s.question.text); "
        "print(flowrules.__file__); print(p.bundled_rules_dir()); print(d.rule_id)"
    )
    result = subprocess.run(
        [str(python), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    question, module_file, rules_dir, rule_id = result.stdout.strip().splitlines()[-4:]
    assert (
        question == "Hvilket område hører henvendelsen under?"
    )  # rules/core/fields.yaml
    assert module_file.startswith(str(venv))
    assert rules_dir.startswith(str(venv))
    assert rule_id == "dagpenge.afbud_gyldig_grund"
    command = subprocess.run(
        [
            str(venv / "bin" / "flowrules"),
            "decide",
            str(ROOT / "examples" / "afbud_sygdom.json"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    assert '"rule_id": "dagpenge.afbud_gyldig_grund"' in command.stdout
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
    rules = rules_dir.strip()
    impact = subprocess.run(
        [str(venv / "bin" / "flowrules"), "impact", rules, rules],
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
    assert "kontrolleret ordret mod 4 kildedokumenter" in lint.stdout
    assert "IKKE" not in lint.stdout
