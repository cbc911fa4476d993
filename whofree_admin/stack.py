"""Where the tool finds a deployment, and how it makes and removes API keys there.

On AWS, the stack's CloudFormation outputs name the table (``TableName``), the REST API (``ApiId``)
and its usage plan (``UsagePlanId``); keys are API Gateway API keys in that plan. With ``--local``,
the table is the one ``make run`` uses (DynamoDB Local) and keys are ``local_keys`` records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("TableName", "ApiId", "UsagePlanId")


class NotFound(RuntimeError):
    """The stack, one of its outputs, or the local runner's table cannot be found."""


class Keys(Protocol):
    def create(self, account_id: str, name: str) -> tuple[str, str]:
        """A new enabled key of the account: its id and its value."""
        ...

    def delete(self, key_id: str) -> bool:
        """Delete the key; False when it was already gone."""
        ...


@dataclass(frozen=True)
class Stack:
    table_name: str
    api_id: str
    usage_plan_id: str


def stack_outputs(cloudformation: Any, stack: str) -> Stack:
    """The resources of ``stack``, from its outputs (template.yaml's ``TableName``, ``ApiId``, ``UsagePlanId``)."""
    from botocore.exceptions import ClientError

    try:
        found = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as exc:
        raise NotFound(f"No stack {stack!r}: {exc.response.get('Error', {}).get('Message', exc)}") from exc
    outputs = {o["OutputKey"]: o["OutputValue"] for o in found[0].get("Outputs", [])}
    missing = [name for name in OUTPUTS if not outputs.get(name)]
    if missing:
        raise NotFound(
            f"Stack {stack!r} has no output {', '.join(missing)}: deploy the current template.yaml (sam deploy) first."
        )
    return Stack(outputs["TableName"], outputs["ApiId"], outputs["UsagePlanId"])


@dataclass(frozen=True)
class GatewayKeys:
    """API keys of API Gateway, each added to the stack's usage plan (its throttle and quota)."""

    client: Any
    usage_plan_id: str

    def create(self, account_id: str, name: str) -> tuple[str, str]:
        from botocore.exceptions import ClientError

        key = self.client.create_api_key(
            name=f"whofree-{account_id}",
            description=f"whofree account {account_id} ({name[:100]})",
            enabled=True,
            tags={"whofree:account": account_id},
        )
        try:
            self.client.create_usage_plan_key(usagePlanId=self.usage_plan_id, keyId=key["id"], keyType="API_KEY")
        except ClientError:
            self.client.delete_api_key(apiKey=key["id"])  # a key outside the plan is refused by every route
            raise
        return key["id"], key["value"]

    def delete(self, key_id: str) -> bool:
        from botocore.exceptions import ClientError

        try:  # out of the plan first, then gone
            self.client.delete_usage_plan_key(usagePlanId=self.usage_plan_id, keyId=key_id)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "NotFoundException":
                raise
        try:
            self.client.delete_api_key(apiKey=key_id)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "NotFoundException":
                return False
            raise
        return True


@dataclass(frozen=True)
class LocalKeys:
    """Keys of the local runner: values made here, only their SHA-256 stored (whofree_admin.local_keys)."""

    table: Any

    def create(self, account_id: str, name: str) -> tuple[str, str]:
        from whofree_admin import local_keys

        return local_keys.create(self.table, account_id)

    def delete(self, key_id: str) -> bool:
        from whofree_admin import local_keys

        return local_keys.delete(self.table, key_id)


def run_file(port: int) -> Path:
    """Where the local runner on ``port`` says which DynamoDB endpoint and table it uses."""
    return ROOT / ".local" / f"run-{port}.json"


def local_table(endpoint: str | None, table: str | None, port: int) -> tuple[str, str]:
    """The endpoint and table of ``--local``: given, or those of the local runner on ``port``."""
    if endpoint and table:
        return endpoint, table
    path = run_file(port)
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        raise NotFound(
            f"No local runner on port {port} ({path} is missing): start `make run ACCOUNTS=multi` first, "
            "or give --endpoint and --table."
        ) from None
    return endpoint or found["endpoint"], table or found["table"]
