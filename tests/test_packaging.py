"""The wheel ships the packs: Engine.default() works from an installed wheel alone."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from .conftest import TESTS

ROOT = TESTS.parent


def test_wheel_contains_packs_and_decides_without_checkout(tmp_path):
    """A wheel built from the tree holds flowrules/rules/*.yaml, and decides from there."""
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
        archive.extractall(tmp_path / "site")
    packs = sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert {f"flowrules/rules/{p}" for p in packs} <= names
    assert "flowrules/py.typed" in names
    code = (
        "import flowrules, flowrules.engine as e; "
        "d = flowrules.decide({'ordning': 'dagpenge', 'henvendelse': 'afbud', 'grund': 'sygdom', "
        "'modtaget': '2017-03-07T10:30:00'}); "
        "print(flowrules.__file__); print(e.bundled_rules_dir()); print(d.rule_id)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    module_file, rules_dir, rule_id = result.stdout.strip().splitlines()[-3:]
    assert module_file.startswith(str(tmp_path / "site"))
    assert rules_dir.startswith(str(tmp_path / "site"))
    assert rule_id == "dagpenge.afbud_gyldig_grund"
