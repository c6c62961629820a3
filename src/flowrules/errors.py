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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowrules.diagnostics import Diagnostic


class FlowrulesError(Exception):
    """Base class of every error flowrules raises on purpose."""


class PackError(FlowrulesError):
    """A rule pack could not be loaded; ``diagnostics`` lists every problem."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        from flowrules.diagnostics import format_text

        super().__init__(format_text(self.diagnostics))


class UnapprovedPackError(PackError):
    """An engine with ``require_approved=True`` met packs without an approval of their content.

    ``diagnostics`` holds one AP01 error per unapproved pack version, naming
    the pack, its digest and the ``flowrules approve`` command that signs it off.
    """


@dataclass(frozen=True)
class CallProblem:
    """One problem with one field of a described call.

    Attributes:
        field: Dotted path of the field (``"grund"``), or ``""`` for the whole call.
        value: The offending value as given (``None`` when the field is missing).
        message: What is wrong, in English for the importing programmer.
        allowed: The allowed values, when the field is an enumeration.
        kind: What kind of problem it is, for rendering it in another language:
            ``unknown_field``, ``missing``, ``not_allowed``, ``wrong_type``,
            ``derived``, ``cpr``, ``no_pack``, ``no_version``, ``not_object``,
            ``bad_name``, ``too_many_fields`` or ``""`` (unspecified).
    """

    field: str
    value: object
    message: str
    allowed: tuple[str, ...] = ()
    kind: str = ""

    def to_json(self) -> dict[str, object]:
        """Return the problem as JSON data: field, value (JSON-safe), message, allowed."""
        value = self.value
        if not isinstance(value, (str, int, float, bool, type(None))):
            value = repr(value)
        return {
            "field": self.field,
            "value": value,
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
    """A described call is invalid; ``problems`` names each field and value."""

    def __init__(self, problems: Sequence[CallProblem]) -> None:
        self.problems = tuple(problems)
        lines = [p.render() for p in self.problems]
        super().__init__("invalid call:\n  " + "\n  ".join(lines))

    def to_json(self) -> list[dict[str, object]]:
        """Return every problem as JSON data (see :meth:`CallProblem.to_json`)."""
        return [p.to_json() for p in self.problems]

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields that have problems, in order."""
        return tuple(p.field for p in self.problems)


class EngineError(FlowrulesError):
    """An executor failed; the message names the pack and the executor."""
