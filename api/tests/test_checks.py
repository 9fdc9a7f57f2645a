"""The system checks that keep every API view under the policy."""

from __future__ import annotations

import sys
import types

from django.urls import path
from rest_framework import generics
from rest_framework.views import APIView

from api.checks import check_every_api_view_has_operations
from api.views.base import OperationView


class _Unlisted(OperationView, generics.ListCreateAPIView):
    operations = {"GET": "customers.list"}  # POST names no operation


class _NotAnOperationView(APIView):
    def get(self, request):
        return None


def _urlconf(settings, *patterns) -> None:
    module = types.ModuleType("api_tests_checks_urls")
    module.urlpatterns = list(patterns)
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__


def test_the_api_as_served_passes():
    assert check_every_api_view_has_operations() == []


def test_a_method_without_a_policy_row_fails(settings):
    _urlconf(settings, path("v1/x", _Unlisted.as_view()))
    errors = check_every_api_view_has_operations()
    assert [(e.id, "POST" in e.msg) for e in errors] == [("api.E001", True)]


def test_a_view_outside_the_policy_fails(settings):
    _urlconf(settings, path("v1/y", _NotAnOperationView.as_view()))
    assert [e.id for e in check_every_api_view_has_operations()] == ["api.E002"]
