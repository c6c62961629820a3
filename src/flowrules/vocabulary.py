"""The contract vocabulary of the SPEC: core call fields, units, steps, weekdays.

These names are part of the public contract that importing systems rely on;
they are not rule content. Rule content (which call leads where, with which
wording) lives only in the YAML packs.

Each enumeration is written once, as a ``Literal`` type for the typed models;
the tuples of allowed values are read from those types.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Ordning = Literal["dagpenge", "kontanthjaelp", "sygedagpenge", "sygeopfoelgning"]
Opkalder = Literal[
    "borger",
    "leverandoer",
    "samarbejdspartner",
    "virksomhed",
    "anden_forvaltning",
    "a_kasse",
]
Grund = Literal["arbejde", "ansaettelsessamtale", "sygdom", "borgerligt_ombud", "andet"]
Aftale = Literal["jobsamtale", "tilbud", "jobklub", "opfoelgning", "anden_samtale"]
Vurdering = Literal["kan_accepteres", "kan_ikke_umiddelbart_accepteres"]
AfmeldingAarsag = Literal["efterloen", "barsel", "arbejde", "andet"]
Fravaerstype = Literal[
    "ferie",
    "faedrebarsel",
    "sygdom",
    "midlertidigt_arbejde",
    "borgerligt_ombud",
    "arbejde_over_20_timer",
    "mindre_intensiv_kontakt",
    "fritagelse_raadighed",
]
Status = Literal["ledig", "beskaeftiget"]
Unit = Literal[
    "jobcenter",
    "k_kassen",
    "ydelsesservice",
    "beskaeftigelseskonsulent",
    "visitationsenheden",
    "tidlig_arbejdsmarkedsindsats",
    "job_og_afklaring",
    "jobcenter_nyropsgade_jsv",
    "beskaeftigelsescenter",
    "arbejdsgiver",
    "relevant_bif_enhed",
    "socialforvaltningen",
    "a_kassen",
    "cdu",
]
Resolution = Literal["straksafklaring", "omstilling", "graenseflade"]
#: The employee's choice at a grænseflade (SPEC "Guided interview"); a pack may
#: name further choices (``choice:`` of an alternative, e.g. a henvisning).
Valg = Literal["straksafklaring", "omstilling"]
Weekday = Literal[
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "loerdag", "soendag"
]

ORDNINGER: Final = get_args(Ordning)

#: Core enumerated call fields and their allowed values (SPEC, "Call (input)").
#: A pack that uses one of these fields declares it with a subset of these values.
CORE_ENUMS: Final[dict[str, tuple[str, ...]]] = {
    "opkalder": get_args(Opkalder),
    "grund": get_args(Grund),
    "aftale": get_args(Aftale),
    "vurdering": get_args(Vurdering),
    "afmelding_aarsag": get_args(AfmeldingAarsag),
    "fravaerstype": get_args(Fravaerstype),
    "status": get_args(Status),
}

#: Core fields whose values are pack-specific enumerations (no global list).
CORE_OPEN_ENUMS: Final = ("henvendelse", "maalgruppe")

#: Core boolean, date and datetime fields.
CORE_BOOLS: Final = (
    "telefonkontakt",
    "svar_fremgaar_af_journal",
    "sociale_problemer",
    "behov_for_tolk",
)
CORE_DATES: Final = ("afmelding_dato",)
CORE_DATETIMES: Final = ("modtaget", "aftale_tidspunkt")

#: Type of every core field, as a pack fact type.
CORE_FIELD_TYPES: Final[dict[str, str]] = {
    "ordning": "enum",
    **dict.fromkeys(CORE_ENUMS, "enum"),
    **dict.fromkeys(CORE_OPEN_ENUMS, "enum"),
    **dict.fromkeys(CORE_BOOLS, "bool"),
    **dict.fromkeys(CORE_DATES, "date"),
    **dict.fromkeys(CORE_DATETIMES, "datetime"),
}

UNITS: Final = get_args(Unit)

STEPS: Final = (
    "journalnotat",
    "opera_fravaersnote",
    "registrer_samtalenode",
    "registrer_fravaersnode",
    "opret_kontakt_efter_udeblivelse",
    "book_jobplanner",
    "aflys_jobsamtale",
    "behold_planlagt",
    "mail_jobcenter",
    "mail_leverandoer",
    "mail_konsulent",
    "mail_visitationsenheden",
    "servicebrev",
    "saet_advis",
    "slet_advis",
    "stopdato",
    "afmelding",
    "fremtidig_afmelding",
    "afslut_kontaktforloeb",
    "maalgruppeskift_2_1",
    "ny_kode_jobnet",
    "guide_jobnet",
    "opdater_adresse",
    "udfyld_formular",
    "videresend_klage_cdu",
)

RESOLUTIONS: Final = get_args(Resolution)

#: The call field that carries the employee's choice at a grænseflade.
VALG_FIELD: Final = "valg"
#: The choices every pack accepts in ``valg``.
VALG_VALUES: Final = get_args(Valg)

#: Weekday ids in ``datetime.weekday()`` order (Monday first).
WEEKDAYS: Final = get_args(Weekday)

#: Facts every pack has without declaring them, derived from ``modtaget``.
BUILTIN_FACTS: Final[dict[str, str]] = {
    "modtaget_dato": "date",
    "modtaget_tid": "time",
    "modtaget_ugedag": "enum",
}

#: Names an event may not use: durable-rules reserves ``sid``/``id``, and
#: ``kind`` is the marker every compiled rule tests first.
RESERVED_FACTS: Final = ("sid", "id", "kind", "wording", "ordning", "valg")

NOTICE: Final = "Vejledning, ikke afgørelse"
