"""The OpenID Connect relying party's endpoints: open before sign-in, as they do the sign-in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.policy import Area

AREAS = (Area("oidc", _("Sign-in"), "oidc/", "accounts.urls", home="authenticate", sign_in=False),)
