"""Where an authorization request may send the browser back to, once the client is known."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from allauth.idp.oidc.models import Client
from django.http import HttpResponse


@dataclass(frozen=True)
class ClientTarget:
    client: Client
    redirect_uri: str
    state: str | None


def client_target(params: Mapping[str, str]) -> ClientTarget | None:
    """The registered client and redirect URI of a request, or None when either is unknown.

    Errors may only be sent back to a redirect URI registered for the client (exact match);
    anything else is answered on the IdP's own error page, never redirected (open redirect).
    """
    client_id, redirect_uri = params.get("client_id"), params.get("redirect_uri")
    if not client_id or not redirect_uri or "\x00" in client_id:
        return None  # (a NUL can arrive here encoded twice, inside a ``next`` URL)
    client = Client.objects.filter(id=client_id).first()
    if client is None or redirect_uri not in client.get_redirect_uris():
        return None
    return ClientTarget(client=client, redirect_uri=redirect_uri, state=params.get("state"))


def add_query(url: str, params: Mapping[str, str | None]) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, vs in parse_qs(parts.query, keep_blank_values=True).items() for v in vs]
    query += [(k, v) for k, v in params.items() if v is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))


class ClientRedirect(HttpResponse):
    """A 302 to a registered redirect URI (which may use a native app's custom scheme)."""

    def __init__(self, url: str) -> None:
        super().__init__(status=HTTPStatus.FOUND)
        self["Location"] = url
        self["Cache-Control"] = "no-store"


def error_redirect(target: ClientTarget, error: str, description: str) -> ClientRedirect:
    return ClientRedirect(
        add_query(
            target.redirect_uri,
            {"error": error, "error_description": description, "state": target.state},
        )
    )


def query_value(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None
