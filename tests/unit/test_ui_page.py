"""GET /v1/ui served by the API function: one self-contained document, public, nothing from elsewhere.
(What the page does is tested in a real browser: tests/e2e/test_ui.py.)"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import yaml

from tests.unit.test_api_handler import call

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "layers" / "core" / "whofree" / "http" / "ui"


def ui_event(event) -> dict:
    ev = event("docs")
    ev["path"] = ev["requestContext"]["path"] = "/v1/ui"
    ev["resource"] = ev["requestContext"]["resourcePath"] = "/v1/ui"
    return ev


def test_the_page_is_one_document_with_its_own_script_and_style(event, lambda_context):
    status, headers, body = call(ui_event(event), lambda_context)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    for script in ("axis.js", "ui.js"):
        assert (UI / script).read_text() in body
    assert (UI / "ui.css").read_text() in body
    assert "/*UI_" not in body
    # Nothing from a CDN or any other host: no absolute URL is loaded, and the policy allows only this
    # page's own script and style (by hash) and requests to this API.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", body)
    policy = headers["Content-Security-Policy"]
    script = re.search(r"<script>(.*)</script>", body, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}';" in policy
    assert "default-src 'none'" in policy
    assert "connect-src 'self'" in policy


def test_the_page_needs_no_api_key_and_is_in_the_openapi_document(event, lambda_context):
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=Loader)  # noqa: S506 - SafeLoader subclass
    events = template["Resources"]["ApiFunction"]["Properties"]["Events"]
    ui = next(e["Properties"] for e in events.values() if e["Properties"].get("Path") == "/v1/ui")
    assert ui["Auth"]["ApiKeyRequired"] is False
    _, _, text = call(event("openapi"), lambda_context)
    operation = json.loads(text)["paths"]["/v1/ui"]["get"]
    assert operation["security"] == []  # public
    assert list(operation["responses"]["200"]["content"]) == ["text/html"]
