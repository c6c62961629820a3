"""Cross-reference checks of a schema-valid pack, with Danish diagnostics.

The pydantic models check the shape of a pack; these checks look across it:
facts used in conditions exist and are tested with values of their type,
wording/macro/unit/step ids exist, resolutions are consistent, placeholders
name facts that are certain to be present, and parameters are well formed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flowrules.diagnostics import Diagnostic, allowed_hint, did_you_mean
from flowrules.model import (
    Addendum,
    Conditions,
    Fallback,
    Outcome,
    Pack,
    Parameter,
    ParamRef,
    Rule,
    Test,
)
from flowrules.source import Path, SourceMap
from flowrules.template import malformed, placeholders
from flowrules.vocabulary import (
    BUILTIN_FACTS,
    CORE_ENUMS,
    CORE_FIELD_TYPES,
    RESERVED_FACTS,
    STEPS,
    UNITS,
    WEEKDAYS,
)

#: Placeholder available in journal macros only: the rendered citizen wording.
WORDING_PLACEHOLDER = "wording"


@dataclass(frozen=True)
class FactInfo:
    """The type, allowed values and labels of a fact as conditions see it."""

    type: str
    values: tuple[str, ...] = ()
    required: bool = False
    sources: tuple[str, ...] = ()
    labelled: bool = True
    parameter: bool = False


def fact_table(pack: Pack) -> dict[str, FactInfo]:
    """Return every fact a rule may test: declared, ``modtaget`` and the built-ins."""
    table: dict[str, FactInfo] = {
        "modtaget": FactInfo("datetime", required=True),
        "modtaget_dato": FactInfo("date", required=True),
        "modtaget_tid": FactInfo("time", required=True),
        "modtaget_ugedag": FactInfo("enum", WEEKDAYS, required=True, labelled=False),
    }
    assert set(BUILTIN_FACTS) <= set(table)
    for name, fact in pack.facts.items():
        sources = fact.derived.days_between if fact.derived else ()
        labelled = fact.type != "enum" or set(fact.values) <= set(fact.labels)
        table[name] = FactInfo(fact.type, fact.values, fact.required, sources, labelled)
        if fact.type == "datetime":
            table[f"{name}_dato"] = FactInfo("date", (), fact.required, (name,))
            table[f"{name}_tid"] = FactInfo("time", (), fact.required, (name,))
            table[f"{name}_ugedag"] = FactInfo(
                "enum", WEEKDAYS, fact.required, (name,), labelled=False
            )
    for name, param in pack.parameters.items():
        # A parameter can be tested and shown like a fact: its value on the call's date.
        table.setdefault(name, FactInfo(param.type, required=True, parameter=True))
    return table


def check_semantics(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    """Return every cross-reference problem of ``pack``."""
    return list(_Checker(pack, smap).run())


class _Checker:
    def __init__(self, pack: Pack, smap: SourceMap) -> None:
        self.pack = pack
        self.smap = smap
        self.facts = fact_table(pack)

    def diag(
        self,
        path: Path,
        code: str,
        message: str,
        hint: str,
        *,
        rule: str | None = None,
        key: bool = False,
    ) -> Diagnostic:
        where = f"{self.pack.pack}.{rule}" if rule else None
        return Diagnostic(
            self.smap.span(path, key=key), code, message, where, self.pack.ref, hint
        )

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

    # --- rules ----------------------------------------------------------------------

    def check_rule(self, item: Rule | Addendum, path: Path) -> Iterator[Diagnostic]:
        yield from self.check_conditions(item.when, (*path, "when"), item.id)
        for g, group in enumerate(item.when_any):
            yield from self.check_conditions(group, (*path, "when_any", g), item.id)
        if isinstance(item, Rule):
            yield from self.check_outcome(item.then, (*path, "then"), item.id, item)
            return
        add = item.then
        apath: Path = (*path, "then")
        yield from self._check_units([("refer_to", add.refer_to)], apath, item.id)
        yield from self._check_steps(add.steps, apath, item.id)
        present = self.guaranteed(item)
        if add.wording is not None:
            yield from self._check_text_ref(
                "wording", add.wording, apath, item.id, present
            )
        if add.journal_macro is not None:
            yield from self._check_text_ref(
                "journal_macro", add.journal_macro, apath, item.id, present
            )

    def check_conditions(
        self, conds: Conditions, path: Path, rule: str
    ) -> Iterator[Diagnostic]:
        for name, cond in conds.items():
            cpath: Path = (*path, name)
            info = self.facts.get(name)
            if info is None:
                yield self.diag(
                    cpath,
                    "PK05",
                    f"ukendt faktum '{name}'",
                    did_you_mean(name, self.facts) or "erklær faktummet under 'facts:'",
                    rule=rule,
                    key=True,
                )
                continue
            ops = cond.operators() if isinstance(cond, Test) else [("eq", cond)]
            if not ops:
                yield self.diag(
                    cpath,
                    "PK15",
                    f"betingelsen på '{name}' har ingen operator",
                    "brug fx eq, one_of, lte eller exists",
                    rule=rule,
                )
            for op, operand in ops:
                opath = cpath if not isinstance(cond, Test) else (*cpath, op)
                yield from self._check_operator(name, info, op, operand, opath, rule)

    def _check_operator(
        self, name: str, info: FactInfo, op: str, operand: object, path: Path, rule: str
    ) -> Iterator[Diagnostic]:
        allowed = _OPERATORS[info.type]
        if op not in allowed:
            yield self.diag(
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
            param = self.pack.parameters.get(str(operand))
            if param is None or param.type != "schedule":
                options = [
                    n for n, p in self.pack.parameters.items() if p.type == "schedule"
                ]
                yield self.diag(
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
            yield from self._check_value(name, info, value, vpath, rule)

    def _check_value(
        self, name: str, info: FactInfo, value: object, path: Path, rule: str
    ) -> Iterator[Diagnostic]:
        if isinstance(value, ParamRef):
            param = self.pack.parameters.get(value.param)
            if param is None or param.type != "int" or info.type != "int":
                options = [
                    n for n, p in self.pack.parameters.items() if p.type == "int"
                ]
                yield self.diag(
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
            or (
                kind == "int" and isinstance(value, int) and not isinstance(value, bool)
            )
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
            yield self.diag(
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
            yield self.diag(
                path,
                "PK15",
                f"værdien {value!r} passer ikke til '{name}' (type {kind})",
                f"forventede {wanted}",
                rule=rule,
            )

    def check_outcome(
        self, then: Outcome, path: Path, rule: str, owner: Rule | Fallback
    ) -> Iterator[Diagnostic]:
        yield from self._check_units(
            [("transfer_to", then.transfer_to), ("refer_to", then.refer_to)], path, rule
        )
        for i, alt in enumerate(then.alternatives):
            yield from self._check_units(
                [("transfer_to", alt.transfer_to), ("refer_to", alt.refer_to)],
                (*path, "alternatives", i),
                rule,
            )
            if alt.resolution == "omstilling" and alt.transfer_to is None:
                yield self.diag(
                    (*path, "alternatives", i),
                    "PK13",
                    "et alternativ med omstilling skal have transfer_to",
                    "angiv den enhed, der omstilles til",
                    rule=rule,
                )
        yield from self._check_steps(then.steps, path, rule)
        if then.resolution == "omstilling" and then.transfer_to is None:
            yield self.diag(
                (*path, "resolution"),
                "PK13",
                "omstilling uden transfer_to",
                "angiv den enhed, der omstilles til, i 'transfer_to'",
                rule=rule,
            )
        if then.resolution != "omstilling" and then.transfer_to is not None:
            yield self.diag(
                (*path, "transfer_to"),
                "PK13",
                f"transfer_to er sat, men resolution er {then.resolution}",
                "brug 'resolution: omstilling' eller 'refer_to' for en henvisning",
                rule=rule,
            )
        if then.resolution == "graenseflade":
            kinds = {a.resolution for a in then.alternatives}
            if kinds != {"straksafklaring", "omstilling"}:
                yield self.diag(
                    (*path, "resolution"),
                    "PK12",
                    "en grænseflade skal have et alternativ med straksafklaring og et med omstilling",
                    "tilføj 'alternatives:' med begge udfald og kriteriet for hvert",
                    rule=rule,
                )
        elif then.alternatives:
            yield self.diag(
                (*path, "alternatives"),
                "PK12",
                f"alternativer hører kun til en grænseflade, ikke {then.resolution}",
                "fjern 'alternatives' eller brug 'resolution: graenseflade'",
                rule=rule,
            )
        present = self.guaranteed(owner) if isinstance(owner, Rule) else self.required()
        yield from self._check_text_ref("wording", then.wording, path, rule, present)
        yield from self._check_text_ref(
            "journal_macro", then.journal_macro, path, rule, present
        )

    def _check_units(
        self, pairs: Iterable[tuple[str, str | None]], path: Path, rule: str
    ) -> Iterator[Diagnostic]:
        for key, unit in pairs:
            if unit is not None and unit not in UNITS:
                yield self.diag(
                    (*path, key),
                    "PK05",
                    f"ukendt enhed '{unit}'",
                    did_you_mean(unit, UNITS) or allowed_hint(UNITS),
                    rule=rule,
                )

    def _check_steps(
        self, steps: Iterable[str], path: Path, rule: str
    ) -> Iterator[Diagnostic]:
        for i, step in enumerate(steps):
            if step not in STEPS:
                yield self.diag(
                    (*path, "steps", i),
                    "PK05",
                    f"ukendt trin '{step}'",
                    did_you_mean(step, STEPS) or allowed_hint(STEPS),
                    rule=rule,
                )

    def _check_text_ref(
        self, kind: str, ref: str, path: Path, rule: str, present: set[str]
    ) -> Iterator[Diagnostic]:
        table = self.pack.wordings if kind == "wording" else self.pack.journal_macros
        label = "formulering" if kind == "wording" else "journalmakro"
        if ref not in table:
            yield self.diag(
                (*path, kind),
                "PK05",
                f"ukendt {label} '{ref}'",
                did_you_mean(ref, table) or f"erklær den under '{kind}s:'",
                rule=rule,
            )
            return
        text = table[ref].text
        names = {n for n, _ in placeholders(text)}
        if kind == "journal_macro":
            names.discard(WORDING_PLACEHOLDER)
        for name in sorted(names):
            if name in self.facts and name not in present:
                yield self.diag(
                    (*path, kind),
                    "PK08",
                    f"pladsholderen {{{name}}} i {label} '{ref}' kan være tom for denne regel",
                    f"tilføj betingelsen '{name}: {{exists: true}}' eller gør faktummet påkrævet",
                    rule=rule,
                )

    # --- texts ----------------------------------------------------------------------

    def check_texts(self) -> Iterator[Diagnostic]:
        for kind, table in (
            ("wordings", self.pack.wordings),
            ("journal_macros", self.pack.journal_macros),
        ):
            for ref, item in table.items():
                path: Path = (kind, ref, "text")
                for bad, _ in malformed(item.text):
                    yield self.diag(
                        path,
                        "PK08",
                        f"ugyldig pladsholder '{bad}' i '{ref}'",
                        "skriv pladsholdere som {faktum} med små bogstaver; brug ikke løse { }",
                    )
                for name, _ in placeholders(item.text):
                    if name == WORDING_PLACEHOLDER and kind == "journal_macros":
                        continue
                    info = self.facts.get(name)
                    if info is None:
                        options = list(self.facts) + (
                            [WORDING_PLACEHOLDER] if kind == "journal_macros" else []
                        )
                        if malformed(f"{{{name}}}"):
                            continue
                        yield self.diag(
                            path,
                            "PK08",
                            f"ukendt pladsholder {{{name}}} i '{ref}'",
                            did_you_mean(name, options) or "brug et erklæret faktum",
                        )
                    elif not info.labelled:
                        yield self.diag(
                            path,
                            "PK08",
                            f"pladsholderen {{{name}}} i '{ref}' mangler etiketter for sine værdier",
                            f"tilføj 'labels:' for alle værdier af '{name}'",
                        )

    # --- presence analysis --------------------------------------------------------------

    def required(self) -> set[str]:
        return {n for n, f in self.facts.items() if f.required}

    def guaranteed(self, item: Rule | Addendum) -> set[str]:
        """Facts certain to be present when ``item`` matches."""
        present = self.required() | _positive(item.when)
        if item.when_any:
            present |= set.intersection(*(_positive(g) for g in item.when_any))
        for name, info in self.facts.items():
            if name in present:
                present.update(info.sources)
        for name, info in self.facts.items():
            if info.sources and all(s in present for s in info.sources):
                present.add(name)
        return present


_POSITIVE_OPS = {"eq", "one_of", "lt", "lte", "gt", "gte", "within", "outside"}


def _positive(conds: Conditions) -> set[str]:
    names = set()
    for name, cond in conds.items():
        if not isinstance(cond, Test) or any(
            op in _POSITIVE_OPS or (op == "exists" and v) for op, v in cond.operators()
        ):
            names.add(name)
    return names


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
