"""The public API: __all__ is sorted, complete and documented."""

from __future__ import annotations

import inspect

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
