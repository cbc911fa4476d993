"""The examples of the README and the guides in docs/, read from the pages and run as written against
a local runner.

An example is a ```sh block that calls http://127.0.0.1:3000, followed by a line "Answer: `NNN`"
(the status of every request in the block) and, unless NNN is 204, the answer's body in the next
fenced block (```json compared as JSON, anything else as text). The blocks of every page in PAGES
run in order in one bash process, as a reader pastes them (the README's tour first, then the
guides); `curl` is wrapped to report each status on stderr.

A section that needs the runner in multi-account mode (`make run ACCOUNTS=multi`) starts with the line
``<!-- readme-test: runner multi -->`` (and ends at ``<!-- readme-test: runner single -->`` or the end of
the page); its examples run apart, in one bash process of their own, against such a runner. There, a
```sh block that runs curl with a URL from an earlier step is an example too, and so is one that runs
``whofree-admin --local``, followed by a line "Output:" and the text it prints. A line ``<!-- readme-test: capture NAME REGEX -->`` after an example sets the shell
variable NAME, for the examples after it, to the first group of REGEX's first match in that example's
output (what a reader copies from it). In a shown answer, ``…`` stands for any run of non-blank
characters (an id, a key, a signed state).
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The pages whose examples run, in this order: state carries from one example to the next (the
# README releases its hold; GUIDE.md deletes the event type it defines before PROVIDER_GUIDE.md runs).
PAGES = ("README.md", "docs/GUIDE.md", "docs/PROVIDER_GUIDE.md")
DEFAULT = "127.0.0.1:3000"
VOLATILE = {"uid", "expires_at", "created_at", "updated_at", "secret"}  # differ on every run
GENERATED_ID = re.compile(r"[A-Za-z0-9_-]{22}")  # an "id" whofree makes (a subscription's): differs too

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
_ANSWER = re.compile(r"^Answer: `(\d{3})`.*$", re.M)
_MODE = re.compile(r"^<!-- readme-test: runner (single|multi) -->$", re.M)
_CAPTURE = re.compile(r"^<!-- readme-test: capture ([A-Z_][A-Z0-9_]*) (.+) -->$", re.M)
_ADMIN = "whofree-admin --local"
_OUTPUT_LINE = re.compile(r"^Output:.*$", re.M)


@dataclass
class Example:
    page: str
    line: int
    script: str
    status: int | None  # None: a command that calls no URL (whofree-admin), followed by "Output:"
    kind: str | None  # json, text, or None (no body shown)
    body: str | None
    mode: str = "single"  # the runner's accounts mode the example needs
    captures: tuple[tuple[str, str], ...] = ()  # (shell variable, regex) set from its output


def documented_pages() -> list[str]:
    """Every Markdown page of the repository's documentation that holds a runnable example."""
    candidates = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [str(p.relative_to(ROOT)) for p in candidates if examples(p.read_text(), "")]


def all_examples(mode: str = "single") -> list[Example]:
    return [e for page in PAGES for e in examples((ROOT / page).read_text(), page) if e.mode == mode]


def _mode_at(text: str, position: int) -> str:
    found = [m.group(1) for m in _MODE.finditer(text, 0, position)]
    return found[-1] if found else "single"


def examples(text: str, page: str) -> list[Example]:
    fences = list(_FENCE.finditer(text))
    found = []
    for n, fence in enumerate(fences):
        mode = _mode_at(text, fence.start())
        command = mode == "multi" and fence.group(1) == "sh" and _ADMIN in fence.group(2)
        calls = fence.group(1) == "sh" and "curl " in fence.group(2)
        # (a multi-account section's curl may call a URL an earlier step gave: "$AUTHORIZATION_URL")
        calls = calls and (mode == "multi" or f"http://{DEFAULT}" in fence.group(2))
        if not (calls or command):
            continue
        following = fences[n + 1] if n + 1 < len(fences) else None
        until = following.start() if following else len(text)
        answer = (_OUTPUT_LINE if command and not calls else _ANSWER).search(text, fence.end(), until)
        if answer is None:
            said = "Output:" if command and not calls else "Answer: `NNN`"
            raise AssertionError(f"{page} line {text.count(chr(10), 0, fence.start()) + 1}: no '{said}'")
        kind = body = None
        if following is not None and following.group(1) != "sh":
            between = text[answer.end() : following.start()]
            if not between.strip():
                kind, body = following.group(1) or "text", following.group(2)
        line = text.count("\n", 0, fence.start()) + 1
        status = int(answer.group(1)) if answer.groups() else None
        after = until
        if kind is not None:  # the captures follow the shown answer
            after = fences[n + 2].start() if n + 2 < len(fences) else len(text)
        captures = tuple((m.group(1), m.group(2)) for m in _CAPTURE.finditer(text, answer.end(), after))
        found.append(Example(page, line, fence.group(2), status, kind, body, mode, captures))
    return found


def masked(value):
    if isinstance(value, dict):
        return {
            k: ("<varies>" if k in VOLATILE or (k == "id" and GENERATED_ID.fullmatch(str(v))) else masked(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


@dataclass
class Outcome:
    statuses: list[int]
    body: str


def run(found: list[Example], port: int, cwd: Path, env: dict[str, str] | None = None) -> list[Outcome]:
    here = f"127.0.0.1:{port}"
    parts = ["curl() { command curl -w '%{stderr}@@status %{http_code}\\n' \"$@\"; }", 'OUT="$(mktemp)"']
    for n, example in enumerate(found):
        script = example.script.replace(DEFAULT, here).replace(_ADMIN, f"{_ADMIN} --port {port}")
        if example.captures:  # its output kept for the captures (a group, not a subshell: variables stay)
            parts.append(f'{{\n{script}\n}} > "$OUT"; cat "$OUT"')
            for name, regex in example.captures:
                parts.append(
                    f'{name}=$({shlex.quote(sys.executable)} -c {shlex.quote(_CAPTURING)} {shlex.quote(regex)} < "$OUT")'
                )
        else:
            parts.append(script)
        parts.append(f"echo; echo '@@end {n}@@'; echo '@@end {n}@@' >&2")
    done = subprocess.run(
        ["bash", "-c", "\n".join(parts)],  # noqa: S607
        cwd=cwd,
        env=env,
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


# Prints the first group of the regex (argv[1]) in stdin's first match, or nothing.
_CAPTURING = "import re,sys; m=re.search(sys.argv[1], sys.stdin.read(), re.M); print(m.group(1) if m else '')"


def _fits(shown, got) -> bool:
    """``got`` is what ``shown`` shows, where ``…`` in a shown string stands for non-blank characters."""
    if isinstance(shown, dict):
        return isinstance(got, dict) and shown.keys() == got.keys() and all(_fits(v, got[k]) for k, v in shown.items())
    if isinstance(shown, list):
        return isinstance(got, list) and len(shown) == len(got) and all(map(_fits, shown, got))
    if isinstance(shown, str) and "…" in shown and isinstance(got, str):
        return re.fullmatch(r"\S+".join(map(re.escape, shown.split("…"))), got) is not None
    return shown == got


def compare(example: Example, outcome: Outcome, port: int) -> list[str]:
    """What differs between the page and the service's answer (empty: nothing)."""
    where = f"{example.page} line {example.line}"
    problems = []
    if example.status is None:
        if outcome.statuses:
            problems.append(f"{where}: a command that the page shows calling no URL answered {outcome.statuses}")
    elif not outcome.statuses or any(s != example.status for s in outcome.statuses):
        problems.append(f"{where}: status {outcome.statuses}, the page says {example.status}")
    shown = (example.body or "").replace(DEFAULT, f"127.0.0.1:{port}")
    shown = shown.replace("127.0.0.1%3A3000", f"127.0.0.1%3A{port}")  # in a URL's query
    if example.kind == "json":
        try:
            got = json.loads(outcome.body)
        except ValueError:
            return [*problems, f"{where}: the answer is not JSON: {outcome.body[:300]!r}"]
        if not _fits(masked(json.loads(shown)), masked(got)):
            problems.append(
                f"{where}: body differs:\n  shown: {json.dumps(json.loads(shown))[:1500]}\n  got:   {outcome.body[:1500]}"
            )
    elif example.kind is not None:
        if not _fits(shown.strip(), outcome.body.strip().replace("\r\n", "\n")):
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
