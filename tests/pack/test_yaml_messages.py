"""PyYAML's English syntax messages are wrapped in Danish with a hint."""

from __future__ import annotations

import pytest

from flowrules import PackError
from flowrules.pack.load import load_pack_text
from flowrules.pack.yaml_messages import danish_syntax_error


@pytest.mark.parametrize(
    ("text", "danish"),
    [
        (
            "pack: a\ntitle: b: c\n",
            "et kolon står, hvor der ikke kan begynde en ny nøgle",
        ),
        ("pack: [a, b\n", "en liste i [ ] er ikke lukket rigtigt"),
        ("pack: {a: b\n", "en mapping i { } er ikke lukket rigtigt"),
        ('pack: "a\n', "filen slutter midt i en værdi"),
        ("pack: a\n\ttitle: b\n", "tabulatortegn"),
        ('pack: "\\q"\n', "ukendt escape-tegn"),
        ("pack:\n  - a\n b: c\n", "indrykningen passer ikke"),
    ],
    ids=["colon", "list", "mapping", "quote", "tab", "escape", "indent"],
)
def test_syntax_errors_read_in_danish(text, danish):
    """A YAML syntax error is PK01 with a Danish message, PyYAML's words and a hint."""
    with pytest.raises(PackError) as info:
        load_pack_text(text, "pakke.yaml")
    (problem,) = info.value.diagnostics
    assert problem.code == "PK01"
    assert danish in problem.message
    assert "(PyYAML: " in problem.message
    assert problem.hint
    assert (
        problem.hint
        != "tjek indrykning, kolon efter nøgler og afsluttende anførselstegn"
    )


def test_unknown_message_still_gets_a_danish_frame():
    """A message the table does not know is shown inside a Danish frame with a hint."""
    message, hint = danish_syntax_error("something new", None)
    assert message == "YAML-syntaksfejl (PyYAML: something new)"
    assert hint.startswith("tjek indrykning")
