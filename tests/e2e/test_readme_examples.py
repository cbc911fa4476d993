"""Every example of the README and the guides in docs/, run as written (bash and curl) against
`make run`'s local runner, in page order: each answer's status and body must be what the page shows."""

from __future__ import annotations

import shutil

import pytest

from tests.e2e import readme
from tests.e2e.conftest import Runner, newcomer_env


def test_every_page_with_examples_is_run():
    assert sorted(readme.documented_pages()) == sorted(readme.PAGES)


def test_the_readme_has_a_tour():
    scripts = "\n".join(e.script for e in readme.examples((readme.ROOT / "README.md").read_text(), "README.md"))
    for needle in (
        "-X POST http://127.0.0.1:3000/v1/availability",
        "/v1/event_type_available_times?event_type=https://api.calendly.com/",
        "/v1/event_type_available_times?event_type=demo-team",
        "-X POST http://127.0.0.1:3000/v1/reservations",
        "curl -s http://127.0.0.1:3000/v1/ui",
        "-X POST http://127.0.0.1:3000/v1/availability/sequences",
    ):
        assert needle in scripts, needle


def test_the_docs_have_an_example_for_every_route():
    scripts = "\n".join(e.script for e in readme.all_examples())
    for needle in (
        "-X POST http://127.0.0.1:3000/v1/availability",
        "/v1/event_type_available_times?event_type=https://api.calendly.com/",
        "/v1/event_type_available_times?event_type=demo-team",
        "&explain=true",
        "/v1/event_type_available_times?event_type=calcom:",
        "-X PUT http://127.0.0.1:3000/v1/event_types/",
        "curl -s http://127.0.0.1:3000/v1/event_types/design-review",
        "/v1/event_types?count=",
        "-X DELETE http://127.0.0.1:3000/v1/event_types/",
        "-X POST http://127.0.0.1:3000/v1/free_busy",
        "-X POST http://127.0.0.1:3000/v1/reservations",
        '-X DELETE "http://127.0.0.1:3000/v1/reservations/',
        "-X POST http://127.0.0.1:3000/v1/webhooks/calcom",
        "/v1/webhooks/nylas?challenge=",
        "/v1/openapi.json",
        "curl -s http://127.0.0.1:3000/v1/ui",
    ):
        assert needle in scripts, needle


@pytest.mark.skipif(shutil.which("curl") is None, reason="the examples use curl")
def test_every_example_answers_what_its_page_shows(runner, tmp_path):
    found = readme.all_examples()
    outcomes = readme.run(found, runner.port, tmp_path)
    problems = [
        p
        for example, outcome in zip(found, outcomes, strict=True)
        for p in readme.compare(example, outcome, runner.port)
    ]
    assert not problems, "\n".join(problems)
    # Labels, not warnings: no example answers with a calendar that could not be read.
    assert not any('"warnings":[{' in o.body for o in outcomes)
    # and the runner wrote no warning noise while answering them.
    assert "Warning" not in runner.output()


@pytest.fixture(scope="module")
def multi_runner():
    started = Runner(None, "--accounts", "multi")
    yield started
    started.stop()


def test_the_readme_has_a_many_customers_tour():
    found = readme.examples((readme.ROOT / "README.md").read_text(), "README.md")
    scripts = "\n".join(e.script for e in found if e.mode == "multi")
    for needle in (
        'whofree-admin --local accounts create "Acme"',
        "-X POST http://127.0.0.1:3000/v1/connections/oauth",
        'curl -si "$AUTHORIZATION_URL"',
        "curl -s http://127.0.0.1:3000/v1/connections ",
        "/v1/event_type_available_times?event_type=https://api.calendly.com/",
        '-H "x-api-key: $OTHER_KEY"',
    ):
        assert needle in scripts, needle


@pytest.mark.skipif(shutil.which("curl") is None, reason="the examples use curl")
def test_the_many_customers_tour_answers_what_the_readme_shows(multi_runner):
    """`make run ACCOUNTS=multi`: an account, a Calendly connection by OAuth (the runner's demo consent
    screen), its event type read through it, and another account's key refused; values that a reader
    copies from one step to the next (the key, the authorization URL, the connection) are captured."""
    found = readme.all_examples("multi")
    assert [e.status for e in found] == [None, 201, 302, 302, 200, 200, None, 404]
    env = {**newcomer_env(), "PYTHONPATH": f"{readme.ROOT}:{readme.ROOT / 'layers' / 'core'}"}
    outcomes = readme.run(found, multi_runner.port, readme.ROOT, env)
    problems = [
        p
        for example, outcome in zip(found, outcomes, strict=True)
        for p in readme.compare(example, outcome, multi_runner.port)
    ]
    assert not problems, "\n".join(problems)


def test_a_capture_or_a_wildcard_that_does_not_match_fails():
    text = (
        "<!-- readme-test: runner multi -->\n\n```sh\n.venv/bin/whofree-admin --local accounts list\n```\n\n"
        "Output:\n\n```text\nacc_… (Acme)\n```\n\n<!-- readme-test: capture ID ^(acc_\\w+) -->\n"
    )
    (example,) = readme.examples(text, "a page")
    assert (example.mode, example.status, example.captures) == ("multi", None, (("ID", r"^(acc_\w+)"),))
    assert readme.compare(example, readme.Outcome([], "acc_1f (Acme)"), 3000) == []
    assert readme.compare(example, readme.Outcome([], "acc_1f (Globex)"), 3000)
    assert readme.compare(example, readme.Outcome([], "acc_ (Acme)"), 3000)
    assert readme.compare(example, readme.Outcome([200], "acc_1f (Acme)"), 3000)


def test_the_parser_catches_a_wrong_answer():
    text = '```sh\ncurl -s http://127.0.0.1:3000/v1/x\n```\n\nAnswer: `200`\n\n```json\n{"a": 1}\n```\n'
    (example,) = readme.examples(text, "a page")
    assert readme.compare(example, readme.Outcome([200], '{"a":1}'), 3000) == []
    assert readme.compare(example, readme.Outcome([200], '{"a":2}'), 3000)
    assert readme.compare(example, readme.Outcome([404], '{"a":1}'), 3000)


def test_the_readme_has_a_python_client_example():
    (example,) = readme.python_examples((readme.ROOT / "README.md").read_text(), "README.md")
    for needle in ("from whofree_client", "get_event_type_available_times", "post_reservation", "delete_reservation"):
        assert needle in example.code, needle


def test_every_python_example_prints_what_its_page_shows(runner, tmp_path):
    found = readme.all_python_examples()
    assert found
    problems = [p for example in found for p in readme.run_python(example, runner.port, tmp_path)]
    assert not problems, "\n".join(problems)


def test_a_python_example_that_prints_something_else_fails(runner, tmp_path):
    text = '```python\nprint("http://127.0.0.1:3000")\n```\n\nOutput:\n\n```text\nsomething else\n```\n'
    (example,) = readme.python_examples(text, "a page")
    assert readme.run_python(example, runner.port, tmp_path)
    broken = readme.PythonExample("a page", 1, "import no_such_module  # http://127.0.0.1:3000", "")
    assert readme.run_python(broken, runner.port, tmp_path)
