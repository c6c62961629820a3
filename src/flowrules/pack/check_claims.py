"""PK19: a text states a fact its rule does not test (absent is not negative).

A fact (or parameter) may declare ``claims``: Danish phrases that state
something about it, e.g. "svaret fremgik ikke tydeligt af journalen" for
``svar_fremgaar_af_journal: false``. Wherever such a phrase appears in a
rule's action text, wording or journal macro, the rule's conditions must
imply the claim in every branch (``when`` with each ``when_any`` group), so
an optional fact that is merely absent is never written down as if it were
false. Addenda are held to their own conditions; the fallback implies
nothing, so a claim phrase in a fallback text is always a finding. The
phrases live in the pack (rule content stays out of Python).
"""

from __future__ import annotations

from collections.abc import Iterator

from flowrules.diagnostics import Diagnostic, allowed_hint
from flowrules.pack.check_context import CheckContext
from flowrules.pack.schema import (
    Addendum,
    Claim,
    Condition,
    Fact,
    Outcome,
    Parameter,
    ParamRef,
    Rule,
    Test,
)
from flowrules.pack.yaml_positions import YamlPath

_Text = tuple[YamlPath, str, str]  # where to report, what the text is, its text
_COMPARISONS = ("lt", "lte", "gt", "gte")


def check_claims(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Check that claims are well formed and that every text's claims are tested."""
    claims: list[tuple[str, Claim]] = []
    for kind, table in (("facts", ctx.pack.facts), ("parameters", ctx.pack.parameters)):
        for name, owner in table.items():
            for i, claim in enumerate(owner.claims):
                problem = _malformed(owner, claim)
                if problem:
                    yield ctx.diag((kind, name, "claims", i), "PK15", *problem)
                else:
                    claims.append((name, claim))
    if not claims:
        return
    for rule, branches, texts in _owners(ctx):
        for where, label, text in texts:
            flat = _fold(text)
            for name, claim in claims:
                phrase = next((p for p in claim.phrases if _fold(p) in flat), None)
                if phrase and not all(_implies(b, name, claim) for b in branches):
                    yield ctx.diag(
                        where,
                        "PK19",
                        f'{label} siger "{phrase}", men reglen tester ikke, at '
                        f"{_claim_text(name, claim)}",
                        f"tilføj betingelsen {_condition_hint(name, claim)} til reglen, "
                        "eller skriv teksten, så den også passer, når oplysningen mangler",
                        rule=rule,
                    )


def _fold(text: str) -> str:
    return " ".join(text.replace("-\n", "").split()).casefold()


def _malformed(owner: Fact | Parameter, claim: Claim) -> tuple[str, str] | None:
    """A message and hint if ``claim`` does not fit its fact or parameter, else None."""
    kinds = [
        claim.value is not None,
        bool(claim.values),
        claim.absent,
        any(getattr(claim, op) is not None for op in _COMPARISONS),
        claim.within or claim.outside,
    ]
    if sum(kinds) != 1 or (claim.within and claim.outside):
        return (
            "en påstand siger præcis én ting",
            "angiv én af value, values, absent, lt/lte/gt/gte, within eller outside",
        )
    values = getattr(owner, "values", ())
    wrong = [v for v in (*claim.values, claim.value) if isinstance(v, str)]
    if values and any(v not in values for v in wrong):
        return "påstanden nævner en værdi, faktummet ikke har", allowed_hint(values)
    schedule = isinstance(owner, Parameter) and owner.type == "schedule"
    if (claim.within or claim.outside) != schedule:
        return (
            "within/outside hører til en åbningstids-parameter, og kun dér",
            "brug value/values på andre oplysninger",
        )
    if kinds[3] and owner.type != "int":
        return "sammenligninger passer kun til heltal", "brug value eller values"
    return None


def _owners(ctx: CheckContext) -> Iterator[tuple[str, list[_Branch], list[_Text]]]:
    """Each rule, addendum and the fallback: its id, its branches and its texts."""
    pack = ctx.pack
    for i, rule in enumerate(pack.rules):
        if isinstance(rule.then, Outcome):
            path: YamlPath = ("rules", i, "then")
            yield rule.id, _branches(rule), _outcome_texts(ctx, path, rule.then)
    for i, addendum in enumerate(pack.addenda):
        add, apath = addendum.then, ("addenda", i, "then")
        texts = [
            t
            for t in (
                _ref(ctx, apath, "wording", add.wording),
                _ref(ctx, apath, "journal_macro", add.journal_macro),
            )
            if t is not None
        ]
        yield addendum.id, _branches(addendum), texts
    texts = _outcome_texts(ctx, ("fallback", "then"), pack.fallback.then)
    yield "fallback", [[]], texts


def _outcome_texts(ctx: CheckContext, path: YamlPath, then: Outcome) -> list[_Text]:
    texts = [((*path, "action_text"), "handlingsteksten", then.action_text)]
    for kind, ref in (("wording", then.wording), ("journal_macro", then.journal_macro)):
        text = _ref(ctx, path, kind, ref)
        if text is not None:
            texts.append(text)
    return texts


def _ref(ctx: CheckContext, path: YamlPath, kind: str, ref: str | None) -> _Text | None:
    table = ctx.pack.wordings if kind == "wording" else ctx.pack.journal_macros
    if ref is None or ref not in table:
        return None
    label = f"formuleringen '{ref}'" if kind == "wording" else f"journalmakroen '{ref}'"
    return (*path, kind), label, table[ref].text


_Branch = list[tuple[str, Condition]]


def _branches(item: Rule | Addendum) -> list[_Branch]:
    """The rule's conditions as alternatives: ``when`` with each ``when_any`` group.

    A fact may be tested both in ``when`` and in a group; both tests hold.
    """
    when = list(item.when.items())
    if not item.when_any:
        return [when]
    return [[*when, *group.items()] for group in item.when_any]


def _implies(branch: _Branch, name: str, claim: Claim) -> bool:
    """Whether some condition of ``branch`` guarantees the claim about ``name``."""
    if claim.within or claim.outside:
        op = "within" if claim.within else "outside"
        return any(
            fact == "modtaget" and isinstance(cond, Test) and getattr(cond, op) == name
            for fact, cond in branch
        )
    for fact, cond in branch:
        if fact != name:
            continue
        ops = cond.operators() if isinstance(cond, Test) else [("eq", cond)]
        if any(_op_implies(op, operand, claim) for op, operand in ops):
            return True
    return False


def _op_implies(op: str, operand: object, claim: Claim) -> bool:
    if isinstance(operand, ParamRef):
        return False
    if claim.absent:
        return op == "exists" and operand is False
    allowed = (claim.value,) if claim.value is not None else claim.values
    if claim.value is not None or claim.values:
        if op == "eq":
            return any(_same(operand, v) for v in allowed)
        if op == "one_of" and isinstance(operand, tuple):
            return all(any(_same(o, v) for v in allowed) for o in operand)
        return False
    return _compare_implies(op, operand, claim)


def _compare_implies(op: str, operand: object, claim: Claim) -> bool:
    """Whether ``fact <op> operand`` guarantees the claim's comparison (integers)."""
    if not isinstance(operand, int) or isinstance(operand, bool):
        return False
    upper = {"lt": operand - 1, "lte": operand, "eq": operand}.get(op)
    lower = {"gt": operand + 1, "gte": operand, "eq": operand}.get(op)
    if claim.lt is not None:
        return upper is not None and upper < claim.lt
    if claim.lte is not None:
        return upper is not None and upper <= claim.lte
    if claim.gt is not None:
        return lower is not None and lower > claim.gt
    return lower is not None and claim.gte is not None and lower >= claim.gte


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _claim_text(name: str, claim: Claim) -> str:
    if claim.absent:
        return f"'{name}' mangler"
    if claim.within or claim.outside:
        where = "inden for" if claim.within else "uden for"
        return f"opkaldet ligger {where} '{name}'"
    if claim.value is not None:
        return f"'{name}' er {_show(claim.value)}"
    if claim.values:
        return f"'{name}' er en af {', '.join(claim.values)}"
    op, bound = next(
        (op, getattr(claim, op))
        for op in _COMPARISONS
        if getattr(claim, op) is not None
    )
    sign = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}[op]
    return f"'{name}' {sign} {bound}"


def _condition_hint(name: str, claim: Claim) -> str:
    if claim.absent:
        return f"'{name}: {{exists: false}}'"
    if claim.within or claim.outside:
        op = "within" if claim.within else "outside"
        return f"'modtaget: {{{op}: {name}}}'"
    if claim.value is not None:
        return f"'{name}: {_show(claim.value)}'"
    if claim.values:
        return f"'{name}: {{one_of: [{', '.join(claim.values)}]}}'"
    op, bound = next(
        (op, getattr(claim, op))
        for op in _COMPARISONS
        if getattr(claim, op) is not None
    )
    return f"'{name}: {{{op}: {bound}}}'"


def _show(value: Condition) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
