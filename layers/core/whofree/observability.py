"""Logger and Metrics, created once per process; service name, namespace and log level come from
whofree.settings (read, and validated, here: every function imports this module at init).

Tracer is deliberately absent: importing the X-Ray SDK costs ~0.8 s of cold start. The template
turns on Lambda's active tracing, which records each invocation without any SDK in the function;
whofree/tracing.py adds a subsegment for each provider and DynamoDB call, without the SDK either.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from aws_lambda_powertools import Logger, Metrics

from whofree import settings

_SETTINGS = settings.load()  # read once, at import; immutable
SERVICE = _SETTINGS.powertools_service_name

logger = Logger(service=SERVICE, level=_SETTINGS.powertools_log_level)
metrics = Metrics(namespace=_SETTINGS.powertools_metrics_namespace, service=SERVICE)


def publish_metrics(handler: Callable) -> Callable:
    """``metrics.log_metrics``, and the metric set cleared after every invocation.

    With POWERTOOLS_METRICS_DISABLED (local runs, tests, benchmarks) Powertools skips the flush but
    keeps the values, and prints them once 100 pile up: clearing keeps a long local run flat.
    """
    logged = metrics.log_metrics(handler)

    @functools.wraps(handler)
    def wrapper(event: dict, context: object) -> dict:
        try:
            return logged(event, context)
        finally:
            metrics.clear_metrics()

    return wrapper
