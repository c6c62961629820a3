"""The one exception hierarchy of flowrules.

* :class:`FlowrulesError` -- base of everything flowrules raises on purpose.

  * :class:`PackError` -- a rule pack is malformed; carries every
    :class:`~flowrules.diagnostics.Diagnostic` found, rendered in Danish.

    * :class:`UnapprovedPackError` -- an engine that requires approved packs
      was given a pack version whose content no reviewer has approved (AP01).
  * :class:`CallError` -- a described call is invalid; names the field, the
    bad value and what is allowed.
  * :class:`EngineError` -- an executor failed in a way the caller cannot fix
    (for example the durable-rules extension refused a compiled ruleset).

Programmer errors (wrong argument types) stay ordinary ``TypeError`` /
``ValueError``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from flowrules.privacy import looks_like_cpr, mask_cpr

if TYPE_CHECKING:
    from flowrules.diagnostics import Diagnostic

#: Longest text echoed from a call (field names and values), in characters.
MAX_ECHO: Final = 64
#: Most problems rendered in ``str(CallError)``; ``problems`` keeps them all.
MAX_RENDERED: Final = 20
#: Appended to a problem's message when its field or value was masked.
MASKED_NOTE: Final = "(what looks like a CPR number is masked here)"


class FlowrulesError(Exception):
    """Base class of every error flowrules raises on purpose.

    Every error of the hierarchy survives ``pickle`` and ``copy``, so it can
    cross process boundaries (``multiprocessing``, ``concurrent.futures``).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._init_args(), self.__dict__ or None)

    def _init_args(self) -> tuple[Any, ...]:
        """The arguments that rebuild this error (its message by default)."""
        return tuple(self.args)


class PackError(FlowrulesError):
    """A rule pack could not be loaded; ``diagnostics`` lists every problem."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        from flowrules.diagnostics import format_text

        super().__init__(format_text(self.diagnostics))

    def _init_args(self) -> tuple[Any, ...]:
        return (self.diagnostics,)


def echo_text(text: str) -> tuple[str, bool]:
    """Return ``text`` safe to echo, and whether a CPR-like number was masked.

    Lone surrogates are escaped as backslash sequences (so the text encodes
    as UTF-8), CPR-like numbers masked, and the result cut to
    :data:`MAX_ECHO` characters.

    Examples:
        >>> echo_text("ring 010385-1234")
        ('ring <cpr-nummer fjernet>', True)
    """
    text = str.__str__(text)
    if len(text) > 4 * MAX_ECHO:  # bound the work before masking
        text = text[: 4 * MAX_ECHO]
        cut = True
    else:
        cut = False
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    masked = looks_like_cpr(text)
    if masked:
        text = mask_cpr(text)
    if cut or len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + "…"
    return text, masked


def echo_value(value: object) -> tuple[object, bool]:
    """Return a JSON-safe, bounded echo of a value from a call, and whether it was masked.

    ``None``, booleans, small integers and finite floats are kept; text is
    bounded and masked (:func:`echo_text`), and text with whitespace (free
    text, perhaps a name) is not echoed at all; anything else is named by
    its type only, never by ``repr()``, which may raise or leak.
    """
    kind = type(value)
    if value is None or kind is bool:
        return value, False
    if isinstance(value, int):
        if int.bit_length(value) > 60:
            return (
                f"<integer of about {int(int.bit_length(value) * 0.30103)} digits>",
                False,
            )
        digits = int.__repr__(value)
        return (
            (mask_cpr(digits), True)
            if looks_like_cpr(digits)
            else (int.__int__(value), False)
        )
    if isinstance(value, float):
        if not math.isfinite(value):
            return float.__repr__(value), False
        shown = float.__repr__(value)
        return (
            (mask_cpr(shown), True)
            if looks_like_cpr(shown)
            else (float.__float__(value), False)
        )
    if isinstance(value, str):
        if any(c.isspace() for c in value[: 4 * MAX_ECHO]):
            return f"<text of {len(value)} characters with spaces, not shown>", False
        return echo_text(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return echo_text(type(value).isoformat(value))
    name = type.__dict__["__name__"].__get__(kind)
    return f"<{echo_text(name)[0]}>", False


def echo_field(name: str) -> tuple[str, bool]:
    """Return a field name safe to echo, and whether a CPR-like number was masked.

    Like :func:`echo_text`; a name with whitespace (free text, perhaps a
    person's name) is described, not shown.
    """
    if not name:
        return "", False
    if any(c.isspace() for c in str.__str__(name)[: 4 * MAX_ECHO]):
        return f"<field name of {len(name)} characters with spaces, not shown>", False
    return echo_text(name)


class UnapprovedPackError(PackError):
    """An engine with ``require_approved=True`` met packs without an approval of their content.

    ``diagnostics`` holds one AP01 error per unapproved pack version, naming
    the pack, its digest and the ``flowrules approve`` command that signs it off.
    """


@dataclass(frozen=True)
class CallProblem:
    """One problem with one field of a described call.

    The field and the value are echoes, safe to show, log and store: bounded
    to :data:`MAX_ECHO` characters, CPR-like numbers masked (and the message
    says so), free text and objects not shown (:func:`echo_value`).

    Attributes:
        field: Dotted path of the field (``"grund"``), or ``""`` for the whole call.
        value: A safe echo of the offending value (``None`` when the field is missing).
        message: What is wrong, in English for the importing programmer.
        allowed: The allowed values, when the field is an enumeration.
        kind: What kind of problem it is, for rendering it in another language:
            ``unknown_field``, ``missing``, ``not_allowed``, ``wrong_type``,
            ``derived``, ``cpr``, ``no_pack``, ``no_version``, ``not_object``,
            ``bad_name``, ``too_many_fields`` or ``""`` (unspecified).
        masked: Whether a CPR-like number was masked in the field or the value.
    """

    field: str
    value: object
    message: str
    allowed: tuple[str, ...] = ()
    kind: str = ""
    masked: bool = False

    def __post_init__(self) -> None:
        field, field_masked = echo_field(self.field)
        value, value_masked = echo_value(self.value)
        masked = self.masked or field_masked or value_masked
        message = str(self.message)
        if masked and self.kind != "cpr" and MASKED_NOTE not in message:
            message = f"{message} {MASKED_NOTE}"
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "allowed", tuple(str(a) for a in self.allowed))
        object.__setattr__(self, "masked", masked)

    def to_json(self) -> dict[str, object]:
        """Return the problem as JSON data: field, value, message, allowed."""
        return {
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "allowed": list(self.allowed),
        }

    def render(self) -> str:
        """Render the problem as one line: field, value, message, allowed values."""
        where = self.field or "<call>"
        line = f"{where}: {self.message} (got {self.value!r})"
        if self.allowed:
            line += "; allowed: " + ", ".join(self.allowed)
        return line


class CallError(FlowrulesError, ValueError):
    """A described call is invalid; ``problems`` names each field and value.

    ``str()`` renders at most :data:`MAX_RENDERED` problems, each bounded.
    """

    def __init__(self, problems: Sequence[CallProblem]) -> None:
        self.problems = tuple(problems)
        lines = [p.render() for p in self.problems[:MAX_RENDERED]]
        if len(self.problems) > MAX_RENDERED:
            lines.append(f"… and {len(self.problems) - MAX_RENDERED} more")
        super().__init__("invalid call:\n  " + "\n  ".join(lines))

    def _init_args(self) -> tuple[Any, ...]:
        return (self.problems,)

    def to_json(self) -> list[dict[str, object]]:
        """Return every problem as JSON data (see :meth:`CallProblem.to_json`)."""
        return [p.to_json() for p in self.problems]

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields that have problems, in order."""
        return tuple(p.field for p in self.problems)


class EngineError(FlowrulesError):
    """An executor failed; the message names the pack and the executor."""
