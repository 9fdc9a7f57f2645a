"""The signed-in user's page at AD FS: who, and what this session has proven (the ``amr``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from adfs.internal.signin_state import signin_state


@require_GET
@never_cache
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "adfs/home.html", {"state": signin_state(request, request.user)})
