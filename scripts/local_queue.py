"""SQS and its Lambda event source mapping, locally: moto's SQS server on 127.0.0.1, the template's
two queues (the subscriptions queue with its redrive policy, and its dead-letter queue), and a
poller that does what the event source mapping does on AWS: receive up to 10 messages, call the
sender's ``lambda_handler`` with them as an SQS event, delete the ones not in ``batchItemFailures``
(all of them stay when the handler raises).

The local runner (scripts/local_api.py) starts all of it, so that a subscription made with
``make run`` is delivered; the integration tests use the same pieces.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account


def start_server() -> tuple[Any, str]:
    """moto's SQS server on a free loopback port; (server, endpoint)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # moto warns that its server extras may be missing: Flask is enough
        from moto.server import ThreadedMotoServer

    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per poll
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server._server.server_port
    return server, f"http://127.0.0.1:{port}"


def client(endpoint: str):
    import boto3

    return boto3.client(
        "sqs",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto's stand-in, not a secret
    )


def create_queues(sqs, max_receives: int, prefix: str = "local") -> tuple[str, str]:
    """The subscriptions queue and its dead-letter queue, as the template makes them; their URLs."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    dead = sqs.create_queue(QueueName=f"{name}-dlq", Attributes={"MessageRetentionPeriod": "1209600"})["QueueUrl"]
    dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": str(max_receives)})
    attributes = {"VisibilityTimeout": "180", "MessageRetentionPeriod": "345600", "RedrivePolicy": redrive}
    queue = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return queue, dead


class _Context:
    function_name = "whofree-subscriptions"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:whofree-subscriptions"
    aws_request_id = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def _record(message: dict, queue_url: str) -> dict:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue_url.rsplit('/', 1)[-1]}",
        "awsRegion": REGION,
    }


def poll_once(sqs, queue_url: str, handler: Callable[[dict, Any], dict], wait: int = 0) -> int:
    """One receive and one invocation, as the event source mapping does; how many messages."""
    answer = sqs.receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait, AttributeNames=["All"]
    )
    messages = answer.get("Messages", [])
    if not messages:
        return 0
    try:
        result = handler({"Records": [_record(m, queue_url) for m in messages]}, _Context()) or {}
    except Exception:
        return len(messages)
    failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
    for message in messages:
        if message["MessageId"] not in failed:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return len(messages)


def start_poller(sqs, queue_url: str, handler: Callable[[dict, Any], dict]) -> threading.Event:
    """Poll in a daemon thread until the returned event is set."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                poll_once(sqs, queue_url, handler, wait=1)
            except Exception:
                time.sleep(1)

    threading.Thread(target=run, daemon=True, name="subscriptions-poller").start()
    return stop
