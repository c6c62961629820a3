"""Read YAML with positions: a SafeLoader that keeps marks and rejects duplicates.

:func:`parse_yaml` returns the plain data and a :class:`SourceMap` from YAML
paths (``("rules", 3, "then", "wording")``) to 1-based line and column, so
that schema errors and lint findings point at the exact place in the file.
Aliases and anchors are refused: packs do not need them and they allow
"billion laughs" documents.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from flowrules.diagnostics import Diagnostic, Span
from flowrules.pack.yaml_messages import danish_syntax_error

YamlPath = tuple[str | int, ...]
"""A place in a YAML document: the keys and list indexes leading to it."""

#: Largest pack file accepted, in bytes.
MAX_PACK_BYTES = 2_000_000
#: Deepest nesting accepted in a pack document.
MAX_DEPTH = 64


@dataclass
class SourceMap:
    """Positions of keys and values in one YAML file."""

    path: str
    values: dict[YamlPath, Span] = field(default_factory=dict)
    keys: dict[YamlPath, Span] = field(default_factory=dict)

    def span(self, loc: YamlPath, *, key: bool = False) -> Span:
        """Return the span of ``loc``, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return Span(self.path, 1, 1)


def rule_of(
    path: YamlPath,
    pack: object,
    ids: Mapping[str, Sequence[object]],
    *,
    fallback: bool = False,
) -> str | None:
    """Return the rule (``pack.rule``) that a path inside a pack lies in, or ``None``.

    Args:
        path: The YAML path, e.g. ``("rules", 3, "then", "wording")``.
        pack: The pack id (the rule id is returned bare when it is not a string).
        ids: The ids of the pack's ``rules`` and ``addenda``, in order.
        fallback: Whether a path under ``fallback`` names ``pack.fallback``.
    """
    if len(path) >= 2 and path[0] in ("rules", "addenda") and isinstance(path[1], int):
        items = ids.get(str(path[0]), ())
        rule_id = items[path[1]] if 0 <= path[1] < len(items) else None
        if not isinstance(rule_id, str):
            return None
        return f"{pack}.{rule_id}" if isinstance(pack, str) else rule_id
    if fallback and path and path[0] == "fallback":
        return f"{pack}.fallback"
    return None


class _PackYamlError(Exception):
    def __init__(self, code: str, message: str, span: Span, hint: str) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(span, code, message, hint=hint)


_FastLoader: Any = getattr(yaml, "CSafeLoader", None)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no shared nodes, no alias bombs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML has no annotations
            msg = "PK11"
            raise _PackYamlError(
                msg,
                f"YAML-alias '*{event.anchor}' er ikke tilladt i en regelpakke",
                _span_of(self.name, event.start_mark),
                "skriv værdien ud i stedet for at bruge anker og alias",
            )
        return super().compose_node(parent, index)


def _span_of(path: str, mark: Any) -> Span:
    return Span(path, mark.line + 1, mark.column + 1)


def parse_yaml(text: str, path: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document, returning its data and a source map.

    Args:
        text: The YAML source.
        path: The path used in diagnostics (as the user gave it).

    Returns:
        The plain Python data and the :class:`SourceMap` of its positions.

    Raises:
        flowrules.errors.PackError: On a syntax error, a duplicate key, an
            alias, or a document nested deeper than :data:`MAX_DEPTH`.
    """
    from flowrules.errors import PackError

    smap = SourceMap(path)
    fast = _FastLoader is not None and _flow_depth(text) <= MAX_DEPTH
    loader: Any = _FastLoader(text) if fast else _Loader(text)
    loader.name = path
    try:
        node = loader.get_single_node()
        if node is None:
            return None, smap
        data = _convert(loader, node, (), smap, 0, set())
    except _PackYamlError as exc:
        raise PackError([exc.diagnostic]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise PackError([_yaml_problem(exc, path)]) from None
    finally:
        loader.dispose()
    return data, smap


def _yaml_problem(exc: yaml.YAMLError | RecursionError, path: str) -> Diagnostic:
    """PK01 for a YAML syntax error (at its mark) or a document nested too deep."""
    if isinstance(exc, RecursionError):
        return Diagnostic(
            Span(path),
            "PK01",
            "dokumentet er for dybt indlejret",
            hint=f"en regelpakke har højst {MAX_DEPTH} niveauer",
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        span = _span_of(path, mark) if mark else Span(path)
        message, hint = danish_syntax_error(exc.problem, exc.context)
        return Diagnostic(span, "PK01", message, hint=hint)
    message, hint = danish_syntax_error(str(exc), None)
    return Diagnostic(Span(path), "PK01", message, hint=hint)


def _flow_depth(text: str) -> int:
    """Deepest nesting of flow brackets, roughly (quotes ignored); 0 for block style.

    libyaml's composer recurses in C without a limit, so documents nested
    deeper than :data:`MAX_DEPTH` go to the pure-Python parser, which stops
    with a diagnostic instead of exhausting the C stack.
    """
    depth = deepest = 0
    for char in _BRACKETS.findall(text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


_BRACKETS = re.compile(r"[][{}]")
_STR_TAG = "tag:yaml.org,2002:str"


def _convert(
    loader: Any, node: Any, loc: YamlPath, smap: SourceMap, depth: int, seen: set[int]
) -> Any:
    if depth > MAX_DEPTH:
        msg = "PK01"
        raise _PackYamlError(
            msg,
            "dokumentet er for dybt indlejret",
            _span_of(smap.path, node.start_mark),
            f"en regelpakke har højst {MAX_DEPTH} niveauer",
        )
    smap.values[loc] = _span_of(smap.path, node.start_mark)
    # libyaml resolves aliases to the anchored node itself: a node met twice is an alias.
    if id(node) in seen:
        anchor = _span_of(smap.path, node.start_mark)
        code = "PK11"
        raise _PackYamlError(
            code,
            f"YAML-alias er ikke tilladt i en regelpakke (genbruger ankeret i linje {anchor.line})",
            smap.keys.get(loc, anchor),
            "skriv værdien ud i stedet for at bruge anker og alias",
        )
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(loader, node, loc, smap, depth, seen)
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*loc, i), smap, depth + 1, seen)
            for i, item in enumerate(node.value)
        ]
    if node.tag == _STR_TAG:
        return node.value  # what the constructor would return, without its machinery
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # PyYAML resolves 2013-02-30 as a timestamp and then fails to build it.
        msg = "PK09"
        raise _PackYamlError(
            msg,
            f"ugyldig dato '{node.value}'",
            _span_of(smap.path, node.start_mark),
            "skriv en gyldig dato som ÅÅÅÅ-MM-DD, fx 2017-03-06",
        ) from None


def _convert_mapping(
    loader: Any, node: Any, loc: YamlPath, smap: SourceMap, depth: int, seen: set[int]
) -> dict[Any, Any]:
    """Convert a mapping, recording key positions; refuse odd and duplicate keys."""
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = (
            key_node.value
            if key_node.tag == _STR_TAG
            else loader.construct_object(key_node, deep=True)
        )
        key_span = _span_of(smap.path, key_node.start_mark)
        if not isinstance(key, (str, int)):
            msg = "PK01"
            raise _PackYamlError(
                msg,
                "en nøgle skal være et navn eller et tal",
                key_span,
                "brug et navn som nøgle",
            )
        if key in result:
            first = smap.keys.get((*loc, key))
            where = f" (første gang i linje {first.line})" if first else ""
            msg = "PK06"
            raise _PackYamlError(
                msg,
                f"nøglen '{key}' står to gange{where}",
                key_span,
                "slet den ene forekomst eller giv den et andet navn",
            )
        child = (*loc, key)
        smap.keys[child] = key_span
        result[key] = _convert(loader, value_node, child, smap, depth + 1, seen)
    return result


def read_pack_file(file: str | os.PathLike[str], path: str) -> str:
    """Read and decode a pack file, refusing one over the size limit before reading it.

    The size is checked with ``stat`` first, and at most
    :data:`MAX_PACK_BYTES` + 1 bytes are read (a file that grows, or a
    device such as ``/dev/zero``, cannot make it read more).

    Raises:
        flowrules.errors.PackError: If the file cannot be read, is too large
            or is not UTF-8.
    """
    from flowrules.errors import PackError

    try:
        with open(file, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_PACK_BYTES:
                raise PackError([_too_large(path, size)])
            raw = stream.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise PackError(
            [
                Diagnostic(
                    Span(path),
                    "PK10",
                    f"filen kan ikke læses ({exc.strerror})",
                    hint="tjek stien",
                )
            ]
        ) from None
    return read_pack_text(raw, path)


def _too_large(path: str, size: int) -> Diagnostic:
    return Diagnostic(
        Span(path),
        "PK10",
        f"filen er for stor ({size} bytes)",
        hint=f"en regelpakke må højst fylde {MAX_PACK_BYTES} bytes",
    )


def read_pack_text(raw: bytes, path: str) -> str:
    """Decode a pack file, refusing oversized and non-UTF-8 input with diagnostics.

    Raises:
        flowrules.errors.PackError: If the file is too large or not UTF-8.
    """
    from flowrules.errors import PackError

    if len(raw) > MAX_PACK_BYTES:
        raise PackError([_too_large(path, len(raw))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PackError(
            [
                Diagnostic(
                    Span(path, line, col),
                    "PK10",
                    f"filen er ikke gyldig UTF-8 (byte 0x{raw[exc.start]:02x})",
                    hint="gem filen som UTF-8",
                )
            ]
        ) from None
