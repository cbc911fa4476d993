"""Opt-in CORS for the API function (WHOFREE_CORS_ORIGINS, a list of origins; empty: off).

On, an answer to a request whose ``Origin`` is in the list carries ``Access-Control-Allow-Origin``
(that origin) and the headers a browser page may read; every answer carries ``Vary: Origin``, so a
cache never hands one origin's answer to another. ``OPTIONS`` on a path that exists is the
preflight: 204 with the path's methods and the request headers the API reads. An origin not in the
list gets no ``Access-Control-*`` header, so its browser refuses the answer. Off, nothing is added
and ``OPTIONS`` is a 405 like any other method the path does not serve.

Only the headers of the answer change: the API key is still required on every keyed route (a
preflight carries no key, and the template lets OPTIONS through without one).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

# The request headers a page may send (besides the CORS-safelisted ones) and the answer headers it may read.
ALLOW_HEADERS = "Content-Type, X-Api-Key, Idempotency-Key"
EXPOSE_HEADERS = "Retry-After, X-Cache, Allow"
MAX_AGE = "600"  # seconds a browser may keep a preflight's answer (Chromium caps it at 7200)


@dataclass(frozen=True, slots=True)
class Cors:
    origins: frozenset[str]

    def allows(self, origin: str | None) -> bool:
        return origin is not None and origin in self.origins

    def preflight(self, origin: str | None, methods: set[str]) -> dict[str, str]:
        """The preflight's own headers (204), for an allowed origin; none for another."""
        if not self.allows(origin):
            return {}
        return {
            "Access-Control-Allow-Methods": ", ".join(sorted(methods | {"OPTIONS"})),
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": MAX_AGE,
        }

    def apply(self, event: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
        """``result`` (a Lambda proxy answer) with the CORS headers for the request's origin."""
        added = {"Vary": "Origin"}
        origin = _origin(event)
        if self.allows(origin):
            added |= {"Access-Control-Allow-Origin": str(origin), "Access-Control-Expose-Headers": EXPOSE_HEADERS}
        multi = result.get("multiValueHeaders")
        if multi is not None:
            vary = [v for v in multi.get("Vary", []) if v]
            added["Vary"] = ", ".join([*vary, "Origin"])  # keep what the answer already varies on
            for name, value in added.items():
                multi[name] = [value]
        else:
            vary = (result.get("headers") or {}).get("Vary")
            added["Vary"] = f"{vary}, Origin" if vary else "Origin"
            result["headers"] = {**(result.get("headers") or {}), **added}
        return result


def origin_of(headers: dict[str, str] | None) -> str | None:
    """The ``Origin`` header, whatever its case (API Gateway passes the client's spelling)."""
    for name, value in (headers or {}).items():
        if name.lower() == "origin":
            return value
    return None


def _origin(event: dict[str, Any]) -> str | None:
    return origin_of(event.get("headers"))


@functools.lru_cache(maxsize=4)
def load(origins: tuple[str, ...] | None) -> Cors | None:
    """The CORS policy of the settings' origins, or None when CORS is off."""
    return Cors(frozenset(origins)) if origins else None
