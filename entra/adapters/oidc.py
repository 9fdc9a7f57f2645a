"""allauth's OIDC adapter, made to issue Entra-shaped tokens whose ``amr`` tells the truth."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.core import context
from allauth.idp.oidc.models import Client
from django.core.exceptions import ValidationError
from django.urls import reverse

from config.idpkit.oidc_adapter import DirectoryOIDCAdapter
from entra.internal.resource_tenant import (
    ACCESS_ATTR,
    AUTHORITY_ATTR,
    ResourceAccess,
    sts_issuer,
)
from entra.internal.stepup import ACR_VALUES_SUPPORTED, RESPONSE_MODES
from entra.models import DIRECTORY_ROLE_TEMPLATE_IDS, AppRegistration, SignIn, Tenant, User

PARTNER_CENTER_API = "https://api.partnercenter.microsoft.com"
# Resources (``resource=`` / RFC 8707) that clients may ask access tokens for.
KNOWN_RESOURCES = frozenset({PARTNER_CENTER_API})


def _current_sign_in() -> SignIn | None:
    return getattr(context.request, "entra_sign_in", None)


def _authority() -> Tenant | None:
    """The tenant whose authority this request is under (``/<tenant>/identity/o/...``)."""
    return getattr(context.request, AUTHORITY_ATTR, None)


def _resource_claims(claims: dict[str, Any]) -> None:
    """A partner agent's token in a customer's tenant, as Entra writes it: ``tid`` the customer,
    ``idp`` the issuer of the agent's own tenant, ``wids`` the GDAP roles reaching them there,
    and no ``roles``: Partner Center's roles are the partner tenant's, not the customer's."""
    access: ResourceAccess | None = getattr(context.request, ACCESS_ATTR, None)
    if access is None or not access.delegated:
        return
    claims["tid"] = str(access.tenant.pk)
    claims["tenant_region_scope"] = access.tenant.region_scope
    claims["idp"] = sts_issuer(access.partner_tenant.pk)
    claims["wids"] = sorted(access.roles)
    claims.pop("roles", None)


def _user_claims(user: User) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "oid": str(user.object_id),
        "upn": user.email,
        "unique_name": user.email,
        "preferred_username": user.email,
        "name": user.get_full_name() or user.email,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "roles": list(user.roles),
    }
    if user.tenant_id:
        claims["tid"] = str(user.tenant_id)
        claims["tenant_region_scope"] = user.tenant.region_scope
    if user.user_type == User.UserType.GUEST and user.home_tenant_id:
        # Entra's claims for a B2B guest: acct=1, and idp naming the home tenant's issuer.
        claims["acct"] = 1
        claims["idp"] = f"https://sts.windows.net/{user.home_tenant_id}/"
    wids = [DIRECTORY_ROLE_TEMPLATE_IDS[r] for r in user.roles if r in DIRECTORY_ROLE_TEMPLATE_IDS]
    if wids:
        claims["wids"] = wids
    return claims


def _sign_in_claims(sign_in: SignIn | None) -> dict[str, Any]:
    # No recorded sign-in means nothing is proven: an empty amr rather than a guess.
    if sign_in is None:
        return {"amr": [], "acr": "0"}
    claims: dict[str, Any] = {
        "amr": list(sign_in.amr),
        "acr": sign_in.acr,
        "auth_time": int(sign_in.auth_time.timestamp()),
    }
    if sign_in.acrs:
        # Like Entra: only contexts that were asked for and satisfied, else no claim at all.
        claims["acrs"] = list(sign_in.acrs)
    return claims


class EntraOIDCAdapter(DirectoryOIDCAdapter):
    issuer_setting = "IDP_BASE_URL"

    def get_issuer(self) -> str:
        """``IDP_BASE_URL``, or under a tenant's authority ``IDP_BASE_URL/<tid>`` (Entra v2's
        ``https://login.microsoftonline.com/<tid>/v2.0``): the issuer its discovery document
        names (docs/tokens.md, "Customer-tenant tokens"). Same signing keys either way."""
        authority = _authority() if context.request is not None else None
        base = super().get_issuer()
        return f"{base}/{authority.pk}" if authority is not None else base

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs) -> dict[str, Any]:
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        claims.update(_user_claims(user))
        _resource_claims(claims)
        return claims

    def populate_id_token(self, id_token: dict[str, Any], client, scopes, **kwargs) -> None:
        id_token.update(_sign_in_claims(_current_sign_in()))
        id_token["ver"] = "2.0"

    def populate_access_token(
        self,
        access_token: dict[str, Any],
        *,
        client: Client,
        scopes: Iterable[str],
        user: User | None,
        **kwargs: Any,
    ) -> None:
        audiences = access_token.get("aud") or [client.id]
        if isinstance(audiences, str):
            audiences = [audiences]
        aud = audiences[0] if len(audiences) == 1 else audiences
        access_token["aud"] = aud
        access_token.update(
            appid=client.id,
            # 0: public client, 1: client secret (Entra's values).
            appidacr="0" if client.type == Client.Type.PUBLIC else "1",
            ver="1.0",
        )
        if user is None:
            self._populate_app_only(access_token, client)
        else:
            access_token.update(_user_claims(user))
            _resource_claims(access_token)
            access_token.update(_sign_in_claims(_current_sign_in()))
            access_token["scp"] = (
                "user_impersonation" if aud == PARTNER_CENTER_API else " ".join(scopes)
            )
            access_token["ipaddr"] = context.request.META.get("REMOTE_ADDR", "")
        if aud == PARTNER_CENTER_API and "tid" in access_token:
            # The shape of the source document's sample: a v1 token from the tenant's STS
            # (the customer's, for a partner agent under a customer's authority).
            access_token["iss"] = sts_issuer(access_token["tid"])

    def _populate_app_only(self, access_token: dict[str, Any], client: Client) -> None:
        registration = AppRegistration.objects.filter(client=client).first()
        access_token["idtyp"] = "app"
        if registration is not None:
            access_token["tid"] = str(registration.tenant_id)
            access_token["oid"] = str(registration.service_principal_id)
            access_token["sub"] = str(registration.service_principal_id)

    def validate_resource_uris(self, *, uris: list[str], **kwargs: Any) -> None:
        unknown = sorted(set(uris) - KNOWN_RESOURCES)
        if unknown:
            raise ValidationError(f"Unknown resource: {', '.join(unknown)}")

    def populate_server_metadata(self, data: dict[str, Any]) -> None:
        """Discovery says only what this IdP serves (allauth lists every type it knows of).

        - response types: ``code`` alone, the only one any client is registered for (the
          authorize wrapper links codes to sign-ins; an implicit or hybrid token never carries
          a true ``amr``); response modes: where the wrapper finds the code;
        - grant types, and the device authorization endpoint: those some registered client
          has (allauth confirms device codes of public clients only);
        - ``request_uri_parameter_supported`` is false: absent, Discovery 1.0 means true;
        - ``acr_values_supported``: every acr the tokens can carry (``entra.internal.stepup``).
        """
        grants = _usable_grant_types()
        data["response_types_supported"] = [Client.ResponseType.CODE.value]
        data["response_modes_supported"] = list(RESPONSE_MODES)
        data["grant_types_supported"] = [
            grant for grant in data.get("grant_types_supported", ()) if grant in grants
        ]
        if Client.GrantType.DEVICE_CODE not in grants:
            data.pop("device_authorization_endpoint", None)
        data["request_parameter_supported"] = False
        data["request_uri_parameter_supported"] = False
        data["claims_parameter_supported"] = True
        data["claims_supported"] = [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "amr", "acr", "acrs", "tid",
            "oid", "upn", "unique_name", "preferred_username", "name", "given_name",
            "family_name", "email", "roles", "wids", "acct", "idp",
        ]
        data["acr_values_supported"] = list(ACR_VALUES_SUPPORTED)
        data["prompt_values_supported"] = ["none", "login"]
        if (authority := _authority()) is not None:
            _tenant_metadata(data, authority)


def _tenant_metadata(data: dict[str, Any], authority: Tenant) -> None:
    """A tenant's discovery document: its issuer, and only what works under its authority.

    Authorize and token answer under the tenant's prefix, with authorization codes and refresh
    tokens; the keys are the same. The device flow, userinfo, logout and revocation stay the
    common authority's (allauth checks ``iss`` = the common issuer there), so they are left out
    rather than promised.
    """
    prefix = data["issuer"]  # get_issuer(): IDP_BASE_URL/<tid>
    data["authorization_endpoint"] = prefix + reverse("idp:oidc:authorization")
    data["token_endpoint"] = prefix + reverse("idp:oidc:token")
    for name in ("device_authorization_endpoint", "userinfo_endpoint", "end_session_endpoint",
                 "revocation_endpoint", "introspection_endpoint", "registration_endpoint"):
        data.pop(name, None)
    data["grant_types_supported"] = [
        grant for grant in data.get("grant_types_supported", ())
        if grant in ("authorization_code", "refresh_token")
    ]
    data["tenant_region_scope"] = authority.region_scope


def _usable_grant_types() -> set[str]:
    """The grant types some registered client can use (one query). allauth confirms device
    codes of public clients only, so a confidential client's device code grant is not one."""
    grants: set[str] = set()
    for client in Client.objects.only("type", "grant_types"):
        client_grants = set(client.get_grant_types())
        if client.type != Client.Type.PUBLIC:
            client_grants.discard(Client.GrantType.DEVICE_CODE)
        grants |= client_grants
    return grants
