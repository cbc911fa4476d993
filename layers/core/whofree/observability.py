"""Logger and Metrics, created once per process; the service name comes from the environment.

Tracer is deliberately absent: importing the X-Ray SDK costs ~0.8 s of cold start. The template
turns on Lambda's active tracing, which records each invocation without any SDK in the function.
"""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger, Metrics

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "whofree")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "whofree"), service=SERVICE)
