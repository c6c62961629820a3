"""The engine a service process serves, loaded in the background, reloaded safely.

The process answers ``/healthz`` at once; ``/readyz`` and the decision
endpoints wait until the packs are loaded and compiled (:attr:`PackState.ready`).
A reload (SIGHUP or the admin endpoint) uses :meth:`flowrules.Engine.reload`:
broken packs are refused with their diagnostics and the working packs keep
serving.
"""

from __future__ import annotations

import threading

import structlog

from flowrules.engine.engine import Engine
from flowrules.errors import FlowrulesError, PackError
from flowrules.pack.load import bundled_rules_dir
from flowrules.service.settings import ServiceSettings

_log = structlog.get_logger("flowrules.service")


class NotReadyError(Exception):
    """The packs are not loaded (yet, or they failed to load)."""


def open_engine(settings: ServiceSettings) -> Engine:
    """Build the engine the settings describe.

    Raises:
        flowrules.errors.PackError: With every diagnostic, if a pack is broken
            (or unapproved, with ``require_approved``).
    """
    path = settings.rules or bundled_rules_dir()
    return Engine.from_path(
        path,
        executor=settings.executor,
        require_approved=settings.require_approved,
    )


class PackState:
    """Hold the engine of this process: loading, ready, reloading, closing.

    Args:
        settings: Where the packs are and how to load them.
        engine: An engine built already (tests, embedding); the state is then
            ready at once.
    """

    def __init__(self, settings: ServiceSettings, engine: Engine | None = None):
        self.settings = settings
        self._engine = engine
        self._error: str | None = None
        self._lock = threading.Lock()
        self._loader: threading.Thread | None = None

    @property
    def ready(self) -> bool:
        """True once the packs are loaded and compiled."""
        return self._engine is not None

    @property
    def error(self) -> str | None:
        """Why the first load failed (codes and the pack), or ``None``."""
        return self._error

    def engine(self) -> Engine:
        """Return the engine.

        Raises:
            NotReadyError: If the packs are not loaded.
        """
        engine = self._engine
        if engine is None:
            raise NotReadyError(self._error or "the packs are still loading")
        return engine

    def start_loading(self) -> None:
        """Load and compile the packs in a background thread (once)."""
        if self._engine is not None or self._loader is not None:
            return
        self._loader = threading.Thread(
            target=self._load, name="flowrules-pack-loader", daemon=True
        )
        self._loader.start()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        """Wait for the background load; return :attr:`ready`."""
        if self._loader is not None:
            self._loader.join(timeout)
        return self.ready

    def _load(self) -> None:
        try:
            engine = open_engine(self.settings)
        except PackError as exc:
            codes = sorted({d.code for d in exc.diagnostics})
            self._error = "the packs could not be loaded: " + ", ".join(codes)
            _log.error("packs_load_failed", codes=codes)
            return
        except (FlowrulesError, ValueError) as exc:
            self._error = f"the packs could not be loaded: {type(exc).__name__}"
            _log.error("packs_load_failed", error=type(exc).__name__)
            return
        self._engine = engine
        _log.info("packs_loaded", packs=[p.ref for p in engine.packs])

    def reload(self) -> list[str]:
        """Reload the packs from where they came from; return the loaded ``pack@version``s.

        Raises:
            NotReadyError: If the packs were never loaded.
            flowrules.errors.PackError: If the new packs are broken; the
                working packs keep serving.
        """
        engine = self.engine()
        with self._lock:
            try:
                engine.reload()
            except PackError as exc:
                _log.warning(
                    "packs_reload_refused",
                    codes=sorted({d.code for d in exc.diagnostics}),
                )
                raise
        return [p.ref for p in engine.packs]

    def close(self) -> None:
        """Free the engine's executors."""
        if self._engine is not None:
            self._engine.close()
