"""What every pack check shares: the pack, its positions and a place for diagnostics."""

from __future__ import annotations

from flowrules.diagnostics import Diagnostic, Severity
from flowrules.pack.fact_table import FactInfo, fact_table
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import SourceMap, YamlPath


class CheckContext:
    """The pack under check, its source map and its fact table.

    :meth:`diag` places a diagnostic at a YAML path of the pack, naming the
    rule and the pack version.
    """

    def __init__(self, pack: Pack, smap: SourceMap) -> None:
        self.pack = pack
        self.smap = smap
        self.facts: dict[str, FactInfo] = fact_table(pack)

    def diag(
        self,
        path: YamlPath,
        code: str,
        message: str,
        hint: str,
        *,
        rule: str | None = None,
        key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        """Build a diagnostic at ``path`` naming the rule and the pack."""
        where = f"{self.pack.pack}.{rule}" if rule else None
        return Diagnostic(
            self.smap.span(path, key=key),
            code,
            message,
            where,
            self.pack.ref,
            hint,
            severity,
        )
