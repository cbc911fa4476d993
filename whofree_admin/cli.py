"""``whofree-admin``: accounts and their API keys, for the operator of a deployment (docs/OPERATIONS.md).

    whofree-admin --stack NAME [--region R] accounts create|list|delete ...
    whofree-admin --stack NAME keys rotate|delete ...
    whofree-admin --local accounts create NAME          # against `make run`'s DynamoDB Local

A key's value is printed once, when it is made, and stored nowhere by this tool.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import click

from whofree.data import accounts as records
from whofree.data.table import ACCOUNT_ID
from whofree_admin import erase as eraser
from whofree_admin import stack as stacks


@dataclass
class Deployment:
    """What every command works on: the table (``whofree.data.table.Table``), its DynamoDB client and
    the keys (API Gateway's, or the local runner's)."""

    table: Any
    client: Any
    keys: stacks.Keys
    where: str


def _dynamodb(session: Any, endpoint: str | None) -> Any:
    from botocore.config import Config

    # AWS: standard retries (throttling, its own faults); DynamoDB Local: one retry, so that a runner
    # that is not there is said at once.
    attempts = 2 if endpoint else 5
    return session.client(
        "dynamodb", endpoint_url=endpoint, config=Config(retries={"max_attempts": attempts, "mode": "standard"})
    )


def _open(options: dict[str, Any]) -> Deployment:
    import boto3

    from whofree.data.table import Table

    if options["local"]:
        endpoint, name = stacks.local_table(options["endpoint"], options["table"], options["port"])
        session = boto3.Session(
            aws_access_key_id="local",
            aws_secret_access_key="local",  # noqa: S106 - DynamoDB Local accepts any credentials
            region_name="us-east-1",
        )
        client = _dynamodb(session, endpoint)
        table = Table(name, client)
        return Deployment(table, client, stacks.LocalKeys(table), f"DynamoDB Local {endpoint}, table {name}")
    if not options["stack"]:
        raise click.UsageError("Name the stack: --stack NAME (or WHOFREE_STACK), or use --local for `make run`.")
    session = boto3.Session(region_name=options["region"])
    found = stacks.stack_outputs(session.client("cloudformation"), options["stack"])
    client = _dynamodb(session, None)
    keys = stacks.GatewayKeys(session.client("apigateway"), found.usage_plan_id)
    return Deployment(Table(found.table_name, client), client, keys, f"stack {options['stack']}")


def _deployment(ctx: click.Context) -> Deployment:
    """The deployment, opened once per command (the CLI's context object holds it)."""
    state = ctx.find_root().obj
    if state.get("deployment") is None:
        try:
            state["deployment"] = _open(state)
        except stacks.NotFound as exc:
            raise click.ClickException(str(exc)) from None
    return state["deployment"]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _account_or_fail(deployment: Deployment, account_id: str) -> dict[str, Any]:
    if not ACCOUNT_ID.fullmatch(account_id):
        raise click.BadParameter(f"{account_id!r} is not an account id", param_hint="ACCOUNT")
    found = records.get_account(deployment.table, account_id)
    if found is None:
        raise click.ClickException(f"No account {account_id!r} in {deployment.where}.")
    return found


def _say(as_json: bool, data: dict[str, Any], lines: list[str]) -> None:
    click.echo(json.dumps(data) if as_json else "\n".join(lines))


class Console(click.Group):
    """The command group: AWS's and the table's errors end the command with one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        from whofree.data.table import StoreError

        try:
            return super().invoke(ctx)
        except (StoreError, BotoCoreError, ClientError, eraser.Incomplete) as exc:
            raise click.ClickException(f"{type(exc).__name__}: {exc}") from exc


@click.group(cls=Console)
@click.option("--stack", envvar="WHOFREE_STACK", help="The CloudFormation stack of the deployment (sam deploy's).")
@click.option("--region", envvar="AWS_REGION", help="Its region (default: the AWS CLI's).")
@click.option("--local", is_flag=True, help="The local runner (`make run`) instead: DynamoDB Local, no API Gateway.")
@click.option("--port", type=int, default=3000, show_default=True, help="With --local: the port `make run` serves on.")
@click.option("--endpoint", help="With --local: a DynamoDB endpoint (default: the local runner's).")
@click.option("--table", help="With --local: a table name (default: the local runner's).")
@click.pass_context
def main(ctx: click.Context, **options: Any) -> None:
    """Accounts and API keys of a whofree deployment (docs/OPERATIONS.md)."""
    ctx.obj = {**options, "deployment": None}


@main.group()
def accounts() -> None:
    """Create, list and delete accounts."""


@accounts.command("create")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def create_account(ctx: click.Context, name: str, as_json: bool) -> None:
    """Make an account NAME and its first API key; prints the key's value, the only time it is shown."""
    from whofree.accounts import new_id

    if not name.strip() or len(name) > 200:
        raise click.BadParameter("a name has 1 to 200 characters", param_hint="NAME")
    deployment = _deployment(ctx)
    account_id = new_id()
    key_id, value = deployment.keys.create(account_id, name)
    try:
        records.put_account(deployment.table, account_id, name, _now())
        records.map_key(deployment.table, key_id, account_id)
    except Exception:
        deployment.keys.delete(key_id)  # no key without its account
        raise
    _say(
        as_json,
        {"account": account_id, "name": name, "api_key_id": key_id, "api_key": value},
        [
            f"account     {account_id} ({name})",
            f"api key id  {key_id}",
            f"api key     {value}",
            "The key is shown this once: hand it over now (the header is x-api-key).",
        ],
    )


@accounts.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON list.")
@click.pass_context
def list_accounts(ctx: click.Context, as_json: bool) -> None:
    """Every account: id, name, when it was made, its API key ids."""
    found = records.list_accounts(_deployment(ctx).table)
    if as_json:
        click.echo(json.dumps(found))
        return
    click.echo(f"{'ACCOUNT':24} {'CREATED':21} {'API KEY IDS':24} NAME")
    for account in found:
        keys = ",".join(account["key_ids"]) or "-"
        click.echo(f"{account['id']:24} {account['created_at'] or '-':21} {keys:24} {account['name']}")


@accounts.command("delete")
@click.argument("account_id", metavar="ACCOUNT")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def delete_account(ctx: click.Context, account_id: str, yes: bool) -> None:
    """Delete ACCOUNT's API keys, then erase every record of it; says how many."""
    deployment = _deployment(ctx)
    account = _account_or_fail(deployment, account_id)
    if not yes:
        click.confirm(
            f"Delete account {account_id} ({account['name']}) in {deployment.where}: its API keys and every record?",
            abort=True,
        )
    for key_id in account["key_ids"]:  # first: no request of the account starts any more
        deployment.keys.delete(key_id)
    erased = eraser.erase(deployment.client, deployment.table.name, account_id)
    deployment.table.delete(records.ACCOUNT, account_id)  # last: an interrupted run can be run again
    erased += 1
    click.echo(f"Deleted account {account_id}: {len(account['key_ids'])} API key(s), {erased} record(s) erased.")


@main.group()
def keys() -> None:
    """Rotate and delete API keys."""


@keys.command("rotate")
@click.argument("account_id", metavar="ACCOUNT")
@click.option("--keep-old", is_flag=True, help="Keep the old key(s) working; delete them later with `keys delete`.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def rotate(ctx: click.Context, account_id: str, keep_old: bool, as_json: bool) -> None:
    """Give ACCOUNT a new API key, then delete its old one(s) unless --keep-old."""
    deployment = _deployment(ctx)
    account = _account_or_fail(deployment, account_id)
    old = account["key_ids"]
    key_id, value = deployment.keys.create(account_id, account["name"])
    try:
        records.map_key(deployment.table, key_id, account_id)
    except Exception:
        deployment.keys.delete(key_id)
        raise
    deleted = [] if keep_old else old
    for old_id in deleted:
        _delete_key(deployment, old_id)
    _say(
        as_json,
        {
            "account": account_id,
            "api_key_id": key_id,
            "api_key": value,
            "deleted": deleted,
            "kept": [] if deleted else old,
        },
        [
            f"account     {account_id}",
            f"api key id  {key_id}",
            f"api key     {value}",
            "The key is shown this once: hand it over now (the header is x-api-key).",
            f"deleted     {', '.join(deleted)}"
            if deleted
            else f"still valid {', '.join(old) or '-'} (delete with `keys delete`)",
        ],
    )


@keys.command("delete")
@click.argument("account_id", metavar="ACCOUNT")
@click.argument("key_id", metavar="KEY_ID")
@click.pass_context
def delete_key(ctx: click.Context, account_id: str, key_id: str) -> None:
    """Delete one API key of ACCOUNT (e.g. the old one, after `keys rotate --keep-old`)."""
    deployment = _deployment(ctx)
    if key_id not in _account_or_fail(deployment, account_id)["key_ids"]:
        raise click.ClickException(f"Account {account_id} has no API key {key_id!r}.")
    _delete_key(deployment, key_id)
    click.echo(f"Deleted API key {key_id} of account {account_id}.")


def _delete_key(deployment: Deployment, key_id: str) -> None:
    """The key first (no request with it starts), then its mapping."""
    deployment.keys.delete(key_id)
    records.unmap_key(deployment.table, key_id)
