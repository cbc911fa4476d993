"""GET /v1/event_type_available_times (API.md §3): one dispatcher (``dispatch``) over the kinds of
event type (``kinds``: Calendly, Cal.com, configured), with the types they share in ``types``."""
