"""One call shape for all four packs: the SPEC's core fields reach every pack's call types."""

from __future__ import annotations

import pytest

from flowrules import Call, CallError
from flowrules.vocabulary import CORE_ENUMS
from tests.rules.test_packs import PACKS

#: Every core field of the SPEC, with a value each, as one importing system sends them.
UNIFORM = {
    "modtaget": "2017-03-07T10:30:00",
    "call_id": "crm-4711",
    "opkalder": "borger",
    "grund": "andet",
    "aftale": "jobsamtale",
    "aftale_tidspunkt": "2017-03-08T09:00:00",
    "vurdering": "kan_ikke_umiddelbart_accepteres",
    "maalgruppe": "kontanthjaelp_jobcenter",
    "afmelding_dato": "2017-03-20",
    "afmelding_aarsag": "andet",
    "fravaerstype": "ferie",
    "telefonkontakt": False,
    "svar_fremgaar_af_journal": False,
    "sociale_problemer": False,
    "behov_for_tolk": False,
    "status": "ledig",
    "sygeperiode_til": "2017-03-10",
}

CALL_TYPES = [
    (pack.pack, henvendelse)
    for pack in PACKS
    for henvendelse in pack.facts["henvendelse"].values
]


@pytest.mark.parametrize(
    ("ordning", "henvendelse"), CALL_TYPES, ids=[f"{o}-{h}" for o, h in CALL_TYPES]
)
def test_uniform_call_decides_in_every_pack(native_engine, ordning, henvendelse):
    """One uniform call per call type gives a decision in every pack, never a CallError."""
    call = {**UNIFORM, "ordning": ordning, "henvendelse": henvendelse}
    decision = native_engine.decide(call)
    assert decision.call_id == "crm-4711"
    assert decision.call["sygeperiode_til"] == "2017-03-10"
    assert native_engine.decide(Call(**call)) == decision


@pytest.mark.parametrize("pack", PACKS, ids=[p.pack for p in PACKS])
@pytest.mark.parametrize("field", sorted(CORE_ENUMS))
def test_every_spec_value_of_a_core_enum_is_accepted(native_engine, pack, field):
    """Every pack accepts each of the SPEC's values of every core enumeration."""
    henvendelse = pack.facts["henvendelse"].values[0]
    for value in CORE_ENUMS[field]:
        call = {**UNIFORM, "ordning": pack.pack, "henvendelse": henvendelse}
        try:
            native_engine.decide({**call, field: value})
        except CallError as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{pack.pack} refuses {field}={value}: {exc}")
