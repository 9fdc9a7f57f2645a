"""The journey trace: this browser's own steps, shown before sign-in too (a sign-in that failed
is what it explains best)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.policy import Area

AREAS = (
    Area("trace", _("Journey trace"), "trace/", "journeytrace.urls", home="page", sign_in=False),
)
