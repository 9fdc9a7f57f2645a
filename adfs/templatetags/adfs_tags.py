from __future__ import annotations

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext

from adfs import demo_data, selectors
from config.idpkit.allauth_internals import unstash_login

register = template.Library()


@register.inclusion_tag("adfs/_demo_accounts.html")
def demo_accounts() -> dict:
    """The trainer's cheat sheet under the sign-in form (demo mode only)."""
    if not settings.ADFS["SHOW_DEMO_ACCOUNTS"]:
        return {"show": False}
    accounts = []
    for u in demo_data.USERS:
        user = selectors.user_get_by_upn(upn=u.upn)
        accounts.append({
            "upn": u.upn,
            "story": gettext(u.story) if u.story else "",
            "skip_mfa": bool(user and user.skip_mfa),
        })
    return {
        "show": True,
        "accounts": accounts,
        "password": settings.ADFS["DEMO_PASSWORD"],
        "trainer_page": settings.ADFS["QA_API_ENABLED"],
    }


@register.simple_tag(takes_context=True)
def signing_in_upn(context: template.Context) -> str:
    """Who the page is about: the signed-in user, or the one whose sign-in awaits its MFA step."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    if request.user.is_authenticated:
        return request.user.email
    login = unstash_login(request, peek=True)
    return login.user.email if login is not None and login.user is not None else ""
