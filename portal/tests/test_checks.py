from __future__ import annotations

from django.urls import include, path

from portal.checks import check_every_url_has_an_area
from portal.urls import welcome


def _view(request):
    raise AssertionError("never called")


def test_the_portal_urlconf_passes():
    assert check_every_url_has_an_area() == []


def test_a_url_outside_every_area_fails_the_check(settings):
    settings.ROOT_URLCONF = __name__
    errors = check_every_url_has_an_area()
    assert [error.id for error in errors if error.obj == "debug/"] == ["portal.E001"]


def test_an_area_without_urls_fails_the_check(settings):
    settings.ROOT_URLCONF = __name__
    missing = {error.msg for error in check_every_url_has_an_area() if error.id == "portal.E002"}
    assert "The access policy has an area 'billing' with no URL." in missing


urlpatterns = [
    path("", include((welcome, "welcome"))),
    path("debug/", _view),
]
