"""The interview's analysis agrees with a brute-force oracle on random small packs.

Each example builds a random pack (enum, bool, int and date facts, a day count,
rules with ``when``/``when_any``, grænseflader with alternatives, an addendum,
texts showing facts, labels that may coincide) and a random partial call. The
oracle decides every completion of the unknown facts over the pack's finite
domain with ``Engine.decide`` and compares whole decisions: the interview must
stop exactly when all completions agree, name exactly the rules that can still
decide, and call a fact relevant exactly when two completions differing only
in it decide differently.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flowrules
from flowrules.engine.fact_domain import ABSENT, as_json, var_values
from flowrules.engine.interview import outcome_key
from flowrules.pack.schema import Pack

RECEIVED = dt.datetime(2017, 3, 7, 10, 30)
CITE = [
    {
        "document": "001_1e9ef2aea408ead2.txt",
        "section": "Test",
        "quote": "en test af interviewet",
    }
]
OPTIONAL = {
    "x": {"type": "enum", "values": ["a1", "a2", "a3"]},
    "y": {"type": "enum", "values": ["b1", "b2"]},
    "flag": {"type": "bool"},
    "timer": {"type": "int"},
    "dato": {"type": "date"},
}


@st.composite
def conditions(draw: Any, facts: list[str]) -> dict[str, Any]:
    """One group of conditions on the pack's facts."""
    out: dict[str, Any] = {}
    for name in draw(
        st.lists(st.sampled_from(facts), min_size=1, max_size=3, unique=True)
    ):
        if name == "henvendelse":
            out[name] = draw(st.sampled_from(["h1", "h2"]))
        elif name in ("x", "y"):
            values = OPTIONAL[name]["values"]
            op = draw(st.sampled_from(["eq", "ne", "one_of", "not_one_of", "exists"]))
            if op in ("one_of", "not_one_of"):
                out[name] = {
                    op: draw(st.lists(st.sampled_from(values), min_size=1, unique=True))
                }
            elif op == "exists":
                out[name] = {"exists": draw(st.booleans())}
            else:
                out[name] = {op: draw(st.sampled_from(values))}
        elif name == "flag":
            out[name] = draw(
                st.sampled_from([True, False, {"exists": False}, {"ne": True}])
            )
        elif name == "timer":
            op = draw(st.sampled_from(["lt", "gte", "eq"]))
            out[name] = {op: draw(st.integers(0, 3))}
        else:  # the day count from the call to `dato`
            out["dage"] = {
                draw(st.sampled_from(["lte", "gte", "eq"])): draw(st.integers(-1, 2))
            }
    return out


def _texts(
    rule: str, group: dict[str, Any], alternatives: bool
) -> tuple[str, str, str]:
    """Wording, macro and action text of a rule; they show facts the rule tests positively."""
    shown = [
        n
        for n, c in group.items()
        if (n in ("x", "y", "timer") and not isinstance(c, dict))
        or (
            isinstance(c, dict)
            and ("eq" in c or "one_of" in c or c.get("exists") is True)
            and n in ("x", "y", "timer")
        )
    ]
    tail = " ".join(f"{{{n}}}" for n in shown)
    return (
        f"Ord {rule} {tail}. Vejledning.",
        f"Note {rule} {tail}. {{wording}}",
        f"Gør {rule}.",
    )


@st.composite
def packs(draw: Any) -> Pack:
    """A random small pack (validated as a model; its texts exist and show tested facts)."""
    chosen = draw(
        st.lists(st.sampled_from(sorted(OPTIONAL)), min_size=1, max_size=4, unique=True)
    )
    facts: dict[str, Any] = {
        "henvendelse": {
            "type": "enum",
            "description": "h",
            "required": True,
            "values": ["h1", "h2"],
        },
    }
    for name in chosen:
        facts[name] = {**OPTIONAL[name], "description": name}
        if name in ("x", "y"):
            values = OPTIONAL[name]["values"]
            same = draw(st.booleans())  # two values may read alike in a text
            facts[name]["labels"] = {
                v: ("samme" if same and i < 2 else v) for i, v in enumerate(values)
            }
    if "dato" in chosen:
        facts["dage"] = {
            "type": "int",
            "description": "d",
            "derived": {"days_between": ["modtaget", "dato"]},
        }
    testable = ["henvendelse", *chosen]
    wordings: dict[str, Any] = {}
    macros: dict[str, Any] = {}
    rules = []
    for i in range(draw(st.integers(1, 4))):
        rid = f"r{i}"
        when = draw(conditions(testable))
        when_any = draw(st.lists(conditions(testable), max_size=2))
        kind = draw(st.sampled_from(["straksafklaring", "omstilling", "graenseflade"]))
        wording, macro, action = _texts(rid, when, kind == "graenseflade")
        wordings[rid] = {"decision_maker": "jobcentret", "text": wording}
        macros[f"jm_{rid}"] = {"title": rid, "text": macro}
        then: dict[str, Any] = {
            "action": f"a_{rid}",
            "action_text": action,
            "resolution": kind,
            "wording": rid,
            "journal_macro": f"jm_{rid}",
            "steps": ["journalnotat"],
        }
        if kind == "omstilling":
            then["transfer_to"] = "jobcenter"
        if kind == "graenseflade":
            alts = [
                {"resolution": "straksafklaring", "criterion": "kan afklares"},
                {
                    "resolution": "omstilling",
                    "transfer_to": "jobcenter",
                    "criterion": "omstil",
                },
            ]
            if draw(st.booleans()):
                alts.append(
                    {
                        "resolution": "straksafklaring",
                        "refer_to": "jobcenter",
                        "choice": "henvisning",
                        "criterion": "henvis",
                    }
                )
            for alt in alts:
                key = f"{rid}_{alt.get('choice', alt['resolution'])}"
                alt.update(
                    label=key,
                    action_text=f"Valgt {key}.",
                    wording=key,
                    journal_macro=f"jm_{key}",
                )
                # an alternative may say the same as another one (whole decisions compare)
                text = (
                    "Samme valg. Vejledning."
                    if draw(st.booleans())
                    else f"Valgt {key}. Vejledning."
                )
                wordings[key] = {"decision_maker": "jobcentret", "text": text}
                macros[f"jm_{key}"] = {"title": key, "text": "Valg. {wording}"}
            then["alternatives"] = alts
        rule: dict[str, Any] = {
            "id": rid,
            "title": rid,
            "when": when,
            "then": then,
            "citations": CITE,
        }
        if when_any:
            rule["when_any"] = when_any
        rules.append(rule)
    addenda = []
    if draw(st.booleans()):
        addenda.append(
            {
                "id": "tillaeg",
                "title": "t",
                "when": draw(conditions(testable)),
                "then": {"refer_to": "socialforvaltningen", "steps": ["journalnotat"]},
                "citations": CITE,
            }
        )
    wordings["fb"] = {"decision_maker": "jobcentret", "text": "Fallback. Vejledning."}
    macros["jm_fb"] = {"title": "fb", "text": "Fb. {wording}"}
    return Pack.model_validate(
        {
            "pack": "dagpenge",
            "title": "t",
            "version": "2026.1",
            "valid_from": dt.date(2013, 1, 1),
            "description": "d",
            "facts": facts,
            "rules": rules,
            "addenda": addenda,
            "fallback": {
                "title": "fb",
                "then": {
                    "action": "fb",
                    "action_text": "Fb.",
                    "resolution": "omstilling",
                    "transfer_to": "jobcenter",
                    "wording": "fb",
                    "journal_macro": "jm_fb",
                },
                "citations": CITE,
            },
            "wordings": wordings,
            "journal_macros": macros,
        }
    )


def oracle(
    engine: flowrules.Engine, pack: Pack, partial: dict[str, Any]
) -> tuple[set[Any], set[str], set[str]]:
    """Decide every completion: the outcomes, the rules that decide, the relevant facts."""
    unknown = [
        n for n, f in pack.facts.items() if f.derived is None and n not in partial
    ]
    if pack.choices() and "valg" not in partial:
        unknown.append("valg")
    domains = [var_values(pack, n, RECEIVED) for n in unknown]
    table: dict[tuple[int, ...], Any] = {}
    rules: set[str] = set()
    for combo in itertools.product(*(range(len(d)) for d in domains)):
        call = {k: v for k, v in partial.items() if v is not None}
        for name, domain, i in zip(unknown, domains, combo, strict=True):
            if domain[i] is not ABSENT:
                call[name] = as_json(domain[i])
        decision = engine.decide(call)
        table[combo] = outcome_key(decision)
        rules.add(decision.rule_id)
    relevant = set()
    for axis, name in enumerate(unknown):
        groups: dict[tuple[int, ...], set[Any]] = {}
        for combo, key in table.items():
            groups.setdefault(combo[:axis] + combo[axis + 1 :], set()).add(key)
        if any(len(keys) > 1 for keys in groups.values()):
            relevant.add(name)
    return set(table.values()), rules, relevant


@st.composite
def partial_calls(draw: Any, pack: Pack) -> dict[str, Any]:
    """Some facts known (a value or None for "ved ikke"), the rest unknown."""
    call: dict[str, Any] = {
        "ordning": "dagpenge",
        "modtaget": RECEIVED.isoformat(),
        "henvendelse": draw(st.sampled_from(["h1", "h2"])),
    }
    names = [
        n for n, f in pack.facts.items() if f.derived is None and n != "henvendelse"
    ]
    if pack.choices():
        names.append("valg")
    for name in draw(st.lists(st.sampled_from(names), unique=True)) if names else []:
        domain = var_values(pack, name, RECEIVED)
        value = draw(st.sampled_from(domain))
        call[name] = None if value is ABSENT else as_json(value)
    return call


@settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_interview_agrees_with_the_brute_force_oracle(data: Any) -> None:
    """Stopping, possible rules and relevant facts agree with deciding every completion."""
    pack = data.draw(packs())
    engine = flowrules.Engine([pack], executor="native")
    partial = data.draw(partial_calls(pack))
    outcomes, rules, relevant = oracle(engine, pack, partial)
    step = engine.interview(partial)
    assert step.done == (len(outcomes) == 1)
    assert set(step.missing) == relevant
    if step.done:
        assert step.decision is not None
        assert {outcome_key(step.decision)} == outcomes
        assert step.possible == [step.decision.rule_id]
    else:
        assert step.question is not None
        assert step.question.fact in relevant
        assert set(step.possible) == rules
