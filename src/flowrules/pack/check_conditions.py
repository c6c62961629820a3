"""Checks of rule conditions: known facts, operators that fit the type, valid values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from flowrules.diagnostics import Diagnostic, allowed_hint, did_you_mean
from flowrules.pack.check_context import CheckContext
from flowrules.pack.fact_table import FactInfo
from flowrules.pack.schema import Conditions, ParamRef, Test
from flowrules.pack.yaml_positions import YamlPath


def check_conditions(
    ctx: CheckContext, conds: Conditions, path: YamlPath, rule: str
) -> Iterator[Diagnostic]:
    """Check that each condition names a known fact and fits its type."""
    for name, cond in conds.items():
        cpath: YamlPath = (*path, name)
        info = ctx.facts.get(name)
        if info is None:
            yield ctx.diag(
                cpath,
                "PK05",
                f"ukendt faktum '{name}'",
                did_you_mean(name, ctx.facts) or "erklær faktummet under 'facts:'",
                rule=rule,
                key=True,
            )
            continue
        ops = cond.operators() if isinstance(cond, Test) else [("eq", cond)]
        if not ops:
            yield ctx.diag(
                cpath,
                "PK15",
                f"betingelsen på '{name}' har ingen operator",
                "brug fx eq, one_of, lte eller exists",
                rule=rule,
            )
        for op, operand in ops:
            opath = cpath if not isinstance(cond, Test) else (*cpath, op)
            yield from _check_operator(ctx, name, info, op, operand, opath, rule)


def _check_operator(
    ctx: CheckContext,
    name: str,
    info: FactInfo,
    op: str,
    operand: object,
    path: YamlPath,
    rule: str,
) -> Iterator[Diagnostic]:
    allowed = _OPERATORS[info.type]
    if op not in allowed:
        yield ctx.diag(
            path,
            "PK15",
            f"operatoren '{op}' kan ikke bruges på '{name}' (type {info.type})",
            allowed_hint(sorted(allowed)),
            rule=rule,
        )
        return
    if op == "exists":
        return
    if op in ("within", "outside"):
        param = ctx.pack.parameters.get(str(operand))
        if param is None or param.type != "schedule":
            options = [
                n for n, p in ctx.pack.parameters.items() if p.type == "schedule"
            ]
            yield ctx.diag(
                path,
                "PK05",
                f"ukendt tidsplan '{operand}'",
                did_you_mean(str(operand), options) or allowed_hint(options)
                if options
                else "erklær en parameter med 'type: schedule'",
                rule=rule,
            )
        return
    operands = list(operand) if isinstance(operand, (list, tuple)) else [operand]
    for i, value in enumerate(operands):
        vpath = (*path, i) if op in ("one_of", "not_one_of") else path
        yield from _check_value(ctx, name, info, value, vpath, rule)


def _check_value(
    ctx: CheckContext,
    name: str,
    info: FactInfo,
    value: object,
    path: YamlPath,
    rule: str,
) -> Iterator[Diagnostic]:
    if isinstance(value, ParamRef):
        param = ctx.pack.parameters.get(value.param)
        if param is None or param.type != "int" or info.type != "int":
            options = [n for n, p in ctx.pack.parameters.items() if p.type == "int"]
            yield ctx.diag(
                path,
                "PK05",
                f"ukendt heltalsparameter '{value.param}'",
                did_you_mean(value.param, options)
                or "erklær parameteren under 'parameters:' med 'type: int'",
                rule=rule,
            )
        return
    kind = info.type
    ok = (
        (kind == "enum" and isinstance(value, str) and value in info.values)
        or (kind == "bool" and isinstance(value, bool))
        or (kind == "int" and isinstance(value, int) and not isinstance(value, bool))
        or (
            kind == "date"
            and isinstance(value, dt.date)
            and not isinstance(value, dt.datetime)
        )
        or (kind == "time" and isinstance(value, str) and _is_clock(value))
    )
    if ok:
        return
    if kind == "enum" and isinstance(value, str):
        yield ctx.diag(
            path,
            "PK05",
            f"'{value}' er ikke en værdi af '{name}'",
            did_you_mean(value, info.values) or allowed_hint(info.values),
            rule=rule,
        )
    else:
        wanted = {
            "enum": "en af værdierne",
            "bool": "true eller false",
            "int": "et heltal",
            "date": "en dato ÅÅÅÅ-MM-DD",
            "time": "et klokkeslæt TT:MM",
            "datetime": "within/outside",
        }[kind]
        yield ctx.diag(
            path,
            "PK15",
            f"værdien {value!r} passer ikke til '{name}' (type {kind})",
            f"forventede {wanted}",
            rule=rule,
        )


def _is_clock(value: str) -> bool:
    try:
        dt.time.fromisoformat(value)
    except ValueError:
        return False
    return True


_COMPARE = {"eq", "ne", "lt", "lte", "gt", "gte", "exists"}
_OPERATORS: dict[str, set[str]] = {
    "enum": {"eq", "ne", "one_of", "not_one_of", "exists"},
    "bool": {"eq", "ne", "exists"},
    "int": _COMPARE | {"one_of", "not_one_of"},
    "date": _COMPARE,
    "time": _COMPARE,
    "datetime": {"within", "outside", "exists"},
    "schedule": set(),
}
