from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from entra import demo_data
from entra.models import Role

register = template.Library()


@register.inclusion_tag("entra/_demo_accounts.html")
def demo_accounts() -> dict:
    """The trainer's cheat sheet: seeded personas and the demo password (demo mode only)."""
    if not settings.ENTRA["SHOW_DEMO_ACCOUNTS"]:
        return {"show": False}
    accounts = [
        {
            "upn": u.upn,
            "roles": ", ".join(str(Role(r).label) for r in u.roles) or "—",
            "story": gettext(u.story) if u.story else "",
        }
        for u in demo_data.USERS
    ]
    return {"show": True, "accounts": accounts, "password": settings.ENTRA["DEMO_PASSWORD"]}


@register.simple_tag
def stepup_cancel_url(next_url: str | None) -> str:
    """Where "Cancel" on an MFA prompt goes: back to the waiting client with access_denied."""
    base = reverse("entra:stepup_cancel")
    return f"{base}?{urlencode({'next': next_url})}" if next_url else ""


@register.simple_tag(takes_context=True)
def other_ways_url(context, next_url: str | None = None) -> str:
    """Entra's "Sign in another way" for a user with more than one way to verify (the list
    page, ``entra.views.methods.other_ways``), or "" when there is no other way."""
    from entra.methods.selectors import user_verification_ways

    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or len(user_verification_ways(user=user)) < 2:
        return ""
    base = reverse("entra:mfa_other_ways")
    return f"{base}?{urlencode({'next': next_url})}" if next_url else base
