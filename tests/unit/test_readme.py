"""The README's example is the handler's real answer, so the two cannot drift apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import answer

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_example_response_is_what_the_service_answers():
    request = json.loads(re.search(r"<<'JSON'\n(.*?)\nJSON", README, re.S).group(1))
    shown = json.loads(re.search(r"Answer: `200`\n\n```json\n(.*?)\n```", README, re.S).group(1))
    assert answer(request) == shown


def test_readme_example_is_the_sample_event():
    request = json.loads(re.search(r"<<'JSON'\n(.*?)\nJSON", README, re.S).group(1))
    event = json.loads((Path(__file__).resolve().parents[2] / "events" / "availability.json").read_text())
    assert json.loads(event["body"]) == request


def test_readme_names_the_two_commands():
    assert "make run" in README
    assert "make test" in README
