"""The scheduled function (EventBridge): cache the answers of the most requested event types, then
keep the push channels up (create, renew, stop: whofree.push)."""

from __future__ import annotations

from datetime import datetime

from whofree import accounts, push, runtime, settings
from whofree.data.table import required_table
from whofree.observability import logger, metrics, publish_metrics
from whofree.warmer import Report, Settings, warm

SETTINGS = settings.load()  # read and validated once, at init: a bad value fails it, naming the variable
RUNTIME = runtime.start(SETTINGS)


@logger.inject_lambda_context
@publish_metrics
def lambda_handler(event: dict, context) -> dict:
    # A scheduled event carries the time it was scheduled for; warm from then.
    when = datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp() if event.get("time") else None
    if when is None:
        import time

        when = time.time()
    remaining = (
        context.get_remaining_time_in_millis() / 1000 if hasattr(context, "get_remaining_time_in_millis") else 60
    )
    required_table(RUNTIME.table)
    report = Report()
    for account in accounts.warmed(RUNTIME):  # each account's own popular event types, one after the other
        left = remaining - 10 - report.seconds
        if left < 5.0:
            logger.warning("warm run out of time", extra={"account": account})
            break
        report = report.plus(warm(Settings.of(RUNTIME.settings), when, RUNTIME.context(left, account)))
    metrics.add_metric(name="EventTypesWarmed", unit="Count", value=len(report.warmed))
    metrics.add_metric(name="WarmFailures", unit="Count", value=len(report.failed))
    channels = push.sync(RUNTIME.context(max(5.0, remaining - 10 - report.seconds)))
    return {
        "warmed": report.warmed,
        "failed": report.failed,
        "seconds": round(report.seconds, 3),
        "push": {
            "created": channels.created,
            "renewed": channels.renewed,
            "stopped": channels.stopped,
            "failed": channels.failed,
        },
    }
