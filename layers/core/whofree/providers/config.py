"""Where each provider lives and how whofree authenticates to it.

Base URLs come from WHOFREE_<PROVIDER>_BASE_URL (default: the real hosts), so tests and the local
runner can point at a local server. Credentials, in order:
- WHOFREE_CALENDLY_TOKEN / WHOFREE_CALCOM_API_KEY / WHOFREE_NYLAS_API_KEY: the value itself (local runs);
- the same name + ``_PARAMETER``: an SSM Parameter Store SecureString name (set by template.yaml);
- the same name + ``_SECRET``: a Secrets Manager secret id.
Values from AWS are fetched through Powertools parameters and cached for CREDENTIAL_TTL seconds.
A credential is never logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from whofree.context import Context
from whofree.providers.types import ProviderError
from whofree.settings import Settings

if TYPE_CHECKING:
    from whofree.providers.http import Budget, ProviderClient

CREDENTIAL_TTL = 300


@dataclass(frozen=True)
class ProviderSettings:
    name: str
    default_base_url: str
    credential_env: str

    def base_url(self, settings: Settings) -> str:
        return settings.value(f"WHOFREE_{self.name.upper()}_BASE_URL") or self.default_base_url

    def credential(self, settings: Settings) -> str:
        return secret(settings, self.credential_env, self.name, "credential")


def secret(settings: Settings, env: str, provider: str, what: str) -> str:
    """A secret value: ``env`` itself, or the SSM SecureString ``env``_PARAMETER names, or the Secrets
    Manager secret ``env``_SECRET names (through Powertools parameters, cached CREDENTIAL_TTL seconds)."""
    value = settings.value(env)
    if value:
        return value
    parameter = settings.value(f"{env}_PARAMETER")
    secret_id = settings.value(f"{env}_SECRET")
    if parameter or secret_id:
        from aws_lambda_powertools.utilities import parameters

        try:
            if parameter:
                return parameters.get_parameter(parameter, decrypt=True, max_age=CREDENTIAL_TTL)
            return parameters.get_secret(secret_id, max_age=CREDENTIAL_TTL)
        except Exception as exc:  # any failure here means "cannot authenticate"
            raise ProviderError(provider, f"whofree could not load its {provider} {what}.") from exc
    raise ProviderError(provider, f"whofree has no {provider} {what} configured: set {env} (or {env}_PARAMETER).")


CALENDLY = ProviderSettings("calendly", "https://api.calendly.com", "WHOFREE_CALENDLY_TOKEN")
CALCOM = ProviderSettings("calcom", "https://api.cal.com", "WHOFREE_CALCOM_API_KEY")
NYLAS = ProviderSettings("nylas", "https://api.us.nylas.com", "WHOFREE_NYLAS_API_KEY")


def client_options(settings: Settings) -> dict:
    """Tuning shared by every provider client (settings, with defaults that suit Lambda)."""
    return {
        "concurrency": settings.provider_concurrency,
        "timeout": settings.provider_timeout,
        "max_retries": settings.provider_retries,
        "backoff": settings.provider_backoff,
    }


def open_client(
    context: Context, name: str, base_url: str, headers: dict[str, str], budget: Budget | None = None
) -> ProviderClient:
    """One request's client for a provider: the shared tuning, the request's deadline, the credential's
    shared call budget when given and, in tests, the runtime's transport (``async with``)."""
    from whofree.providers.http import Deadline, ProviderClient

    options = context.http_options(client_options(context.settings))
    return ProviderClient(name, base_url, headers, Deadline.after(context.left()), budget=budget, **options)
