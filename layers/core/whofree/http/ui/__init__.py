"""GET /v1/ui: one page over the API (who is free in each slot of an event type's week, and why not).

Plain HTML, CSS and JS in this folder, read when the route is hit (not at import: no other route pays
for it) and served as one document: axis.js (the time axis, pure functions) and ui.js (the page) as
one script. Nothing is loaded from anywhere else: the Content-Security-Policy
allows only this page's own script and style (by hash) and requests to this API.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("axis.js", "ui.js")  # in this order: ui.js uses what axis.js defines


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page() -> tuple[str, dict[str, str]]:
    """The document and its security headers."""
    css = (HERE / "ui.css").read_text(encoding="utf-8")
    js = "\n".join((HERE / name).read_text(encoding="utf-8") for name in SCRIPTS)
    html = (HERE / "index.html").read_text(encoding="utf-8")
    html = html.replace("/*UI_CSS*/", css, 1).replace("/*UI_JS*/", js, 1)
    policy = (
        f"default-src 'none'; script-src {_hash(js)}; style-src {_hash(css)}; "
        "style-src-attr 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    headers = {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }
    return html, headers
