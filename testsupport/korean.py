"""Finding English left on a page served in Korean (issue 11: "Korean everywhere a Korean
audience looks").

Used by each origin's ``tests/test_korean_pages.py`` (the portal, the mock Entra ID and Wingtip
AD FS run under different settings, so each has its own module; this one needs no settings).

Two checks:

- ``english_left(html)``: the words of three or more Latin letters a reader sees (text, plus
  the ``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes; not scripts, styles or
  ``<code>``/``<pre>``/``<kbd>``/``<samp>``, which show literal protocol values such as
  ``amr_values=mfa`` that stay in Latin script in Korean documentation too) that are not proper
  names or protocol terms of ``ALLOWED_WORDS``. E-mail addresses (UPNs), URLs and ids are
  dropped first.
- ``untranslated_msgids(templates)``: every message the rendered templates mark for translation
  (``{% translate %}``, ``{% blocktranslate %}``, found by Django's own ``templatize`` and
  Babel's extractor, as ``makemessages`` would) must have a Korean translation in the catalogs
  the origin loads. Fuzzy entries are not compiled, so they count as missing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from html.parser import HTMLParser

# Proper names and protocol terms that stay in Latin script in Korean (Microsoft's Korean pages
# write them so too). Lower case; compared case-insensitively. Keep it small: every word added
# here is a word the test can no longer catch.
ALLOWED_WORDS = frozenset(
    {
        # Products, companies and the simulator's fictional organisations and people.
        "microsoft", "partner", "center", "entra", "azure", "windows", "authenticator",
        "contoso", "fabrikam", "wingtip", "toys", "adatum", "northwind", "traders", "relecloud",
        "tailspin", "woodgrove", "bank", "verify", "google", "powershell", "exchange", "skype",
        # Microsoft's product names, which its Korean pages keep (Exchange Online, Microsoft
        # Teams Essentials, Defender for Business, Microsoft 365 Business Premium, Azure plan).
        "online", "teams", "essentials", "defender", "business", "premium", "outlook", "plan",
        "readme",
        "alejandra", "prashob", "john", "trent", "automation", "mock", "camino", "menon", "doe",
        "nguyen",
        # Protocols, standards and their terms.
        "oidc", "openid", "connect", "oauth", "jwt", "jwks", "json", "csv", "api", "rest", "http",
        "https", "html", "url", "uri", "saml", "fido", "webauthn", "totp", "oath", "pkce", "rfc",
        "csrf", "upn", "gdap", "dap", "aobo", "mfa", "sso", "sms", "ngcmfa", "amr", "acr",
        "acrs", "pwd", "otp", "rsa", "tel", "fed", "tid", "oid", "sub", "iss", "aud", "exp",
        "iat",
        "nbf", "scp", "wids", "ver", "appid", "appidacr", "nonce", "utc", "sku", "usd",
        "multipleauthn",
        "adfs", "idp", "sts",
        # allauth's and Django's language names in the language switch.
        "english",
    }
)

# "#" too: a B2B guest's UPN has the form lee_relecloud.com#EXT#@contoso.com.
_EMAIL = re.compile(r"[\w.+#-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://|urn:)\S+")
_PATH = re.compile(r"(?<![\w])/[\w./?=&%-]*")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|example|local)(?![A-Za-z])")
# GUIDs and other tokens with digits (subscription ids, invoice numbers, SKU codes, the demo
# password).
_ID = re.compile(r"[^\s가-힣]*\d[^\s가-힣]*")
# Terms of the source document's Korean edition written in Latin script inside a phrase.
# "App+User" (an authentication type), the API's status line, which the source quotes, and a
# product name with a small word in it.
_PHRASES = re.compile(
    r"App\+User|Unauthorized - MFA required|Defender for Business|"
    r"Active Directory Federation Services"
)
# Identifiers of the protocols (claim and parameter names, setting values): snake_case and
# camelCase that starts in lower case (``amr_values``, ``federatedIdpMfaBehavior``). PascalCase
# is kept, so that a raw role value such as ``AdminAgent`` is still caught.
_IDENTIFIER = re.compile(
    r"(?<![A-Za-z])(?:[A-Za-z0-9]+_[A-Za-z0-9_]+|[a-z]+[A-Z][A-Za-z]*)(?![A-Za-z])"
)
_WORD = re.compile(r"[A-Za-z]{3,}")

_SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "template", "noscript"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}
_SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping.append(tag)
        if self._skipping:
            return
        for name, value in attrs:
            if name in _SHOWN_ATTRIBUTES and value:
                self.parts.append(value)
            # A submit button's label is its value.
            if (
                tag == "input"
                and name == "value"
                and value
                and dict(attrs).get("type") in ("submit", "button")
            ):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and tag in self._skipping:
            # Close the skipped element and any left open inside it.
            while self._skipping:
                if self._skipping.pop() == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader of ``html`` sees (see the module docstring for what is left out)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def english_left(html: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """Words of three or more Latin letters on the page that are not allowed; sorted, unique.

    ``allowed`` adds words for one page (e.g. the language switch's "English").
    """
    allowed_words = ALLOWED_WORDS | {word.lower() for word in allowed}
    text = visible_text(html)
    for pattern in (_EMAIL, _URL, _PATH, _DOMAIN, _ID, _IDENTIFIER, _PHRASES):
        text = pattern.sub(" ", text)
    return sorted(
        {word for word in _WORD.findall(text) if word.lower() not in allowed_words}
    )


def english_context(html: str, word: str, *, width: int = 60) -> str:
    """Where ``word`` appears in the page's visible text, for a readable failure message."""
    text = visible_text(html)
    at = text.find(word)
    return text[max(0, at - width) : at + len(word) + width] if at >= 0 else ""


def assert_korean(html: str, *, url: str, allowed: Iterable[str] = ()) -> None:
    """Fails naming each English word left on the page and where it stands."""
    left = english_left(html, allowed=allowed)
    assert not left, f"English left on {url}: " + "; ".join(
        f"{word!r} in '…{english_context(html, word)}…'" for word in left
    )


def template_msgids(sources: Iterable[str]) -> set[str | tuple[str, ...]]:
    """The messages templates mark for translation: ``msgid``, or for plural and contextual
    messages a tuple (``(singular, plural)``, ``(context, msgid)``)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_python
    from django.utils.translation.template import templatize

    found: set[str | tuple[str, ...]] = set()
    for source in sources:
        # templatize keeps the template's layout; the extractor tokenizes Python, which the
        # indentation of HTML would upset.
        code = "\n".join(line.lstrip() for line in templatize(source).splitlines())
        code = code.encode("utf-8")
        for _line, function, messages, _comments in extract_python(
            io.BytesIO(code), DEFAULT_KEYWORDS, [], {}
        ):
            if isinstance(messages, str):
                found.add(messages)
            elif function in ("pgettext", "npgettext"):
                found.add(tuple(m for m in messages if m is not None))
            else:
                found.add(tuple(m for m in messages if m is not None))
    return found


def untranslated_msgids(
    msgids: Iterable[str | tuple[str, ...]], *, language: str = "ko"
) -> list[str]:
    """The messages with no translation in ``language``'s merged catalog (the project's, the
    libraries' and Django's, as the origin loads them)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog
    missing = []
    for msgid in msgids:
        if isinstance(msgid, str):
            key: object = msgid
            if not catalog.get(key):
                missing.append(msgid)
            continue
        if len(msgid) == 2 and "\x04" not in msgid[0]:
            # pgettext(context, message) is stored as "context\x04message"; ngettext
            # (singular, plural) as (singular, index). Either is enough to tell.
            contextual = f"{msgid[0]}\x04{msgid[1]}"
            if catalog.get(contextual) or catalog.get((msgid[0], 0)):
                continue
        if len(msgid) == 3 and catalog.get((f"{msgid[0]}\x04{msgid[1]}", 0)):
            continue
        missing.append(" | ".join(msgid))
    return missing


def rendered_template_sources(response) -> list[str]:
    """The source of every project template a test-client response rendered (Django's test
    client records them); library templates (allauth's, Django's) are their maintainers'."""
    from django.conf import settings

    base = str(settings.BASE_DIR)
    sources = {}
    for template in getattr(response, "templates", []):
        origin = getattr(template, "origin", None)
        name = getattr(origin, "name", "") or ""
        if name.startswith(base) and "/.venv/" not in name and hasattr(template, "source"):
            sources[name] = template.source
    return list(sources.values())


def assert_korean_error_page(response, *, status: int, stylesheet: str) -> None:
    """An origin's own error page: the status, in Korean with nothing untranslated, in the
    origin's look (``stylesheet``), and never Django's traceback or technical 404."""
    assert response.status_code == status
    body = response.content.decode()
    assert f'data-testid="error-status">{status}<' in body
    assert '<html lang="ko">' in body
    assert stylesheet in body
    assert "Traceback" not in body
    assert "URLconf" not in body  # Django's technical 404
    assert_korean(body, url=f"the {status} page")
    assert untranslated_msgids(template_msgids(rendered_template_sources(response))) == []
