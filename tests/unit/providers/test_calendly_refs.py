"""A Calendly event type URI is the whole text: a trailing newline (which ``$`` lets ``re.match``
through) would be its own cache variant and version subject that no delivery ever names."""

from __future__ import annotations

import pytest

from whofree.providers import calendly

URI = "https://api.calendly.com/event_types/ABCDEF"


def test_the_uri_itself_is_one():
    assert calendly.matches(URI)


@pytest.mark.parametrize("suffix", ["\n", "\r\n", " ", "/"])
def test_anything_after_it_is_not(suffix):
    assert not calendly.matches(URI + suffix)
