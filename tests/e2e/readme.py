"""The examples of the README and the guides in docs/, read from the pages and run as written against
a local runner.

An example is a ```sh block that calls http://127.0.0.1:3000, followed by a line "Answer: `NNN`"
(the status of every request in the block) and, unless NNN is 204, the answer's body in the next
fenced block (```json compared as JSON, anything else as text). The blocks of every page in PAGES
run in order in one bash process, as a reader pastes them (the README's tour first, then the
guides); `curl` is wrapped to report each status on stderr.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The pages whose examples run, in this order: state carries from one example to the next (the
# README releases its hold; GUIDE.md deletes the event type it defines before PROVIDER_GUIDE.md runs).
PAGES = ("README.md", "docs/GUIDE.md", "docs/PROVIDER_GUIDE.md")
DEFAULT = "127.0.0.1:3000"
VOLATILE = {"uid", "expires_at", "created_at", "updated_at"}  # differ on every run

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
_ANSWER = re.compile(r"^Answer: `(\d{3})`.*$", re.M)


@dataclass
class Example:
    page: str
    line: int
    script: str
    status: int
    kind: str | None  # json, text, or None (no body shown)
    body: str | None


def documented_pages() -> list[str]:
    """Every Markdown page of the repository's documentation that holds a runnable example."""
    candidates = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [str(p.relative_to(ROOT)) for p in candidates if examples(p.read_text(), "")]


def all_examples() -> list[Example]:
    return [e for page in PAGES for e in examples((ROOT / page).read_text(), page)]


def examples(text: str, page: str) -> list[Example]:
    fences = list(_FENCE.finditer(text))
    found = []
    for n, fence in enumerate(fences):
        if fence.group(1) != "sh" or f"http://{DEFAULT}" not in fence.group(2) or "curl " not in fence.group(2):
            continue
        following = fences[n + 1] if n + 1 < len(fences) else None
        until = following.start() if following else len(text)
        answer = _ANSWER.search(text, fence.end(), until)
        if answer is None:
            raise AssertionError(f"{page} line {text.count(chr(10), 0, fence.start()) + 1}: no 'Answer: `NNN`'")
        kind = body = None
        if following is not None and following.group(1) != "sh":
            between = text[answer.end() : following.start()]
            if not between.strip():
                kind, body = following.group(1) or "text", following.group(2)
        line = text.count("\n", 0, fence.start()) + 1
        found.append(Example(page, line, fence.group(2), int(answer.group(1)), kind, body))
    return found


def masked(value):
    if isinstance(value, dict):
        return {k: ("<varies>" if k in VOLATILE else masked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


@dataclass
class Outcome:
    statuses: list[int]
    body: str


def run(found: list[Example], port: int, cwd: Path) -> list[Outcome]:
    here = f"127.0.0.1:{port}"
    parts = ["curl() { command curl -w '%{stderr}@@status %{http_code}\\n' \"$@\"; }"]
    for n, example in enumerate(found):
        parts.append(example.script.replace(DEFAULT, here))
        parts.append(f"echo; echo '@@end {n}@@'; echo '@@end {n}@@' >&2")
    done = subprocess.run(
        ["bash", "-c", "\n".join(parts)],  # noqa: S607
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outs = re.split(r"^@@end \d+@@\n", done.stdout, flags=re.M)
    errs = re.split(r"^@@end \d+@@\n", done.stderr, flags=re.M)
    if len(outs) != len(found) + 1:
        raise AssertionError(f"the examples did not all run:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return [
        Outcome([int(s) for s in re.findall(r"@@status (\d{3})", err)], out.removesuffix("\n"))
        for out, err in zip(outs[:-1], errs[:-1], strict=True)
    ]


def compare(example: Example, outcome: Outcome, port: int) -> list[str]:
    """What differs between the page and the service's answer (empty: nothing)."""
    where = f"{example.page} line {example.line}"
    problems = []
    if not outcome.statuses or any(s != example.status for s in outcome.statuses):
        problems.append(f"{where}: status {outcome.statuses}, the page says {example.status}")
    shown = (example.body or "").replace(DEFAULT, f"127.0.0.1:{port}")
    if example.kind == "json":
        try:
            got = json.loads(outcome.body)
        except ValueError:
            return [*problems, f"{where}: the answer is not JSON: {outcome.body[:300]!r}"]
        if masked(got) != masked(json.loads(shown)):
            problems.append(
                f"{where}: body differs:\n  shown: {json.dumps(json.loads(shown))[:1500]}\n  got:   {outcome.body[:1500]}"
            )
    elif example.kind is not None:
        if outcome.body.strip() != shown.strip():
            problems.append(
                f"{where}: body differs:\n  shown: {shown.strip()[:500]}\n  got:   {outcome.body.strip()[:500]}"
            )
    elif example.status == 204 and outcome.body.strip():
        problems.append(f"{where}: 204 with a body: {outcome.body[:200]!r}")
    return problems


# Python examples: a ```python block that calls http://127.0.0.1:3000, followed by a line "Output:" and
# the text it prints in the next fenced block. Each runs on its own, with clients/python importable as
# `pip install ./clients/python` makes it, after the shell examples of the same pages.
_OUTPUT = re.compile(r"^Output:.*$", re.M)
CLIENT = ROOT / "clients" / "python"


@dataclass
class PythonExample:
    page: str
    line: int
    code: str
    output: str


def python_examples(text: str, page: str) -> list[PythonExample]:
    fences = list(_FENCE.finditer(text))
    found = []
    for n, fence in enumerate(fences):
        if fence.group(1) != "python" or f"http://{DEFAULT}" not in fence.group(2):
            continue
        line = text.count("\n", 0, fence.start()) + 1
        following = fences[n + 1] if n + 1 < len(fences) else None
        until = following.start() if following else len(text)
        if following is None or _OUTPUT.search(text, fence.end(), until) is None:
            raise AssertionError(f"{page} line {line}: a Python example with no 'Output:' and its text")
        found.append(PythonExample(page, line, fence.group(2), following.group(2)))
    return found


def all_python_examples() -> list[PythonExample]:
    return [e for page in PAGES for e in python_examples((ROOT / page).read_text(), page)]


def run_python(example: PythonExample, port: int, cwd: Path) -> list[str]:
    """What differs between the page's output and the example's (empty: nothing)."""
    import os
    import sys

    env = {**os.environ, "PYTHONPATH": str(CLIENT)}
    done = subprocess.run(
        [sys.executable, "-c", example.code.replace(DEFAULT, f"127.0.0.1:{port}")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    where = f"{example.page} line {example.line}"
    if done.returncode != 0:
        return [f"{where}: exited {done.returncode}:\n{done.stderr[-1500:]}"]
    if done.stdout.strip() != example.output.strip():
        return [f"{where}: output differs:\n  shown: {example.output.strip()}\n  got:   {done.stdout.strip()}"]
    return []
