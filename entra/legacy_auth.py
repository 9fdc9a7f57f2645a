"""Legacy protocols refused the way Entra refuses them: common issue 5 of "Mandating MFA for
your partner tenant" (agents still on Outlook 2010, whose basic authentication cannot do MFA).

Two doors take a bare UPN and password, with no page on which MFA could be asked:

- the resource owner password credentials grant (RFC 6749 section 4.3, ``grant_type=password``)
  at the token endpoint (allauth does not implement it; the token wrapper hands it here);
- HTTP Basic (RFC 7617) to a legacy endpoint standing for Exchange's basic authentication
  (``/legacy/ews/Exchange.asmx``).

Both check the password exactly as the sign-in page does (the same failure limits, keyed by
the login typed: ``config.idpkit.failure_limits``), in Entra's order: client, credentials,
then policy. A wrong password is "invalid username or password"; a right one of a user who must
do MFA is AADSTS50076 (AADSTS50079 before any method is registered), never a misleading
"invalid credentials". This mock never issues a token by password: a user who needs no MFA is
refused too, as a tenant blocking the grant would (AADSTS53003), so no token's ``amr`` can say
``pwd`` for a sign-in nobody could have stepped up.
"""

from __future__ import annotations

import base64
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

from allauth.idp.oidc.models import Client
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, JsonResponse

from config.idpkit import failure_limits
from entra import federation, selectors, third_party_mfa
from entra.adapters.oidc import PARTNER_CENTER_API
from entra.internal.interaction import mfa_due
from entra.models import Tenant, User

logger = logging.getLogger(__name__)

PASSWORD_GRANT = "password"  # noqa: S105 (a grant type, RFC 6749 section 4.3)
# Office 365 Exchange Online's well-known application id: what Entra names in the message of a
# refused Exchange sign-in (the resource the legacy endpoint stands for).
EXCHANGE_ONLINE = "00000002-0000-0ff1-ce00-000000000000"
BASIC_REALM = "Exchange (mock Entra ID legacy endpoint)"
# Entra refuses passwords longer than 256 characters; nothing longer is worth hashing.
MAX_PASSWORD_LENGTH = 256
# An Authorization header longer than this is not a UPN and a password (base64 of 320 + 256
# characters, with room to spare): refused before it is decoded.
MAX_BASIC_HEADER_LENGTH = 2048
ERROR_LOOKUP = "https://login.microsoftonline.com/error?code={code}"


@dataclass(frozen=True)
class EntraError:
    """One AADSTS answer: the OAuth ``error``, Entra's number and message (without the
    ``AADSTSnnnnn:`` prefix), the ``suberror`` MSAL reads, the HTTP status of the token
    endpoint."""

    code: int
    error: str
    message: str
    suberror: str = ""
    status: int = HTTPStatus.BAD_REQUEST

    @property
    def description(self) -> str:
        return f"AADSTS{self.code}: {self.message}"

    def body(self, *, correlation_id: str, now: datetime | None = None) -> dict[str, Any]:
        """Entra's error JSON: the description ends with the trace, correlation and time that
        are also given as fields (the shape of a real ROPC refusal)."""
        trace_id = str(uuid.uuid4())
        timestamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%SZ")
        body: dict[str, Any] = {
            "error": self.error,
            "error_description": (
                f"{self.description} Trace ID: {trace_id} Correlation ID: {correlation_id} "
                f"Timestamp: {timestamp}"
            ),
            "error_codes": [self.code],
            "timestamp": timestamp,
            "trace_id": trace_id,
            "correlation_id": correlation_id,
            # Microsoft's own lookup page for the code: the mock has none of its own.
            "error_uri": ERROR_LOOKUP.format(code=self.code),
        }
        if self.suberror:
            body["suberror"] = self.suberror
        return body


# --- The answers (Entra's numbers and, where Entra's text is known, its words).

INVALID_CREDENTIALS = EntraError(
    50126, "invalid_grant", "Error validating credentials due to invalid username or password."
)
LOCKED_OUT = EntraError(
    50053, "invalid_grant",
    "Your account is locked because you've tried to sign in too many times with an incorrect "
    "user ID or password.",
)
BLOCKED = EntraError(
    53003, "invalid_grant",
    "Access has been blocked by Conditional Access policies. The access policy does not allow "
    "token issuance.",
)


def _mfa_required(resource: str) -> EntraError:
    return EntraError(
        50076, "invalid_grant",
        "Due to a configuration change made by your administrator, or because you moved to a "
        f"new location, you must use multi-factor authentication to access '{resource}'.",
        suberror="basic_action",
    )


def _mfa_registration_required(resource: str) -> EntraError:
    return EntraError(
        50079, "invalid_grant",
        "Due to a configuration change made by your administrator, or because you moved to a "
        f"new location, you must enroll in multi-factor authentication to access '{resource}'.",
    )


EXTERNAL_CHALLENGE_NOT_SATISFIED = EntraError(
    50158, "invalid_grant", "External security challenge was not satisfied."
)


def _federated(tenant: Tenant) -> EntraError:
    # Entra's reference has no code of its own for this; its ROPC documentation says only that
    # the grant does not work for federated users (Entra cannot test the password against the
    # federated IdP). The mock keeps 50126's number, which is what such a client gets from
    # Entra, with words that say why (docs/tokens.md).
    return EntraError(
        50126, "invalid_grant",
        f"Error validating credentials: the domain '{tenant.domain}' is federated, so its "
        "passwords are checked by its own identity provider, not by Microsoft Entra ID. Sign "
        "in interactively (a browser, or the device code flow).",
    )


def _invalid_request(parameter: str) -> EntraError:
    return EntraError(
        900144, "invalid_request",
        f"The request body must contain the following parameter: '{parameter}'.",
    )


def _unknown_client(client_id: str) -> EntraError:
    return EntraError(
        700016, "invalid_client",
        f"Application with identifier '{client_id[:100]}' was not found in the directory.",
        status=HTTPStatus.UNAUTHORIZED,
    )


MISSING_CLIENT_SECRET = EntraError(
    7000218, "invalid_client",
    "The request body must contain the following parameter: 'client_assertion' or "
    "'client_secret'.",
    status=HTTPStatus.UNAUTHORIZED,
)
WRONG_CLIENT_SECRET = EntraError(
    7000215, "invalid_client", "Invalid client secret provided.", status=HTTPStatus.UNAUTHORIZED
)
PUBLIC_CLIENT_WITH_SECRET = EntraError(
    700025, "invalid_client",
    "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    status=HTTPStatus.UNAUTHORIZED,
)


# --- Who must do MFA.


def legacy_mfa_required(*, user: User, resource: str) -> bool:
    """Whether a sign-in of ``user`` to ``resource`` needs MFA, which a password alone cannot
    give: every user of a partner tenant (the mandate covers every partner user), every user of
    a tenant that asks MFA at every sign-in, and anyone asking for Partner Center (its API or
    its portal)."""
    if resource in (PARTNER_CENTER_API, settings.PORTAL_OIDC_CLIENT_ID):
        return True
    tenant = user.tenant
    # The tenant's own policy, by the rule the sign-in pages follow (entra.internal.interaction).
    return tenant is None or tenant.kind == Tenant.Kind.PARTNER or mfa_due(user)


def _refusal_after_password(*, user: User, resource: str) -> EntraError:
    """What Entra answers once the password was right: never a token here (module doc)."""
    if not legacy_mfa_required(user=user, resource=resource):
        return BLOCKED
    if third_party_mfa.uses_third_party_mfa(user):
        # A Conditional Access custom control is a page of its own: without one, its challenge
        # stays unanswered. An external authentication method is MFA Entra asks for itself.
        if user.tenant.third_party_mfa == Tenant.ThirdPartyMfa.CUSTOM_CONTROL:
            return EXTERNAL_CHALLENGE_NOT_SATISFIED
        return _mfa_required(resource)
    if not selectors.user_has_entra_mfa_method(user=user):
        return _mfa_registration_required(resource)
    return _mfa_required(resource)


def legacy_sign_in_check(
    *, request: HttpRequest, upn: str, password: str, resource: str
) -> EntraError:
    """Check a UPN and password as the sign-in page does and give Entra's refusal.

    The failure limits are the sign-in page's, keyed by the login typed (unknown users
    included), so five wrong passwords lock the user out of both doors and of the page alike,
    and an unknown user takes the same path (allauth's backend hashes the password anyway)
    and gets the same answer as a wrong password.
    """
    login = upn.strip().lower()
    try:
        with failure_limits.attempt(f"password:{login}", request) as check:
            tenant = federation.tenant_for_upn(login)
            if tenant is not None:
                # Home-realm discovery answers per domain (as the sign-in page's hop does), so
                # this says nothing about whether the user exists; no password was checked.
                return _federated(tenant)
            user = None
            if 0 < len(password) <= MAX_PASSWORD_LENGTH:
                user = authenticate(request, email=login, password=password)
            if user is None:
                check.failed()
                return INVALID_CREDENTIALS
    except failure_limits.TooManyFailures:
        return LOCKED_OUT
    return _refusal_after_password(user=user, resource=resource)


def _correlation_id(request: HttpRequest) -> str:
    """Entra echoes the client's ``client-request-id`` (MSAL sends one) as the correlation id
    when it is a GUID; otherwise a new one."""
    try:
        return str(uuid.UUID(request.headers.get("client-request-id", "")))
    except ValueError:
        return str(uuid.uuid4())


def _answer(request: HttpRequest, refusal: EntraError, *, protocol: str) -> JsonResponse:
    # The code only: never the UPN or anything of the credentials.
    logger.info("Legacy %s sign-in refused: AADSTS%s", protocol, refusal.code)
    response = JsonResponse(
        refusal.body(correlation_id=_correlation_id(request)), status=refusal.status
    )
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


# --- The resource owner password credentials grant.


def _basic_client_credentials(request: HttpRequest) -> tuple[str, str] | None:
    """``client_id:client_secret`` of an ``Authorization: Basic`` header (RFC 6749 section
    2.3.1: each form-encoded), or None when there is none or it cannot be read."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or len(encoded) > MAX_BASIC_HEADER_LENGTH:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except ValueError:  # not base64 (binascii.Error), not ASCII, not UTF-8: all ValueErrors
        return None
    client_id, colon, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if colon else None


def _client_refusal(request: HttpRequest) -> tuple[Client | None, EntraError | None]:
    """Client authentication as for the other grants: a public client by its id alone, a
    confidential one with its secret (Basic or in the body); an unknown one is invalid_client."""
    basic = _basic_client_credentials(request)
    client_id, secret = basic or (
        request.POST.get("client_id", ""), request.POST.get("client_secret", "")
    )
    if not client_id:
        return None, _invalid_request("client_id")
    client = Client.objects.filter(id=client_id).first()
    if client is None:
        return None, _unknown_client(client_id)
    if client.type == Client.Type.PUBLIC:
        return (None, PUBLIC_CLIENT_WITH_SECRET) if secret else (client, None)
    if not secret:
        return None, MISSING_CLIENT_SECRET
    if not client.check_secret(secret):
        return None, WRONG_CLIENT_SECRET
    return client, None


def password_grant_response(request: HttpRequest) -> JsonResponse:
    """The token endpoint's answer to ``grant_type=password``: always a refusal (module doc).

    The resource named in the refusal is the ``resource`` asked for (already checked by the
    token wrapper), else the client itself, the audience such a token would have had.
    """
    client, refusal = _client_refusal(request)
    if refusal is None:
        for parameter in ("username", "password"):
            if not request.POST.get(parameter):
                refusal = _invalid_request(parameter)
                break
    if refusal is None:
        refusal = legacy_sign_in_check(
            request=request,
            upn=request.POST["username"],
            password=request.POST["password"],
            resource=request.POST.get("resource") or client.id,
        )
    response = _answer(request, refusal, protocol="password grant")
    if refusal.status == HTTPStatus.UNAUTHORIZED and _basic_client_credentials(request):
        # RFC 6749 section 5.2: a client that tried Basic authentication is challenged back.
        response["WWW-Authenticate"] = 'Basic realm="token endpoint"'
    return response


# --- HTTP Basic to the legacy endpoint.


@dataclass(frozen=True)
class BasicCredentials:
    upn: str
    password: str


class UnreadableCredentials(ValueError):
    """An ``Authorization: Basic`` header that is not RFC 7617 credentials."""


def basic_credentials(header: str) -> BasicCredentials | None:
    """The UPN and password of an ``Authorization`` header: None when it carries no Basic
    credentials (another scheme, or none); UnreadableCredentials when it is Basic but broken
    (too long, not base64, not UTF-8, no colon, no user)."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    if len(header) > MAX_BASIC_HEADER_LENGTH:
        raise UnreadableCredentials("The Authorization header is too long.")
    try:
        # RFC 7617 section 2.1: UTF-8 is the only charset a server may announce.
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except ValueError:  # not base64 (binascii.Error), not ASCII, not UTF-8: all ValueErrors
        raise UnreadableCredentials("The Basic credentials are not base64 of UTF-8 text.") from None
    upn, colon, password = decoded.partition(":")
    if not colon or not upn.strip():
        raise UnreadableCredentials("The Basic credentials must be user-id:password.")
    return BasicCredentials(upn=upn, password=password)


def _challenge(response: JsonResponse) -> JsonResponse:
    # A fixed realm (never the Host header), and the charset RFC 7617 lets a server announce.
    response["WWW-Authenticate"] = f'Basic realm="{BASIC_REALM}", charset="UTF-8"'
    return response


def basic_auth_response(request: HttpRequest) -> JsonResponse:
    """The legacy endpoint's answer: 401 with a Basic challenge and Entra's error JSON (the
    AADSTS code also in ``X-Entra-Error-Code``) for every readable attempt; 400 for a broken
    header. No protocol is ever served: basic authentication cannot carry MFA."""
    try:
        credentials = basic_credentials(request.headers.get("Authorization", ""))
    except UnreadableCredentials as exc:
        response = JsonResponse(
            {"error": "invalid_request", "error_description": str(exc)},
            status=HTTPStatus.BAD_REQUEST,
        )
        response["Cache-Control"] = "no-store"
        return response
    if credentials is None:
        # No credentials yet: the challenge every Basic client starts with.
        response = JsonResponse(
            {"error": "unauthorized", "error_description": "Basic credentials are required."},
            status=HTTPStatus.UNAUTHORIZED,
        )
        response["Cache-Control"] = "no-store"
        return _challenge(response)
    refusal = legacy_sign_in_check(
        request=request,
        upn=credentials.upn,
        password=credentials.password,
        resource=EXCHANGE_ONLINE,
    )
    response = _answer(request, refusal, protocol="Basic")
    # Exchange answers a refused Basic sign-in with 401 whatever the reason, so a client like
    # Outlook 2010 asks for the password again: the symptom partners report.
    response.status_code = HTTPStatus.UNAUTHORIZED
    response["X-Entra-Error-Code"] = str(refusal.code)
    return _challenge(response)
