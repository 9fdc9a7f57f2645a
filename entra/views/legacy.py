"""The legacy endpoint: HTTP Basic to a stand-in for Exchange Web Services (common issue 5)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from entra import legacy_auth


# No cookie is read or set here (Basic credentials travel with every request), so there is no
# session a forged cross-site request could ride on: CSRF protection has nothing to protect.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def exchange_basic(request: HttpRequest) -> HttpResponse:
    return legacy_auth.basic_auth_response(request)
