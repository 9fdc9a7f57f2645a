"""The Korean catalogs as `make` compiles them (Babel): Korean has one plural form, so a
`{% blocktranslate count %}` must come out in Korean for every count."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(ROOT.glob("*/locale/ko/LC_MESSAGES/django.mo"))


def test_every_app_catalog_is_compiled():
    sources = sorted(ROOT.glob("*/locale/ko/LC_MESSAGES/django.po"))
    assert [p.with_suffix(".mo") for p in sources] == CATALOGS


@pytest.mark.parametrize("mo", CATALOGS, ids=lambda p: p.parts[-5])
def test_compiled_catalog_says_korean_and_its_plural_rule(mo):
    # Babel writes Language and Plural-Forms into the .mo only when the .po's Language header
    # names the locale; without them gettext assumes English's two forms.
    with mo.open("rb") as f:
        catalog = gettext.GNUTranslations(f)
    assert catalog.info().get("language") == "ko"
    assert catalog.info().get("plural-forms", "").startswith("nplurals=1;")
    assert catalog.plural(1) == catalog.plural(5) == 0
