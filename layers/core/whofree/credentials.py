"""Bearer tokens that need the table: Calendly OAuth (a ``RotatingToken`` in whofree.data.oauth_tokens)
when an OAuth client is configured, else Calendly's personal access token. Google's and Microsoft's
tokens need no table (``MemoryToken`` in their connectors)."""

from __future__ import annotations

from functools import partial

from whofree.context import Context
from whofree.data import oauth_tokens
from whofree.data.table import required_table
from whofree.providers import calendly_oauth
from whofree.providers.config import CALENDLY
from whofree.providers.tokens import RotatingToken


def calendly_token(context: Context) -> str:
    """The Calendly bearer token (OAuth: kept in the request's table); ProviderError when there is none."""
    settings = context.settings
    if calendly_oauth.configured(settings):
        store = oauth_tokens.TableTokens(required_table(context.table), calendly_oauth.NAME)
        refresh = partial(calendly_oauth.refresh, settings)
        return RotatingToken(calendly_oauth.NAME, store, refresh, clock=context.runtime.clock).get()
    return CALENDLY.credential(settings)
