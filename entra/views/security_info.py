"""The signed-in user's own page, like Microsoft's "Security info": who, which tenant policy,
which methods are registered, and what this session has proven (the future ``amr``)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from entra.internal.signin_state import signin_state
from entra.methods import selectors as method_selectors
from entra.models import Role


@require_GET
@never_cache
@login_required
def security_info(request: HttpRequest) -> HttpResponse:
    user = request.user
    methods = Authenticator.objects.filter(user=user).order_by("type")
    state = signin_state(request, user)
    return render(
        request,
        "entra/security_info.html",
        {
            "tenant": user.tenant,
            "role_labels": [Role(r).label for r in user.roles],
            "methods": methods,
            "has_totp": any(m.type == Authenticator.Type.TOTP for m in methods),
            "has_method": any(m.type != Authenticator.Type.RECOVERY_CODES for m in methods),
            "state": state,
            # entra.methods: a phone (SMS, voice) and a hardware OATH token.
            "phone": method_selectors.user_phone(user=user),
            "oath_token": method_selectors.user_oath_token(user=user),
            "has_other_method": method_selectors.user_has_other_entra_method(user=user),
        },
    )
