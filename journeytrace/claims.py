"""One line per ID-token claim, like a JWT decoder's notes: what the claim says and why the
portal cares. Unknown claims get a plain "not used by the portal"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CLAIM_NOTES = {
    "amr": _(
        "How the user signed in (authentication methods): pwd = password, mfa = multifactor, "
        "otp = one-time code, fed = federated IdP, rsa = Authenticator, ngcmfa = passkey or "
        "Windows Hello. The portal counts mfa or ngcmfa as MFA."
    ),
    "acr": _("Authentication context class: 1 = signed in; an MFA value when one was asked."),
    "acrs": _("Conditional Access authentication contexts this sign-in satisfied."),
    "auth_time": _("When the user last entered credentials (seconds since 1970, UTC)."),
    "tid": _("The tenant (directory) the user belongs to: the partner tenant."),
    "oid": _("The user's object id in the tenant: who the portal's session is."),
    "sub": _("Subject: the user, as this application sees them."),
    "roles": _("Partner Center roles of the user: which areas open after MFA."),
    "wids": _("Directory role template ids (Security and Billing administrator count here)."),
    "iss": _("Issuer: who signed the token; must be the configured identity provider."),
    "aud": _("Audience: the application the token is for; must be the portal's client id."),
    "exp": _("Expiry (seconds since 1970, UTC); the portal refuses the token after it."),
    "iat": _("Issued at (seconds since 1970, UTC)."),
    "nbf": _("Not valid before (seconds since 1970, UTC)."),
    "nonce": _("Binds the token to this browser's sign-in request; checked, not recorded."),
    "upn": _("User principal name: the sign-in name."),
    "unique_name": _("The sign-in name, as Entra's v1 tokens carry it."),
    "preferred_username": _("The sign-in name, as Entra's v2 tokens carry it."),
    "name": _("Display name."),
    "email": _("E-mail address."),
    "given_name": _("Given name."),
    "family_name": _("Family name."),
    "ver": _("Token version."),
    "azp": _("Authorized party: the client the token was issued to."),
    "sid": _("The identity provider's session id."),
    "at_hash": _("Hash of the access token issued alongside, binding the two."),
    "c_hash": _("Hash of the authorization code, binding the token to it."),
    "idp": _("The identity provider that authenticated the user, when not Entra itself."),
    "appid": _("The application (client) id."),
    "scp": _("Delegated permissions (scopes)."),
}


def explain(claim: str) -> str:
    return str(CLAIM_NOTES.get(claim, _("Not used by the portal.")))
