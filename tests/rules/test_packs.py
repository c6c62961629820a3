"""The bundled packs: they load, cite their seeds verbatim and keep the wording rules."""

from __future__ import annotations

import re

import pytest

from flowrules.pack.load import load_packs
from flowrules.pack.schema import Pack
from tests.conftest import RULES, SEEDS

PACKS = load_packs(RULES)
PACK_IDS = [p.pack for p in PACKS]


def _normalise(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)  # words hyphenated across a line break
    text = text.replace("”", '"').replace("“", '"').replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


SEED_TEXT = {
    p.name: _normalise(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")
}


def _citations(pack: Pack):
    yield from (("fallback", c) for c in pack.fallback.citations)
    for item in (*pack.rules, *pack.addenda):
        yield from ((item.id, c) for c in item.citations)
    for name, param in pack.parameters.items():
        yield from ((name, c) for c in param.citations)


def test_bundled_packs_are_the_four_ordninger():
    """rules/ holds the packs of the SPEC's ordninger and nothing else."""
    assert set(PACK_IDS) <= {
        "dagpenge",
        "kontanthjaelp",
        "sygedagpenge",
        "sygeopfoelgning",
    }
    assert "dagpenge" in PACK_IDS


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_every_citation_quote_is_verbatim_in_its_seed(pack):
    """Each citation's quote occurs in the cited seed (whitespace and line breaks aside)."""
    missing = [
        (where, c.document, c.quote)
        for where, c in _citations(pack)
        if _normalise(c.quote) not in SEED_TEXT.get(c.document, "")
    ]
    assert missing == []


FORBIDDEN = re.compile(
    r"får konsekvens|vil få konsekvens|vil få betydning|vil blive betragtet som udebliv"
    r"|uden rimelig grund|ikke (en )?gyldig grund|accepteres ikke|kan ikke accepteres"
    r"|godkendt|afslag|panodil|paracetamol|ibuprofen",
    re.IGNORECASE,
)


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_citizen_texts_avoid_decision_and_treatment_language(pack):
    """No wording or macro uses decision or treatment phrases (002; the linter goes further)."""
    texts = {
        **{k: w.text for k, w in pack.wordings.items()},
        **{k: m.text for k, m in pack.journal_macros.items()},
    }
    hits = {k: FORBIDDEN.findall(t) for k, t in texts.items() if FORBIDDEN.search(t)}
    assert hits == {}


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_every_wording_states_guidance_and_decision_maker(pack):
    """Each citizen wording says it is vejledning, not an afgørelse, and names who decides."""
    problems = []
    for key, wording in pack.wordings.items():
        text = wording.text.casefold()
        if "vejledning" not in text or "afgørelse" not in text:
            problems.append((key, "vejledning/afgørelse"))
        if wording.decision_maker.split()[0].casefold() not in text:
            problems.append((key, wording.decision_maker))
    assert problems == []


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_every_macro_records_what_the_citizen_was_told(pack):
    """Each journal macro used by a rule or the fallback inserts {wording}."""
    used = {r.then.journal_macro for r in pack.rules} | {
        pack.fallback.then.journal_macro
    }
    assert (
        sorted(m for m in used if "{wording}" not in pack.journal_macros[m].text) == []
    )


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_pack_survives_a_dump_and_load_round_trip(pack):
    """load(dump(pack)) == pack: the schema loses nothing a pack says."""
    import yaml

    from flowrules.pack.load import load_pack_text

    data = pack.model_dump(exclude_defaults=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert load_pack_text(text, f"{pack.pack}.yaml") == pack
