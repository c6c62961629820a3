"""Recognise and mask CPR-like numbers, so that none is echoed, logged or stored.

A Danish CPR number is ``DDMMYY-SSSS``: six digits that form a day and a
month, an optional hyphen or space, and four digits. Anything that looks like
one is treated as one: flowrules never needs a CPR number, so a false alarm
costs nothing and a miss could leak one.
"""

from __future__ import annotations

import re
from typing import Final

_CPR: Final = re.compile(
    r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})[- ]?(\d{4})(?!\d)"
)

#: What a CPR-like number is replaced with.
MASK: Final = "<cpr-nummer fjernet>"


def looks_like_cpr(text: str) -> bool:
    """Return whether ``text`` contains something that looks like a CPR number.

    Examples:
        >>> looks_like_cpr("0103851234"), looks_like_cpr("010385-1234")
        (True, True)
        >>> looks_like_cpr("2017-03-07T10:30:00"), looks_like_cpr("call-42")
        (False, False)
    """
    return _CPR.search(text) is not None


def mask_cpr(text: str) -> str:
    """Return ``text`` with every CPR-like number replaced by :data:`MASK`.

    Examples:
        >>> mask_cpr("ring om 010385-1234 i dag")
        'ring om <cpr-nummer fjernet> i dag'
    """
    return _CPR.sub(MASK, text)
