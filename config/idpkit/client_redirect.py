"""Where an authorization request may send the browser back to, and how.

An answer (a code or an error) may only go to a redirect URI registered for the client, exactly
as registered; anything else is answered on the provider's own error page, never redirected
(an open redirect would hand codes and errors to whoever wrote the link).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from allauth.idp.oidc.models import Client
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext


@dataclass(frozen=True)
class ClientTarget:
    client: Client
    redirect_uri: str
    state: str | None


def client_target(params: Mapping[str, str]) -> ClientTarget | None:
    """The registered client and redirect URI of an authorization request, or None."""
    client_id, redirect_uri = params.get("client_id"), params.get("redirect_uri")
    if not client_id or not redirect_uri or "\x00" in client_id:
        return None
    client = Client.objects.filter(id=client_id).first()
    if client is None or redirect_uri not in client.get_redirect_uris():
        return None
    return ClientTarget(client=client, redirect_uri=redirect_uri, state=params.get("state"))


def authorization_params(url: str | None) -> QueryDict | None:
    """The parameters of ``url`` if it is this provider's authorization endpoint, else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or parts.path != reverse("idp:oidc:authorization"):
        return None
    return QueryDict(parts.query)


def add_query(url: str, params: Mapping[str, str | None]) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, vs in parse_qs(parts.query, keep_blank_values=True).items() for v in vs]
    query += [(k, v) for k, v in params.items() if v is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_value(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


def path_without(
    request: HttpRequest, names: Iterable[str] = (), *, prompt_word: str | None = None
) -> str:
    """The request's path and query with the parameters ``names`` and one ``prompt`` word
    removed (so that a request sent to sign-in first does not ask for it again on return)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    if prompt_word and "prompt" in query:
        words = [w for w in query["prompt"].split() if w != prompt_word]
        if words:
            query["prompt"] = " ".join(words)
        else:
            query.pop("prompt")
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


class ClientRedirect(HttpResponse):
    """A 302 to a registered redirect URI (which may use a native app's custom scheme, which
    Django's ``HttpResponseRedirect`` refuses)."""

    def __init__(self, url: str) -> None:
        super().__init__(status=HTTPStatus.FOUND)
        self["Location"] = url
        self["Cache-Control"] = "no-store"


def error_redirect(target: ClientTarget, error: str, description: str) -> ClientRedirect:
    """An OAuth error answer (RFC 6749 section 4.1.2.1) to the client's redirect URI."""
    return ClientRedirect(
        add_query(
            target.redirect_uri,
            {"error": error, "error_description": description, "state": target.state},
        )
    )


def unknown_client_response(request: HttpRequest) -> HttpResponse:
    """The 400 page for a request whose client or redirect URI is not registered."""
    client_id, redirect_uri = request.GET.get("client_id"), request.GET.get("redirect_uri")
    # Shown to the person at the browser, so in their language (each identity provider's
    # catalog has these messages); the error code stays the protocol's.
    if not client_id:
        description = gettext("The request has no client_id.")
    elif not redirect_uri:
        description = gettext("The request has no redirect_uri.")
    else:
        description = gettext(
            "Application %(client_id)s is unknown, or %(redirect_uri)s is not a redirect URI "
            "registered for it."
        ) % {"client_id": client_id, "redirect_uri": redirect_uri}
    error = {"error": "invalid_request", "description": description}
    return render(request, "idp/oidc/error.html", {"error": error}, status=HTTPStatus.BAD_REQUEST)
