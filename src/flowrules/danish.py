"""How values read in Danish text: weekdays, opening hours, yes/no.

Shared by the decisions' texts (:mod:`flowrules.engine`) and the reviewer
pages (:mod:`flowrules.review`), so that both name a weekday or an opening
time the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from flowrules.vocabulary import WEEKDAYS

#: Danish names of the weekday ids (the ids avoid æ, ø, å).
WEEKDAY_NAMES: Final[dict[str, str]] = {
    "mandag": "mandag",
    "tirsdag": "tirsdag",
    "onsdag": "onsdag",
    "torsdag": "torsdag",
    "fredag": "fredag",
    "loerdag": "lørdag",
    "soendag": "søndag",
}


def weekday_name(day: str) -> str:
    """Return the Danish name of weekday id ``day`` (other text unchanged)."""
    return WEEKDAY_NAMES.get(day, day)


def yes_no(value: bool) -> str:
    """Return ``ja`` or ``nej``."""
    return "ja" if value else "nej"


def format_schedule(
    days: Mapping[str, tuple[str, str]], *, per_day: bool = False
) -> str:
    """Render opening hours in Danish.

    By default for running text, weekdays with the same hours grouped:
    ``mandag-torsdag 08.30-16.00; fredag 08.30-15.00``. With ``per_day`` one
    entry per day as written, for tables: ``mandag 08:30–16:00; …``.

    Examples:
        >>> format_schedule({"mandag": ("08:30", "16:00"), "tirsdag": ("08:30", "16:00")})
        'mandag og tirsdag 08.30-16.00'
        >>> format_schedule({"loerdag": ("10:00", "12:00")}, per_day=True)
        'lørdag 10:00–12:00'
    """
    if per_day:
        return "; ".join(f"{weekday_name(d)} {a}–{b}" for d, (a, b) in days.items())
    groups: dict[tuple[str, str], list[int]] = {}
    for index, day in enumerate(WEEKDAYS):
        if day in days:
            start, end = days[day]
            groups.setdefault((start, end), []).append(index)
    return "; ".join(
        f"{_join_days(indexes)} {start.replace(':', '.')}-{end.replace(':', '.')}"
        for (start, end), indexes in groups.items()
    )


def _join_days(indexes: list[int]) -> str:
    """'mandag-fredag' for runs of three or more days, else 'mandag, tirsdag og torsdag'."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    names: list[str] = []
    for run in runs:
        if len(run) >= 3:
            names.append(
                f"{weekday_name(WEEKDAYS[run[0]])}-{weekday_name(WEEKDAYS[run[-1]])}"
            )
        else:
            names.extend(weekday_name(WEEKDAYS[i]) for i in run)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def number(value: float, decimals: int = 0) -> str:
    """Return a number in Danish form: ``.`` between thousands, ``,`` before decimals.

    Examples:
        >>> number(20352)
        '20.352'
        >>> number(78.125, 1)
        '78,1'
    """
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float, decimals: int = 1) -> str:
    """Return a percentage in Danish form with a space before the sign (``78,1 %``)."""
    return f"{number(value, decimals)} %"
