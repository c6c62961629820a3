"""Cross-reference checks of rules, outcomes and texts (mixed into the pack checker)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from flowrules.diagnostics import Diagnostic, allowed_hint, did_you_mean
from flowrules.facts import WORDING_PLACEHOLDER, FactInfo, fact_table
from flowrules.model import (
    Addendum,
    Conditions,
    Fallback,
    Outcome,
    Pack,
    ParamRef,
    Rule,
    Test,
)
from flowrules.source import Path, SourceMap
from flowrules.template import malformed, placeholders
from flowrules.vocabulary import STEPS, UNITS


class RuleChecks:
    """Checks of rules, addenda, the fallback and the texts they use.

    Also the shared state of the pack checker: the pack, its source map and
    its fact table, and :meth:`diag`, which places a diagnostic in the file.
    """

    def __init__(self, pack: Pack, smap: SourceMap) -> None:
        self.pack = pack
        self.smap = smap
        self.facts: dict[str, FactInfo] = fact_table(pack)

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
        """Build a diagnostic at ``path`` naming the rule and the pack."""
        where = f"{self.pack.pack}.{rule}" if rule else None
        return Diagnostic(
            self.smap.span(path, key=key), code, message, where, self.pack.ref, hint
        )

    # --- rules ----------------------------------------------------------------------

    def check_rule(self, item: Rule | Addendum, path: Path) -> Iterator[Diagnostic]:
        """Check a rule's or addendum's conditions and outcome."""
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
        """Check that each condition names a known fact and fits its type."""
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
        """Check units, steps, resolution, alternatives and the texts an outcome uses."""
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
        inline = [((*path, "action_text"), then.action_text)]
        inline += [
            ((*path, "alternatives", i, "criterion"), alt.criterion)
            for i, alt in enumerate(then.alternatives)
        ]
        for where, text in inline:
            yield from self._check_inline(where, text, rule, present)

    def _check_inline(
        self, path: Path, text: str, rule: str, present: set[str]
    ) -> Iterator[Diagnostic]:
        """Placeholders in an action text or criterion: known, well formed, never empty."""
        for bad, _ in malformed(text):
            yield self.diag(
                path,
                "PK08",
                f"ugyldig pladsholder '{bad}'",
                "skriv pladsholdere som {faktum} eller {parameter}; brug ikke løse { }",
                rule=rule,
            )
        for name, _ in placeholders(text):
            if malformed(f"{{{name}}}"):
                continue
            if name not in self.facts:
                yield self.diag(
                    path,
                    "PK08",
                    f"ukendt pladsholder {{{name}}}",
                    did_you_mean(name, self.facts)
                    or "brug et erklæret faktum eller en parameter",
                    rule=rule,
                )
            elif name not in present:
                yield self.diag(
                    path,
                    "PK08",
                    f"pladsholderen {{{name}}} kan være tom for denne regel",
                    f"tilføj betingelsen '{name}: {{exists: true}}' eller gør faktummet påkrævet",
                    rule=rule,
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
        """Check every placeholder of every wording and macro."""
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
        """Facts every call has."""
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
