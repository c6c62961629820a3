"""Cross-reference checks of a schema-valid pack, with Danish diagnostics.

The pydantic models check the shape of a pack; these checks look across it:
facts used in conditions exist and are tested with values of their type,
wording/macro/unit/step ids exist, resolutions are consistent, placeholders
name facts that are certain to be present, and parameters are well formed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from flowrules.diagnostics import Diagnostic, allowed_hint, did_you_mean
from flowrules.facts import FactInfo, fact_table
from flowrules.model import Addendum, Pack, Parameter, Rule
from flowrules.rule_checks import RuleChecks
from flowrules.source import Path, SourceMap
from flowrules.vocabulary import (
    BUILTIN_FACTS,
    CORE_ENUMS,
    CORE_FIELD_TYPES,
    RESERVED_FACTS,
)

__all__ = ["FactInfo", "check_semantics", "fact_table"]


def check_semantics(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    """Return every cross-reference problem of ``pack``."""
    return list(_Checker(pack, smap).run())


class _Checker(RuleChecks):
    def run(self) -> Iterator[Diagnostic]:
        yield from self.check_header()
        yield from self.check_facts()
        yield from self.check_parameters()
        seen: dict[str, int] = {}
        items: list[tuple[str, int, Rule | Addendum]] = [
            ("rules", i, r) for i, r in enumerate(self.pack.rules)
        ]
        items += [("addenda", i, a) for i, a in enumerate(self.pack.addenda)]
        for kind, i, item in items:
            path: Path = (kind, i)
            if item.id in seen or item.id == "fallback":
                yield self.diag(
                    (*path, "id"),
                    "PK07",
                    f"id'et '{item.id}' er brugt mere end én gang",
                    "giv hver regel et entydigt id ('fallback' er reserveret)",
                    rule=item.id,
                )
            seen[item.id] = i
            yield from self.check_rule(item, path)
        yield from self.check_outcome(
            self.pack.fallback.then,
            ("fallback", "then"),
            "fallback",
            self.pack.fallback,
        )
        yield from self.check_texts()

    # --- header, facts, parameters -------------------------------------------------

    def check_header(self) -> Iterator[Diagnostic]:
        p = self.pack
        if p.valid_to is not None and p.valid_to <= p.valid_from:
            yield self.diag(
                ("valid_to",),
                "PK16",
                f"valid_to {p.valid_to} ligger ikke efter valid_from {p.valid_from}",
                "valid_to er den første dag, pakken ikke gælder; den skal ligge efter valid_from",
            )
        if "henvendelse" not in p.facts:
            yield self.diag(
                ("facts",),
                "PK02",
                "faktummet 'henvendelse' er ikke erklæret",
                "erklær 'henvendelse' med pakkens opkaldstyper som values",
                key=True,
            )

    def check_facts(self) -> Iterator[Diagnostic]:
        for name, fact in self.pack.facts.items():
            path: Path = ("facts", name)
            if (
                name in RESERVED_FACTS
                or (name in self.facts and name in BUILTIN_FACTS)
                or name == "modtaget"
            ):
                yield self.diag(
                    path,
                    "PK14",
                    f"faktummet '{name}' er reserveret",
                    "vælg et andet navn",
                    key=True,
                )
                continue
            core_type = CORE_FIELD_TYPES.get(name)
            if core_type is not None and core_type != fact.type:
                yield self.diag(
                    (*path, "type"),
                    "PK15",
                    f"kernefeltet '{name}' har typen {core_type}, ikke {fact.type}",
                    f"skriv 'type: {core_type}'",
                )
            if fact.type == "enum":
                if not fact.values:
                    yield self.diag(
                        (*path, "type"),
                        "PK15",
                        f"enum-faktummet '{name}' har ingen values",
                        "angiv de tilladte værdier under 'values:'",
                    )
                core_values = CORE_ENUMS.get(name)
                for i, value in enumerate(fact.values):
                    if core_values is not None and value not in core_values:
                        yield self.diag(
                            (*path, "values", i),
                            "PK05",
                            f"'{value}' er ikke en tilladt værdi for kernefeltet '{name}'",
                            did_you_mean(value, core_values)
                            or allowed_hint(core_values),
                        )
                if len(set(fact.values)) != len(fact.values):
                    yield self.diag(
                        (*path, "values"),
                        "PK07",
                        f"'{name}' har den samme værdi flere gange",
                        "fjern dubletten",
                    )
            elif fact.values:
                yield self.diag(
                    (*path, "values"),
                    "PK15",
                    f"'{name}' har typen {fact.type} og kan ikke have values",
                    "fjern 'values:' eller brug 'type: enum'",
                )
            for label in fact.labels:
                if label not in fact.values:
                    yield self.diag(
                        (*path, "labels", label),
                        "PK05",
                        f"etiketten '{label}' hører ikke til nogen værdi af '{name}'",
                        did_you_mean(label, fact.values) or allowed_hint(fact.values),
                        key=True,
                    )
            if fact.derived is not None:
                if fact.type != "int":
                    yield self.diag(
                        (*path, "type"),
                        "PK15",
                        f"det afledte faktum '{name}' skal have typen int",
                        "skriv 'type: int'",
                    )
                if fact.required:
                    yield self.diag(
                        (*path, "required"),
                        "PK15",
                        f"det afledte faktum '{name}' kan ikke være påkrævet",
                        "fjern 'required'",
                    )
                for i, source in enumerate(fact.derived.days_between):
                    info = self.facts.get(source)
                    if (
                        info is None
                        or info.type not in ("date", "datetime")
                        or source == name
                    ):
                        yield self.diag(
                            (*path, "derived", "days_between", i),
                            "PK05",
                            f"'{source}' er ikke et dato-faktum",
                            did_you_mean(source, self._date_facts())
                            or allowed_hint(self._date_facts()),
                        )

    def _date_facts(self) -> list[str]:
        return [n for n, f in self.facts.items() if f.type in ("date", "datetime")]

    def check_parameters(self) -> Iterator[Diagnostic]:
        for name, param in self.pack.parameters.items():
            yield from self._check_parameter(name, param)

    def _check_parameter(self, name: str, param: Parameter) -> Iterator[Diagnostic]:
        path: Path = ("parameters", name)
        if name in self.pack.facts or name in BUILTIN_FACTS or name == "modtaget":
            yield self.diag(
                path,
                "PK07",
                f"parameteren '{name}' har samme navn som et faktum",
                "giv parameteren et andet navn",
                key=True,
            )
        previous_end: dt.date | None = None
        for i, version in enumerate(param.versions):
            vpath: Path = (*path, "versions", i)
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
                yield self.diag(
                    (*vpath, "value"),
                    "PK15",
                    f"værdien passer ikke til parametertypen {param.type}",
                    f"angiv en værdi af typen {param.type}",
                )
            if isinstance(value, dict):
                for day, (start, end) in value.items():
                    if start >= end:
                        yield self.diag(
                            (*vpath, "value", day),
                            "PK15",
                            f"åbningstiden {start}-{end} om {day} slutter før den starter",
                            "skriv [start, slut] med start før slut",
                        )
            if version.valid_to is not None and version.valid_to <= version.valid_from:
                yield self.diag(
                    (*vpath, "valid_to"),
                    "PK16",
                    f"valid_to {version.valid_to} ligger ikke efter valid_from {version.valid_from}",
                    "ret datoerne",
                )
            if (previous_end is None and i > 0) or (
                previous_end is not None and version.valid_from < previous_end
            ):
                yield self.diag(
                    (*vpath, "valid_from"),
                    "PK16",
                    f"version {i + 1} af '{name}' overlapper den forrige",
                    "versionerne skal stå i tidsorden uden overlap; sæt valid_to på den forrige",
                )
            previous_end = version.valid_to
