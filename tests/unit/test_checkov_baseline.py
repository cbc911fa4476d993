"""scripts/checkov_baseline.py: the comparison that `make checkov` (and so CI) fails on. checkov itself
runs in CI, from its own venv; here its report's shape and the baseline file are checked."""

from __future__ import annotations

import pytest

from scripts import checkov_baseline as cb

REPORT = {
    "check_type": "cloudformation",
    "results": {
        "failed_checks": [
            {"check_id": "CKV_AWS_117", "resource": "AWS::Serverless::Function.ApiFunction"},
            {"check_id": "CKV_AWS_66", "resource": "AWS::Logs::LogGroup.ApiAccessLogGroup"},
        ]
    },
}


def test_a_new_finding_fails_and_an_accepted_one_does_not():
    accepted = cb.read_baseline("CKV_AWS_117 AWS::Serverless::Function.ApiFunction  no VPC needed\n")
    assert cb.compare(cb.findings(REPORT), accepted) == [
        "new finding: CKV_AWS_66 AWS::Logs::LogGroup.ApiAccessLogGroup"
    ]


def test_a_fixed_finding_must_leave_the_baseline():
    accepted = cb.read_baseline(
        "# comment\nCKV_AWS_117 AWS::Serverless::Function.ApiFunction  a\nCKV_AWS_66 AWS::Logs::LogGroup.ApiAccessLogGroup  b\n"
        "CKV_AWS_26 AWS::SNS::Topic.AlarmTopic  c\n"
    )
    assert cb.compare(cb.findings([REPORT]), accepted) == [
        "fixed, remove from the baseline: CKV_AWS_26 AWS::SNS::Topic.AlarmTopic"
    ]


def test_every_line_states_why():
    with pytest.raises(ValueError, match="line 1"):
        cb.read_baseline("CKV_AWS_117 AWS::Serverless::Function.ApiFunction\n")


def test_the_baseline_file_reads_and_each_reason_is_a_sentence():
    accepted = cb.read_baseline(cb.BASELINE.read_text())
    assert accepted
    for (check, resource), reason in accepted.items():
        assert check.startswith("CKV"), check
        assert "." in resource, resource
        assert len(reason.split()) >= 5, (check, resource)
