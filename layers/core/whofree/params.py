"""Query string values: one strict parser for every whole number a route reads from the query.

``str.isdigit()`` and ``int()`` disagree with each other and with a client's idea of a number:
``"²"`` is a digit that ``int()`` refuses, ``"١٠"`` (Arabic-Indic) is one it accepts, so do ``" 10"``,
``"+10"`` and ``"1_0"``, and 5 000 digits make ``int()`` raise. Here a count is 1 to 9 ASCII digits
and nothing else, then checked against its bounds; anything else is the same 400 naming the parameter.
"""

from __future__ import annotations

import re

from whofree.errors import Detail

_DIGITS = re.compile(r"[0-9]{1,9}")  # [0-9], not \d: \d also matches other scripts' digits


def whole_number(query: dict[str, str], name: str, default: int, low: int, high: int, errors: list[Detail]) -> int:
    """``query[name]`` as an int in [low, high] (``default`` when absent); a Detail in ``errors`` if not."""
    text = query.get(name)
    if text is None:
        return default
    if type(text) is str and _DIGITS.fullmatch(text) and low <= (value := int(text)) <= high:
        return value
    errors.append(Detail(name, f"A whole number from {low} to {high}, in ASCII digits."))
    return default
