"""Calendar providers behind small interfaces: hosts, open hours, busy blocks, the provider's slots.

Nothing here is imported by POST /v1/availability: httpx and the connectors load only for routes
that talk to a provider.
"""
