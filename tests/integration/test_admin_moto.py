"""whofree-admin end to end on moto: a stack whose outputs name the table, the REST API and its usage
plan; accounts made, listed, rotated and deleted through the command line, checked in API Gateway
and in the table."""

from __future__ import annotations

import json
import socket

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

from whofree.data import accounts
from whofree.data.table import Table
from whofree_admin.cli import main

REGION = "eu-west-1"
STACK = "whofree-test"

# moto's CloudFormation has no AWS::ApiGateway::UsagePlan: the plan is made through API Gateway and
# its id handed to the stack, whose outputs carry it as template.yaml's do.
TEMPLATE = {
    "Parameters": {"PlanId": {"Type": "String"}},
    "Resources": {
        "WhofreeApi": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "whofree"}},
        "WhofreeTable": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                "AttributeDefinitions": [
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "S"},
                ],
            },
        },
    },
    "Outputs": {
        "ApiId": {"Value": {"Ref": "WhofreeApi"}},
        "UsagePlanId": {"Value": {"Ref": "PlanId"}},
        "TableName": {"Value": {"Ref": "WhofreeTable"}},
    },
}


class Deployed:
    def __init__(self) -> None:
        self.gateway = boto3.client("apigateway", region_name=REGION)
        self.plan = self.gateway.create_usage_plan(name="whofree", throttle={"rateLimit": 50, "burstLimit": 100})["id"]
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(
            StackName=STACK,
            TemplateBody=json.dumps(TEMPLATE),
            Parameters=[{"ParameterKey": "PlanId", "ParameterValue": self.plan}],
        )
        outputs = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]["Outputs"]
        self.outputs = {o["OutputKey"]: o["OutputValue"] for o in outputs}
        self.client = boto3.client("dynamodb", region_name=REGION)
        self.table = Table(self.outputs["TableName"], self.client)

    def admin(self, *args: str, answer: str | None = None) -> str:
        result = CliRunner().invoke(main, ["--stack", STACK, "--region", REGION, *args], input=answer)
        assert result.exit_code == 0, result.output
        return result.output

    def create(self, name: str) -> dict:
        return json.loads(self.admin("accounts", "create", name, "--json"))

    def plan_keys(self) -> set[str]:
        return {k["id"] for k in self.gateway.get_usage_plan_keys(usagePlanId=self.plan)["items"]}

    def key_exists(self, key_id: str) -> bool:
        try:
            self.gateway.get_api_key(apiKey=key_id)
        except self.gateway.exceptions.NotFoundException:
            return False
        return True

    def items(self) -> list[dict]:
        found, kwargs = [], {"TableName": self.table.name}
        while True:
            page = self.client.scan(**kwargs)
            found += [{k: next(iter(v.values())) for k, v in i.items()} for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


@pytest.fixture
def deployed(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield Deployed()


def test_create_makes_an_enabled_key_in_the_usage_plan_and_maps_it(deployed):
    made = deployed.create("Acme Scheduling")
    assert made["account"].startswith("acc_")
    assert len(made["account"]) == 20
    key = deployed.gateway.get_api_key(apiKey=made["api_key_id"], includeValue=True)
    assert key["enabled"] is True
    assert key["value"] == made["api_key"]
    assert made["account"] in key["name"]
    assert made["account"] in key["description"]
    assert deployed.plan_keys() == {made["api_key_id"]}
    account = accounts.get_account(deployed.table, made["account"])
    assert account is not None
    assert deployed.table.get("APIKEY", made["api_key_id"])["account"] == made["account"]
    # The key's value is in no record.
    assert made["api_key"] not in json.dumps(deployed.items(), default=str)


def test_create_prints_the_key_once_and_list_never_shows_it(deployed):
    out = deployed.admin("accounts", "create", "Acme")
    value = next(line.split()[-1] for line in out.splitlines() if line.startswith("api key   "))
    key_id = next(line.split()[-1] for line in out.splitlines() if line.startswith("api key id"))
    other = deployed.create("Globex")
    listed = deployed.admin("accounts", "list")
    assert value not in listed
    assert key_id in listed
    assert other["api_key_id"] in listed
    assert "Acme" in listed
    assert "Globex" in listed
    rows = json.loads(deployed.admin("accounts", "list", "--json"))
    assert {r["name"]: r["key_ids"] for r in rows} == {"Acme": [key_id], "Globex": [other["api_key_id"]]}


def test_rotate_replaces_the_key_in_api_gateway_and_in_the_mapping(deployed):
    made = deployed.create("Acme")
    rotated = json.loads(deployed.admin("keys", "rotate", made["account"], "--json"))
    new = rotated["api_key_id"]
    assert rotated["deleted"] == [made["api_key_id"]]
    assert not deployed.key_exists(made["api_key_id"])
    assert deployed.plan_keys() == {new}
    assert deployed.table.get("APIKEY", made["api_key_id"]) is None
    assert deployed.table.get("APIKEY", new)["account"] == made["account"]
    assert json.loads(deployed.admin("accounts", "list", "--json"))[0]["key_ids"] == [new]


def test_rotate_keep_old_then_delete_the_old_key(deployed):
    made = deployed.create("Acme")
    rotated = json.loads(deployed.admin("keys", "rotate", made["account"], "--keep-old", "--json"))
    assert rotated["kept"] == [made["api_key_id"]]
    assert deployed.plan_keys() == {made["api_key_id"], rotated["api_key_id"]}
    assert deployed.table.get("APIKEY", made["api_key_id"])["account"] == made["account"]
    deployed.admin("keys", "delete", made["account"], made["api_key_id"])
    assert not deployed.key_exists(made["api_key_id"])
    assert deployed.table.get("APIKEY", made["api_key_id"]) is None
    assert json.loads(deployed.admin("accounts", "list", "--json"))[0]["key_ids"] == [rotated["api_key_id"]]


def _seed(table: Table, account: str, scoped_items: int) -> None:
    scoped = table.scoped(account)
    for n in range(scoped_items):
        scoped.put({"pk": f"EVENT_TYPE#{n % 4}", "sk": f"item{n:03d}", "value": n})
    table.put({"pk": "CONNECTION", "sk": f"conn-{account}", "account": account})
    table.put({"pk": "PUSH_CHANNEL", "sk": f"chan-{account}", "account": account})


def test_delete_erases_every_record_of_the_account_and_none_of_another(deployed):
    a, b = deployed.create("A"), deployed.create("B")
    _seed(deployed.table, a["account"], 60)  # more than two batches of 25
    _seed(deployed.table, b["account"], 30)
    of_a = [
        i
        for i in deployed.items()
        if i["pk"].startswith(f"{a['account']}|") or i.get("account") == a["account"] or i.get("sk") == a["account"]
    ]
    b_before = [i for i in deployed.items() if i not in of_a]
    assert len(of_a) == 60 + 2 + 1 + 1  # scoped, connection and channel, key mapping, account
    out = deployed.admin("accounts", "delete", a["account"], "--yes")
    assert f"{len(of_a)} record(s) erased" in out
    after = deployed.items()
    assert sorted(after, key=lambda i: (i["pk"], i["sk"])) == sorted(b_before, key=lambda i: (i["pk"], i["sk"]))
    assert accounts.get_account(deployed.table, a["account"]) is None
    assert not deployed.key_exists(a["api_key_id"])
    assert deployed.key_exists(b["api_key_id"])
    assert deployed.plan_keys() == {b["api_key_id"]}


def test_delete_asks_first_and_a_no_keeps_everything(deployed):
    a = deployed.create("A")
    _seed(deployed.table, a["account"], 3)
    before = deployed.items()
    result = CliRunner().invoke(
        main, ["--stack", STACK, "--region", REGION, "accounts", "delete", a["account"]], input="n\n"
    )
    assert result.exit_code == 1
    assert "Aborted" in result.output
    assert deployed.items() == before
    assert deployed.key_exists(a["api_key_id"])


def test_unknown_account_and_missing_outputs_are_clear_errors(deployed):
    result = CliRunner().invoke(main, ["--stack", STACK, "--region", REGION, "keys", "rotate", "acc_0000000000000000"])
    assert result.exit_code == 1
    assert "No account 'acc_0000000000000000'" in result.output
    boto3.client("cloudformation", region_name=REGION).create_stack(
        StackName="bare", TemplateBody=json.dumps({"Resources": TEMPLATE["Resources"]})
    )
    result = CliRunner().invoke(main, ["--stack", "bare", "--region", REGION, "accounts", "list"])
    assert result.exit_code == 1
    assert "no output TableName, ApiId, UsagePlanId" in result.output
    result = CliRunner().invoke(main, ["--stack", "nowhere", "--region", REGION, "accounts", "list"])
    assert result.exit_code == 1
    assert "No stack 'nowhere'" in result.output


def test_an_account_whose_id_starts_another_ones_is_erased_alone(deployed):
    from whofree_admin import erase

    for account in ("acc_1", "acc_12", "acc_1-x"):
        _seed(deployed.table, account, 3)
    assert erase.erase(deployed.client, deployed.table.name, "acc_1") == 3 + 2
    left = {i.get("account") or i["pk"].split("|")[0] for i in deployed.items()}
    assert left == {"acc_12", "acc_1-x"}


def test_an_unreachable_table_is_one_line_not_a_traceback():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{s.getsockname()[1]}"  # nothing listens there once closed
    result = CliRunner().invoke(main, ["--local", "--endpoint", endpoint, "--table", "t", "accounts", "list"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
