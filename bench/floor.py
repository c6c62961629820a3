"""Hand-written plain-Python dispatch of the bundled packs (the rule choice only).

One function per pack takes the flat *event* that :func:`flowrules.event.build_event`
makes from a validated call and returns the id of the rule that decides it, as
:attr:`flowrules.Decision.rule_id` spells it (``"<pack>.<rule>"``, or
``"<pack>.fallback"`` when no rule matches). It is what a developer would write by
hand for the same packs: ``if``/``elif`` on the enum values, the rules of each
``henvendelse`` in pack order, first match wins, with the pack's semantics:

* ``eq`` / ``one_of`` / comparisons are false when the fact is absent, and never
  confuse ``True`` with ``1`` (so booleans are tested with ``is True`` / ``is False``);
* ``ne`` / ``not_one_of`` are true when the fact is absent;
* ``within`` / ``outside`` read the boolean ``<fact>@<schedule>`` event facts;
* parameters are inlined: an int parameter with a single version from the pack's
  ``valid_from`` is a constant (its date test always holds for the calls the
  engine routes to the pack); a bool parameter that turns true on a day is a
  test of ``modtaget_dato``.

It does not compute addenda, validate, or build events: timed alone it is the
cost of the rule dispatch (the "dispatch only" row); :mod:`floor_e2e` uses it
inside the same-job floor. ``bench/run.py`` checks it against the native executor on
every call of every pack's domain before timing anything; when a pack changes,
that check fails and this file has to follow. Written against the packs at
:data:`WRITTEN_FOR`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

#: Pack versions these functions were written for (informational).
WRITTEN_FOR = {
    "dagpenge": "2026.1",
    "kontanthjaelp": "2026.1",
    "sygedagpenge": "2026.1",
    "sygeopfoelgning": "2026.1",
}

#: First day of the 2016 profile (opening hours, A05; new target groups).
PROFILE_2016 = "2016-11-03"

Event = Mapping[str, Any]

# --- dagpenge -------------------------------------------------------------------------

_DP_GYLDIG = ("arbejde", "ansaettelsessamtale", "sygdom", "borgerligt_ombud")
_DP_SAMARBEJDE = ("leverandoer", "samarbejdspartner", "anden_forvaltning")
_DP_AFLYS = ("efterloen", "barsel", "arbejde")
_DP_FRAVAER = (
    "ferie",
    "faedrebarsel",
    "sygdom",
    "midlertidigt_arbejde",
    "borgerligt_ombud",
)
_DP_AFMELDING_FRIST_DAGE = 28
_DP_FRITAGELSE_TIMER = 20
_DP_EMNE = {
    "klage": "dagpenge.klage_videresendes_cdu",
    "klagevejledning": "dagpenge.klagevejledning",
    "uddannelsespaalaeg": "dagpenge.uddannelsespaalaeg_vejledning",
    "pdu_e303": "dagpenge.pdu_e303_vejledning",
}


def dagpenge(e: Event) -> str:
    """Return the deciding rule of a ``dagpenge`` event."""
    if e["modtaget@aabningstid"] is False:
        return "dagpenge.uden_for_aabningstid"
    opkalder = e.get("opkalder")
    if opkalder == "a_kasse":
        return "dagpenge.a_kasse_henvises"
    if opkalder in _DP_SAMARBEJDE:
        return "dagpenge.samarbejdspartner_omstilles"
    if opkalder == "virksomhed":
        return "dagpenge.virksomhed_omstilles"
    h = e["henvendelse"]
    if h == "afbud":
        if e.get("aftale") == "jobklub":
            return "dagpenge.afbud_jobklub"
        grund = e.get("grund")
        if grund in _DP_GYLDIG:
            return "dagpenge.afbud_gyldig_grund"
        if grund is not None:
            if e["modtaget@bedste_traeffetid"] is True:
                return "dagpenge.afbud_anden_grund"
            return "dagpenge.afbud_anden_grund_uden_for_traeffetid"
    elif h == "fravaer":
        fravaerstype = e.get("fravaerstype")
        if fravaerstype == "fritagelse_raadighed":
            return "dagpenge.fritagelse_raadighed_omstilles"
        if fravaerstype == "mindre_intensiv_kontakt":
            if e.get("afmelding_aarsag") == "andet":
                return "dagpenge.mindre_intensiv_kontakt_omstilles"
            return "dagpenge.mindre_intensiv_kontakt"
        if fravaerstype == "arbejde_over_20_timer":
            timer = e.get("arbejdstimer_per_uge")
            if timer is not None and timer > _DP_FRITAGELSE_TIMER:
                return "dagpenge.fritagelse_aktivering_registreres"
            return "dagpenge.fritagelse_aktivering_omstilles"
        if fravaerstype == "sygdom" and e.get("aftale") == "jobsamtale":
            return "dagpenge.sygdom_med_aftalt_samtale"
        if fravaerstype in _DP_FRAVAER:
            return "dagpenge.fravaer_registreres"
    elif h == "afmelding":
        dage = e.get("dage_til_afmelding")
        if dage is not None:
            if 0 <= dage <= _DP_AFMELDING_FRIST_DAGE:
                if e.get("afmelding_aarsag") in _DP_AFLYS:
                    return "dagpenge.afmelding_aflys_jobsamtaler"
                return "dagpenge.afmelding_uden_aflysning"
            if dage > _DP_AFMELDING_FRIST_DAGE:
                return "dagpenge.afmelding_over_4_uger"
    elif h == "raad_og_vejledning":
        return _DP_EMNE.get(e.get("emne"), "dagpenge.raad_og_vejledning")  # type: ignore[arg-type]
    elif h == "afbud_jobklub":
        return "dagpenge.afbud_jobklub"
    elif h == "kontakt_efter_udeblivelse":
        return "dagpenge.kontakt_efter_udeblivelse"
    elif h == "genregistrering":
        return "dagpenge.genregistrering"
    elif h == "jobnet_guide":
        if e.get("mangler_kode") is True:
            return "dagpenge.jobnet_ny_kode"
        return "dagpenge.jobnet_guide"
    elif h == "dagpenge_udland":
        return "dagpenge.dagpenge_udland"
    elif h == "selvbook":
        return "dagpenge.selvbook"
    return "dagpenge.fallback"


# --- kontanthjaelp --------------------------------------------------------------------

_KH_GRUND = ("arbejde", "ansaettelsessamtale", "borgerligt_ombud", "andet")
_KH_SAGSBEHANDLER = (
    "hvornaar_jobsamtale",
    "forklar_brev",
    "raad_og_vejledning",
    "revalidering_fleksjob_foertidspension",
)
_KH_DIRECT = {
    "samarbejdspartner": "kontanthjaelp.samarbejdspartner",
    "virksomhed": "kontanthjaelp.virksomhed",
    "anden_forvaltning": "kontanthjaelp.anden_forvaltning",
    "forsinkelse": "kontanthjaelp.forsinkelse",
    "oekonomisk_hjaelp": "kontanthjaelp.oekonomisk_hjaelp",
    "fejlomstillet_ydelsesservice": "kontanthjaelp.fejlomstillet_ydelsesservice",
    "midlertidig_adresse": "kontanthjaelp.midlertidig_adresse",
}


def kontanthjaelp(e: Event) -> str:
    """Return the deciding rule of a ``kontanthjaelp`` event."""
    if e["modtaget@aabningstid"] is False:
        return "kontanthjaelp.uden_for_aabningstid"
    h = e["henvendelse"]
    direct = _KH_DIRECT.get(h)
    if direct is not None:
        return direct
    if h == "afbud_jobsamtale" or h == "afbud_tilbud":
        dage = e.get("dage_til_aftale")
        if dage is not None and dage < 0:
            return "kontanthjaelp.udeblivelse"
        grund = e.get("grund")
        if grund == "sygdom":
            return "kontanthjaelp.afbud_sygdom_sygeopfoelgning"
        if h == "afbud_tilbud":
            if e.get("leverandoer_anbefaler_ophoer") is True:
                return "kontanthjaelp.tilbud_ophoer_leverandoer"
            if grund in _KH_GRUND:
                return "kontanthjaelp.afbud_tilbud"
        elif grund in _KH_GRUND:
            vurdering = e.get("vurdering")
            if vurdering == "kan_accepteres":
                if e.get("jobplanner_live") is True:
                    return "kontanthjaelp.afbud_jobsamtale_book_ny_tid"
                return "kontanthjaelp.afbud_jobsamtale_indkald_igen"
            if vurdering == "kan_ikke_umiddelbart_accepteres":
                return "kontanthjaelp.afbud_jobsamtale_behold_planlagt"
    elif h == "udeblivelse":
        if e.get("partshoering_modtaget") is True:
            return "kontanthjaelp.udeblivelse_partshoering_k_kassen"
        return "kontanthjaelp.udeblivelse"
    elif h in _KH_SAGSBEHANDLER:
        if h == "raad_og_vejledning" and e.get("leverandoer_anbefaler_ophoer") is True:
            return "kontanthjaelp.tilbud_ophoer_leverandoer"
        sagsbehandler = e.get("sagsbehandler_noedvendig")
        if sagsbehandler is True:
            if e["modtaget@bedste_traeffetid"] is True:
                return "kontanthjaelp.sagsbehandler_i_bedste_traeffetid"
            return "kontanthjaelp.sagsbehandler_uden_for_bedste_traeffetid"
        if h == "hvornaar_jobsamtale":
            if "aftale_tidspunkt" in e:
                return "kontanthjaelp.hvornaar_jobsamtale"
            return "kontanthjaelp.hvornaar_jobsamtale_ingen_planlagt"
        if h == "forklar_brev":
            return "kontanthjaelp.forklar_brev"
        if h == "raad_og_vejledning":
            if sagsbehandler is False:
                return "kontanthjaelp.raad_og_vejledning"
            return "kontanthjaelp.raad_og_vejledning_graenseflade"
        return "kontanthjaelp.revalidering_fleksjob_foertidspension"
    elif h == "ydelse":
        if e.get("svar_fremgaar_af_journal") is True:
            return "kontanthjaelp.ydelse_svar_i_journal"
        return "kontanthjaelp.ydelse_graenseflade"
    elif h == "genregistrering":
        if e.get("jobnet_kode_mistet") is True:
            return "kontanthjaelp.genregistrering_ny_kode"
        return "kontanthjaelp.genregistrering"
    return "kontanthjaelp.fallback"


# --- sygedagpenge ---------------------------------------------------------------------

_SD_TREDJEPART = (
    "leverandoer",
    "samarbejdspartner",
    "virksomhed",
    "anden_forvaltning",
    "a_kasse",
)
_SD_SPECIALCENTRET = ("sygemeldt_fra_beskaeftigelse", "selvstaendig")
#: ``sygedagpengereform_2015_i_kraft`` (bool parameter) is true from this day.
_SD_REFORM_2015 = "2015-01-01"
_SD_DIRECT = {
    "tilmeld_afmeld": "sygedagpenge.tilmeld_afmeld_status",
    "partshoeringssvar": "sygedagpenge.partshoeringssvar_skriftligt",
    "ferie": "sygedagpenge.ferie_vejledning",
    "gensygemelding": "sygedagpenge.gensygemelding_graenseflade",
    "skift_sagsbehandler": "sygedagpenge.skift_sagsbehandler",
    "kontaktmuligheder": "sygedagpenge.kontaktmuligheder",
    "forlaengelse": "sygedagpenge.forlaengelse_henvis_konsulent",
}


def sygedagpenge(e: Event) -> str:
    """Return the deciding rule of a ``sygedagpenge`` event."""
    h = e["henvendelse"]
    if h == "gensygemelding":
        if e["modtaget@aabningstid_sygemelding"] is False:
            return "sygedagpenge.lukket_sygemeldingslinje"
    elif e["modtaget@aabningstid"] is False:
        return "sygedagpenge.lukket"
    if e.get("opkalder") in _SD_TREDJEPART:
        return "sygedagpenge.tredjepart_omstilles"
    if h == "afbud_opfoelgning" or h == "udeblivelse":
        visitation = e.get("sag_hos_visitationsenheden") is True
        if (
            e["modtaget@bedste_traeffetid"] is True
            and e.get("omstilling_mulig") is not False
        ):
            if h == "afbud_opfoelgning":
                if visitation:
                    return "sygedagpenge.afbud_omstil_visitationsenheden"
                return "sygedagpenge.afbud_omstil_konsulent"
            if visitation:
                return "sygedagpenge.udeblivelse_omstil_visitationsenheden"
            return "sygedagpenge.udeblivelse_omstil_konsulent"
        if h == "afbud_opfoelgning":
            if visitation:
                return "sygedagpenge.afbud_henvis_visitationsenheden"
            return "sygedagpenge.afbud_henvis_konsulent"
        if visitation:
            return "sygedagpenge.udeblivelse_henvis_visitationsenheden"
        return "sygedagpenge.udeblivelse_henvis_konsulent"
    direct = _SD_DIRECT.get(h)
    if direct is not None:
        return direct
    if h == "oensker_opringning":
        if e.get("kan_skrive_mail") is False:
            return "sygedagpenge.opringning_kc_mailer"
        return "sygedagpenge.opringning_raad_om_mail"
    if h == "hvem_er_min_konsulent":
        maalgruppe = e.get("maalgruppe")
        if maalgruppe in _SD_SPECIALCENTRET:
            return "sygedagpenge.konsulent_specialcentret"
        if maalgruppe == "sygemeldt_fra_ledighed":
            return "sygedagpenge.konsulent_ledighed"
        return "sygedagpenge.hvem_er_min_konsulent"
    if h == "partshoering_uden_indkaldelse":
        if e.get("sag_hos_visitationsenheden") is True:
            return "sygedagpenge.partshoering_uden_indkaldelse_visitation"
        return "sygedagpenge.partshoering_uden_indkaldelse"
    if h == "ydelse":
        if e.get("svar_fremgaar_af_journal") is True:
            return "sygedagpenge.ydelse_svar_i_journal"
        if e.get("ydelse_emne") == "fyret_uden_udbetaling":
            return "sygedagpenge.ydelse_fyret_uden_udbetaling"
        return "sygedagpenge.ydelse_graenseflade"
    if h == "raskmelding":
        if e.get("delvis_raskmelding") is True:
            return "sygedagpenge.raskmelding_delvis"
        status = e.get("status")
        if status == "ledig":
            return "sygedagpenge.raskmelding_ledig"
        if status == "beskaeftiget":
            return "sygedagpenge.raskmelding_beskaeftiget"
        return "sygedagpenge.raskmelding_vejledning"
    if h == "opfoelgningsfrekvens" and e["modtaget_dato"] >= _SD_REFORM_2015:
        return "sygedagpenge.opfoelgningsfrekvens"
    return "sygedagpenge.fallback"


# --- sygeopfoelgning ------------------------------------------------------------------

_SO_ANDRE = ("leverandoer", "samarbejdspartner", "virksomhed", "anden_forvaltning")
_SO_LINJE = ("sygemelding", "forlaengelse", "jobnet_borger_reagerer")
_SO_HENVIS = {
    "kontanthjaelp_beskaeftigelsescenter": "sygeopfoelgning.henvis_beskaeftigelsescenter",
    "ledighedsydelse_i_arbejde": "sygeopfoelgning.henvis_arbejdsgiver",
    "ledighedsydelse_sygedagpenge": "sygeopfoelgning.henvis_jobcenter_nyropsgade_jsv",
    "sygedagpenge": "sygeopfoelgning.henvis_sygedagpengeomraadet",
}
_SO_NYE_2016 = (
    "uddannelseshjaelp",
    "ressourceforloeb",
    "fleksjob_berettiget",
    "integrationsydelse",
    "kontantydelse",
)
_SO_JOBCENTER = ("kontanthjaelp_jobcenter", "revalidering", "ledighedsydelse_ledig")
_SO_JOBCENTER += _SO_NYE_2016


def sygeopfoelgning(e: Event) -> str:
    """Return the deciding rule of a ``sygeopfoelgning`` event."""
    h = e["henvendelse"]
    andre = e.get("opkalder") in _SO_ANDRE
    if andre and e["modtaget@aabningstid"] is False:
        return "sygeopfoelgning.lukket_andre_opkaldere"
    linje = h in _SO_LINJE
    if linje and e["modtaget@aabningstid_sygemelding"] is False:
        return "sygeopfoelgning.lukket"
    if andre:
        return "sygeopfoelgning.omstil_andre_opkaldere"
    if h == "jobnet_advis_udloebet":
        return "sygeopfoelgning.jobnet_advis_udloebet"
    telefon = e.get("telefonkontakt")
    jobnet_kontakt = h == "sygemelding_jobnet" and telefon is True
    routed = linje or jobnet_kontakt
    maalgruppe = e.get("maalgruppe")
    if routed:
        henvis = _SO_HENVIS.get(maalgruppe)  # type: ignore[arg-type]
        if henvis is not None:
            return henvis
    # maalgruppe_2016_i_kraft (bool parameter) is false before PROFILE_2016
    if maalgruppe in _SO_NYE_2016 and e["modtaget_dato"] < PROFILE_2016:
        return "sygeopfoelgning.maalgruppe_2016_foer_ikrafttraeden"
    if maalgruppe not in _SO_JOBCENTER:
        return "sygeopfoelgning.fallback"
    if h == "sygemelding_jobnet" and telefon is False:
        svarfrist = e.get("dage_til_svarfrist")
        jobsamtale = e.get("dage_fra_svarfrist_til_jobsamtale")
        if (
            svarfrist is not None
            and svarfrist >= 1
            and jobsamtale is not None
            and jobsamtale >= 1
        ):
            return "sygeopfoelgning.jobnet_servicebrev"
    vurdering = e.get("vurdering")
    if vurdering == "kan_accepteres":
        slut = e.get("dage_til_sygeperiodens_slut")
        if slut is not None and slut >= 0:
            tilbud = e.get("aftale") == "tilbud"
            if h == "sygemelding" or h == "forlaengelse":
                if tilbud:
                    return "sygeopfoelgning.sygemelding_registreres_tilbud"
                return "sygeopfoelgning.sygemelding_registreres"
            if jobnet_kontakt:
                if tilbud:
                    return "sygeopfoelgning.jobnet_kontakt_registreres_tilbud"
                return "sygeopfoelgning.jobnet_kontakt_registreres"
            if h == "jobnet_borger_reagerer":
                if tilbud:
                    return "sygeopfoelgning.jobnet_reagerer_registreres_tilbud"
                return "sygeopfoelgning.jobnet_reagerer_registreres"
    elif vurdering == "kan_ikke_umiddelbart_accepteres":
        if h == "sygemelding" or h == "forlaengelse" or jobnet_kontakt:
            return "sygeopfoelgning.sygemelding_opfordring_til_fremmoede"
        if h == "jobnet_borger_reagerer":
            return "sygeopfoelgning.jobnet_reagerer_opfordring_til_fremmoede"
    if routed:
        return "sygeopfoelgning.sygemelding_afklar_foerst"
    return "sygeopfoelgning.fallback"


#: The floor function of each pack, by pack id (= the call's ``ordning``).
FLOORS: dict[str, Callable[[Event], str]] = {
    "dagpenge": dagpenge,
    "kontanthjaelp": kontanthjaelp,
    "sygedagpenge": sygedagpenge,
    "sygeopfoelgning": sygeopfoelgning,
}
