"""fork_locks: a lock held by another thread at fork() is free in the child."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import TESTS

SCRIPT = """
import os, threading, time
from flowrules.engine import fork_locks

class Owner:
    def __init__(self):
        self.lock = threading.Lock()

owner = Owner()
fork_locks.register(owner)
held = threading.Event()

def hold():
    with owner.lock:
        held.set()
        time.sleep(0.5)

thread = threading.Thread(target=hold)
thread.start()
held.wait()
pid = os.fork()  # while the other thread holds the lock
if pid == 0:
    os._exit(0 if owner.lock.acquire(timeout=3) else 1)
_, status = os.waitpid(pid, 0)
thread.join()
print("child", os.waitstatus_to_exitcode(status))
"""


def test_a_lock_held_by_another_thread_at_fork_is_free_in_the_child():
    """The fork waits for the holder to release; the child then takes the lock."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=TESTS.parent,
        check=False,
    )
    assert result.stdout.strip() == "child 0", result.stderr[-500:]


def test_an_owner_that_is_gone_is_not_kept_alive():
    """Registering holds its owner weakly: a closed ruleset does not accumulate."""
    import gc
    import threading

    from flowrules.engine import fork_locks

    class Owner:
        def __init__(self) -> None:
            self.lock = threading.Lock()

    owner = Owner()
    fork_locks.register(owner)
    before = len(fork_locks._owners)
    del owner
    gc.collect()
    assert len(fork_locks._owners) == before - 1
