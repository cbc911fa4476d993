"""Data access: the only code that builds a DynamoDB key or calls the table (docs/STORAGE.md).

One module per record kind, each owning its keys, conditions, TTLs and size limits:
``answers`` (cached event type answers), ``versions`` (change versions of hosts and event types),
``host_data`` (providers' data per host), ``event_types``
(configured event types), ``holds`` (reservations), ``hits`` (request counters for the warmer),
``oauth_tokens`` (rotating OAuth tokens), ``idempotency`` (Idempotency-Key records); ``table`` is
the one table client they share.
"""
