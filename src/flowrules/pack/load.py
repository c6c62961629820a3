"""Find, read and validate rule packs, reporting every problem with its place.

``check_pack(path)`` returns all diagnostics of one file (schema and cross
references); ``load_pack(path)`` returns the :class:`~flowrules.model.Pack` or
raises :class:`~flowrules.errors.PackError` with all of them. Authors never see
pydantic's or PyYAML's raw text: each problem becomes a Danish
``path:line:col: CODE message`` with one hint.
"""

from __future__ import annotations

import itertools
import os
import types
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel

from flowrules.checks import check_semantics
from flowrules.diagnostics import (
    Diagnostic,
    allowed_hint,
    did_you_mean,
    sort_diagnostics,
)
from flowrules.errors import PackError
from flowrules.model import Pack
from flowrules.source import Path as YamlPath
from flowrules.source import SourceMap, parse_yaml, read_pack_text

__all__ = [
    "check_pack",
    "discover",
    "load_all",
    "load_pack",
    "load_pack_source",
    "load_pack_text",
    "load_pack_with_source",
    "version_overlaps",
]


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
    """Return every diagnostic of one pack file, sorted; empty when it is valid."""
    try:
        load_pack(path)
    except PackError as exc:
        return list(exc.diagnostics)
    return []


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
            sort_diagnostics(_translate(exc, data, smap, pack_ref))
        ) from None
    problems = check_semantics(pack, smap)
    if any(d.severity == "error" for d in problems):
        raise PackError(sort_diagnostics(problems))
    return pack, smap


def _file_problem(path: str, message: str, hint: str) -> Diagnostic:
    from flowrules.diagnostics import Span

    return Diagnostic(Span(path), "PK10", message, hint=hint)


def _pack_ref(data: dict[Any, Any]) -> str | None:
    pack, version = data.get("pack"), data.get("version")
    if isinstance(pack, str) and isinstance(version, str):
        return f"{pack}@{version}"
    return pack if isinstance(pack, str) else None


# --- pydantic error translation ------------------------------------------------


def _data_path(data: Any, loc: tuple[int | str, ...]) -> YamlPath:
    """Keep only the ``loc`` elements that are real keys or indexes in ``data``."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if _has(current, part):
            path.append(part)
            current = current[part]
    return tuple(path)


def _has(container: Any, part: int | str) -> bool:
    if isinstance(container, dict):
        return part in container
    return (
        isinstance(container, list)
        and isinstance(part, int)
        and 0 <= part < len(container)
    )


def _model_at(path: YamlPath) -> type[BaseModel] | None:
    """Return the model class that validates the mapping at ``path``, if any."""
    annotation: Any = Pack
    for part in path:
        model = _as_model(annotation)
        if model is not None and isinstance(part, str):
            field = model.model_fields.get(part)
            if field is None:
                return None
            annotation = field.annotation
            continue
        annotation = _element_type(annotation)
        if annotation is None:
            return None
    return _as_model(annotation)


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    return [annotation]


def _as_model(annotation: Any) -> type[BaseModel] | None:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _element_type(annotation: Any) -> Any:
    for candidate in _unwrap(annotation):
        origin = typing.get_origin(candidate)
        args = typing.get_args(candidate)
        if origin is dict and len(args) == 2:
            return args[1]
        if origin in (list, tuple) and args:
            return args[0]
    return None


_TYPE_NAMES = {
    "string_type": "en tekst",
    "bool_type": "true eller false",
    "int_type": "et heltal",
    "date_type": "en dato (ÅÅÅÅ-MM-DD)",
    "dict_type": "en mapping (nøgle: værdi)",
    "list_type": "en liste",
    "tuple_type": "en liste",
    "model_type": "en mapping (nøgle: værdi)",
    "model_attributes_type": "en mapping (nøgle: værdi)",
}


def _translate(
    exc: pydantic.ValidationError, data: Any, smap: SourceMap, pack_ref: str | None
) -> Iterator[Diagnostic]:
    """Turn pydantic errors into one Danish diagnostic per data path."""
    by_path: dict[YamlPath, list[Any]] = {}
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"] == "missing":
            path = (*_data_path(data, loc[:-1]), loc[-1])
        else:
            path = _data_path(data, loc)
        by_path.setdefault(path, []).append(error)
    found = [
        _diagnostic_for(path, errors, data, smap, pack_ref)
        for path, errors in by_path.items()
    ]
    # A misspelled key gives "unknown 'citation'" and "missing 'citations'";
    # the first, with its "mente du 'citations'?", says it all.
    suggested = {(d.rule, d.hint) for d in found if d.code == "PK03"}
    for diagnostic in found:
        field = diagnostic.message.split("'")[1] if diagnostic.code == "PK02" else None
        if field and (diagnostic.rule, f"mente du '{field}'?") in suggested:
            continue
        yield diagnostic


def _rule_of(path: YamlPath, data: Any) -> str | None:
    if len(path) >= 2 and path[0] in ("rules", "addenda") and isinstance(path[1], int):
        try:
            rule_id = data[path[0]][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        pack = data.get("pack")
        if isinstance(rule_id, str):
            return f"{pack}.{rule_id}" if isinstance(pack, str) else rule_id
    return None


def _diagnostic_for(
    path: YamlPath,
    errors: list[dict[str, Any]],
    data: Any,
    smap: SourceMap,
    pack_ref: str | None,
) -> Diagnostic:
    rule = _rule_of(path, data)
    kinds = {e["type"] for e in errors}
    name = ".".join(str(p) for p in path) or "<pakke>"
    if "missing" in kinds:
        field = str(path[-1])
        return Diagnostic(
            smap.span(path[:-1]),
            "PK02",
            f"feltet '{field}' mangler i '{'.'.join(str(p) for p in path[:-1]) or '<pakke>'}'",
            rule=rule,
            pack=pack_ref,
            hint=f"tilføj '{field}:'",
        )
    if "extra_forbidden" in kinds:
        field = str(path[-1])
        model = _model_at(path[:-1])
        options = list(model.model_fields) if model else []
        hint = did_you_mean(field, options) or (
            allowed_hint(options) if options else "slet feltet"
        )
        return Diagnostic(
            smap.span(path, key=True),
            "PK03",
            f"ukendt felt '{field}'",
            rule=rule,
            pack=pack_ref,
            hint=hint,
        )
    error = errors[0]
    value = error.get("input")
    span = smap.span(path)
    if "literal_error" in kinds:
        expected = [
            e["ctx"]["expected"] for e in errors if e["type"] == "literal_error"
        ]
        options = [o.strip(" '") for o in expected[0].replace(" or ", ",").split(",")]
        hint = did_you_mean(str(value), options) or allowed_hint(options)
        return Diagnostic(
            span, "PK04", f"ugyldig værdi {value!r} i '{name}'", rule, pack_ref, hint
        )
    if "string_pattern_mismatch" in kinds:
        pattern = next(e for e in errors if e["type"] == "string_pattern_mismatch")[
            "ctx"
        ]["pattern"]
        return Diagnostic(
            span,
            "PK04",
            f"{value!r} har ikke det rigtige format i '{name}'",
            rule,
            pack_ref,
            _pattern_hint(pattern),
        )
    if kinds & {
        "date_from_datetime_parsing",
        "date_parsing",
        "date_from_datetime_inexact",
    }:
        return Diagnostic(
            span,
            "PK09",
            f"ugyldig dato {value!r} i '{name}'",
            rule,
            pack_ref,
            "skriv datoen som ÅÅÅÅ-MM-DD, fx 2017-03-06",
        )
    if kinds & {"too_short", "too_long"}:
        limit = error.get("ctx", {})
        return Diagnostic(
            span,
            "PK04",
            f"'{name}' har en ugyldig længde",
            rule,
            pack_ref,
            _length_hint(limit),
        )
    wanted = [_TYPE_NAMES[k] for k in sorted(kinds) if k in _TYPE_NAMES]
    if isinstance(value, bool) and "string_type" in kinds:
        hint = "YAML læser yes/no/on/off som sand/falsk: sæt værdien i anførselstegn"
    elif isinstance(value, (int, float)) and "string_type" in kinds:
        hint = (
            f'YAML læser {value} som et tal: sæt værdien i anførselstegn, fx "{value}"'
        )
    elif wanted:
        hint = "forventede " + " eller ".join(dict.fromkeys(wanted))
    else:
        hint = "tjek værdiens type"
    shown = value if not isinstance(value, (dict, list)) else type(value).__name__
    return Diagnostic(
        span, "PK04", f"ugyldig værdi {shown!r} i '{name}'", rule, pack_ref, hint
    )


def _pattern_hint(pattern: str) -> str:
    hints = {
        "^[a-z][a-z0-9_]*$": "et id består af små bogstaver a-z, tal og _, og starter med et bogstav",
        r"^\d{4}\.\d{1,3}$": "versionen er CalVer ÅÅÅÅ.N, fx 2026.1",
        r"^\d{3}_[0-9a-f]{16}\.txt$": "citér kildens filnavn, fx 001_1e9ef2aea408ead2.txt",
        r"^A(0[1-9]|[1-4]\d|50)$": "tvetydigheder nummereres A01-A50",
        r"^([01]\d|2[0-4]):[0-5]\d$": "klokkeslæt skrives TT:MM, fx 08:30",
    }
    return hints.get(pattern, f"værdien skal passe til mønstret {pattern}")


def _length_hint(ctx: dict[str, Any]) -> str:
    if "min_length" in ctx:
        return f"mindst {ctx['min_length']} element(er)/tegn"
    if "max_length" in ctx:
        return f"højst {ctx['max_length']} element(er)/tegn"
    return "tjek længden"


def load_all(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[tuple[Path, Pack, SourceMap]], list[Diagnostic]]:
    """Load every pack under ``paths``: the packs that load and the diagnostics of the rest.

    Raises:
        flowrules.errors.PackError: If a path does not exist or holds no pack.
    """
    loaded: list[tuple[Path, Pack, SourceMap]] = []
    problems: list[Diagnostic] = []
    for root in paths:
        for file in discover(root):
            try:
                pack, smap = load_pack_with_source(file)
            except PackError as exc:
                problems.extend(exc.diagnostics)
                continue
            loaded.append((file, pack, smap))
    return loaded, problems


def version_overlaps(packs: list[tuple[str, Pack]]) -> list[Diagnostic]:
    """Return a diagnostic for each pair of versions of one pack that overlap in time."""
    from flowrules.diagnostics import Span

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
