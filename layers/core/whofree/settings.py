"""Every setting whofree reads from the environment, in one frozen, typed object.

The variables are read and validated once per function, by ``load()`` while it imports
(functions/*/app.py: ``SETTINGS = settings.load()``, then ``runtime.start(SETTINGS)``), so a bad value
fails the function's init with a message that names the variable, instead of a 500 on some later
request. Everything else gets them from the request's context (``context.settings``) or as a
``Settings`` argument; no module keeps them. Nothing else in the code reads these variables.
README.md ("Settings") lists each variable with its default; tests/unit/test_settings.py
keeps that table and this model in agreement.

Variable names are the model's ``WHOFREE_`` prefix plus the field name in capitals, or the alias
given on the field. A renamed variable keeps its old name as a second alias. An empty variable counts
as unset. Secret values (tokens, keys) are ``SecretStr``: never in a repr or a log line.

Tests change a variable and start the functions again (tests/conftest.py's ``settings`` fixture).

A plain pydantic model validated from ``os.environ``, not pydantic-settings: the same checks and
messages here, without its ~30 ms import and ~10 ms environment scan on every cold start (measured,
docs/BENCHMARKS.md).
"""

from __future__ import annotations

import os
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveInt,
    SecretStr,
)
from pydantic import ValidationError as _ValidationError


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError("must be an http(s) URL with a host")
    return value


def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


def _origins(value: object) -> object:
    """A comma-separated list of origins (``https://app.example.com``): each a scheme and a host,
    with a port at most, no path; spaces around the commas are ignored."""
    if not isinstance(value, str):
        return value
    origins = tuple(o.strip() for o in value.split(",") if o.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
            or parts.username
        ):
            raise ValueError("each origin must be scheme://host[:port], with no path")
    return origins


Url = Annotated[str, AfterValidator(_http_url)]
Secret = SecretStr | None
Name = str | None  # an SSM parameter name or a Secrets Manager secret id/ARN
Origins = Annotated[tuple[str, ...], BeforeValidator(_origins)]
LogLevel = Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(_upper)]


def _renamed(new: str, old: str) -> AliasChoices:
    """The variable's name, and the name it had before (still read)."""
    return AliasChoices(new, old)


class SettingsError(RuntimeError):
    """An environment variable has a value whofree cannot use."""


def _variable(field: str) -> str:
    return "WHOFREE_" + field.upper()


class Settings(BaseModel):
    # Validated straight from os.environ (a mapping of variable names): each field's alias is its
    # variable; ``validation_alias`` names the ones without the WHOFREE_ prefix and the renamed ones.
    model_config = ConfigDict(frozen=True, extra="ignore", alias_generator=_variable, hide_input_in_errors=True)

    # Powertools (logging and metrics).
    powertools_service_name: str = Field("whofree", min_length=1, validation_alias="POWERTOOLS_SERVICE_NAME")
    powertools_metrics_namespace: str = Field("whofree", min_length=1, validation_alias="POWERTOOLS_METRICS_NAMESPACE")
    powertools_log_level: Annotated[LogLevel | None, Field(validation_alias="POWERTOOLS_LOG_LEVEL")] = None

    # Accounts (API.md §7): "single" gives every API key the one account "default", backed by the
    # deployment's own credentials; "multi" maps each key's id to its account (401 for a key of none).
    accounts: Literal["single", "multi"] = "single"

    # Storage.
    table_name: str | None = None
    dynamodb_endpoint: Url | None = None
    answer_ttl: PositiveInt = 300
    hours_ttl: PositiveInt = 3600
    busy_ttl: PositiveInt = 300

    # Requests.
    max_body_bytes: PositiveInt | None = None
    # Browser pages of these origins may call the API (CORS, whofree/http/cors.py); empty: off.
    cors_origins: Origins | None = None
    page_token_key: Secret = None
    page_token_key_secret: Name = None

    # Provider clients.
    provider_concurrency: PositiveInt = 50
    provider_timeout: float = Field(8.0, gt=0)
    provider_retries: NonNegativeInt = 4
    provider_backoff: NonNegativeFloat = 0.25
    calendly_base_url: Url = "https://api.calendly.com"
    calendly_auth_url: Url = "https://auth.calendly.com"
    calcom_base_url: Url = "https://api.cal.com"
    nylas_base_url: Url = "https://api.us.nylas.com"
    # A cap on the emails per Nylas free/busy call, under each grant provider's own limit (nylas.batch_size).
    nylas_batch: PositiveInt | None = Field(None, validation_alias=_renamed("WHOFREE_NYLAS_BATCH", "NYLAS_BATCH"))
    google_base_url: Url = "https://www.googleapis.com"
    google_token_url: Url = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL, not a password
    microsoft_base_url: Url = "https://graph.microsoft.com"
    microsoft_login_url: Url = "https://login.microsoftonline.com"
    microsoft_mailbox: str | None = None  # a service mailbox of the tenant: every getSchedule call's URL mailbox
    # Calls per minute that every function together may make with one credential (whofree.budgets):
    # Calendly's paid plans allow 500 per user token, Cal.com 120 per API key (docs/PROVIDERS.md).
    # 0: no shared budget (each function still paces itself by the provider's rate-limit headers).
    calendly_budget: NonNegativeInt = 500
    calcom_budget: NonNegativeInt = 120
    ics_allow_loopback: bool = False
    # Push from calendars (API.md §5): the API's public base URL (with its stage), where Google and
    # Microsoft deliver to /v1/notifications/{google,microsoft}. Unset: no channel is made.
    push_url: Url | None = None
    ics_max_bytes: PositiveInt = 2 * 1024 * 1024
    ics_max_instances: PositiveInt = 10_000  # occurrences of one feed in a request's window

    # Provider credentials: the value itself (local runs), an SSM SecureString name (_PARAMETER), or a
    # Secrets Manager secret id (_SECRET).
    calendly_token: Secret = None
    calendly_token_parameter: Name = None
    calendly_token_secret: Name = None
    calendly_client_id: Secret = None
    calendly_client_id_parameter: Name = None
    calendly_client_id_secret: Name = None
    calendly_client_secret: Secret = None
    calendly_client_secret_parameter: Name = None
    calendly_client_secret_secret: Name = None
    calcom_api_key: Secret = None
    calcom_api_key_parameter: Name = None
    calcom_api_key_secret: Name = None
    nylas_api_key: Secret = None
    nylas_api_key_parameter: Name = None
    nylas_api_key_secret: Name = None
    google_access_token: Secret = None
    google_refresh_token: Secret = None
    google_refresh_token_parameter: Name = None
    google_refresh_token_secret: Name = None
    google_client_id: Secret = None
    google_client_id_parameter: Name = None
    google_client_id_secret: Name = None
    google_client_secret: Secret = None
    google_client_secret_parameter: Name = None
    google_client_secret_secret: Name = None
    microsoft_access_token: Secret = None
    microsoft_tenant_id: Secret = None
    microsoft_tenant_id_parameter: Name = None
    microsoft_tenant_id_secret: Name = None
    microsoft_client_id: Secret = None
    microsoft_client_id_parameter: Name = None
    microsoft_client_id_secret: Name = None
    microsoft_client_secret: Secret = None
    microsoft_client_secret_parameter: Name = None
    microsoft_client_secret_secret: Name = None

    # Webhook signing secrets (same three ways).
    calendly_webhook_key: Secret = None
    calendly_webhook_key_parameter: Name = None
    calendly_webhook_key_secret: Name = None
    calcom_webhook_secret: Secret = None
    calcom_webhook_secret_parameter: Name = None
    calcom_webhook_secret_secret: Name = None
    nylas_webhook_secret: Secret = None
    nylas_webhook_secret_parameter: Name = None
    nylas_webhook_secret_secret: Name = None

    # Connections (API.md §7): secrets sealed under a KMS key (template.yaml creates it), or locally
    # under the key in WHOFREE_LOCAL_KEY_FILE (default .local/connections.key, made on first use).
    kms_key_id: str | None = None
    local_key_file: str | None = None
    google_auth_url: Url = "https://accounts.google.com/o/oauth2/v2/auth"
    google_revoke_url: Url = "https://oauth2.googleapis.com/revoke"
    google_userinfo_url: Url = "https://openidconnect.googleapis.com/v1/userinfo"
    nylas_eu_base_url: Url = "https://api.eu.nylas.com"

    # The warmer.
    warm_top_n: PositiveInt = Field(20, validation_alias=_renamed("WHOFREE_WARM_TOP_N", "WARM_TOP_N"))
    warm_days: PositiveInt = Field(14, validation_alias=_renamed("WHOFREE_WARM_DAYS", "WARM_DAYS"))
    warm_hours: PositiveInt = Field(24, validation_alias=_renamed("WHOFREE_WARM_HOURS", "WARM_HOURS"))

    # Where zone rules come from (whofree/__init__.py): "tzdata" = the tzdata package only, as on Lambda.
    zones: Literal["tzdata"] | None = None

    # Set by Lambda itself: tells a deployed function from a local run (and there, zones come from tzdata).
    aws_lambda_function_name: str | None = Field(None, validation_alias="AWS_LAMBDA_FUNCTION_NAME")

    def value(self, variable: str) -> str | None:
        """The value read from ``variable`` (secrets unwrapped), for code that names a credential by its
        variable; KeyError for a variable that is not a setting."""
        found = getattr(self, _FIELDS[variable])
        return found.get_secret_value() if isinstance(found, SecretStr) else found


def variables(name: str) -> tuple[str, ...]:
    """The environment variables a field reads, its current name first."""
    alias = Settings.model_fields[name].validation_alias
    if isinstance(alias, AliasChoices):
        return tuple(str(choice) for choice in alias.choices)
    if isinstance(alias, str):
        return (alias,)
    return (_variable(name),)


_FIELDS = {variable: name for name in Settings.model_fields for variable in variables(name)}


def load() -> Settings:
    """Read and validate the environment; SettingsError names every variable with a bad value."""
    try:
        return Settings.model_validate({name: value for name, value in os.environ.items() if value != ""})
    except _ValidationError as exc:
        raise SettingsError(_explain(exc)) from None


def xray() -> tuple[str, str] | None:
    """Where an X-Ray subsegment of this invocation goes: (the daemon's ``host:port``, the trace header
    ``Root=...;Parent=...;Sampled=1``), or None: not on Lambda, no daemon, tracing disabled
    (``POWERTOOLS_TRACE_DISABLED``), or the invocation is not sampled. Lambda sets the header for each
    invocation, so it is read on every call, never kept (whofree/tracing.py)."""
    environ = os.environ
    if not environ.get("AWS_LAMBDA_FUNCTION_NAME") or environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() in {
        "1",
        "true",
    }:
        return None
    daemon, header = environ.get("AWS_XRAY_DAEMON_ADDRESS", ""), environ.get("_X_AMZN_TRACE_ID", "")
    if not daemon or "Sampled=1" not in header:
        return None
    return daemon, header


def zone_source() -> Literal["tzdata", "system"]:
    """Where IANA zone rules come from: ``tzdata`` on Lambda or with WHOFREE_ZONES=tzdata, else ``system``.

    whofree/__init__.py asks at package import, before any zone is read and before ``load()`` (scripts
    and benchmarks still set variables after importing whofree): so only the fields this needs are
    read, validated by the same model, and nothing is cached."""
    names = {variable for field in ("zones", "aws_lambda_function_name") for variable in variables(field)}
    try:
        read = Settings.model_validate({n: v for n, v in os.environ.items() if n in names and v != ""})
    except _ValidationError as exc:
        raise SettingsError(_explain(exc)) from None
    return "tzdata" if read.aws_lambda_function_name or read.zones == "tzdata" else "system"


def _explain(exc: _ValidationError) -> str:
    """One line naming each bad variable (the one that is set, for a renamed one) and what is wrong;
    never the value, which may be a secret."""
    problems = []
    for error in exc.errors(include_url=False, include_input=False):
        loc = str(error["loc"][0]) if error["loc"] else ""
        field = _FIELDS.get(loc, loc)
        names = variables(field) if field in Settings.model_fields else (loc,)
        named = [n for n in names if os.environ.get(n)] or list(names)
        problems.append(f"{' / '.join(named)}: {error['msg']}")
    return "Invalid whofree setting: " + "; ".join(problems)
