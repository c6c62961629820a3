"""Danish messages for a refused call on the command line (the employee reads them).

:class:`~flowrules.errors.CallError` speaks English to importing programmers;
each :class:`~flowrules.errors.CallProblem` also names its ``kind``, from
which this module renders one Danish line and one hint, in the form of the
pack diagnostics::

    flowrules: afbud.json: grund: 'syg' er ikke en tilladt værdi
       = hjælp: mente du 'sygdom'?
"""

from __future__ import annotations

from flowrules.diagnostics import allowed_hint, did_you_mean
from flowrules.errors import CallError, CallProblem
from flowrules.privacy import mask_cpr

#: The English "must be …" of a wrong-type problem, in Danish.
_EXPECTED = {
    "true or false": "true eller false",
    "an integer": "et heltal",
    "an ISO date (YYYY-MM-DD)": "en dato skrevet ÅÅÅÅ-MM-DD",
    "an ISO date-time (YYYY-MM-DDTHH:MM:SS)": "et tidspunkt skrevet ÅÅÅÅ-MM-DDTTT:MM:SS",
    "an ISO 8601 date-time with a clock time (YYYY-MM-DDTHH:MM:SS)": (
        "et tidspunkt med både dato og klokkeslæt (ÅÅÅÅ-MM-DDTTT:MM:SS); "
        "en dato alene er ikke nok"
    ),
    "1-64 characters of A-Za-z0-9._:-": "1-64 tegn blandt A-Z, a-z, 0-9 og . _ : -",
    "a valid value": "en gyldig værdi",
}


def _shown(value: object) -> str:
    text = repr(value)
    return mask_cpr(text if len(text) <= 60 else text[:57] + "...")


def _wrong_type(problem: CallProblem) -> tuple[str, str]:
    message = problem.message
    if message.startswith("must be "):
        wanted = message.removeprefix("must be ")
        return (
            f"{_shown(problem.value)} er ikke {_EXPECTED.get(wanted, wanted)}",
            "ret værdien",
        )
    if "date range" in message:
        return (
            f"{_shown(problem.value)} ligger uden for de år, der kan regnes med",
            "angiv et tidspunkt mellem år 1 og 9999",
        )
    return f"ugyldig værdi {_shown(problem.value)}", "ret værdien"


def danish_problem(problem: CallProblem) -> tuple[str, str]:
    """Return the Danish message and hint of one problem of a refused call."""
    value, allowed = problem.value, list(problem.allowed)
    kind = problem.kind
    if kind == "unknown_field":
        hint = (
            did_you_mean(problem.field, allowed)
            or "fjern feltet, eller erklær det i pakken"
        )
        return "ukendt felt for denne ordning", hint
    if kind == "missing":
        return "feltet mangler", f"tilføj '{problem.field}' til opkaldet"
    if kind in ("not_allowed", "no_pack"):
        what = (
            "ordning uden regelpakke" if kind == "no_pack" else "ikke en tilladt værdi"
        )
        hint = did_you_mean(str(value), allowed) or allowed_hint(allowed)
        return f"{_shown(value)} er {what}", hint
    if kind == "derived":
        return "beregnes af flowrules ud fra andre felter", "fjern feltet fra opkaldet"
    if kind == "cpr":
        return (
            "ligner et CPR-nummer; flowrules tager ikke imod CPR-numre",
            "fjern CPR-nummeret; et opkald beskrives uden personoplysninger",
        )
    if kind == "no_version":
        return (
            f"ingen version af pakken gælder på opkaldets dato ({_shown(value)})",
            "tjek datoen i 'modtaget' eller pakkernes gyldighedsperioder",
        )
    if kind == "not_object":
        return (
            "et opkald skal være et JSON-objekt { … }",
            'skriv opkaldet som {"felt": værdi}',
        )
    if kind == "bad_name":
        return "feltnavne skal være tekst", "skriv feltnavnene i anførselstegn"
    if kind == "too_many_fields":
        return (
            f"opkaldet har for mange felter ({value})",
            "send kun de felter, pakken kender",
        )
    if kind == "wrong_type":
        return _wrong_type(problem)
    return mask_cpr(problem.message), "ret opkaldet"


def danish_call_error(error: CallError, source: str) -> str:
    """Render every problem of ``error`` as Danish lines for the call in ``source``."""
    lines = []
    for problem in error.problems:
        message, hint = danish_problem(problem)
        where = problem.field or "opkaldet"
        lines.append(f"flowrules: {source}: {mask_cpr(where)}: {message}")
        lines.append(f"   = hjælp: {hint}")
    return "\n".join(lines)
