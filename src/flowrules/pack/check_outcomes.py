"""Checks of outcomes: units, steps, resolution and alternatives, and the texts they use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flowrules.diagnostics import Diagnostic, allowed_hint, did_you_mean
from flowrules.pack.check_conditions import check_conditions
from flowrules.pack.check_context import CheckContext
from flowrules.pack.check_texts import check_inline, check_text_ref
from flowrules.pack.presence import guaranteed_facts, required_facts
from flowrules.pack.schema import Addendum, Fallback, HandOff, Outcome, Rule
from flowrules.pack.yaml_positions import YamlPath
from flowrules.vocabulary import (
    CORE_ENUMS,
    CORE_FIELD_TYPES,
    ORDNINGER,
    STEPS,
    UNITS,
)

#: Core fields a hand-off may not imply: they name the call, not a fact of it.
_NOT_IMPLIED = ("ordning", "henvendelse", "modtaget")


def check_handoff(
    ctx: CheckContext, then: HandOff, path: YamlPath, rule: str
) -> Iterator[Diagnostic]:
    """Check a hand-off's own part: another known pack, and implied core facts.

    Whether the target pack and call type exist, and that hand-offs form no
    cycle, is checked across the packs loaded together
    (:mod:`~flowrules.pack.check_handoffs`).
    """
    target = then.continue_with
    cpath: YamlPath = (*path, "continue_with")
    if target.ordning not in ORDNINGER:
        yield ctx.diag(
            (*cpath, "ordning"),
            "PK18",
            f"ukendt ordning '{target.ordning}' i continue_with",
            did_you_mean(target.ordning, ORDNINGER) or allowed_hint(ORDNINGER),
            rule=rule,
        )
    elif target.ordning == ctx.pack.pack:
        yield ctx.diag(
            (*cpath, "ordning"),
            "PK18",
            f"continue_with sender opkaldet til sin egen pakke '{target.ordning}'",
            "en hand-off går til en anden pakke; skriv ellers reglen i pakken selv",
            rule=rule,
        )
    for name, value in target.implies.items():
        yield from _check_implied(ctx, (*cpath, "implies", name), name, value, rule)


def _check_implied(
    ctx: CheckContext, path: YamlPath, name: str, value: object, rule: str
) -> Iterator[Diagnostic]:
    """An implied fact is a core field with a value of its type."""
    kind = CORE_FIELD_TYPES.get(name)
    if kind is None or name in _NOT_IMPLIED:
        options = [n for n in CORE_FIELD_TYPES if n not in _NOT_IMPLIED]
        yield ctx.diag(
            path,
            "PK18",
            f"'{name}' kan ikke underforstås: kun kernefelter kan",
            did_you_mean(name, options) or allowed_hint(options),
            rule=rule,
            key=True,
        )
        return
    values = CORE_ENUMS.get(name, ())
    fits = {
        "enum": isinstance(value, str) and value in values,
        "bool": isinstance(value, bool),
        "date": not isinstance(value, (str, bool)),
    }.get(kind, False)
    if not fits:
        yield ctx.diag(
            path,
            "PK15",
            f"{value!r} passer ikke til kernefeltet '{name}' ({kind})",
            allowed_hint(values) if values else f"angiv en værdi af typen {kind}",
            rule=rule,
        )


def check_rule(
    ctx: CheckContext, item: Rule | Addendum, path: YamlPath
) -> Iterator[Diagnostic]:
    """Check a rule's or addendum's conditions and outcome."""
    yield from check_conditions(ctx, item.when, (*path, "when"), item.id)
    for g, group in enumerate(item.when_any):
        yield from check_conditions(ctx, group, (*path, "when_any", g), item.id)
    if isinstance(item, Rule):
        if isinstance(item.then, HandOff):
            yield from check_handoff(ctx, item.then, (*path, "then"), item.id)
        else:
            yield from check_outcome(ctx, item.then, (*path, "then"), item.id, item)
        return
    add = item.then
    apath: YamlPath = (*path, "then")
    yield from check_units(ctx, [("refer_to", add.refer_to)], apath, item.id)
    yield from check_steps(ctx, add.steps, apath, item.id)
    present = guaranteed_facts(ctx.facts, item)
    if add.wording is not None:
        yield from check_text_ref(ctx, "wording", add.wording, apath, item.id, present)
    if add.journal_macro is not None:
        yield from check_text_ref(
            ctx, "journal_macro", add.journal_macro, apath, item.id, present
        )
    if add.action_text is not None:
        yield from check_inline(
            ctx, (*apath, "action_text"), add.action_text, item.id, present
        )


def check_outcome(
    ctx: CheckContext, then: Outcome, path: YamlPath, rule: str, owner: Rule | Fallback
) -> Iterator[Diagnostic]:
    """Check units, steps, resolution, alternatives and the texts an outcome uses."""
    yield from check_units(
        ctx,
        [("transfer_to", then.transfer_to), ("refer_to", then.refer_to)],
        path,
        rule,
    )
    yield from check_steps(ctx, then.steps, path, rule)
    yield from _check_resolution(ctx, then, path, rule)
    yield from _check_alternatives(ctx, then, path, rule)
    present = (
        guaranteed_facts(ctx.facts, owner)
        if isinstance(owner, Rule)
        else required_facts(ctx.facts)
    )
    yield from check_text_ref(ctx, "wording", then.wording, path, rule, present)
    yield from check_text_ref(
        ctx, "journal_macro", then.journal_macro, path, rule, present
    )
    inline = [((*path, "action_text"), then.action_text)]
    inline += [
        ((*path, "alternatives", i, "criterion"), alt.criterion)
        for i, alt in enumerate(then.alternatives)
    ]
    for where, text in inline:
        yield from check_inline(ctx, where, text, rule, present)


def _check_resolution(
    ctx: CheckContext, then: Outcome, path: YamlPath, rule: str
) -> Iterator[Diagnostic]:
    """A transfer has a unit and only a transfer has one."""
    if then.resolution == "omstilling" and then.transfer_to is None:
        yield ctx.diag(
            (*path, "resolution"),
            "PK13",
            "omstilling uden transfer_to",
            "angiv den enhed, der omstilles til, i 'transfer_to'",
            rule=rule,
        )
    closed = (then.resolution, then.transfer_to, then.refer_to, then.steps)
    if then.line_closed and closed != ("straksafklaring", None, None, ()):
        yield ctx.diag(
            (*path, "line_closed"),
            "PK13",
            "en lukket linje afklarer og omstiller intet",
            "brug 'resolution: straksafklaring', ingen transfer_to, refer_to eller trin",
            rule=rule,
        )
    if then.resolution != "omstilling" and then.transfer_to is not None:
        yield ctx.diag(
            (*path, "transfer_to"),
            "PK13",
            f"transfer_to er sat, men resolution er {then.resolution}",
            "brug 'resolution: omstilling' eller 'refer_to' for en henvisning",
            rule=rule,
        )


def _check_alternatives(
    ctx: CheckContext, then: Outcome, path: YamlPath, rule: str
) -> Iterator[Diagnostic]:
    """A grænseflade offers straksafklaring and omstilling; nothing else has alternatives."""
    for i, alt in enumerate(then.alternatives):
        yield from check_units(
            ctx,
            [("transfer_to", alt.transfer_to), ("refer_to", alt.refer_to)],
            (*path, "alternatives", i),
            rule,
        )
        if alt.resolution == "omstilling" and alt.transfer_to is None:
            yield ctx.diag(
                (*path, "alternatives", i),
                "PK13",
                "et alternativ med omstilling skal have transfer_to",
                "angiv den enhed, der omstilles til",
                rule=rule,
            )
    if then.resolution == "graenseflade":
        kinds = {a.resolution for a in then.alternatives}
        if kinds != {"straksafklaring", "omstilling"}:
            yield ctx.diag(
                (*path, "resolution"),
                "PK12",
                "en grænseflade skal have et alternativ med straksafklaring og et med omstilling",
                "tilføj 'alternatives:' med begge udfald og kriteriet for hvert",
                rule=rule,
            )
    elif then.alternatives:
        yield ctx.diag(
            (*path, "alternatives"),
            "PK12",
            f"alternativer hører kun til en grænseflade, ikke {then.resolution}",
            "fjern 'alternatives' eller brug 'resolution: graenseflade'",
            rule=rule,
        )


def check_units(
    ctx: CheckContext,
    pairs: Iterable[tuple[str, str | None]],
    path: YamlPath,
    rule: str,
) -> Iterator[Diagnostic]:
    """Check that every unit named is one of the SPEC's units."""
    for key, unit in pairs:
        if unit is not None and unit not in UNITS:
            yield ctx.diag(
                (*path, key),
                "PK05",
                f"ukendt enhed '{unit}'",
                did_you_mean(unit, UNITS) or allowed_hint(UNITS),
                rule=rule,
            )


def check_steps(
    ctx: CheckContext, steps: Iterable[str], path: YamlPath, rule: str
) -> Iterator[Diagnostic]:
    """Check that every step named is one of the SPEC's steps."""
    for i, step in enumerate(steps):
        if step not in STEPS:
            yield ctx.diag(
                (*path, "steps", i),
                "PK05",
                f"ukendt trin '{step}'",
                did_you_mean(step, STEPS) or allowed_hint(STEPS),
                rule=rule,
            )
