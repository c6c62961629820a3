"""Danish phrases for pack content, shared by the pack pages and the version diff.

Conditions read as plain Danish (``grund er en af: arbejde, sygdom``), with the
fact's labels for enum values and a parameter's versions with their periods;
citations and notes read as one Markdown line each.
"""

from __future__ import annotations

import datetime as dt

from flowrules.danish import format_schedule, weekday_name, yes_no
from flowrules.pack.schema import (
    Citation,
    Conditions,
    Derived,
    Note,
    Pack,
    ParamRef,
    Test,
)
from flowrules.review.markdown import escape_md

_COMPARE = {
    "lt": ("er før", "er mindre end"),
    "lte": ("er senest", "er højst"),
    "gt": ("er efter", "er mere end"),
    "gte": ("er tidligst", "er mindst"),
}


def period(valid_from: dt.date, valid_to: dt.date | None) -> str:
    """Return a validity period in Danish (``valid_to`` is the first day not in force)."""
    if valid_to is None:
        return f"fra {valid_from.isoformat()}"
    last = valid_to - dt.timedelta(days=1)
    return f"fra {valid_from.isoformat()} til og med {last.isoformat()}"


def _name(name: str, md: bool) -> str:
    return f"`{name}`" if md else name


def param_value(value: object) -> str:
    """Return a parameter value in Danish (schedules as ``mandag 08:30–16:00; …``)."""
    if isinstance(value, dict):
        return format_schedule(value, per_day=True)
    if isinstance(value, bool):
        return yes_no(value)
    return str(value)


def _value(pack: Pack, fact: str, value: object, md: bool) -> str:
    if isinstance(value, ParamRef):
        param = pack.parameters[value.param]
        versions = ", ".join(
            f"{param_value(v.value)} {period(v.valid_from, v.valid_to)}"
            for v in param.versions
        )
        return f"{_name(value.param, md)} ({versions})"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    decl = pack.facts.get(fact)
    if decl is not None and text in decl.labels:
        text = decl.labels[text]
    elif fact.endswith("ugedag"):
        text = weekday_name(text)
    return escape_md(text) if md else text


def condition_phrase(pack: Pack, fact: str, op: str, operand: object, md: bool) -> str:
    """Return one operator on one fact as a Danish phrase."""
    name = _name(fact, md)
    if op == "exists":
        return f"{name} er angivet" if operand else f"{name} mangler"
    if op in ("within", "outside"):
        where = "inden for" if op == "within" else "uden for"
        param = f"[`{operand}`](#parameter-{operand})" if md else str(operand)
        return f"{name} ligger {where} {param}"
    if op in ("one_of", "not_one_of"):
        assert isinstance(operand, tuple)
        values = ", ".join(_value(pack, fact, v, md) for v in operand)
        if op == "one_of":
            return f"{name} er en af: {values}"
        return f"{name} er ingen af: {values} (eller mangler)"
    value = _value(pack, fact, operand, md)
    if op == "eq":
        return f"{name} er {value}"
    if op == "ne":
        return f"{name} er ikke {value} (eller mangler)"
    timely = isinstance(operand, (dt.date, str))
    return f"{name} {_COMPARE[op][0 if timely else 1]} {value}"


def condition_phrases(pack: Pack, conds: Conditions, *, md: bool = True) -> list[str]:
    """Return every condition of a ``when`` mapping as Danish phrases, in order."""
    phrases = []
    for fact, cond in conds.items():
        ops = cond.operators() if isinstance(cond, Test) else [("eq", cond)]
        phrases += [condition_phrase(pack, fact, op, v, md) for op, v in ops]
    return phrases


def citation_text(citation: Citation) -> str:
    """Return a citation as Markdown: document, section and the quote."""
    section, quote = escape_md(citation.section), escape_md(citation.quote)
    return f"`{citation.document}`, {section}: »{quote}«"


def note_text(note: Note) -> str:
    """Return a note as Markdown with its ambiguity number."""
    return f"**{note.ambiguity}**: {escape_md(note.text)}"


def derived_text(derived: Derived) -> str:
    """How a derived fact is computed, in Danish (``dage fra `a` til `b```)."""
    unit = "dage" if derived.unit == "days" else "minutter"
    first, second = derived.sources
    return f"{unit} fra `{first}` til `{second}`"
