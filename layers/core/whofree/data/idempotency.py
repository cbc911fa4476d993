"""Idempotency records (docs/STORAGE.md): Powertools idempotency for Idempotency-Key, persisted in
whofree's one table.

Records live under pk ``IDEMPOTENCY`` of the request's account (sk: a hash of the key) with ``expires_at`` as their TTL, so
a retried POST within an hour returns the first answer; the same key with another body is a 400,
and a retry while the first is still running a 409. A request that failed is not recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from whofree.data.table import StoreUnavailable, Table
from whofree.errors import Conflict, Detail, InvalidArgument


def once(table: Table, work: Callable[[dict], dict], key: str, body: dict, context: object | None) -> dict:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyPersistenceLayerError,
        IdempotencyValidationError,
    )

    persistence = DynamoDBPersistenceLayer(
        table_name=table.name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=table.stored_pk("IDEMPOTENCY"),  # Powertools writes itself: the account's own partition
        expiry_attr="expires_at",
        boto3_client=table.client,
    )
    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="body",
        expires_after_seconds=3600,
        raise_on_no_idempotency_key=True,
    )
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        config.register_lambda_context(context)
    guarded = idempotent_function(data_keyword_argument="data", config=config, persistence_store=persistence)(work)
    try:
        return guarded(data={"key": key, "body": body})
    except IdempotencyValidationError:
        raise InvalidArgument(
            details=[Detail("Idempotency-Key", "This key was used with a different request.")]
        ) from None
    except IdempotencyAlreadyInProgressError:
        raise Conflict("A request with this Idempotency-Key is still being processed.") from None
    except IdempotencyPersistenceLayerError as exc:
        # Powertools talks to the table itself: its store faults are the store's own.
        raise StoreUnavailable(f"Idempotency records unavailable: {exc}") from exc
