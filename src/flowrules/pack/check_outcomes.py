"""Checks of outcomes: units, steps, resolution and alternatives, and the texts they use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flowrules.diagnostics import Diagnostic, Severity, allowed_hint, did_you_mean
from flowrules.pack.check_conditions import check_conditions
from flowrules.pack.check_context import CheckContext
from flowrules.pack.check_texts import check_inline, check_text_ref
from flowrules.pack.presence import guaranteed_facts, required_facts
from flowrules.pack.schema import Addendum, Alternative, Fallback, Outcome, Rule
from flowrules.pack.yaml_positions import YamlPath
from flowrules.vocabulary import STEPS, UNITS


def check_rule(
    ctx: CheckContext, item: Rule | Addendum, path: YamlPath
) -> Iterator[Diagnostic]:
    """Check a rule's or addendum's conditions and outcome."""
    yield from check_conditions(ctx, item.when, (*path, "when"), item.id)
    for g, group in enumerate(item.when_any):
        yield from check_conditions(ctx, group, (*path, "when_any", g), item.id)
    if isinstance(item, Rule):
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
    present = (
        guaranteed_facts(ctx.facts, owner)
        if isinstance(owner, Rule)
        else required_facts(ctx.facts)
    )
    yield from _check_alternatives(ctx, then, path, rule, present)
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
    if then.resolution != "omstilling" and then.transfer_to is not None:
        yield ctx.diag(
            (*path, "transfer_to"),
            "PK13",
            f"transfer_to er sat, men resolution er {then.resolution}",
            "brug 'resolution: omstilling' eller 'refer_to' for en henvisning",
            rule=rule,
        )


def _check_alternatives(
    ctx: CheckContext, then: Outcome, path: YamlPath, rule: str, present: set[str]
) -> Iterator[Diagnostic]:
    """A grænseflade offers straksafklaring and omstilling; nothing else has alternatives."""
    choices: set[str] = set()
    for i, alt in enumerate(then.alternatives):
        apath: YamlPath = (*path, "alternatives", i)
        yield from check_units(
            ctx,
            [("transfer_to", alt.transfer_to), ("refer_to", alt.refer_to)],
            apath,
            rule,
        )
        if alt.resolution == "omstilling" and alt.transfer_to is None:
            yield ctx.diag(
                apath,
                "PK13",
                "et alternativ med omstilling skal have transfer_to",
                "angiv den enhed, der omstilles til",
                rule=rule,
            )
        if alt.choice_id in choices:
            yield ctx.diag(
                (*apath, "choice") if alt.choice else apath,
                "PK07",
                f"valget '{alt.choice_id}' bruges af mere end ét alternativ",
                "giv hvert alternativ sit eget 'choice' (fx henvisning), så 'valg' peger på ét",
                rule=rule,
            )
        choices.add(alt.choice_id)
        if then.resolution == "graenseflade":
            yield from _check_alternative_outcome(ctx, alt, apath, rule, present)
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


def _check_alternative_outcome(
    ctx: CheckContext, alt: Alternative, path: YamlPath, rule: str, present: set[str]
) -> Iterator[Diagnostic]:
    """An alternative is a whole outcome once chosen: its own texts, known steps, a label."""
    missing = [
        key
        for key in ("action_text", "wording", "journal_macro")
        if getattr(alt, key) is None
    ]
    if missing:
        yield ctx.diag(
            path,
            "PK12",
            f"alternativet '{alt.choice_id}' mangler sit eget udfald: {', '.join(missing)}",
            "et valgt alternativ afgør opkaldet; giv det action_text, wording og "
            "journal_macro, der nævner valget",
            rule=rule,
        )
    if alt.label is None:
        yield ctx.diag(
            path,
            "PK18",
            f"alternativet '{alt.choice_id}' har ingen etiket (label)",
            "skriv en kort dansk etiket til svarknappen, fx 'label: afklares i samtalen'",
            rule=rule,
            severity=Severity.WARNING,
        )
    if alt.steps is not None:
        yield from check_steps(ctx, alt.steps, path, rule)
    if alt.action_text is not None:
        yield from check_inline(
            ctx, (*path, "action_text"), alt.action_text, rule, present
        )
    for kind in ("wording", "journal_macro"):
        ref = getattr(alt, kind)
        if ref is not None:
            yield from check_text_ref(ctx, kind, ref, path, rule, present)


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
