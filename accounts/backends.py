"""The portal's relying party: mozilla-django-oidc's code flow with its gaps filled.

Worked around in mozilla-django-oidc 5 (and why):
- Endpoints are read from discovery (``accounts.provider``), lazily: the parent reads them from
  settings in ``__init__``, which Django runs for every request's ``get_user``.
- ID tokens are verified by ``accounts.tokens`` (adds ``aud``/``iss``/alg checks and a JWKS
  cache that refreshes on an unknown ``kid``).
- The user is described by the verified ID-token claims; the userinfo endpoint only completes
  profile claims the token lacks (``accounts.userinfo``), after checking its ``sub``: the
  portal decides from what the token says (``amr``, ``acrs``, ``tid``), and the parent would
  take every claim from userinfo (unsigned, and for Entra on Microsoft Graph).
- A token without ``tid`` is a configuration mistake (the authority is not an Entra tenant),
  shown as such, not as "a user this portal does not accept".
- Users are matched on the token's object id (``oid``), not on e-mail, which a tenant admin
  can change or reuse.
"""

from __future__ import annotations

import uuid
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.provider import ProviderMisconfigured, ProviderUnavailable, provider_metadata
from accounts.tokens import verify_id_token
from accounts.userinfo import InvalidUserInfo, complete_claims


class TokenRequestFailed(Exception):
    """The provider's token endpoint refused the code (replayed, expired, wrong verifier)."""


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return provider_metadata().token_endpoint

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str | None:
        return provider_metadata().userinfo_endpoint

    def get_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            token_info = super().get_token(payload)
        except requests.HTTPError as exc:
            error = _oauth_error(exc.response)
            raise TokenRequestFailed(error) from exc
        except requests.JSONDecodeError as exc:  # a 200 whose body is not JSON
            raise TokenRequestFailed("the answer is not JSON") from exc
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"The token endpoint is unreachable: {exc}") from exc
        # The parent reads fields of the answer without looking at its shape (RFC 6749 5.1).
        if not isinstance(token_info, dict) or not all(
            isinstance(token_info.get(name), str) for name in ("id_token", "access_token")
        ):
            raise TokenRequestFailed("the answer is not a token response with an ID token")
        return token_info

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        if "nonce" not in kwargs:
            # The parent's get_userinfo verifies a signed (application/jwt) userinfo answer
            # here. The portal never registers for one (OIDC Core 5.3.2: JSON unless asked).
            raise InvalidUserInfo("The userinfo answer is signed; this portal reads JSON only.")
        return verify_id_token(token, nonce=kwargs["nonce"])

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # The callback view keeps the ID token after login (which may flush the session).
        self._id_token = id_token

    def get_userinfo(self, access_token: str, id_token: str, payload: dict) -> dict:
        parent_get_userinfo = super().get_userinfo

        def fetch() -> Any:
            if not self.OIDC_OP_USER_ENDPOINT:
                return None  # the provider has none: the ID token is all there is
            try:
                return parent_get_userinfo(access_token, id_token, payload)
            except requests.HTTPError as exc:
                raise InvalidUserInfo(
                    f"The userinfo endpoint refused the access token: {_oauth_error(exc.response)}."
                ) from exc
            except requests.JSONDecodeError as exc:
                raise InvalidUserInfo("The userinfo answer is not JSON.") from exc
            except requests.RequestException as exc:
                raise ProviderUnavailable(f"The userinfo endpoint is unreachable: {exc}") from exc

        return complete_claims(payload, fetch)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not claims.get("tid"):
            # Every area scopes its data by the tenant id, which Entra always sends: a provider
            # that does not is not the Entra tenant the portal was meant to use.
            raise ProviderMisconfigured(
                "The identity provider's ID token has no tenant id (tid); the portal needs a "
                "Microsoft Entra tenant (or a provider that issues tid) as OIDC_AUTHORITY.",
                setting="OIDC_AUTHORITY",
            )
        # Entra always sends it as a GUID.
        try:
            uuid.UUID(str(claims.get("tid")))
        except ValueError:
            return False
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]):
        return self.UserModel.objects.filter(username=_object_id(claims))

    def create_user(self, claims: dict[str, Any]):
        user = self.UserModel(username=_object_id(claims))
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user, claims: dict[str, Any]):
        user.email = claims.get("upn") or claims.get("email") or ""
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.save()
        # Handed to the callback view, which keeps them in the session.
        user.verified_claims = claims
        user.id_token = getattr(self, "_id_token", None)
        return user


def _object_id(claims: dict[str, Any]) -> str:
    return str(claims.get("oid") or claims["sub"])


def _oauth_error(response: requests.Response | None) -> str:
    if response is None:
        return "no response"
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if not isinstance(body, dict):
        return f"HTTP {response.status_code}"
    return str(body.get("error_description") or body.get("error") or response.status_code)
