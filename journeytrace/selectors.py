"""Reading the journey trace of the current browser session (never another session's)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from journeytrace import claims as claim_notes
from journeytrace.models import TraceStep
from journeytrace.services import KIND_REDIRECT, KIND_TOKEN, journey_id

# The side panel shows the latest journey's newest steps; the page shows them all.
PANEL_STEPS = 12


def trace_steps(*, request: HttpRequest) -> list[TraceStep]:
    """Every step of this session's trace, oldest first."""
    journey = journey_id(request)
    return list(TraceStep.objects.filter(journey=journey)) if journey else []


def trace_latest_journey(*, request: HttpRequest, limit: int = PANEL_STEPS) -> list[TraceStep]:
    """The latest journey: from the latest redirect to the identity provider on (the newest
    ``limit`` steps of it), or the newest steps when there was no redirect yet."""
    journey = journey_id(request)
    if not journey:
        return []
    steps = TraceStep.objects.filter(journey=journey)
    start = steps.filter(kind=KIND_REDIRECT).order_by("-id").values_list("id", flat=True).first()
    if start is not None:
        steps = steps.filter(id__gte=start)
    return list(reversed(steps.order_by("-id")[:limit]))


def _text(step: TraceStep, language: str) -> str:
    texts = step.text if isinstance(step.text, dict) else {}
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def step_shown(step: TraceStep) -> dict[str, Any]:
    """A step as the page and the export show it: its line in the page's language, and for an
    ID token its claims, each explained."""
    language = (get_language() or "en").split("-")[0]
    shown: dict[str, Any] = {
        "number": None,
        "at": step.recorded_at.isoformat(timespec="seconds"),
        "source": step.source,
        "kind": step.kind,
        "text": _text(step, language),
        "details": step.details,
    }
    token = step.details.get("id_token") if step.kind == KIND_TOKEN else None
    if isinstance(token, dict) and isinstance(token.get("payload"), dict):
        shown["token"] = {
            "header": token.get("header", {}),
            "claims": [
                {
                    "claim": name, "value": value, "explanation": claim_notes.explain(name),
                    # As a JWT decoder shows it: JSON, not Python's repr of a list.
                    "shown": value if isinstance(value, str) else json.dumps(value),
                }
                for name, value in token["payload"].items()
            ],
            "signature": token.get("signature"),
        }
    return shown


def trace_shown(*, steps: list[TraceStep]) -> list[dict[str, Any]]:
    shown = [step_shown(step) for step in steps]
    for number, step in enumerate(shown, start=1):
        step["number"] = number
    return shown
