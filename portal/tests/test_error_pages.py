"""Error pages in demo mode: never Django's technical pages in front of an audience (issue 11).

``make demo`` runs each origin with ``manage.py runserver`` in demo mode. DEBUG is off there by
default, so a wrong address gets the origin's own 404 page (in the reader's language), and the
static files still come (whitenoise, from the apps' folders). The mock Entra ID and Wingtip AD
FS children of the e2e fixtures are exactly such runservers; the portal's settings are checked
in a fresh process, as ``make demo`` starts them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests
from django.conf import settings

from testsupport.korean import assert_korean


@pytest.mark.parametrize(
    "settings_module", ["config.settings.portal", "config.settings.idp", "config.settings.adfs"]
)
def test_demo_mode_runs_without_debug(settings_module):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module,
                   "SIMULATOR_MODE": "demo"}
    environment.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c",
         "import django; django.setup(); from django.conf import settings as s; "
         "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.WHITENOISE_USE_FINDERS)"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    # No debug pages; cookies that work over plain HTTP; static files served by whitenoise.
    assert result.stdout.split() == ["False", "False", "True"]


@pytest.fixture(params=["idp", "adfs"])
def demo_origin(request) -> tuple[str, str]:
    """A demo-mode runserver of an identity provider, and its stylesheet."""
    if request.param == "idp":
        return request.getfixturevalue("mock_idp").url, "/static/entra/entra.css"
    return request.getfixturevalue("mock_adfs").url, "/static/adfs/adfs.css"


def test_a_wrong_address_in_demo_mode_gets_the_origins_404_page(demo_origin):
    url, stylesheet = demo_origin
    response = requests.get(f"{url}/no/such/page", headers={"Accept-Language": "ko"}, timeout=10)
    assert response.status_code == 404
    assert "URLconf" not in response.text  # Django's technical 404 lists the URL patterns
    assert 'data-testid="error-status">404<' in response.text
    assert stylesheet in response.text
    assert_korean(response.text, url=f"{url}/no/such/page")
    css = requests.get(f"{url}{stylesheet}", timeout=10)
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")
