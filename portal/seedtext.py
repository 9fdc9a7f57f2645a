"""Seeded demo content in both languages.

Seeded records (service health, support requests, fraud events, invoice lines) are stored in
English, as the Partner Center API and the reconciliation file serve them, and shown in the
page's language: each seeding module marks its texts with ``gettext_noop`` (so they are
messages of its catalog) and lists them; a page translates a stored text only when it is one of
those. What users type (a new support request) is never looked up in a catalog.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext


def seeded_text(text: str, *, seeded: Iterable[str]) -> str:
    """``text`` in the active language if it is one of the ``seeded`` texts, else as stored."""
    return gettext(text) if text and text in seeded else text
