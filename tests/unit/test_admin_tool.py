"""whofree-admin without AWS: the console script's entry point, the outputs it reads from the stack,
and how it erases an account in batches (a scripted DynamoDB client)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from whofree_admin import erase, stack

ROOT = Path(__file__).resolve().parents[2]


def test_the_console_script_is_the_cli():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = scripts["whofree-admin"].split(":")
    assert module == "whofree_admin.cli"
    from whofree_admin import cli

    assert getattr(cli, function) is cli.main


class _Loader(yaml.SafeLoader):
    pass


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}


_Loader.add_multi_constructor("!", _tag)


def test_the_template_outputs_what_the_tool_reads():
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    outputs = {name: output["Value"] for name, output in template["Outputs"].items()}
    assert {name: outputs[name] for name in stack.OUTPUTS} == {
        "TableName": {"Ref": "WhofreeTable"},
        "ApiId": {"Ref": "WhofreeApi"},
        # SAM names the usage plan of `CreateUsagePlan: PER_API` after the API: <api>UsagePlan.
        "UsagePlanId": {"Ref": "WhofreeApiUsagePlan"},
    }
    assert template["Resources"]["WhofreeApi"]["Properties"]["Auth"]["UsagePlan"]["CreateUsagePlan"] == "PER_API"


class ScriptedDynamoDB:
    """Scan pages as given; BatchWriteItem leaves the first ``unprocessed`` deletes of each call
    unprocessed, ``stubborn`` times in a row."""

    def __init__(self, pages: list[list[dict]], stubborn: int = 0, unprocessed: int = 3) -> None:
        self.pages, self.stubborn, self.unprocessed = pages, stubborn, unprocessed
        self.scans: list[dict] = []
        self.batches: list[int] = []
        self.deleted: list[dict] = []
        self.refusals = 0

    def scan(self, **kwargs):
        self.scans.append(kwargs)
        n = int(kwargs.get("ExclusiveStartKey", {}).get("page", 0))
        answer = {"Items": self.pages[n]}
        if n + 1 < len(self.pages):
            answer["LastEvaluatedKey"] = {"page": n + 1}
        return answer

    def batch_write_item(self, RequestItems):
        ((table, requests),) = RequestItems.items()
        assert len(requests) <= 25
        self.batches.append(len(requests))
        if self.refusals < self.stubborn:
            self.refusals += 1
            kept, left = requests[self.unprocessed :], requests[: self.unprocessed]
            self.deleted += [r["DeleteRequest"]["Key"] for r in kept]
            return {"UnprocessedItems": {table: left}}
        self.refusals = 0
        self.deleted += [r["DeleteRequest"]["Key"] for r in requests]
        return {"UnprocessedItems": {}}


def _items(prefix: str, n: int) -> list[dict]:
    return [{"pk": {"S": f"{prefix}|P{i % 7}"}, "sk": {"S": f"s{i:04d}"}} for i in range(n)]


def test_erase_deletes_every_match_of_every_page_in_batches_of_25():
    client = ScriptedDynamoDB([_items("acc_a", 60), [], _items("acc_a", 30)])
    assert erase.erase(client, "t", "acc_a", sleep=lambda s: None) == 90
    assert client.batches == [25, 25, 10, 25, 5]
    assert len(client.deleted) == 90
    # One filter finds the scoped items (by their prefix, separator included) and the global ones.
    first = client.scans[0]
    # The account's own record is deleted last, by the caller.
    assert first["FilterExpression"] == "(begins_with(pk, :prefix) OR #account = :account) AND pk <> :record"
    assert first["ExpressionAttributeValues"] == {
        ":prefix": {"S": "acc_a|"},
        ":account": {"S": "acc_a"},
        ":record": {"S": "ACCOUNT"},
    }
    assert first["ExpressionAttributeNames"] == {"#account": "account"}
    assert [s.get("ExclusiveStartKey") for s in client.scans] == [None, {"page": 1}, {"page": 2}]


def test_unprocessed_deletes_are_sent_again_until_done():
    client = ScriptedDynamoDB([_items("acc_a", 25)], stubborn=2)
    slept: list[float] = []
    assert erase.erase(client, "t", "acc_a", sleep=slept.append) == 25
    assert client.batches == [25, 3, 3]
    assert sorted(k["sk"]["S"] for k in client.deleted) == sorted(i["sk"]["S"] for i in _items("acc_a", 25))
    assert len(slept) == 2


def test_deletes_left_unprocessed_for_good_fail_loudly():
    client = ScriptedDynamoDB([_items("acc_a", 10)], stubborn=100)
    with pytest.raises(erase.Incomplete, match="3 deletes unprocessed"):
        erase.erase(client, "t", "acc_a", sleep=lambda s: None)
    assert len(client.batches) == erase.ATTEMPTS
