"""The Customers services' refusals as the API's answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus

from rest_framework import serializers

from api.errors import ApiError
from customers.exceptions import Conflict, InvalidInput


@contextmanager
def service_refusals() -> Iterator[None]:
    """``InvalidInput`` becomes the 400 ``invalid_body`` of a body failing validation (same
    ``errors`` shape), ``Conflict`` a 409 with its own code."""
    try:
        yield
    except InvalidInput as refusal:
        raise serializers.ValidationError(refusal.errors) from refusal
    except Conflict as refusal:
        raise ApiError(refusal.code, refusal.message, status_code=HTTPStatus.CONFLICT) from refusal
