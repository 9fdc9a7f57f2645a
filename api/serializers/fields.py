"""Fields that take JSON's types as they are.

DRF's own fields coerce: ``"5"`` and ``5.0`` pass as an integer, ``42`` as a string, an integer
as a UUID. A client sending the wrong type has a bug it should hear about, so request bodies use
these instead.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        # bool is an int in Python, not in JSON.
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictUUIDField(serializers.UUIDField):
    def to_internal_value(self, data: Any):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        # DRF takes "yes", "1" and 0 as booleans; JSON has true and false.
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data
