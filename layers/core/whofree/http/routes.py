"""Routes declared once, for Powertools (serving, validation, the OpenAPI document) and for the table
that tells 404 from 405.

Powertools answers any unmatched method and path with one "not found"; the contract wants 405
(with an ``Allow`` header) when the path exists under another method, so every route is also
written into a RouteTable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router


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
        """Methods served at ``path`` (empty: no such route). A path declared as it is
        (``/v1/connections/oauth``) answers for itself, not with a template it also fits
        (``/v1/connections/<id>``)."""
        for _, template, known in self._routes:
            if template == path:
                return set(known)
        methods: set[str] = set()
        for pattern, _, known in self._routes:
            if pattern.match(path):
                methods |= known
        return methods

    def paths(self) -> list[tuple[str, set[str]]]:
        return [(template, methods) for _, template, methods in self._routes]


@dataclass
class Routes:
    """A Powertools Router whose routes are also in a RouteTable, each with its OpenAPI operation:
    a stable camelCase ``operation_id``, one ``tag`` (its resource), and ``public`` for the routes
    without an API key."""

    router: Router = field(default_factory=Router)
    table: RouteTable = field(default_factory=RouteTable)
    tags: list[str] = field(default_factory=list)

    def route(
        self,
        method: str,
        path: str,
        *,
        operation_id: str,
        tag: str,
        summary: str,
        responses: dict[int, Any],
        description: str | None = None,
        public: bool = False,
        validate: bool = True,
    ) -> Callable:
        self.table.add(method, path)
        if tag not in self.tags:
            self.tags.append(tag)
        return self.router.route(
            path,
            method,
            summary=summary,
            description=description,
            responses=responses,
            tags=[tag],
            operation_id=operation_id,
            # Powertools writes only a non-empty route security; an empty one says "no API key here".
            openapi_extensions={"security": []} if public else None,
            enable_validation=validate,
        )
