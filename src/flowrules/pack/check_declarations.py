"""Checks of a pack's declarations: its header, its facts and its parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from flowrules.diagnostics import Diagnostic, Severity, allowed_hint, did_you_mean
from flowrules.pack.check_context import CheckContext
from flowrules.pack.schema import Fact, Parameter
from flowrules.pack.yaml_positions import YamlPath
from flowrules.vocabulary import (
    BUILTIN_FACTS,
    CORE_ENUMS,
    CORE_FIELD_TYPES,
    RESERVED_FACTS,
)


def check_header(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Check the validity period and that ``henvendelse`` is declared."""
    p = ctx.pack
    if p.valid_to is not None and p.valid_to <= p.valid_from:
        yield ctx.diag(
            ("valid_to",),
            "PK16",
            f"valid_to {p.valid_to} ligger ikke efter valid_from {p.valid_from}",
            "valid_to er den første dag, pakken ikke gælder; den skal ligge efter valid_from",
        )
    if "henvendelse" not in p.facts:
        yield ctx.diag(
            ("facts",),
            "PK02",
            "faktummet 'henvendelse' er ikke erklæret",
            "erklær 'henvendelse' med pakkens opkaldstyper som values",
            key=True,
        )


def check_facts(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Check every declared fact: name, type, values, labels, derivation."""
    for name, fact in ctx.pack.facts.items():
        path: YamlPath = ("facts", name)
        if (
            name in RESERVED_FACTS
            or (name in ctx.facts and name in BUILTIN_FACTS)
            or name == "modtaget"
        ):
            yield ctx.diag(
                path,
                "PK14",
                f"faktummet '{name}' er reserveret",
                "vælg et andet navn",
                key=True,
            )
            continue
        core_type = CORE_FIELD_TYPES.get(name)
        if core_type is not None and core_type != fact.type:
            yield ctx.diag(
                (*path, "type"),
                "PK15",
                f"kernefeltet '{name}' har typen {core_type}, ikke {fact.type}",
                f"skriv 'type: {core_type}'",
            )
        yield from _check_values(ctx, name, fact, path)
        for label in fact.labels:
            if label not in fact.values:
                yield ctx.diag(
                    (*path, "labels", label),
                    "PK05",
                    f"etiketten '{label}' hører ikke til nogen værdi af '{name}'",
                    did_you_mean(label, fact.values) or allowed_hint(fact.values),
                    key=True,
                )
        if fact.derived is not None:
            yield from _check_derived(ctx, name, fact, path)
        else:
            yield from _check_interview(ctx, name, fact, path)


def _check_interview(
    ctx: CheckContext, name: str, fact: Fact, path: YamlPath
) -> Iterator[Diagnostic]:
    """PK18 (warning): the guided interview needs a question and a label per value."""
    if fact.question is None:
        yield ctx.diag(
            path,
            "PK18",
            f"faktummet '{name}' har intet spørgsmål (question)",
            "skriv ét neutralt spørgsmål på dansk, som interviewet stiller, "
            "fx 'question: Hvilken grund oplyser borgeren?'",
            key=True,
            severity=Severity.WARNING,
        )
    unlabelled = [v for v in fact.values if v not in fact.labels]
    if fact.type == "enum" and unlabelled:
        yield ctx.diag(
            path,
            "PK18",
            f"værdierne af '{name}' mangler danske etiketter: {', '.join(unlabelled)}",
            f"tilføj 'labels:' med en etiket for hver værdi, fx '{unlabelled[0]}: …'",
            key=True,
            severity=Severity.WARNING,
        )


def _check_values(
    ctx: CheckContext, name: str, fact: Fact, path: YamlPath
) -> Iterator[Diagnostic]:
    """An enum has values (core fields: a subset of the SPEC's), nothing else has."""
    if fact.type != "enum":
        if fact.values:
            yield ctx.diag(
                (*path, "values"),
                "PK15",
                f"'{name}' har typen {fact.type} og kan ikke have values",
                "fjern 'values:' eller brug 'type: enum'",
            )
        return
    if not fact.values:
        yield ctx.diag(
            (*path, "type"),
            "PK15",
            f"enum-faktummet '{name}' har ingen values",
            "angiv de tilladte værdier under 'values:'",
        )
    core_values = CORE_ENUMS.get(name)
    for i, value in enumerate(fact.values):
        if core_values is not None and value not in core_values:
            yield ctx.diag(
                (*path, "values", i),
                "PK05",
                f"'{value}' er ikke en tilladt værdi for kernefeltet '{name}'",
                did_you_mean(value, core_values) or allowed_hint(core_values),
            )
    if len(set(fact.values)) != len(fact.values):
        yield ctx.diag(
            (*path, "values"),
            "PK07",
            f"'{name}' har den samme værdi flere gange",
            "fjern dubletten",
        )


def _check_derived(
    ctx: CheckContext, name: str, fact: Fact, path: YamlPath
) -> Iterator[Diagnostic]:
    """A derived fact is an optional int computed from two date facts."""
    assert fact.derived is not None
    if fact.type != "int":
        yield ctx.diag(
            (*path, "type"),
            "PK15",
            f"det afledte faktum '{name}' skal have typen int",
            "skriv 'type: int'",
        )
    if fact.required:
        yield ctx.diag(
            (*path, "required"),
            "PK15",
            f"det afledte faktum '{name}' kan ikke være påkrævet",
            "fjern 'required'",
        )
    for i, source in enumerate(fact.derived.days_between):
        info = ctx.facts.get(source)
        if info is None or info.type not in ("date", "datetime") or source == name:
            yield ctx.diag(
                (*path, "derived", "days_between", i),
                "PK05",
                f"'{source}' er ikke et dato-faktum",
                did_you_mean(source, _date_facts(ctx))
                or allowed_hint(_date_facts(ctx)),
            )


def _date_facts(ctx: CheckContext) -> list[str]:
    return [n for n, f in ctx.facts.items() if f.type in ("date", "datetime")]


def check_parameters(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Check every parameter: name, value types, periods in order."""
    for name, param in ctx.pack.parameters.items():
        yield from _check_parameter(ctx, name, param)


def _check_parameter(
    ctx: CheckContext, name: str, param: Parameter
) -> Iterator[Diagnostic]:
    path: YamlPath = ("parameters", name)
    if name in ctx.pack.facts or name in BUILTIN_FACTS or name == "modtaget":
        yield ctx.diag(
            path,
            "PK07",
            f"parameteren '{name}' har samme navn som et faktum",
            "giv parameteren et andet navn",
            key=True,
        )
    previous_end: dt.date | None = None
    for i, version in enumerate(param.versions):
        vpath: YamlPath = (*path, "versions", i)
        value = version.value
        ok = (
            (param.type == "bool" and isinstance(value, bool))
            or (
                param.type == "int"
                and isinstance(value, int)
                and not isinstance(value, bool)
            )
            or (param.type == "schedule" and isinstance(value, dict))
        )
        if not ok:
            yield ctx.diag(
                (*vpath, "value"),
                "PK15",
                f"værdien passer ikke til parametertypen {param.type}",
                f"angiv en værdi af typen {param.type}",
            )
        if isinstance(value, dict):
            for day, (start, end) in value.items():
                if start >= end:
                    yield ctx.diag(
                        (*vpath, "value", day),
                        "PK15",
                        f"åbningstiden {start}-{end} om {day} slutter før den starter",
                        "skriv [start, slut] med start før slut",
                    )
        if version.valid_to is not None and version.valid_to <= version.valid_from:
            yield ctx.diag(
                (*vpath, "valid_to"),
                "PK16",
                f"valid_to {version.valid_to} ligger ikke efter valid_from {version.valid_from}",
                "ret datoerne",
            )
        if (previous_end is None and i > 0) or (
            previous_end is not None and version.valid_from < previous_end
        ):
            yield ctx.diag(
                (*vpath, "valid_from"),
                "PK16",
                f"version {i + 1} af '{name}' overlapper den forrige",
                "versionerne skal stå i tidsorden uden overlap; sæt valid_to på den forrige",
            )
        previous_end = version.valid_to
