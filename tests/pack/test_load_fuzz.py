"""Bad pack input never crashes the loader: fuzzed YAML trees, text and mutated packs."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flowrules import PackError
from flowrules.pack.load import load_pack_text
from tests.conftest import TESTS

BASE_TEXT = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")


def _problems(text: str) -> tuple | None:
    """Load ``text``; return None if it is a valid pack, else its diagnostics."""
    try:
        load_pack_text(text, "fuzz.yaml")
    except PackError as exc:
        return exc.diagnostics
    return None


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(
        ["afbud", "dagpenge", "2017-03-07T10:30:00", "{grund}", "jobcenter", "A30"]
    ),
)
trees = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.dictionaries(st.text(max_size=12), kids, max_size=5),
    ),
    max_leaves=25,
)
pack_keys = st.sampled_from(
    [
        "pack",
        "title",
        "version",
        "valid_from",
        "facts",
        "rules",
        "fallback",
        "wordings",
        "journal_macros",
        "description",
        "parameters",
        "addenda",
        "notes",
        "x",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.one_of(trees, st.dictionaries(pack_keys, trees, max_size=8)))
@example(
    doc={"pack": "dagpenge", "rules": [{"id": "x", "when": {"henvendelse": None}}]}
)
@example(doc={"facts": {"henvendelse": {"type": "enum", "values": [1, 2]}}})
def test_arbitrary_yaml_documents_give_only_pack_errors(doc):
    """Any YAML document either loads or raises PackError with diagnostics, nothing else."""
    problems = _problems(yaml.safe_dump(doc, allow_unicode=True))
    if problems is not None:
        assert problems
        assert all(d.span.line >= 1 and d.span.col >= 1 for d in problems)


@settings(max_examples=300)
@given(text=st.text(max_size=300))
@example(text="a: &x [*x]")
@example(text="[" * 5000)
@example(text="a: !!python/object:os.system ls")
@example(text="\ufeffpack: dagpenge")
def test_arbitrary_text_gives_only_pack_errors(text):
    """Any text either loads or raises PackError; tags, aliases and deep nesting included."""
    problems = _problems(text)
    assert problems is None or len(problems) > 0


@settings(max_examples=200)
@given(cut=st.integers(0, len(BASE_TEXT)), junk=st.text(max_size=8))
def test_mutated_valid_pack_gives_only_pack_errors(cut, junk):
    """A valid pack with characters spliced in either loads or gives diagnostics."""
    problems = _problems(BASE_TEXT[:cut] + junk + BASE_TEXT[cut:])
    assert problems is None or len(problems) > 0
