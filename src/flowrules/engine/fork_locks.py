"""Locks that ``fork()`` must not copy while held: taken around every fork.

A thread deciding with durable-rules holds its ruleset's lock between C
calls; a ``fork()`` from another thread at that moment would give the child
a lock that no thread there will ever release, and the child's first call on
that ruleset would wait forever. The locks registered here are acquired by
the forking thread just before ``fork()`` and released on both sides just
after (``os.register_at_fork``). Each deciding thread holds at most one of
them at a time, so taking them all cannot deadlock.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import Final, Protocol


class HasLock(Protocol):
    """An object that guards itself with ``lock``."""

    lock: threading.Lock


_owners: Final[weakref.WeakSet[HasLock]] = weakref.WeakSet()
_module_locks: Final[list[threading.Lock]] = []
_registry: Final = threading.Lock()
_held: list[threading.Lock] = []


def register(owner: HasLock) -> None:
    """Take ``owner.lock`` around every ``fork()`` for as long as ``owner`` lives."""
    with _registry:
        _owners.add(owner)


def register_lock(lock: threading.Lock) -> threading.Lock:
    """Take a module-level ``lock`` around every ``fork()``; return it."""
    with _registry:
        _module_locks.append(lock)
    return lock


def _before_fork() -> None:
    _registry.acquire()
    locks = [*_module_locks, *(owner.lock for owner in list(_owners))]
    for lock in locks:
        lock.acquire()
    _held[:] = locks


def _after_fork() -> None:
    locks, _held[:] = list(_held), []
    for lock in reversed(locks):
        lock.release()
    _registry.release()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(
        before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork
    )
