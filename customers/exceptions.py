"""What the Customers area's services raise when they refuse a write (and write nothing).

Callers translate them into their own answer: the API into a 400 or 409 JSON body. They are not
Django's ValidationError so that a refusal is never mistaken for a form error or a 500.
"""

from __future__ import annotations


class ServiceRefusal(Exception):
    """A write refused; the transaction was rolled back, nothing was written."""


class InvalidInput(ServiceRefusal):
    """The request names something that cannot be done; ``errors`` maps a field to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(message for messages in errors.values() for message in messages))
        self.errors = errors


class Conflict(ServiceRefusal):
    """The write clashes with the current state (a duplicate, a relationship not yet active)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
