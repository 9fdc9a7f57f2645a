"""Signal receivers of the journey trace."""

from __future__ import annotations

from django.http import HttpRequest

from journeytrace import services


def trace_clear_on_sign_out(sender, request: HttpRequest | None, **kwargs) -> None:
    """A sign-out ends the trace: the next person at a shared computer must not read whose
    token it was (the scenario launcher's "Start" signs out, so each journey starts clean)."""
    if request is not None:
        services.trace_clear(request=request)


def trace_rotate_on_sign_in(sender, request: HttpRequest | None, **kwargs) -> None:
    if request is not None:
        services.journey_rotate(request=request)
