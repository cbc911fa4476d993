"""The repository stands on its own: no tracked file reads or mentions the folder beside it.

Whoever clones the repository gets nothing beside it, so a path that leaves the repository for a
sibling folder (the project's working notes) works on one machine and breaks on every other.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Built from parts so that this file does not match itself.
OUTSIDE = re.compile(r"\.\./" + "shared|WHOFREE_" + "SHARED_DIR")


def tracked_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    return [ROOT / name for name in out.decode().split("\0") if name]


def test_no_file_refers_to_a_folder_beside_the_repository():
    offenders = []
    for path in tracked_files():
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not offenders, "Files that reach outside the repository:\n" + "\n".join(offenders)


def test_the_check_finds_a_reference():
    assert OUTSIDE.search("see [the contract](" + "../" + "shared/API.md)")
    assert not OUTSIDE.search("see [the contract](docs/API.md)")
