"""allauth's OIDC adapter, made to issue AD FS-shaped tokens whose ``amr`` tells the truth."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.core import context
from allauth.idp.oidc.models import Client

from adfs.internal.authn_request import MULTIPLEAUTHN
from adfs.models import SignIn, User
from config.idpkit.oidc_adapter import DirectoryOIDCAdapter


def _current_sign_in() -> SignIn | None:
    # Set by the token wrapper (adfs.views.oidc.token) from the redeemed code's record.
    return getattr(context.request, "adfs_sign_in", None)


def _user_claims(user: User) -> dict[str, Any]:
    return {
        "upn": user.email,
        "email": user.email,
        "unique_name": user.email,
        "name": user.get_full_name() or user.email,
        "given_name": user.given_name,
        "family_name": user.family_name,
    }


def _sign_in_claims(sign_in: SignIn | None) -> dict[str, Any]:
    # No recorded sign-in means nothing is proven: an empty amr rather than a guess.
    if sign_in is None:
        return {"amr": []}
    return {"amr": list(sign_in.amr), "auth_time": int(sign_in.auth_time.timestamp())}


class AdfsOIDCAdapter(DirectoryOIDCAdapter):
    issuer_setting = "ADFS_BASE_URL"

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs) -> dict[str, Any]:
        # AD FS issues what its claim rules say, whatever the scopes: the relying party
        # (Entra ID) matches the user by upn.
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        claims.update(_user_claims(user))
        return claims

    def populate_id_token(self, id_token: dict[str, Any], client, scopes, **kwargs) -> None:
        id_token.update(_sign_in_claims(_current_sign_in()))

    def populate_access_token(
        self,
        access_token: dict[str, Any],
        *,
        client: Client,
        scopes: Iterable[str],
        user: User | None,
        **kwargs: Any,
    ) -> None:
        access_token.setdefault("aud", client.id)
        if user is not None:
            access_token.update(upn=user.email, **_sign_in_claims(_current_sign_in()))

    def populate_server_metadata(self, data: dict[str, Any]) -> None:
        data["claims_supported"] = [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "amr", "upn", "unique_name",
            "email", "name", "given_name", "family_name",
        ]
        data["acr_values_supported"] = [MULTIPLEAUTHN]
        data["prompt_values_supported"] = ["none", "login"]
