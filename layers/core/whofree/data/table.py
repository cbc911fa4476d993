"""whofree's one DynamoDB table, behind a small interface (docs/STORAGE.md has the design).

Only the record modules of ``whofree.data`` use it: nothing else builds a key or calls the table.

- The table name comes from WHOFREE_TABLE_NAME (set by template.yaml); WHOFREE_DYNAMODB_ENDPOINT
  points at DynamoDB Local for tests and local runs. Without a name there is no table: read-only
  answers still work uncached, and routes that must store something are refused (ServiceUnavailable).
- SDK errors become the project's exceptions: ConditionFailed for a lost conditional write;
  StoreUnavailable (a ServiceUnavailable with a retry hint) for throttling, a missing table,
  DynamoDB's own outages and the network; StoreError for anything else (a bug).
- DynamoDB deletes items past their TTL late (up to days), so every read treats an item whose
  ``expires_at`` has passed as absent.
- Blobs (cached answers, provider data) are stored zlib-compressed; one larger than an item can hold
  is split over several items of one partition, written before the head item that lists them.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from whofree import settings, tracing
from whofree.errors import ServiceUnavailable

CHUNK = 350_000  # bytes of compressed blob per item: DynamoDB items are at most 400 KB
DYNAMODB_MAX_PK_BYTES, MAX_SK_BYTES = 2048, 1024  # DynamoDB's key limits, in UTF-8 bytes
# An account's partition keys are stored behind its prefix (``scope``), so the keys the record modules
# build keep room for the longest one: an account id is at most 40 characters.
MAX_SCOPE_BYTES = 48
MAX_PK_BYTES = DYNAMODB_MAX_PK_BYTES - MAX_SCOPE_BYTES
ACCOUNT_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MAX_TRANSACTION_ITEMS = 100  # TransactWriteItems: at most 100 actions


class StoreError(Exception):
    pass


class ConditionFailed(StoreError):
    """A conditional write lost (the item exists, or was changed by someone else)."""


class Cancelled(ConditionFailed):
    """A transaction was cancelled because a condition failed or another transaction touched an item;
    ``reasons``: DynamoDB's code per action (``None`` for the actions that were fine)."""

    def __init__(self, reasons: list[str | None]) -> None:
        super().__init__(f"TransactionCanceledException: {reasons}")
        self.reasons = reasons


class StoreUnavailable(StoreError, ServiceUnavailable):
    """The table is throttling or cannot be reached: the client may retry after ``retry_after`` s."""

    default_message = "The service's storage is busy or unavailable; retry shortly."

    def __init__(self, detail: str, retry_after: int = 1) -> None:
        ServiceUnavailable.__init__(self, retry_after=retry_after)  # the client sees the default message
        self.args = (detail,)  # str(exc): for logs, never for the client


# DynamoDB's error codes that mean "not now": throttling, its own outages, a table that is missing.
THROTTLED = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
UNAVAILABLE = {"ResourceNotFoundException", "InternalServerError", "ServiceUnavailable", "ResourceInUseException"}


def _fault(operation: str, code: str) -> StoreError:
    if code in THROTTLED:
        return StoreUnavailable(f"DynamoDB {operation} throttled: {code}", retry_after=1)
    if code in UNAVAILABLE:
        return StoreUnavailable(f"DynamoDB {operation} failed: {code}", retry_after=5)
    return StoreError(f"DynamoDB {operation} failed: {code}")


def _traced(operation: str, table_name: str) -> Any:
    """The X-Ray subsegment of one DynamoDB call (whofree/tracing.py; a no-op off Lambda)."""
    name = "".join(word.capitalize() for word in operation.split("_"))  # get_item -> GetItem, as X-Ray's SDKs write it
    return tracing.subsegment("DynamoDB", "aws", aws={"operation": name, "table_name": table_name})


def fit(prefix: str, text: str, limit: int, sep: str = "=") -> str:
    """``prefix + sep + text``, or ``prefix + mark + sha256(text)`` when that would be over ``limit``
    UTF-8 bytes (a DynamoDB key limit), ``mark`` being "#" (or "!" when ``sep`` is "#"): the same text
    always gives the same key, and a hashed key never equals a plain one. Lone surrogates (which JSON
    allows) are hashed too: they cannot be stored."""
    import hashlib

    try:
        plain = f"{prefix}{sep}{text}"
        if len(plain.encode()) <= limit:
            return plain
        data = text.encode()
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return f"{prefix}{'!' if sep == '#' else '#'}{hashlib.sha256(data).hexdigest()}"


def scope(account: str) -> str:
    """The prefix of every partition key of ``account``: ``"<account>|"``. Partition keys the record
    modules build never contain "|" before a "#", and global records (found without an account: an API
    key's mapping, a connection's index) are stored unprefixed, so no two accounts, and no account and the
    global records, ever share a partition."""
    if not ACCOUNT_ID.fullmatch(account):
        raise StoreError(f"not an account id: {account[:60]!r}")
    return f"{account}|"


def check_key(pk: str, sk: str) -> None:
    """A key over DynamoDB's limits is a bug of the module that built it (the request was validated)."""
    if (
        len(pk.encode("utf-8", "surrogatepass")) > DYNAMODB_MAX_PK_BYTES
        or len(sk.encode("utf-8", "surrogatepass")) > MAX_SK_BYTES
    ):
        raise StoreError(f"key over DynamoDB's limits: pk {pk[:40]!r}..., sk {sk[:40]!r}...")


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    last_key: dict[str, Any] | None


def _value(v: Any) -> dict:
    if isinstance(v, bool):
        return {"BOOL": v}
    if isinstance(v, (int, float)):
        return {"N": repr(v)}
    if isinstance(v, bytes):
        return {"B": v}
    if isinstance(v, str):
        return {"S": v}
    if v is None:
        return {"NULL": True}
    raise TypeError(f"cannot store {type(v).__name__}")


def _plain(v: dict) -> Any:
    ((kind, value),) = v.items()
    if kind == "N":
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    if kind == "NULL":
        return None
    return value


def marshal(item: dict[str, Any]) -> dict:
    return {k: _value(v) for k, v in item.items()}


def unmarshal(item: dict) -> dict[str, Any]:
    return {k: _plain(v) for k, v in item.items()}


def live(item: dict[str, Any] | None, now: float) -> dict[str, Any] | None:
    """The item, or None when it has expired (DynamoDB's TTL deletion lags)."""
    if item is None:
        return None
    expires = item.get("expires_at")
    if expires is not None and expires <= now:
        return None
    return item


class Table:
    """The table ``name`` through a DynamoDB ``client``; ``clock`` decides which items have expired.

    A table may be *scoped* to an account (``scoped``): then every partition key given to it, and every
    key it hands back (items' ``pk``, pages' ``last_key``), is the record module's own key, and what is
    stored is that key behind the account's prefix. The record modules never see the prefix, so none of
    them can forget it: the request context hands out only the scoped table (``Context.table``)."""

    def __init__(self, name: str, client: Any, clock: Callable[[], float] = time.time, prefix: str = "") -> None:
        self.name = name
        self.client = client
        self.clock = clock
        self.prefix = prefix

    def with_clock(self, clock: Callable[[], float]) -> Table:
        """The same table, read by another clock."""
        return Table(self.name, self.client, clock, self.prefix)

    def scoped(self, account: str) -> Table:
        """The same table, seen by one account: its keys are stored behind ``scope(account)``."""
        if self.prefix:
            raise StoreError("a scoped table cannot be scoped again")
        return Table(self.name, self.client, self.clock, scope(account))

    def unscoped(self) -> Table:
        """The same table with no account's prefix: the global records."""
        return Table(self.name, self.client, self.clock)

    @property
    def account(self) -> str | None:
        """The account this table is scoped to, or None for the global table."""
        return self.prefix[:-1] if self.prefix else None

    @property
    def identity(self) -> str:
        """The table and scope, for in-process caches kept per table and account."""
        return f"{self.name}/{self.prefix}"

    # ------------------------------------------------------------ keys
    def stored_pk(self, pk: str) -> str:
        """The partition key as stored, for a library that writes to the table itself (idempotency)."""
        return self.prefix + pk

    def _pk(self, pk: str) -> str:
        return self.prefix + pk

    def _key(self, pk: str, sk: str) -> dict:
        full = self._pk(pk)
        check_key(full, sk)
        return marshal({"pk": full, "sk": sk})

    def _item(self, item: dict[str, Any]) -> dict[str, Any]:
        """An item as stored: its partition key behind the prefix."""
        full = item | {"pk": self._pk(item["pk"])}
        check_key(full["pk"], full["sk"])
        return full

    def _own(self, item: dict[str, Any]) -> dict[str, Any]:
        """A stored item as the record modules know it (the prefix taken off its partition key)."""
        if self.prefix:
            pk = item.get("pk", "")
            if not pk.startswith(self.prefix):
                raise StoreError("an item of another scope was read")  # never: every key is prefixed
            item["pk"] = pk[len(self.prefix) :]
        return item

    def _own_key(self, key: dict | None) -> dict | None:
        """A LastEvaluatedKey with the prefix taken off (pages hand out keys the caller can build)."""
        if key is None or not self.prefix:
            return key
        return key | {"pk": {"S": key["pk"]["S"][len(self.prefix) :]}}

    def _stored_key(self, key: dict | None) -> dict | None:
        if key is None or not self.prefix:
            return key
        return key | {"pk": {"S": self._pk(key["pk"]["S"])}}

    # ------------------------------------------------------------ errors
    def _call(self, operation: str, **kwargs: Any) -> dict:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            with _traced(operation, self.name):
                return getattr(self.client, operation)(TableName=self.name, **kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code == "ConditionalCheckFailedException":
                raise ConditionFailed(code) from exc
            raise _fault(operation, code) from exc
        except BotoCoreError as exc:  # the network: connection refused, timeouts
            raise StoreUnavailable(f"DynamoDB {operation} failed: {type(exc).__name__}", retry_after=5) from exc

    # ------------------------------------------------------------ items
    def get(self, pk: str, sk: str, consistent: bool = False) -> dict[str, Any] | None:
        answer = self._call("get_item", Key=self._key(pk, sk), ConsistentRead=consistent)
        return live(self._own(unmarshal(answer["Item"])), self.clock()) if "Item" in answer else None

    def put(
        self,
        item: dict[str, Any],
        condition: str | None = None,
        values: dict[str, Any] | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {"Item": marshal(self._item(item))}
        if condition:
            kwargs["ConditionExpression"] = condition
        if values:
            kwargs["ExpressionAttributeValues"] = marshal(values)
        if names:
            kwargs["ExpressionAttributeNames"] = names
        self._call("put_item", **kwargs)

    def delete(self, pk: str, sk: str, condition: str | None = None, values: dict[str, Any] | None = None) -> None:
        kwargs: dict[str, Any] = {"Key": self._key(pk, sk)}
        if condition:
            kwargs["ConditionExpression"] = condition
        if values:
            kwargs["ExpressionAttributeValues"] = marshal(values)
        self._call("delete_item", **kwargs)

    def add(self, pk: str, sk: str, attribute: str, amount: int, expires_at: int) -> None:
        """Atomic counter: ``attribute += amount`` (created at 0), and the item's expiry."""
        self._call(
            "update_item",
            Key=self._key(pk, sk),
            UpdateExpression="ADD #a :n SET expires_at = :e",
            ExpressionAttributeNames={"#a": attribute},
            ExpressionAttributeValues=marshal({":n": amount, ":e": expires_at}),
        )

    def add_within(self, pk: str, sk: str, attribute: str, amount: int, most: int, expires_at: int) -> None:
        """Atomic counter that never passes ``most``: ``attribute += amount`` (created at 0) only when the
        result is at most ``most``; ConditionFailed (nothing changed) otherwise."""
        self._call(
            "update_item",
            Key=self._key(pk, sk),
            UpdateExpression="ADD #a :n SET expires_at = :e",
            ConditionExpression="attribute_not_exists(#a) OR #a <= :room",
            ExpressionAttributeNames={"#a": attribute},
            ExpressionAttributeValues=marshal({":n": amount, ":e": expires_at, ":room": most - amount}),
        )

    def set(
        self,
        pk: str,
        sk: str,
        attributes: dict[str, Any],
        condition: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        """UpdateItem ``SET`` of ``attributes`` (the item is created when absent), only where
        ``condition`` holds (ConditionFailed otherwise; its ``values`` named ``:x``)."""
        names = {f"#a{n}": name for n, name in enumerate(attributes)}
        values = {f":v{n}": value for n, value in enumerate(attributes.values())} | (values or {})
        self._call(
            "update_item",
            Key=self._key(pk, sk),
            UpdateExpression="SET " + ", ".join(f"#a{n} = :v{n}" for n in range(len(attributes))),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=marshal(values),
            **({"ConditionExpression": condition} if condition else {}),
        )

    def query(
        self,
        pk: str,
        *,
        after: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        start_key: dict | None = None,
        expired: bool = False,
        consistent: bool = False,
    ) -> Page:
        """Items of one partition (sk ascending, optionally in [after, until]); expired ones skipped
        unless ``expired``."""
        condition, values = "pk = :pk", {":pk": self._pk(pk)}
        if after is not None and until is not None:
            condition += " AND sk BETWEEN :a AND :u"
            values |= {":a": after, ":u": until}
        elif after is not None:
            condition += " AND sk >= :a"
            values[":a"] = after
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": marshal(values),
            "ConsistentRead": consistent,
        }
        if limit:
            kwargs["Limit"] = limit
        if start_key:
            kwargs["ExclusiveStartKey"] = self._stored_key(start_key)
        answer = self._call("query", **kwargs)
        now = 0.0 if expired else self.clock()
        items = [i for i in (live(self._own(unmarshal(raw)), now) for raw in answer.get("Items", [])) if i is not None]
        return Page(items, self._own_key(answer.get("LastEvaluatedKey")))

    def query_all(self, pk: str, **kwargs: Any) -> list[dict[str, Any]]:
        items, start = [], None
        while True:
            page = self.query(pk, start_key=start, **kwargs)
            items += page.items
            if not page.last_key:
                return items
            start = page.last_key

    def delete_partition(self, pk: str) -> int:
        """Delete every item of a partition (expired ones too); returns how many."""
        keys = [self._key(pk, i["sk"]) for i in self.query_all(pk, expired=True)]
        for n in range(0, len(keys), 25):
            requests = [{"DeleteRequest": {"Key": k}} for k in keys[n : n + 25]]
            pending = {self.name: requests}
            for _ in range(5):
                answer = self._call_batch(pending)
                pending = answer.get("UnprocessedItems") or {}
                if not pending:
                    break
                time.sleep(0.05)
        return len(keys)

    def _call_batch(self, requests: dict) -> dict:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            with _traced("batch_write_item", self.name):
                return self.client.batch_write_item(RequestItems=requests)
        except ClientError as exc:
            raise _fault("batch_write_item", exc.response.get("Error", {}).get("Code", "")) from exc
        except BotoCoreError as exc:
            raise StoreUnavailable("DynamoDB batch_write_item failed", retry_after=5) from exc

    def get_many(self, keys: list[tuple[str, str]], consistent: bool = False) -> dict[tuple[str, str], dict[str, Any]]:
        """Items by key (BatchGetItem, 100 keys a call), as stored: expired items too (the caller
        decides what expiry means for them). Absent keys are absent from the answer."""
        found: dict[tuple[str, str], dict[str, Any]] = {}
        unique = list(dict.fromkeys(keys))
        for n in range(0, len(unique), 100):
            pending: dict | None = {
                self.name: {
                    "Keys": [self._key(pk, sk) for pk, sk in unique[n : n + 100]],
                    "ConsistentRead": consistent,
                }
            }
            for attempt in range(8):
                answer = self._call_client("batch_get_item", RequestItems=pending)
                for raw in answer.get("Responses", {}).get(self.name, []):
                    item = self._own(unmarshal(raw))
                    found[(item["pk"], item["sk"])] = item
                pending = answer.get("UnprocessedKeys") or None
                if not pending:
                    break
                time.sleep(0.02 * 2**attempt)
            if pending:
                raise StoreUnavailable("DynamoDB batch_get_item left keys unprocessed", retry_after=1)
        return found

    def transact(self, actions: list[dict[str, Any]]) -> None:
        """One TransactWriteItems: all of ``actions`` or none. Each action is
        ``{"put": item, "condition": ..., "values": {...}}``, ``{"delete": (pk, sk), "condition": ...,
        "values": {...}}`` or ``{"check": (pk, sk), "condition": ..., "values": {...}}`` (a
        ConditionCheck: writes nothing). Cancelled (a ConditionFailed) when a condition fails or another
        transaction touches one of the items meanwhile."""
        if not 1 <= len(actions) <= MAX_TRANSACTION_ITEMS:
            raise StoreError(f"a transaction has 1 to {MAX_TRANSACTION_ITEMS} actions, not {len(actions)}")
        items = []
        for action in actions:
            if "put" in action:
                one: dict[str, Any] = {"TableName": self.name, "Item": marshal(self._item(action["put"]))}
                kind = "Put"
            else:
                kind = "Delete" if "delete" in action else "ConditionCheck"
                pk, sk = action["delete"] if "delete" in action else action["check"]
                one = {"TableName": self.name, "Key": self._key(pk, sk)}
            if action.get("condition"):
                one["ConditionExpression"] = action["condition"]
            if action.get("values"):
                one["ExpressionAttributeValues"] = marshal(action["values"])
            items.append({kind: one})
        self._call_client("transact_write_items", TransactItems=items)

    def _call_client(self, operation: str, **kwargs: Any) -> dict:
        """A call without TableName (batch and transaction calls name the table per item)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            with _traced(operation, self.name):
                return getattr(self.client, operation)(**kwargs)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = error.get("Code", "")
            if code == "TransactionCanceledException":
                reasons = [r.get("Code") or None for r in exc.response.get("CancellationReasons", [])]
                reasons = [None if r == "None" else r for r in reasons]
                if set(reasons) <= {None, "ConditionalCheckFailed", "TransactionConflict"}:
                    raise Cancelled(reasons) from exc
                if set(reasons) & {"ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"}:
                    raise StoreUnavailable(f"DynamoDB {operation} throttled: {reasons}", retry_after=1) from exc
                raise StoreError(f"DynamoDB {operation} cancelled: {reasons}") from exc
            raise _fault(operation, code) from exc
        except BotoCoreError as exc:
            raise StoreUnavailable(f"DynamoDB {operation} failed: {type(exc).__name__}", retry_after=5) from exc

    # ------------------------------------------------------------ blobs
    def put_blob(
        self,
        pk: str,
        name: str,
        data: bytes,
        expires_at: int,
        extra: dict[str, Any] | None = None,
        checks: list[dict[str, Any]] | None = None,
    ) -> None:
        """Store ``data`` compressed as blob ``name`` of partition ``pk``, split when one item cannot hold it.

        The parts are written first and the head last, so a reader never sees a head without its parts.
        With ``checks`` (transaction ConditionChecks), the head is written in one transaction with
        them, and not at all (Cancelled) when one fails.
        """
        packed = zlib.compress(data, 6)
        parts = [packed[n : n + CHUNK] for n in range(0, len(packed), CHUNK)] or [b""]
        version = f"{time.time_ns():x}"
        for n, part in enumerate(parts[1:], start=1):
            self.put({"pk": pk, "sk": f"{name}#part#{version}#{n:04d}", "data": part, "expires_at": expires_at})
        head = {
            "pk": pk,
            "sk": f"{name}#head",
            "data": parts[0],
            "parts": len(parts),
            "version": version,
            "expires_at": expires_at,
            **(extra or {}),
        }
        if checks:
            self.transact([*checks, {"put": head}])
        else:
            self.put(head)

    def get_blob(
        self, pk: str, name: str, also: list[tuple[str, str]] | None = None
    ) -> tuple[bytes, dict[str, Any], dict[tuple[str, str], dict[str, Any]]] | None:
        """The blob, its head item and, with ``also``, those items as stored, read in the same round
        trip (one consistent BatchGetItem); None when the blob is absent."""
        others: dict[tuple[str, str], dict[str, Any]] = {}
        if also:
            others = self.get_many([(pk, f"{name}#head"), *also], consistent=True)
            head = live(others.pop((pk, f"{name}#head"), None), self.clock())
        else:
            head = self.get(pk, f"{name}#head")
        if head is None:
            return None
        packed = bytes(head["data"])
        if head.get("parts", 1) > 1:
            prefix = f"{name}#part#{head['version']}#"
            rest = self.query(pk, after=prefix, until=f"{prefix}~").items
            if len(rest) != head["parts"] - 1:
                return None  # a part is missing or expired: treat the whole blob as absent
            packed += b"".join(bytes(i["data"]) for i in rest)
        try:
            return zlib.decompress(packed), head, others
        except zlib.error:
            return None


@cache
def _client(endpoint: str | None) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 3, "mode": "standard"})
    return boto3.client("dynamodb", endpoint_url=endpoint, config=config)


def table(current: settings.Settings, clock: Callable[[], float] = time.time) -> Table | None:
    """The table ``current`` settings name, or None when WHOFREE_TABLE_NAME is unset."""
    if not current.table_name:
        return None
    return Table(current.table_name, _client(current.dynamodb_endpoint), clock)


# The retry hint without a table (API.md §1 puts one on every unavailable answer). No table is a
# configuration fault: it heals only when the function is deployed with WHOFREE_TABLE_NAME, which
# takes minutes, not seconds, so a client is told to wait a minute rather than the 1-5 s of a
# throttled or unreachable table, which a quick retry may well get past.
NO_TABLE_RETRY_AFTER = 60


def required_table(found: Table | None) -> Table:
    """``found``, a request's table, where something must be stored: ServiceUnavailable when there is none."""
    if found is None:
        raise ServiceUnavailable(
            "This route stores data, and no table is configured (WHOFREE_TABLE_NAME).", retry_after=NO_TABLE_RETRY_AFTER
        )
    return found
