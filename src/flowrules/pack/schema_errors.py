"""Translate pydantic's validation errors of a pack into Danish diagnostics.

Each error's ``loc`` is a YAML path; the :class:`~flowrules.pack.yaml_positions.SourceMap`
turns it into ``path:line:col`` (falling back to the nearest parent that has a
position), and the error type becomes a code: ``missing`` → PK02,
``extra_forbidden`` → PK03, wrong values and types → PK04, bad dates → PK09.
Authors never see pydantic's own text or URL.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

import pydantic
from pydantic import BaseModel

from flowrules.diagnostics import Diagnostic, allowed_hint, did_you_mean
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import SourceMap, YamlPath, rule_of


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
        model = _as_model(annotation, part)
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


def _as_model(annotation: Any, key: object = None) -> type[BaseModel] | None:
    """The model ``annotation`` names; of a union, the first that has field ``key``."""
    models = [
        c
        for c in _unwrap(annotation)
        if isinstance(c, type) and issubclass(c, BaseModel)
    ]
    for model in models:
        if key in model.model_fields:
            return model
    return models[0] if models else None


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


def translate_errors(
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


def _rule_ids(data: Any) -> dict[str, list[object]]:
    """The ``id`` of each raw rule and addendum (``None`` where there is none)."""
    ids: dict[str, list[object]] = {}
    for kind in ("rules", "addenda"):
        items = data.get(kind) if isinstance(data, dict) else None
        if isinstance(items, list):
            ids[kind] = [i.get("id") if isinstance(i, dict) else None for i in items]
    return ids


def _diagnostic_for(
    path: YamlPath,
    errors: list[dict[str, Any]],
    data: Any,
    smap: SourceMap,
    pack_ref: str | None,
) -> Diagnostic:
    pack = data.get("pack") if isinstance(data, dict) else None
    rule = rule_of(path, pack, _rule_ids(data))
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
    code, message, hint = _value_problem(name, errors, kinds)
    return Diagnostic(smap.span(path), code, message, rule, pack_ref, hint)


def _value_problem(
    name: str, errors: list[dict[str, Any]], kinds: set[str]
) -> tuple[str, str, str]:
    """The code, message and hint for a wrong value at ``name``."""
    error = errors[0]
    value = error.get("input")
    if "literal_error" in kinds:
        expected = [
            e["ctx"]["expected"] for e in errors if e["type"] == "literal_error"
        ]
        options = [o.strip(" '") for o in expected[0].replace(" or ", ",").split(",")]
        hint = did_you_mean(str(value), options) or allowed_hint(options)
        return "PK04", f"ugyldig værdi {value!r} i '{name}'", hint
    if "string_pattern_mismatch" in kinds:
        pattern = next(e for e in errors if e["type"] == "string_pattern_mismatch")[
            "ctx"
        ]["pattern"]
        message = f"{value!r} har ikke det rigtige format i '{name}'"
        return "PK04", message, _pattern_hint(pattern)
    if kinds & {
        "date_from_datetime_parsing",
        "date_parsing",
        "date_from_datetime_inexact",
    }:
        hint = "skriv datoen som ÅÅÅÅ-MM-DD, fx 2017-03-06"
        return "PK09", f"ugyldig dato {value!r} i '{name}'", hint
    if kinds & {"too_short", "too_long"}:
        hint = _length_hint(error.get("ctx", {}))
        return "PK04", f"'{name}' har en ugyldig længde", hint
    shown = value if not isinstance(value, (dict, list)) else type(value).__name__
    return "PK04", f"ugyldig værdi {shown!r} i '{name}'", _type_hint(value, kinds)


def _type_hint(value: object, kinds: set[str]) -> str:
    """What a value of the wrong type should have been, with YAML's usual traps."""
    wanted = [_TYPE_NAMES[k] for k in sorted(kinds) if k in _TYPE_NAMES]
    if isinstance(value, bool) and "string_type" in kinds:
        return "YAML læser yes/no/on/off som sand/falsk: sæt værdien i anførselstegn"
    if isinstance(value, (int, float)) and "string_type" in kinds:
        return (
            f'YAML læser {value} som et tal: sæt værdien i anførselstegn, fx "{value}"'
        )
    if wanted:
        return "forventede " + " eller ".join(dict.fromkeys(wanted))
    return "tjek værdiens type"


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
