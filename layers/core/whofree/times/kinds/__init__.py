"""The kinds of event type, each behind ``times.types.Kind``: Calendly event type URIs, Cal.com's
``calcom:<id>``, and event types configured in whofree (any other id)."""
