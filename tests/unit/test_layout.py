"""Tests live in one folder per level; what a test is about is a marker (pyproject.toml), not a folder."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
LEVELS = ("unit", "integration", "e2e")


def test_every_test_module_is_in_a_level_folder():
    stray = sorted(
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("test_*.py")
        if path.relative_to(TESTS).parts[0] not in LEVELS
    )
    assert stray == [], f"move these to tests/{'|'.join(LEVELS)}/ and say their concern with a marker: {stray}"
