"""Sign-off of pack versions: the approval register ``approvals.yaml`` next to the packs.

An :class:`Approval` records that a reviewer approved one pack version's
content, identified by its digest (:func:`~flowrules.pack.digest.pack_digest`).
The register is appended to by ``flowrules approve``; ``flowrules check``
warns about packs whose digest has no approval (AP01) and reports an error
when a pack's content changed while its version string stayed that of an
approved version (AP02). ``Engine(..., require_approved=True)`` refuses
unapproved packs (:class:`~flowrules.errors.UnapprovedPackError`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pydantic
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from flowrules.diagnostics import Diagnostic, Severity, Span
from flowrules.errors import PackError
from flowrules.pack.digest import pack_digest
from flowrules.pack.schema import CalVer, Id, Pack, Text
from flowrules.pack.yaml_positions import SourceMap, parse_yaml

#: The register's file name, in the folder of the packs it approves.
APPROVALS_FILE = "approvals.yaml"
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]

_HEADER = """\
# Godkendelser af regelpakkernes indhold. Skrives af `flowrules approve PAKKE --reviewer NAVN
# --role ROLLE`; ret ikke i hånden. Hver post godkender én versions indhold, identificeret ved
# dens digest (SHA-256 af det kanoniske indhold). `flowrules check` advarer om pakker uden
# godkendelse og fejler, når indholdet er ændret under en godkendt versions nummer.
"""


class Approval(BaseModel):
    """One sign-off: who approved which content of which pack version, when and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pack: Id
    version: CalVer
    digest: Digest
    reviewer: Text
    role: Text
    date: dt.date
    note: str = ""


class PackInfo(BaseModel):
    """A loaded pack version with its digest and approval status (``Engine.pack_info()``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pack: str
    version: str
    title: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(
        description="First day no longer in force, or null."
    )
    digest: str = Field(description="SHA-256 of the pack's canonical content.")
    approved: bool
    approval: Approval | None = Field(
        description="The approval of exactly this content, or null."
    )


@dataclass(frozen=True)
class ApprovalRegister:
    """The approvals of one folder of packs, in the order they were given."""

    path: Path
    approvals: tuple[Approval, ...] = ()

    def of(self, pack: Pack, digest: str | None = None) -> Approval | None:
        """Return the latest approval of exactly this content of ``pack``, or ``None``."""
        digest = digest or pack_digest(pack)
        found = [
            a
            for a in self.approvals
            if a.digest == digest and a.pack == pack.pack and a.version == pack.version
        ]
        return found[-1] if found else None

    def latest(self, pack_id: str) -> Approval | None:
        """Return the most recent approval of any version of ``pack_id``."""
        found = [a for a in self.approvals if a.pack == pack_id]
        return found[-1] if found else None

    def history(self, pack_id: str) -> list[Approval]:
        """Return every approval of ``pack_id``, oldest first."""
        return [a for a in self.approvals if a.pack == pack_id]

    def with_approval(self, approval: Approval) -> ApprovalRegister:
        """Return the register with ``approval`` appended (nothing is written)."""
        return ApprovalRegister(self.path, (*self.approvals, approval))

    def write(self) -> None:
        """Write the register to its file (a fixed header, then the approvals in order)."""
        entries = [a.model_dump(mode="json") for a in self.approvals]
        body = yaml.safe_dump(
            {"approvals": entries}, allow_unicode=True, sort_keys=False, width=88
        )
        self.path.write_text(_HEADER + body, encoding="utf-8", newline="\n")


def approvals_path(root: str | os.PathLike[str]) -> Path:
    """Return where the register of packs under ``root`` lives: ``<folder>/approvals.yaml``."""
    base = Path(root)
    folder = base.parent if base.suffix in (".yaml", ".yml") else base
    return folder / APPROVALS_FILE


def load_register(path: str | os.PathLike[str]) -> ApprovalRegister:
    """Read an approval register; a missing file is an empty register.

    Raises:
        flowrules.errors.PackError: AP03 with the place and the bad value if the
            file is not a valid register.
    """
    file = Path(path)
    if not file.is_file():
        return ApprovalRegister(file)
    data, smap = parse_yaml(file.read_text(encoding="utf-8"), os.fspath(file))
    items = data.get("approvals") if isinstance(data, dict) else None
    if data is not None and (not isinstance(items, list) or set(data) != {"approvals"}):
        raise PackError(
            [
                _bad(
                    smap.span(()),
                    "filen skal have præcis nøglen 'approvals' (en liste)",
                )
            ]
        )
    approvals = []
    for i, item in enumerate(items or []):
        try:
            approvals.append(Approval.model_validate(item))
        except pydantic.ValidationError as exc:
            error = exc.errors()[0]
            loc = ("approvals", i, *error["loc"])
            value = error.get("input")
            raise PackError(
                [_bad(smap.span(loc), f"{_where(loc)}: {error['msg']} (fik {value!r})")]
            ) from None
    return ApprovalRegister(file, tuple(approvals))


def _where(loc: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in loc)


def _bad(span: Span, message: str) -> Diagnostic:
    return Diagnostic(
        span,
        "AP03",
        f"ugyldig godkendelsesfil: {message}",
        hint="filen skrives af 'flowrules approve'; gendan den fra git",
    )


def approval_diagnostics(
    packs: Iterable[tuple[Span, Pack]], register: ApprovalRegister
) -> list[Diagnostic]:
    """AP01 (warning) for each unapproved pack; AP02 (error) for content changed under an approved version.

    Args:
        packs: Each pack with the place its diagnostics point at (its ``version``).
        register: The approvals of the folder the packs are in.
    """
    found: list[Diagnostic] = []
    for span, pack in packs:
        digest = pack_digest(pack)
        if register.of(pack, digest) is not None:
            continue
        same_version = [
            a
            for a in register.history(pack.pack)
            if a.version == pack.version and a.digest != digest
        ]
        if same_version:
            approved = same_version[-1]
            found.append(
                Diagnostic(
                    span,
                    "AP02",
                    f"indholdet af {pack.ref} er ændret, efter at versionen blev godkendt"
                    f" ({approved.date}, {approved.reviewer}): godkendt digest"
                    f" {approved.digest[:12]}…, nu {digest[:12]}…",
                    pack=pack.ref,
                    hint="giv pakken et nyt versionsnummer (fx "
                    f"{_next_version(pack.version)}) og få den nye version godkendt",
                )
            )
        else:
            found.append(unapproved(span, pack, digest))
    return found


def unapproved(
    span: Span, pack: Pack, digest: str, severity: Severity = Severity.WARNING
) -> Diagnostic:
    """Return the AP01 diagnostic of a pack whose content has no approval."""
    return Diagnostic(
        span,
        "AP01",
        f"{pack.ref} er ikke godkendt: indholdet (digest {digest[:12]}…) har ingen "
        "godkendelse",
        pack=pack.ref,
        hint=f"en juridisk reviewer godkender med: flowrules approve {pack.pack} "
        "--reviewer NAVN --role ROLLE",
        severity=severity,
    )


def _next_version(version: str) -> str:
    year, number = version.split(".")
    return f"{year}.{int(number) + 1}"


def pack_info(
    pack: Pack, register: ApprovalRegister, digest: str | None = None
) -> PackInfo:
    """Return the pack's id, version, validity, digest and approval status."""
    digest = digest or pack_digest(pack)
    approval = register.of(pack, digest)
    return PackInfo(
        pack=pack.pack,
        version=pack.version,
        title=pack.title,
        valid_from=pack.valid_from,
        valid_to=pack.valid_to,
        digest=digest,
        approved=approval is not None,
        approval=approval,
    )


def version_span(smap: SourceMap | None, pack: Pack) -> Span:
    """Return the place of a pack's ``version`` value (or the pack's ref without a file)."""
    return smap.span(("version",)) if smap is not None else Span(pack.ref)
