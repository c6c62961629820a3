"""The public API: __all__ is sorted, complete and documented."""

from __future__ import annotations

import inspect

import pytest

import flowrules


def test_all_is_sorted_and_matches_public_names():
    """__all__ lists every public name of the package, sorted."""
    public = {
        n
        for n in dir(flowrules)
        if not n.startswith("_") and not inspect.ismodule(getattr(flowrules, n))
    }
    assert flowrules.__all__ == sorted(flowrules.__all__)
    assert set(flowrules.__all__) - {"__version__"} == public


def test_every_public_name_is_documented():
    """Each exported class and function has a docstring."""
    missing = [
        n
        for n in flowrules.__all__
        if n != "__version__" and not inspect.getdoc(getattr(flowrules, n))
    ]
    assert missing == []


def test_spec_names_exist():
    """The SPEC's contract names are importable from flowrules."""
    for name in ("Engine", "Call", "Decision", "CallError", "decide"):
        assert hasattr(flowrules, name)
    assert callable(flowrules.Engine.default)
    assert callable(flowrules.Engine.from_path)


def test_only_one_module_imports_durable_rules():
    """durable-rules is contained in flowrules.engine.durable_executor; no other module imports it."""
    import re
    from pathlib import Path

    src = Path(flowrules.__file__).parent
    pattern = re.compile(r"^\s*(import|from)\s+durable", re.MULTILINE)
    importers = sorted(
        p.relative_to(src).as_posix()
        for p in src.rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    )
    assert importers == ["engine/durable_executor.py"]


def test_library_modules_hold_no_rule_content():
    """No Danish citizen wording or journal text lives in Python: packs are the only source."""
    from pathlib import Path

    src = Path(flowrules.__file__).parent
    phrases = ("Jeg har registreret", "Pgl. har", "vejledning og ikke en afgørelse")
    offenders = [
        (p.name, phrase)
        for p in src.rglob("*.py")
        if p.parent.name != "lint"  # lint rules quote examples in their docstrings
        for line in p.read_text(encoding="utf-8").splitlines()
        if ">>>" not in line  # doctest examples
        for phrase in phrases
        if phrase in line
    ]
    assert offenders == []


def test_version_comes_from_the_installed_metadata():
    """__version__ is the installed distribution's version, read on first use."""
    from importlib.metadata import version

    assert flowrules.__version__ == version("flowrules")
    with pytest.raises(AttributeError, match="no_such_name"):
        flowrules.no_such_name  # noqa: B018


def test_the_interview_is_public():
    """Engine.interview and its typed step (InterviewStep, Question, Answer) are exported."""
    for name in ("InterviewStep", "Question", "Answer"):
        assert name in flowrules.__all__
    assert callable(flowrules.Engine.interview)
    fields = set(flowrules.InterviewStep.model_fields)
    assert {"done", "question", "decision", "possible", "missing"} <= fields
