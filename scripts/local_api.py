"""Serve the Lambda handlers on http://127.0.0.1:3000 without Docker (``sam local start-api`` needs it).

The routes come from template.yaml: every ``Api`` event of every function. Each HTTP request becomes
an API Gateway REST (v1) proxy event (path, resource, path and query parameters, headers, body),
goes to the same ``lambda_handler`` that runs on Lambda, and its answer (status, headers, body)
goes back to the client. With one account (``WHOFREE_ACCOUNTS=single``, the default) API keys are
not checked here: that is API Gateway's job. With ``--accounts multi`` the runner does what API
Gateway does with a key: the ``X-Api-Key`` value of a route that needs one becomes
``requestContext.identity.apiKeyId`` (keys made by ``whofree-admin --local``), and a missing or
unknown key gets the template's INVALID_API_KEY gateway response.

    python scripts/local_api.py [--port 3000] [--accounts single|multi]
"""

from __future__ import annotations

import argparse
import atexit
import base64
import contextlib
import errno
import importlib.util
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT)]


class _TemplateLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !Sub, ...) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}


_TemplateLoader.add_multi_constructor("!", _any_tag)


@dataclass
class Route:
    method: str  # "ANY" or an HTTP method
    template: str  # API Gateway path, e.g. /v1/event_types/{id}
    pattern: re.Pattern[str]
    function: str
    handler: Any
    key_required: bool = True  # the event's Auth.ApiKeyRequired, else the API's

    @property
    def rank(self) -> tuple[int, int]:
        # API Gateway prefers static paths, then {param} paths, then greedy {proxy+}.
        return ("+}" in self.template, self.template.count("{"))


def _pattern(template: str) -> re.Pattern[str]:
    regex = re.sub(r"\{(\w+)\+\}", r"(?P<\1>.+)", template)
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", regex)
    return re.compile(f"^{regex}$")


def _load_handler(name: str, code_uri: str, handler: str) -> Any:
    module_name, function = handler.rsplit(".", 1)
    path = ROOT / code_uri / f"{module_name.replace('.', '/')}.py"
    spec = importlib.util.spec_from_file_location(f"local_{name}_{module_name}", path)
    loaded = sys.modules.get(spec.name)  # once per process, as an import: one runtime per function
    if loaded is not None:
        return getattr(loaded, function)
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (tests restart each function's runtime by its module's name)
    spec.loader.exec_module(module)
    return getattr(module, function)


def _literal_env(variables: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in variables.items() if isinstance(v, (str, int, float))}


def _read_template(template_path: Path) -> dict[str, Any]:
    return yaml.load(template_path.read_text(), Loader=_TemplateLoader)  # noqa: S506 - SafeLoader subclass


def _key_required(template: dict[str, Any], event: dict[str, Any]) -> bool:
    auth = event["Properties"].get("Auth") or {}
    if "ApiKeyRequired" in auth:
        return bool(auth["ApiKeyRequired"])
    api = event["Properties"].get("RestApiId")
    api_name = api.get("Ref") if isinstance(api, dict) else None
    api_auth = template["Resources"].get(api_name, {}).get("Properties", {}).get("Auth") or {}
    return bool(api_auth.get("ApiKeyRequired", False))


def gateway_response(kind: str, template_path: Path = ROOT / "template.yaml") -> tuple[int, dict[str, str], bytes]:
    """What API Gateway answers for ``kind`` (e.g. INVALID_API_KEY): the template's gateway response."""
    for resource in _read_template(template_path)["Resources"].values():
        found = (resource.get("Properties", {}).get("GatewayResponses") or {}).get(kind)
        if resource["Type"] == "AWS::Serverless::Api" and found:
            body = found["ResponseTemplates"]["application/json"]
            return int(found["StatusCode"]), {"Content-Type": "application/json"}, body.encode()
    raise LookupError(f"template.yaml has no gateway response {kind}")


def load_routes(template_path: Path = ROOT / "template.yaml") -> list[Route]:
    template = _read_template(template_path)
    defaults = template.get("Globals", {}).get("Function", {})
    routes: list[Route] = []
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        props = resource["Properties"]
        environment = _literal_env(defaults.get("Environment", {}).get("Variables", {}))
        environment.update(_literal_env(props.get("Environment", {}).get("Variables", {})))
        for key, value in environment.items():  # before the import: modules read their settings then
            os.environ.setdefault(key, value)
        handler = _load_handler(name, props["CodeUri"], props.get("Handler", defaults.get("Handler")))
        for event in props.get("Events", {}).values():
            if event["Type"] != "Api":
                continue
            path, method = event["Properties"]["Path"], event["Properties"]["Method"].upper()
            routes.append(Route(method, path, _pattern(path), name, handler, _key_required(template, event)))
    return sorted(routes, key=lambda r: r.rank)


class _Context:
    """The parts of Lambda's context object that handlers and Powertools read."""

    def __init__(self, function: str) -> None:
        self.function_name = function
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 1024
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{function}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + 28

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def to_event(
    method: str, target: str, headers: list[tuple[str, str]], body: bytes, route: Route | None, port: int
) -> dict[str, Any]:
    parts = urlsplit(target)
    query = parse_qs(parts.query, keep_blank_values=True)
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for key, value in headers:
        single[key] = value
        multi.setdefault(key, []).append(value)
    if not any(key.lower() == "x-forwarded-proto" for key in single):
        # API Gateway tells the function which scheme the client used; here it is plain http.
        single["X-Forwarded-Proto"] = "http"
        multi["X-Forwarded-Proto"] = ["http"]
    try:
        text, encoded = body.decode("utf-8"), False
    except UnicodeDecodeError:
        text, encoded = base64.b64encode(body).decode(), True
    match = route.pattern.match(parts.path) if route else None
    params = match.groupdict() if match else None
    request_id = str(uuid.uuid4())
    return {
        "resource": route.template if route else parts.path,
        "path": parts.path,
        "httpMethod": method,
        "headers": single,
        "multiValueHeaders": multi,
        "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": params or None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": route.template if route else parts.path,
            "httpMethod": method,
            "path": parts.path,
            "stage": "local",
            "requestId": request_id,
            "extendedRequestId": request_id,
            "accountId": "000000000000",
            "apiId": "local",
            "protocol": "HTTP/1.1",
            "domainName": f"127.0.0.1:{port}",
            "requestTimeEpoch": int(time.time() * 1000),
            "identity": {"sourceIp": "127.0.0.1", "userAgent": single.get("User-Agent", "")},
        },
        "body": text if body else None,
        "isBase64Encoded": encoded,
    }


# What API Gateway would answer for the requests the runner refuses itself, in §1's error shape:
# the standard library's BaseHTTPRequestHandler would write HTML pages instead.
_REFUSALS = {
    400: ("Invalid Argument", "The request is malformed.", "request"),
    404: ("Resource Not Found", "No such route.", None),
    405: ("Method Not Allowed", "This method is not served here.", None),
    413: ("Payload Too Large", "The request body is too large.", None),
    500: ("Internal Server Error", "An unexpected error occurred in the local runner.", None),
}
# The standard library's own statuses, mapped to the contract's: an over-long request line or
# header, a bad HTTP version or a malformed request are bad input (400); a method no handler
# serves (TRACE, CONNECT, ...) is a 405.
_STATUS = {414: 400, 431: 400, 505: 400, 501: 405}
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")


def refusal(status: int, message: str | None = None) -> tuple[int, dict[str, str], bytes]:
    status = _STATUS.get(status, status)
    title, default, parameter = _REFUSALS.get(status, _REFUSALS[400])
    body = {"title": title, "message": message or default, "details": []}
    if parameter and message:
        body["details"] = [{"parameter": parameter, "message": message}]
    headers = {"Content-Type": "application/json"}
    if status == 405:
        headers["Allow"] = ", ".join(HTTP_METHODS)
    return status, headers, json.dumps(body, separators=(",", ":")).encode()


class LocalServer(ThreadingHTTPServer):
    # The listen backlog: socketserver's default of 5 drops connections at 32 concurrent clients.
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = False  # a second `make run` on the same port must fail, not share it


def make_server(
    port: int, routes: list[Route], api_keys: Callable[[str | None], str | None] | None = None
) -> ThreadingHTTPServer:
    """The HTTP server, bound at once. ``routes`` may be filled in after binding (make run binds
    its port before the slow start of DynamoDB Local, so a busy port is reported first).

    Handler calls are serialized, as on Lambda (one event at a time per instance): Powertools keeps
    the event being resolved on its router class (``BaseRouter.current_event``), which every thread
    shares, so two concurrent calls would read each other's request. What a handler itself fetches
    from the runner (the demo feed and fakes under /local/) is served without a handler, so it never
    waits for that lock; a source pointing back at the runner's API routes would wait for it (until
    the request's deadline, as a real API Gateway would make it wait for a free instance).

    With ``api_keys`` (an ``X-Api-Key`` value -> its key id, or None), a route that needs a key gets
    it as API Gateway gives it, ``requestContext.identity.apiKeyId``, and no key or an unknown one
    gets the template's INVALID_API_KEY answer; without, keys are not looked at."""
    one_at_a_time = threading.Lock()
    refused_key = gateway_response("INVALID_API_KEY") if api_keys else None

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "whofree-local"

        def _serve(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if length < 0:
                    raise ValueError(length)
            except ValueError:
                self.close_connection = True
                self._reply(*refusal(400, "Content-Length is not a whole number of bytes."))
                return
            body = self.rfile.read(length) if length else b""
            path = urlsplit(self.path).path
            if path == "/local/demo.ics":  # the demo team's ICS feed, served by the runner itself
                self._reply(200, {"Content-Type": "text/calendar"}, DEMO_FEED.read_bytes())
                return
            if path.startswith(LOCAL_FAKES_PREFIX):  # demo provider fakes, served by the runner itself
                answer = local_fake(self.command, self.path, dict(self.headers.items()), body)
                # Never through a handler: the request reading this feed or fake holds the handler lock.
                self._reply(*(answer or refusal(404, f"No demo file {path}.")))
                return
            route = next((r for r in routes if r.pattern.match(path) and r.method in ("ANY", self.command)), None)
            if route is None:
                self._reply(*refusal(404, f"No route {path}."))
                return
            event = to_event(self.command, self.path, list(self.headers.items()), body, route, port)
            if api_keys is not None and route.key_required:
                try:
                    key_id = api_keys(self.headers.get("X-Api-Key"))
                except Exception as exc:  # the table: DynamoDB Local gone, throttled
                    sys.stderr.write(f"{self.command} {self.path} -> API key lookup failed: {type(exc).__name__}\n")
                    self._reply(*refusal(500))
                    return
                if key_id is None:
                    self._reply(*refused_key)
                    return
                event["requestContext"]["identity"]["apiKeyId"] = key_id
            started = time.perf_counter()
            try:
                with one_at_a_time:
                    result = route.handler(event, _Context(route.function))
            except Exception as exc:  # the handlers answer their own errors; this is a bug in one
                sys.stderr.write(f"{self.command} {self.path} -> unhandled {type(exc).__name__}: {exc}\n")
                self._reply(*refusal(500))
                return
            headers = {k: v[-1] for k, v in (result.get("multiValueHeaders") or {}).items()}
            headers.update(result.get("headers") or {})
            out = result.get("body") or ""
            data = base64.b64decode(out) if result.get("isBase64Encoded") else out.encode()
            self._reply(result["statusCode"], headers, data)
            sys.stderr.write(
                f"{self.command} {self.path} -> {result['statusCode']} "
                f"({(time.perf_counter() - started) * 1000:.1f} ms, {route.function})\n"
            )

        def _reply(self, status: int, headers: dict[str, str], data: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                if key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            # Called by the standard library for requests it refuses before any do_* method runs.
            self.close_connection = True
            if not str(self.request_version).startswith("HTTP/1."):
                self.request_version = "HTTP/1.1"  # so that a status line is written at all
            with contextlib.suppress(OSError):
                self._reply(*refusal(code, message))

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # one line per request is written by _serve

    return LocalServer(("127.0.0.1", port), Handler)


LOCAL_FAKES_PREFIX = "/local/"
_local_fakes: list[Any] = []  # demo fakes served under /local/ (each: answer(method, path, headers, body))


def local_fake(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict, bytes] | None:
    for fake in _local_fakes:
        found = fake(method, path, headers, body)
        if found is not None:
            return found
    return None


def start_demo_google(port: int) -> bool:
    """Without Google credentials, the demo's Google calendars are served by this runner (loopback)."""
    if any(os.environ.get(f"WHOFREE_GOOGLE_{name}") for name in ("ACCESS_TOKEN", "REFRESH_TOKEN", "BASE_URL")):
        return False
    from tests.fakes import google_demo

    os.environ["WHOFREE_GOOGLE_BASE_URL"] = f"http://127.0.0.1:{port}{google_demo.PREFIX}"
    os.environ["WHOFREE_GOOGLE_ACCESS_TOKEN"] = google_demo.TOKEN
    _local_fakes.append(google_demo.answer)
    return True


def curl_example(port: int) -> str:
    event = json.loads((ROOT / "events" / "availability.json").read_text())
    body = json.dumps(json.loads(event["body"]), separators=(",", ":"))
    return f"curl -s -X POST http://127.0.0.1:{port}/v1/availability -H 'content-type: application/json' -d '{body}'"


def start_demo_calendly(oauth_port: int | None = None) -> str | None:
    """Without a Calendly credential, serve the demo team on a fake Calendly (loopback) instead. With
    ``oauth_port`` (multi-account mode) and no Calendly OAuth client configured, this runner also serves
    a demo Calendly OAuth server (tests/fakes/calendly_oauth_demo.py) that whofree's Calendly OAuth uses,
    so that a connection can be made by OAuth and read the demo team."""
    if os.environ.get("WHOFREE_CALENDLY_TOKEN") or os.environ.get("WHOFREE_CALENDLY_TOKEN_PARAMETER"):
        return None
    from tests.fakes import calendly_demo
    from tests.fakes.calendly import TOKEN

    fake, event_type = calendly_demo.build(page_size=100)
    os.environ["WHOFREE_CALENDLY_BASE_URL"] = fake.start()
    os.environ["WHOFREE_CALENDLY_TOKEN"] = TOKEN
    oauth_configured = any(os.environ.get(f"WHOFREE_CALENDLY_CLIENT_ID{s}") for s in ("", "_PARAMETER", "_SECRET"))
    if oauth_port is not None and not oauth_configured:
        from tests.fakes import calendly_oauth_demo

        settings, answer = calendly_oauth_demo.start(fake, f"http://127.0.0.1:{oauth_port}")
        os.environ.update(settings)
        _local_fakes.append(answer)
    return event_type


DEMO_EVENT_TYPE = "demo-team"
DEMO_WEBHOOK_SECRET = "local-webhook-secret"  # noqa: S105 - a local runner's stand-in, not a secret


def start_dynamodb(port: int) -> str | None:
    """Without WHOFREE_TABLE_NAME: DynamoDB Local with the template's tables and a demo event type."""
    if os.environ.get("WHOFREE_TABLE_NAME"):
        return None
    from scripts import dynamodb_local

    try:
        _, endpoint = dynamodb_local.start()
    except dynamodb_local.Unavailable as exc:
        print(f"No DynamoDB: {exc}\nRoutes that store data will answer 503 until then.\n", file=sys.stderr)
        return None
    os.environ.update(
        {
            "WHOFREE_DYNAMODB_ENDPOINT": endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
    )
    names = dynamodb_local.create_tables(dynamodb_local.client(endpoint), prefix="local")
    os.environ["WHOFREE_TABLE_NAME"] = names["WhofreeTable"]
    # The demo's ICS feed is served by this runner over plain http on loopback: allowed here only.
    os.environ["WHOFREE_ICS_ALLOW_LOOPBACK"] = "true"
    seed_demo(f"http://127.0.0.1:{port}/local/demo.ics")
    return endpoint


DEMO_FEED = ROOT / "tests" / "fixtures" / "team.ics"


def seed_demo(ics_url: str | None = None) -> None:
    """The README's three-person team as a configured event type (inline busy time), and with a feed
    URL, Dev: a contractor in New York whose busy time comes from an ICS feed, in no group."""
    from whofree import configured, settings
    from whofree.context import DEFAULT_ACCOUNT
    from whofree.data.table import required_table, table

    team = json.loads(json.loads((ROOT / "events" / "availability.json").read_text())["body"])
    if ics_url:
        team["participants"].append(
            {
                "id": "dev@example.com",
                "name": "Dev",
                "timezone": "America/New_York",
                "source": {"provider": "ics", "url": ics_url},
            }
        )
    config = {
        "name": "Demo team: one hour with Ana and Ben or Chen",
        "duration_minutes": team["duration_minutes"],
        "interval_minutes": team["interval_minutes"],
        "timezone": team["timezone"],
        "hosts": team["participants"],
        "groups": team["groups"],
    }
    # The single-account mode's one account (API.md §7), which `make run` serves.
    demo = required_table(table(settings.load())).scoped(DEFAULT_ACCOUNT)
    configured.put(demo, DEMO_EVENT_TYPE, configured.parse(json.dumps(config)))


def local_api_keys() -> Callable[[str | None], str | None]:
    """An ``X-Api-Key`` value -> its key id, from the LOCAL_APIKEY records of ``whofree-admin --local``.
    The table is opened on first use: DynamoDB Local starts after the port is bound."""
    from functools import cache

    from whofree import settings
    from whofree.data.accounts import local_key_id
    from whofree.data.table import table

    @cache
    def opened() -> Any:
        return table(settings.load())

    def key_id(value: str | None) -> str | None:
        found = opened()
        return local_key_id(found, value) if found is not None and value else None

    return key_id


def publish_table(port: int) -> None:
    """Write where this runner's table is (.local/run-PORT.json), for ``whofree-admin --local --port PORT``;
    removed when the runner stops."""
    from whofree_admin.stack import run_file

    endpoint, name = os.environ.get("WHOFREE_DYNAMODB_ENDPOINT"), os.environ.get("WHOFREE_TABLE_NAME")
    if not (endpoint and name):
        return
    path = run_file(port)
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"endpoint": endpoint, "table": name, "pid": os.getpid()}))
    atexit.register(path.unlink, missing_ok=True)


def start_subscriptions() -> str | None:
    """Without WHOFREE_SUBSCRIPTIONS_QUEUE_URL: moto's SQS on loopback with the template's queues, and
    a poller that hands their messages to the sender function (scripts/local_queue.py), so that a
    subscription made here is delivered. Receivers on 127.0.0.1 are allowed here only."""
    if os.environ.get("WHOFREE_SUBSCRIPTIONS_QUEUE_URL"):
        return None
    from scripts import local_queue
    from whofree.sender import MAX_RECEIVES

    try:
        server, endpoint = local_queue.start_server()
    except Exception as exc:  # the runner serves without subscriptions then
        print(f"No local SQS ({type(exc).__name__}: {exc}): POST /v1/subscriptions answers 503.\n", file=sys.stderr)
        return None
    atexit.register(server.stop)
    queue_url, _ = local_queue.create_queues(local_queue.client(endpoint), MAX_RECEIVES)
    os.environ.update(
        {
            "AWS_ENDPOINT_URL_SQS": endpoint,
            "WHOFREE_SUBSCRIPTIONS_QUEUE_URL": queue_url,
            "WHOFREE_SUBSCRIPTIONS_ALLOW_LOOPBACK": "true",
        }
    )
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("AWS_DEFAULT_REGION", local_queue.REGION)
    return endpoint


def start_sender(endpoint: str) -> None:
    """The sender function (the template's SQS-triggered one), fed by a local poller."""
    from scripts import local_queue

    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=_TemplateLoader)  # noqa: S506 - SafeLoader subclass
    props = template["Resources"]["SubscriptionsFunction"]["Properties"]
    handler = _load_handler("SubscriptionsFunction", props["CodeUri"], props.get("Handler", "app.lambda_handler"))
    local_queue.start_poller(local_queue.client(endpoint), os.environ["WHOFREE_SUBSCRIPTIONS_QUEUE_URL"], handler)


def _terminate(*_: object) -> None:
    sys.stdout.flush()
    atexit._run_exitfuncs()
    os._exit(0)


def bind(
    port: int, routes: list[Route], api_keys: Callable[[str | None], str | None] | None = None
) -> ThreadingHTTPServer:
    """The server on ``port``, or one line that says the port is taken and how to choose another."""
    try:
        return make_server(port, routes, api_keys)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SystemExit(
                f"Port {port} is in use (another `make run`?): pick another with `make run PORT={port + 1}`."
            ) from None
        raise SystemExit(f"Cannot listen on 127.0.0.1:{port}: {exc.strerror}.") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("WHOFREE_LOCAL_PORT", "3000")))
    parser.add_argument(
        "--accounts",
        choices=("single", "multi"),
        default=os.environ.get("WHOFREE_ACCOUNTS") or "single",
        help="multi: API keys are checked, as API Gateway does (keys from `whofree-admin --local`)",
    )
    args = parser.parse_args()
    os.environ["WHOFREE_ACCOUNTS"] = args.accounts
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    # Powertools warns on every invocation that publishes no metric; locally that is only noise.
    warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
    # SIGTERM stops at once: the exit handlers (they stop DynamoDB Local), then no waiting for the
    # threads of open connections or of the demo fakes, which a normal interpreter exit would join.
    signal.signal(signal.SIGTERM, _terminate)
    # The port first: a busy port is one line, before anything slow starts. Routes are added below,
    # once the environment the handlers read at import time is set.
    routes: list[Route] = []
    server = bind(args.port, routes, local_api_keys() if args.accounts == "multi" else None)
    demo_event_type = start_demo_calendly(args.port if args.accounts == "multi" else None)
    demo_google = start_demo_google(args.port)
    # Webhook secrets for local tries (the README signs a Cal.com webhook with it); never on AWS.
    for name in ("WHOFREE_CALENDLY_WEBHOOK_KEY", "WHOFREE_CALCOM_WEBHOOK_SECRET", "WHOFREE_NYLAS_WEBHOOK_SECRET"):
        os.environ.setdefault(name, DEMO_WEBHOOK_SECRET)
    dynamodb = start_dynamodb(args.port)
    publish_table(args.port)
    queue = start_subscriptions()
    routes.extend(load_routes())
    if queue:
        start_sender(queue)
    print(f"whofree is serving on http://127.0.0.1:{args.port} ({len(routes)} routes from template.yaml)")
    for route in routes:
        print(f"  {route.method:6} {route.template:28} -> {route.function}")
    demo_week = f"?event_type={DEMO_EVENT_TYPE}&week=2030-03-11" if dynamodb else ""
    print(f"\nSee who is free: http://127.0.0.1:{args.port}/v1/ui{demo_week}")
    print(f"\nAPI docs: http://127.0.0.1:{args.port}/v1/docs/\nTry:\n\n{curl_example(args.port)}\n")
    if dynamodb:
        print(
            f"DynamoDB Local: {dynamodb}, table {os.environ['WHOFREE_TABLE_NAME']}, with a configured event type "
            f"{DEMO_EVENT_TYPE!r}. Try:\n\n"
            f"curl -s 'http://127.0.0.1:{args.port}/v1/event_type_available_times?event_type={DEMO_EVENT_TYPE}"
            f"&start_time=2030-03-11T00:00:00Z&end_time=2030-03-12T00:00:00Z'\n"
        )
    if demo_event_type:
        print(
            f"Calendly: no WHOFREE_CALENDLY_TOKEN, so a fake Calendly with a demo team serves at "
            f"{os.environ['WHOFREE_CALENDLY_BASE_URL']}. Try:\n\n"
            f"curl -s 'http://127.0.0.1:{args.port}/v1/event_type_available_times?event_type={demo_event_type}"
            f"&start_time=2030-03-11T13:00:00Z&end_time=2030-03-11T16:00:00Z&count=3'\n"
        )
    if demo_event_type and os.environ.get("WHOFREE_CALENDLY_AUTH_URL", "").endswith("/local/calendly-auth"):
        print(
            f"Calendly OAuth: a demo consent screen that approves at once serves at {os.environ['WHOFREE_CALENDLY_AUTH_URL']} "
            "(POST /v1/connections/oauth with provider calendly; its tokens read the demo team).\n"
        )
    if args.accounts == "multi":
        print(
            "Accounts: multi. Routes that need an API key want one made for this runner, e.g.\n\n"
            f".venv/bin/whofree-admin --local --port {args.port} accounts create 'Acme'\n\n"
            "then: curl -H 'x-api-key: <the key it prints>' ...\n"
        )
    if queue:
        print(
            f"Subscriptions: a local SQS (moto) at {queue}; their events are sent as they are queued, "
            "to receivers on 127.0.0.1 too.\n"
        )
    if demo_google:
        print(
            f"Google: no WHOFREE_GOOGLE_* credentials, so the demo's Google calendars are served at {os.environ['WHOFREE_GOOGLE_BASE_URL']}.\n"
        )
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
