"""Profile claims the ID token lacks, completed from the provider's userinfo endpoint.

Entra puts the user's names in the ID token; other OpenID providers may keep them for the
userinfo endpoint (OIDC Core 5.4 lets them). The portal still decides only from the verified ID
token: userinfo may fill in *profile* claims the token left out, never a security claim (how
the user authenticated, the tenant, the subject): those would come from an unsigned answer
about a token the portal did not receive. And the answer must be about the same user
(OIDC Core 5.3.2: its ``sub`` equals the ID token's), or it is not used at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from accounts.tokens import claim_shape_problem

# What userinfo may fill in when the ID token lacks it: names for the pages, and the roles a
# provider may publish only there. Anything else (amr, acr, acrs, auth_time, tid, oid, sub,
# iss, aud, nonce, ...) comes from the ID token or not at all.
COMPLETABLE_CLAIMS = (
    "upn", "unique_name", "preferred_username", "email", "name", "given_name",
    "family_name", "roles", "wids",
)
# Without one of these the portal cannot say who is signed in (the sign-in hint, the pages).
_USER_NAME_CLAIMS = ("upn", "preferred_username", "unique_name", "email")


class InvalidUserInfo(Exception):
    """The userinfo answer cannot be used; the message says why."""


def needs_userinfo(claims: Mapping[str, Any]) -> bool:
    """Whether the ID token leaves the user unnamed: no user name or no display name.

    Entra's ID tokens always name the user, so a sign-in against Entra (or the mock) never
    costs a userinfo request.
    """
    has_user_name = any(claims.get(name) for name in _USER_NAME_CLAIMS)
    return not (has_user_name and claims.get("name"))


def complete_claims(
    id_token_claims: dict[str, Any], fetch_userinfo: Callable[[], Any | None]
) -> dict[str, Any]:
    """``id_token_claims`` with the missing ``COMPLETABLE_CLAIMS`` taken from userinfo.

    ``fetch_userinfo`` is called only when the ID token leaves the user unnamed; it answers
    None when the provider has no userinfo endpoint. Raises ``InvalidUserInfo`` for an answer
    about another subject or of the wrong shape.
    """
    if not needs_userinfo(id_token_claims):
        return id_token_claims
    userinfo = fetch_userinfo()
    if userinfo is None:
        return id_token_claims
    if not isinstance(userinfo, dict):
        raise InvalidUserInfo("The userinfo answer is not a JSON object.")
    if userinfo.get("sub") != id_token_claims["sub"]:
        # OIDC Core 5.3.2: otherwise the answer may be about someone else (a token mix-up).
        raise InvalidUserInfo("The userinfo answer is about another user (sub).")
    completed = dict(id_token_claims)
    for name in COMPLETABLE_CLAIMS:
        if completed.get(name) is not None or userinfo.get(name) is None:
            continue
        problem = claim_shape_problem(name, userinfo[name])
        if problem:
            raise InvalidUserInfo(f"In the userinfo answer, {problem}.")
        completed[name] = userinfo[name]
    return completed
