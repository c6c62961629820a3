"""Write docs/tvetydigheder.md from the register and the bundled packs' notes.

Run from the repository root: ``.venv/bin/python -m tests.review.make_register_doc``.
"""

from __future__ import annotations

from flowrules.pack.load import load_packs
from flowrules.review.ambiguities import load_register, register_markdown
from tests.conftest import RULES, TESTS

TARGET = TESTS.parent / "docs" / "tvetydigheder.md"


def render() -> str:
    """The register page as it should be committed."""
    return register_markdown(load_register(), load_packs(RULES))


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8", newline="\n")
    print(f"wrote {TARGET}")
