"""Django's admin on the mock Entra ID: off unless ``IDP_ADMIN_ENABLED``, and then behind the
IdP's own sign-in.

Django's admin login form takes passwords with none of allauth's rate limits and no MFA, and the
admin can change clients and authenticators. So its login is allauth's (``secure_admin_login``)
and a staff member must have done MFA in this sign-in, as Entra asks of administrators.
"""

from __future__ import annotations

from http import HTTPStatus

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from entra.internal.signin_state import signin_state
from entra.security_info_access import has_method, verify_first


class EntraAdminSite(admin.AdminSite):
    site_header = "Mock Entra ID administration"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and signin_state(request, request.user).has_mfa

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            # Signed in, but without MFA in this sign-in.
            if has_method(user):
                return verify_first(request, reverse("admin:index"))
            return render(request, "entra/admin_needs_mfa.html", status=HTTPStatus.FORBIDDEN)
        return secure_admin_login(super().login)(request, extra_context)
