"""Read a pack at a git revision (``REV:PATH``) or from a file, and find its scenarios.

The approval commands look up an approved version in the git history of a
pack file (:func:`find_in_history`); :mod:`flowrules.review.sides` reads whole
sides (files, folders, revisions) for ``diff`` and ``impact``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from flowrules.diagnostics import Diagnostic, Span
from flowrules.errors import PackError
from flowrules.pack.digest import pack_digest
from flowrules.pack.load import load_pack_source, load_pack_with_source
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import read_pack_text


def load_revision(spec: str, *, cwd: str | os.PathLike[str] | None = None) -> Pack:
    """Load a pack from a file (``PATH``) or a git revision (``REV:PATH``).

    ``REV:PATH`` runs ``git show REV:PATH`` (PATH relative to the repository
    root, or ``REV:./PATH`` relative to ``cwd``).

    Raises:
        flowrules.errors.PackError: If the file or revision cannot be read or
            the pack is invalid.
    """
    if ":" not in spec or Path(cwd or ".", spec).exists():
        return load_pack_with_source(Path(cwd or ".", spec) if cwd else spec)[0]
    try:
        shown = subprocess.run(
            ["git", "show", spec], cwd=cwd, capture_output=True, check=False
        )
    except OSError as exc:
        raise PackError(
            [_unreadable(spec, f"git kan ikke køres ({exc.strerror})")]
        ) from None
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PackError(
            [_unreadable(spec, reason[0] if reason else "git show fejlede")]
        )
    return load_pack_source(read_pack_text(shown.stdout, spec), spec)[0]


def _unreadable(spec: str, why: str) -> Diagnostic:
    hint = "angiv en fil eller REV:STI, fx HEAD:rules/dagpenge.yaml"
    return Diagnostic(
        Span(spec), "PK10", f"revisionen kan ikke læses: {why}", hint=hint
    )


def find_in_history(
    path: str | os.PathLike[str], digest: str, *, limit: int = 200
) -> tuple[str, Pack] | None:
    """Find the most recent committed version of a pack file whose digest is ``digest``.

    Walks ``git log`` of the file (at most ``limit`` commits), newest first.

    Returns:
        ``(commit, pack)``, or ``None`` when git is missing, the file is not in a
        repository, or no commit holds that content.
    """
    file = Path(path).resolve()
    try:
        log = subprocess.run(
            ["git", "log", f"-n{limit}", "--format=%H", "--", file.name],
            cwd=file.parent,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    for commit in log.stdout.split() if log.returncode == 0 else []:
        try:
            pack = load_revision(f"{commit}:./{file.name}", cwd=file.parent)
        except PackError:
            continue
        if pack_digest(pack) == digest:
            return commit, pack
    return None
