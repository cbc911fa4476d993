"""Provider webhooks (API.md §5): no API key, a signature instead; a valid booking drops cache.
The routes are whofree.http.webhooks', so that the API's OpenAPI document lists them too."""

from __future__ import annotations

from whofree import runtime, settings
from whofree.http import webhooks
from whofree.http.service import Service

SETTINGS = settings.load()  # read and validated once, at init: a bad value fails it, naming the variable
RUNTIME = runtime.start(SETTINGS)  # the table and the clock a warm container keeps
MAX_BODY_BYTES = SETTINGS.max_body_bytes or 1_000_000
service = Service(MAX_BODY_BYTES, webhooks.routes(MAX_BODY_BYTES, lambda: RUNTIME))
app = service.app

lambda_handler = service.handler()
