"""One side of a comparison: the packs in a file, a folder, or either at a git revision.

``flowrules diff`` and ``flowrules impact`` take for each side ``PATH`` (a pack
file or a folder of packs) or ``REV:PATH`` (the same at a git revision; PATH
from the repository root, or ``./PATH`` from the working directory). Each pack
comes with the scenario suite that belongs to it — ``tests/scenarios/<pack>.yaml``
beside the packs' folder (or ``scenarios/`` beside the bundled packs in a
wheel), read at the same revision — so outcomes are compared wherever the
command runs.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from flowrules.analysis.scenario_suite import Suite, load_suite, load_suite_text
from flowrules.diagnostics import Diagnostic, Span
from flowrules.errors import PackError
from flowrules.pack.load import NOT_PACKS, load_all, load_pack_source
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import SourceMap, read_pack_text


@dataclass(frozen=True)
class SidePack:
    """A pack of one side, where it came from, and its scenario suite (if found)."""

    pack: Pack
    smap: SourceMap
    source: str
    suite: Suite | None
    suite_source: str | None


def _git(args: list[str], cwd: str | os.PathLike[str] | None) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _unreadable(spec: str, why: str) -> PackError:
    hint = "angiv en fil, en mappe eller REV:STI, fx HEAD:rules/ eller HEAD:rules/dagpenge.yaml"
    return PackError(
        [Diagnostic(Span(spec), "PK10", f"kan ikke læses: {why}", hint=hint)]
    )


def load_side(
    spec: str, *, cwd: str | os.PathLike[str] | None = None
) -> list[SidePack]:
    """Load every pack of one side, each with its suite.

    Raises:
        flowrules.errors.PackError: If the path or revision cannot be read or a
            pack is invalid (with the pack's diagnostics).
    """
    local = Path(cwd or ".", spec)
    if local.exists() or ":" not in spec:
        loaded, problems = load_all([local])
        if problems:
            raise PackError(problems)
        return [
            SidePack(
                p.pack, p.smap, os.fspath(p.path), *local_suite(p.path, p.pack.pack)
            )
            for p in loaded
        ]
    rev, path = spec.split(":", 1)
    kind = _git(["cat-file", "-t", f"{rev}:{path}"], cwd)
    if kind is None:
        raise _unreadable(spec, "git kender ikke revisionen eller stien")
    files = [path]
    if kind.strip() == b"tree":
        names = (_git(["ls-tree", "--name-only", f"{rev}:{path}"], cwd) or b"").decode()
        files = [
            f"{path.rstrip('/')}/{n}"
            for n in sorted(names.split())
            if n.endswith(".yaml") and n not in NOT_PACKS
        ]
        if not files:
            raise _unreadable(spec, "mappen indeholder ingen regelpakker (*.yaml)")
    return [_revision_pack(rev, f, cwd) for f in files]


def _revision_pack(rev: str, path: str, cwd: str | os.PathLike[str] | None) -> SidePack:
    spec = f"{rev}:{path}"
    raw = _git(["show", spec], cwd)
    if raw is None:
        raise _unreadable(spec, "git show fejlede")
    pack, smap = load_pack_source(read_pack_text(raw, spec), spec)
    suite, source = None, None
    for candidate in _suite_paths(path, pack.pack):
        text = _git(["show", f"{rev}:{candidate}"], cwd)
        if text is not None:
            source = f"{rev}:{candidate}"
            suite = load_suite_text(read_pack_text(text, source), source)
            break
    return SidePack(pack, smap, spec, suite, source)


def _suite_paths(path: str, pack: str) -> list[str]:
    """Where a pack file's suite lies, in git path syntax (keeping a leading ``./``)."""
    prefix = "./" if path.startswith("./") else ""
    base = PurePosixPath(path).parent.parent
    return [
        prefix + str(base / "tests" / "scenarios" / f"{pack}.yaml"),
        prefix + str(base / "scenarios" / f"{pack}.yaml"),
    ]


def local_suite(path: Path, pack: str) -> tuple[Suite | None, str | None]:
    """The suite of a pack file on disk, and where it is (``None`` when there is none)."""
    base = path.resolve().parent.parent
    for candidate in (base / "tests" / "scenarios", base / "scenarios"):
        file = candidate / f"{pack}.yaml"
        if file.is_file():
            return load_suite(file), _shown(file)
    return None, None


def _shown(file: Path) -> str:
    """A path as the user reads it: relative to the working directory when below it."""
    try:
        return os.fspath(file.relative_to(Path.cwd()))
    except ValueError:
        return os.fspath(file)


def scenario_calls(
    old: SidePack | None, new: SidePack | None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The scenarios to compare two versions on: the new suite's, then the old suite's other ones.

    Returns:
        Scenario dicts (``id``, ``call``) and the suites they came from.
    """
    out: list[dict[str, Any]] = []
    sources: list[str] = []
    seen: set[str] = set()
    for side in (new, old):
        if side is None or side.suite is None:
            continue
        added = [s for s in side.suite.scenarios if s.id not in seen]
        if added and side.suite_source:
            sources.append(side.suite_source)
        out += [{"id": s.id, "call": dict(s.call)} for s in added]
        seen |= {s.id for s in added}
    return out, sources
