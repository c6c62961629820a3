"""flowrules: Jobcenter København's call-handling flowcharts as YAML rule packs.

For a described incoming call, :func:`decide` returns a :class:`Decision`: the
recommended action, a journal macro and citizen-facing wording that is always
*vejledning, ikke afgørelse*.

Examples:
    >>> import flowrules
    >>> d = flowrules.decide({"ordning": "dagpenge", "henvendelse": "afbud",
    ...                       "grund": "sygdom", "modtaget": "2017-03-07T10:30:00"})
    >>> d.resolution, d.notice
    ('straksafklaring', 'Vejledning, ikke afgørelse')
"""

from typing import Any as _Any

from flowrules.decision import (
    Alternative,
    Answer,
    Call,
    ConditionTrace,
    Decision,
    InterviewStep,
    Question,
    RuleTrace,
    Source,
)
from flowrules.diagnostics import Diagnostic, Severity, Span
from flowrules.engine.engine import Engine, decide
from flowrules.errors import (
    CallError,
    CallProblem,
    EngineError,
    FlowrulesError,
    PackError,
)
from flowrules.pack.load import check_pack, load_pack
from flowrules.pack.schema import Pack


def __getattr__(name: str) -> _Any:
    # __version__ is read from the installed metadata on first use: importing
    # importlib.metadata costs more than the rest of the public surface.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("flowrules")
        except PackageNotFoundError:  # pragma: no cover - an uninstalled tree
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    msg = f"module 'flowrules' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "Alternative",
    "Answer",
    "Call",
    "CallError",
    "CallProblem",
    "ConditionTrace",
    "Decision",
    "Diagnostic",
    "Engine",
    "EngineError",
    "FlowrulesError",
    "InterviewStep",
    "Pack",
    "PackError",
    "Question",
    "RuleTrace",
    "Severity",
    "Source",
    "Span",
    "__version__",
    "check_pack",
    "decide",
    "load_pack",
]
