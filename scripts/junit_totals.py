"""The suite's totals from the JUnit reports that `make unit`, `make integration` and `make e2e` write.

Prints one plain line, `Tests: N passed, M failed` (`, K skipped` when some were), from every test
case in the reports; a failure or an error (in setup, call or teardown) counts as failed. Exits 1
when a test failed, when a level's report is missing (that level did not run or did not finish), or
when no test passed at all, so that a run with no tests cannot pass.

    python scripts/junit_totals.py .reports unit integration e2e
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Totals:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, report: Path) -> None:
        for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314 - our own pytest's report
            tags = {child.tag for child in case}
            if tags & {"failure", "error"}:
                self.failed += 1
            elif "skipped" in tags:
                self.skipped += 1
            else:
                self.passed += 1

    def line(self) -> str:
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        return f"Tests: {self.passed} passed, {self.failed} failed{skipped}"


def main(folder: str, *levels: str) -> int:
    totals = Totals()
    problems = []
    for level in levels:
        report = Path(folder) / f"{level}.xml"
        if not report.is_file():
            problems.append(f"no report of the {level} tests ({report}): they did not run to the end")
            continue
        try:
            totals.add(report)
        except ET.ParseError as error:
            problems.append(f"{report} cannot be read: {error}")
    if totals.passed == 0:
        problems.append("no test passed")
    for problem in problems:
        print(f"== {problem}")
    print(totals.line())
    return 1 if problems or totals.failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
