"""Run checkov over template.yaml and compare its findings with .ci/checkov-baseline.txt.

Exits 1 when checkov finds something the baseline does not accept (a new finding), when a baseline
line no longer matches a finding (fixed: delete the line), or when a line gives no reason.

    python scripts/checkov_baseline.py [--checkov PATH] [--report checkov.json]

checkov runs from its own virtual environment (.venv-checkov, `make checkov`): it pins boto3 and
botocore to versions older than the ones whofree and the SAM CLI need, so it cannot share .venv.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "checkov-baseline.txt"

Finding = tuple[str, str]  # (check id, resource), e.g. ("CKV_AWS_117", "AWS::Serverless::Function.ApiFunction")


def read_baseline(text: str) -> dict[Finding, str]:
    """The accepted findings and each one's reason; ValueError for a line without a reason."""
    accepted: dict[Finding, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3 or not parts[2].strip():
            raise ValueError(f"line {number}: CHECK_ID RESOURCE and a reason are needed: {line!r}")
        accepted[(parts[0], parts[1])] = parts[2].strip()
    return accepted


def findings(report: object) -> set[Finding]:
    """The failed checks of checkov's JSON report (one framework: an object; several: a list)."""
    reports = report if isinstance(report, list) else [report]
    return {
        (failed["check_id"], failed["resource"])
        for one in reports
        if isinstance(one, dict)
        for failed in one.get("results", {}).get("failed_checks", [])
    }


def compare(found: set[Finding], accepted: dict[Finding, str]) -> list[str]:
    """One line per problem: a finding not accepted, or an accepted one that is gone."""
    problems = [f"new finding: {check} {resource}" for check, resource in sorted(found - accepted.keys())]
    problems += [
        f"fixed, remove from the baseline: {check} {resource}" for check, resource in sorted(accepted.keys() - found)
    ]
    return problems


def run_checkov(checkov: str) -> object:
    answer = subprocess.run(
        [
            checkov,
            "-f",
            str(ROOT / "template.yaml"),
            "--framework",
            "cloudformation",
            "--quiet",
            "--compact",
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if answer.returncode not in (0, 1):  # 1: findings (compared below); anything else: checkov failed
        sys.stderr.write(answer.stderr)
        raise SystemExit(f"checkov exited {answer.returncode}")
    return json.loads(answer.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkov", default=str(ROOT / ".venv-checkov" / "bin" / "checkov"))
    parser.add_argument("--report", help="read this JSON report instead of running checkov")
    args = parser.parse_args()
    report = json.loads(Path(args.report).read_text()) if args.report else run_checkov(args.checkov)
    found = findings(report)
    problems = compare(found, read_baseline(BASELINE.read_text()))
    for problem in problems:
        print(problem)
    print(
        f"checkov: {len(found)} findings, {len(found) - sum(p.startswith('new') for p in problems)} accepted by {BASELINE.relative_to(ROOT)}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
