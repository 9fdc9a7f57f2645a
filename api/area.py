"""The Partner Center API: bearer tokens, not the pages' session, so no sign-in here;
``api.policy`` says who may call what."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.policy import Area

AREAS = (
    Area("api", _("Partner Center API"), "v1/", "api.urls", home="docs", sign_in=False),
)
