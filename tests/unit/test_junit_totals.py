"""CI's last line: the totals of every level's JUnit report (scripts/junit_totals.py)."""

from __future__ import annotations

from pathlib import Path

from scripts.junit_totals import main

CASES = {
    "passed": "",
    "failed": '<failure message="assert 1 == 2">trace</failure>',
    "error": '<error message="fixture broke">trace</error>',
    "skipped": '<skipped type="pytest.skip" message="no chromium" />',
}


def report(folder: Path, level: str, *outcomes: str) -> None:
    cases = "".join(
        f'<testcase classname="tests.{level}.test_x" name="test_{n}" time="0.1">{CASES[o]}</testcase>'
        for n, o in enumerate(outcomes)
    )
    folder.mkdir(exist_ok=True)
    (folder / f"{level}.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" '
        f'tests="{len(outcomes)}">{cases}</testsuite></testsuites>'
    )


def test_every_level_counts_and_the_line_is_last(tmp_path, capsys):
    report(tmp_path, "unit", "passed", "passed", "passed")
    report(tmp_path, "integration", "passed", "passed")
    report(tmp_path, "e2e", "passed")
    assert main(str(tmp_path), "unit", "integration", "e2e") == 0
    assert capsys.readouterr().out.splitlines() == ["Tests: 6 passed, 0 failed"]


def test_failures_and_errors_fail_and_show_in_the_line(tmp_path, capsys):
    report(tmp_path, "unit", "passed", "failed")
    report(tmp_path, "e2e", "passed", "error", "skipped")
    assert main(str(tmp_path), "unit", "e2e") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "Tests: 2 passed, 2 failed, 1 skipped"


def test_a_level_without_its_report_fails(tmp_path, capsys):
    report(tmp_path, "unit", "passed")
    assert main(str(tmp_path), "unit", "integration") == 1
    out = capsys.readouterr().out.splitlines()
    assert "integration" in out[0]
    assert out[-1] == "Tests: 1 passed, 0 failed"


def test_no_test_at_all_fails(tmp_path, capsys):
    report(tmp_path, "unit")
    assert main(str(tmp_path), "unit") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "Tests: 0 passed, 0 failed"


def test_a_truncated_report_fails(tmp_path, capsys):
    report(tmp_path, "unit", "passed")
    (tmp_path / "unit.xml").write_text('<?xml version="1.0"?><testsuites><testsuite><testcase name="a"')
    assert main(str(tmp_path), "unit") == 1
    assert "cannot be read" in capsys.readouterr().out
