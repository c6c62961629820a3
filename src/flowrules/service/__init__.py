"""The HTTP service and the call guide page (``flowrules serve``, extra ``flowrules[server]``).

:func:`create_app` returns the ASGI application: the decision, batch,
interview, pack, schema, health and readiness endpoints of the SPEC, RFC 9457
problem details for every error, and the Danish call guide at ``/``. The
service wing sits above the engine and below the CLI; the library imports
without FastAPI.
"""

from __future__ import annotations

from flowrules.service.app import app_from_environment, create_app
from flowrules.service.settings import ServiceSettings

__all__ = ["ServiceSettings", "app_from_environment", "create_app"]
