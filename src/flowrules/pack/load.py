"""Find, read and validate rule packs, reporting every problem with its place.

``check_pack(path)`` returns all diagnostics of one file (schema and cross
references); ``load_pack(path)`` returns the :class:`~flowrules.pack.schema.Pack`
or raises :class:`~flowrules.errors.PackError` with all of them;
:func:`load_all` and :func:`load_packs` load a set of packs (folders or
files). Authors never see pydantic's or PyYAML's raw text: each problem
becomes a Danish ``path:line:col: CODE message`` with one hint.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import pydantic

from flowrules.diagnostics import Diagnostic, Severity, Span, sort_diagnostics
from flowrules.errors import PackError
from flowrules.pack.checks import check_semantics
from flowrules.pack.schema import Pack
from flowrules.pack.schema_errors import translate_errors
from flowrules.pack.yaml_positions import SourceMap, parse_yaml, read_pack_text

PathLike = str | os.PathLike[str]


class LoadedPack(NamedTuple):
    """A pack that loaded, with its file and the positions of its keys and values."""

    path: Path
    pack: Pack
    smap: SourceMap


def bundled_rules_dir() -> Path:
    """Return the folder of the packs shipped with flowrules.

    From a wheel the packs sit inside the package (``flowrules/rules``); from a
    source checkout (editable install) they are the repository's ``rules/``.
    """
    packaged = resources.files("flowrules") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "rules"


def discover(root: str | os.PathLike[str]) -> list[Path]:
    """Return the pack files under ``root`` (a folder or one file), sorted.

    Raises:
        flowrules.errors.PackError: If ``root`` does not exist or holds no pack.
    """
    base = Path(root)
    if base.is_file():
        return [base]
    if not base.is_dir():
        raise PackError(
            [
                _file_problem(
                    str(root), "stien findes ikke", "angiv en mappe eller en .yaml-fil"
                )
            ]
        )
    found = sorted(p for p in base.glob("*.yaml") if p.is_file())
    if not found:
        raise PackError(
            [
                _file_problem(
                    str(root),
                    "mappen indeholder ingen regelpakker (*.yaml)",
                    "læg pakkerne i mappen",
                )
            ]
        )
    return found


def check_pack(path: str | os.PathLike[str]) -> list[Diagnostic]:
    """Return every diagnostic of one pack file, sorted; empty when it is clean.

    Errors stop a pack from loading; a pack that loads may still have
    warnings (e.g. PK18, a fact without an interview question).
    """
    try:
        pack, smap = load_pack_with_source(path)
    except PackError as exc:
        return list(exc.diagnostics)
    return pack_warnings(pack, smap)


def pack_warnings(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    """Return the warnings of a pack that loaded (its errors would have stopped it), sorted."""
    return sort_diagnostics(
        d for d in check_semantics(pack, smap) if d.severity == Severity.WARNING
    )


def load_pack(path: str | os.PathLike[str]) -> Pack:
    """Read and validate one pack file.

    Raises:
        flowrules.errors.PackError: With every diagnostic found, sorted.
    """
    return load_pack_with_source(path)[0]


def load_pack_text(text: str, path: str = "<pack>") -> Pack:
    """Validate pack YAML given as text; ``path`` names it in diagnostics.

    Raises:
        flowrules.errors.PackError: With every diagnostic found, sorted.
    """
    return load_pack_source(text, path)[0]


def load_pack_with_source(path: str | os.PathLike[str]) -> tuple[Pack, SourceMap]:
    """Read one pack file and return it with the positions of its keys and values.

    Raises:
        flowrules.errors.PackError: With every diagnostic found, sorted.
    """
    shown = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PackError(
            [
                _file_problem(
                    shown, f"filen kan ikke læses ({exc.strerror})", "tjek stien"
                )
            ]
        ) from None
    return load_pack_source(read_pack_text(raw, shown), shown)


def load_pack_source(text: str, path: str = "<pack>") -> tuple[Pack, SourceMap]:
    """Validate pack YAML given as text; return the pack and its source map.

    Raises:
        flowrules.errors.PackError: With every diagnostic found, sorted.
    """
    data, smap = parse_yaml(text, path)
    if not isinstance(data, dict):
        raise PackError(
            [
                Diagnostic(
                    smap.span(()),
                    "PK04",
                    "en regelpakke skal være en YAML-mapping med nøgler som 'pack' og 'rules'",
                    hint="start filen med 'pack: <id>'",
                )
            ]
        )
    try:
        pack = Pack.model_validate(data)
    except pydantic.ValidationError as exc:
        pack_ref = _pack_ref(data)
        raise PackError(
            sort_diagnostics(translate_errors(exc, data, smap, pack_ref))
        ) from None
    problems = check_semantics(pack, smap)
    if any(d.severity == "error" for d in problems):
        raise PackError(sort_diagnostics(problems))
    return pack, smap


def _file_problem(path: str, message: str, hint: str) -> Diagnostic:
    return load_diagnostic(path, "PK10", message, hint)


def load_diagnostic(path: str, code: str, message: str, hint: str) -> Diagnostic:
    """Return a diagnostic about a whole file (no line): what, and one hint."""
    return Diagnostic(Span(path), code, message, hint=hint)


def _pack_ref(data: dict[Any, Any]) -> str | None:
    pack, version = data.get("pack"), data.get("version")
    if isinstance(pack, str) and isinstance(version, str):
        return f"{pack}@{version}"
    return pack if isinstance(pack, str) else None


def load_all(paths: Iterable[PathLike]) -> tuple[list[LoadedPack], list[Diagnostic]]:
    """Load every pack under ``paths`` (folders or files), collecting every problem.

    This is the one place that loads a set of packs; :func:`load_packs` and
    the commands build on it.

    Returns:
        The packs that load, in order, and the diagnostics of those that do not.

    Raises:
        flowrules.errors.PackError: If a path does not exist or holds no pack.
    """
    loaded: list[LoadedPack] = []
    problems: list[Diagnostic] = []
    for root in paths:
        for file in discover(root):
            try:
                pack, smap = load_pack_with_source(file)
            except PackError as exc:
                problems.extend(exc.diagnostics)
                continue
            loaded.append(LoadedPack(file, pack, smap))
    return loaded, problems


def load_packs(paths: PathLike | Iterable[PathLike]) -> list[Pack]:
    """Load every pack under ``paths``; versions of one pack must not overlap.

    Raises:
        flowrules.errors.PackError: With every diagnostic of every pack,
            including PK16 for versions whose validity periods overlap.
    """
    roots = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    loaded, problems = load_all(roots)
    problems.extend(version_overlaps([(str(p.path), p.pack) for p in loaded]))
    if problems:
        raise PackError(problems)
    return [p.pack for p in loaded]


def version_overlaps(packs: Iterable[tuple[str, Pack]]) -> list[Diagnostic]:
    """Return a diagnostic for each pair of versions of one pack that overlap in time."""
    problems: list[Diagnostic] = []
    by_id: dict[str, list[tuple[str, Pack]]] = {}
    for path, pack in packs:
        by_id.setdefault(pack.pack, []).append((path, pack))
    for items in by_id.values():
        items.sort(key=lambda item: item[1].valid_from)
        for (_, first), (path, second) in itertools.pairwise(items):
            if first.valid_to is None or second.valid_from < first.valid_to:
                problems.append(
                    Diagnostic(
                        Span(path),
                        "PK16",
                        f"{second.ref} overlapper {first.ref} i gyldighedsperiode",
                        pack=second.ref,
                        hint=f"sæt valid_to på {first.ref} til senest {second.valid_from}",
                    )
                )
    return problems
