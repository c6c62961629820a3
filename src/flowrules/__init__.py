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

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

from flowrules.decision import (
    Alternative,
    Call,
    ConditionTrace,
    Decision,
    RuleTrace,
    Source,
)
from flowrules.diagnostics import Diagnostic, Severity, Span
from flowrules.engine import Engine, decide
from flowrules.errors import (
    CallError,
    CallProblem,
    EngineError,
    FlowrulesError,
    PackError,
)
from flowrules.loader import check_pack, load_pack
from flowrules.model import Pack

try:
    __version__ = _version("flowrules")
except _PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
    __version__ = "0+unknown"

__all__ = [
    "Alternative",
    "Call",
    "CallError",
    "CallProblem",
    "ConditionTrace",
    "Decision",
    "Diagnostic",
    "Engine",
    "EngineError",
    "FlowrulesError",
    "Pack",
    "PackError",
    "RuleTrace",
    "Severity",
    "Source",
    "Span",
    "__version__",
    "check_pack",
    "decide",
    "load_pack",
]
