"""The subscription sender (SQS event source, ReportBatchItemFailures): POST each queued
availability change to its subscription's url, signed; the failed ones retried with backoff
(whofree.sender)."""

from __future__ import annotations

from whofree import runtime, sender, settings
from whofree.observability import logger, publish_metrics

SETTINGS = settings.load()  # read and validated once, at init: a bad value fails it, naming the variable
RUNTIME = runtime.start(SETTINGS)


@logger.inject_lambda_context
@publish_metrics
def lambda_handler(event: dict, context) -> dict:
    return sender.handle(event, RUNTIME)
