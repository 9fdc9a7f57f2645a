from __future__ import annotations

from django.db import models
from django.utils import timezone


class TraceStep(models.Model):
    """One step of a browser session's journey: a decision, a redirect, a token, an IdP step.

    Rows keyed by a random id in a cookie of their own, not a list in the session dict: the
    portal's policy records a step on every request to a protected page, and a session written
    back by every request would let two requests of one browser (two tabs, a step-up's
    callback) overwrite each other's session, signing the user out of a step-up just done; a
    session created by an anonymous request to record its step would replace, in the browser,
    the session a concurrent callback had just signed in. An insert loses nothing, and the
    session is never written for the trace (``journeytrace.services``).
    """

    class Source(models.TextChoices):
        PORTAL = "portal", "portal"
        IDP = "idp", "idp"

    journey = models.CharField(max_length=32)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.PORTAL)
    kind = models.CharField(max_length=40)
    # The one-line text in every language of the site ({"en": ..., "ko": ...}), rendered when
    # recorded: the values it cites (amr, roles) are those of that moment.
    text = models.JSONField()
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["journey", "id"], name="journeytrace_journey_id")]

    def __str__(self) -> str:
        return f"{self.journey} {self.kind}"
