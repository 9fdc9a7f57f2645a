"""Rates in allauth's syntax (``60/m/ip,5/5m/key``), parsed without Django: the settings
validate them at start."""

from __future__ import annotations

import re
from dataclasses import dataclass

_RATE = re.compile(r"(\d+)/(\d*(?:\.\d+)?)([smhd])/(ip|key)")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    failures: int
    seconds: float
    per: str  # "ip" or "key"

    def __str__(self) -> str:
        return f"{self.failures}/{self.seconds:g}s/{self.per}"


def parse_rates(text: str) -> list[Rate]:
    """``"60/m/ip,5/5m/key"`` (allauth's syntax; ``per`` is ``ip`` or ``key``) as rates.

    Raises ValueError naming the part that is not a rate."""
    rates = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = _RATE.fullmatch(part)
        if not match or int(match[1]) < 1:
            raise ValueError(f"{part!r} is not a rate like 5/5m/key or 60/m/ip")
        count, amount, unit, per = match.groups()
        rates.append(Rate(int(count), float(amount or 1) * _UNITS[unit], per))
    return rates
