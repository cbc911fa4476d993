"""Swagger UI at /v1/docs, from the files of the pinned npm package swagger-ui-dist (package.json).

No CDN at run time: `make setup` copies the package's files into whofree/http/swagger_ui/ (not in
git), the layer build takes them with the package, and the function serves them itself.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The layer's copy; in a checkout, node_modules/ works as well (before `make setup` copied it).
ASSET_DIRS = (HERE / "swagger_ui", HERE.parents[3] / "node_modules" / "swagger-ui-dist")
# Text only: API Gateway would need binary media types for images, and the page needs none.
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "LICENSE", "NOTICE")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>whofree API</title>
<link rel="stylesheet" href="{base}swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{base}swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{url: "{spec}", dom_id: "#swagger-ui"}});
</script>
</body>
</html>
"""


def page(path: str) -> str:
    """The page, with links relative to where it is served: /v1/docs or /v1/docs/ (any stage prefix)."""
    if path.endswith("/"):
        return PAGE.format(base="", spec="../openapi.json")
    return PAGE.format(base="docs/", spec="openapi.json")


def asset(name: str) -> tuple[str, bytes] | None:
    """(media type, bytes) of one of Swagger UI's files, or None when it is not one of them."""
    if name not in ASSETS:
        return None
    for folder in ASSET_DIRS:
        path = folder / name
        if path.is_file():
            media = mimetypes.guess_type(name)[0] or "text/plain"
            return f"{media}; charset=utf-8", path.read_bytes()
    return None
