"""The table of routes a function serves, so that 404 and 405 can be told apart.

Powertools answers any unmatched method and path with one "not found"; the contract wants 405
(with an ``Allow`` header) when the path exists under another method.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class RouteTable:
    _routes: list[tuple[re.Pattern[str], str, set[str]]] = field(default_factory=list)

    def add(self, method: str, path: str) -> None:
        # "/v1/event_types/<id>" (Powertools' syntax) matches one path segment.
        pattern = re.compile("^" + re.sub(r"<\w+>", "[^/]+", path) + "$")
        for _known, template, methods in self._routes:
            if template == path:
                methods.add(method.upper())
                return
        self._routes.append((pattern, path, {method.upper()}))

    def allowed(self, path: str) -> set[str]:
        """Methods served at ``path`` (empty: no such route)."""
        methods: set[str] = set()
        for pattern, _, known in self._routes:
            if pattern.match(path):
                methods |= known
        return methods

    def paths(self) -> list[tuple[str, set[str]]]:
        return [(template, methods) for _, template, methods in self._routes]
