"""The daily MFA chart of the security requirements status, as geometry for inline SVG.

Drawn on the server, with no script and no inline style: the portal's Content-Security-Policy
(``default-src 'self'``) allows neither, and SVG's geometry attributes (x, y, width, height) are
not styles. Colours come from classes in ``static/portal/portal.css``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from compliance.selectors import DailyMfaCount

WIDTH = 720
PLOT_HEIGHT = 160
HEIGHT = PLOT_HEIGHT + 20  # room for the first and last date under the bars


def _number(value: float) -> str:
    # SVG wants a dot as decimal separator whatever the page's language: formatted here rather
    # than by the template, which would localise it.
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Segment:
    """One coloured rectangle: ``kind`` is its CSS class (portal/api, with/without MFA)."""

    kind: str
    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class DayBars:
    count: DailyMfaCount
    segments: list[Segment]


@dataclass(frozen=True)
class DailyChart:
    days: list[DayBars]
    highest: int  # the tallest bar's requests: the scale

    width: ClassVar[int] = WIDTH
    height: ClassVar[int] = HEIGHT
    plot_height: ClassVar[int] = PLOT_HEIGHT

    @property
    def empty(self) -> bool:
        return self.highest == 0


def _stack(
    *, x: float, width: float, scale: float, parts: Sequence[tuple[str, int]]
) -> list[Segment]:
    """Rectangles stacked from the baseline up, in the order of ``parts``; empty ones left out."""
    segments = []
    top = float(PLOT_HEIGHT)
    for kind, value in parts:
        if not value:
            continue
        height = value * scale
        top -= height
        segments.append(
            Segment(kind=kind, x=_number(x), y=_number(top), width=_number(width),
                    height=_number(height))
        )
    return segments


def daily_chart(*, days: Sequence[DailyMfaCount]) -> DailyChart:
    """Per day, two stacked bars on one scale: portal, then API App+User, with MFA at the bottom.

    One scale for both, so that a day's bars compare by height: the portal usually sees far more
    requests than the API, and a separate scale would hide that.
    """
    highest = max((max(day.portal_total, day.api_total) for day in days), default=0)
    scale = PLOT_HEIGHT / highest if highest else 0.0
    slot = WIDTH / max(len(days), 1)
    # Two bars and a gap per day: the gap keeps neighbouring days apart even at 90 days.
    bar = slot * 0.4
    bars = []
    for index, day in enumerate(days):
        left = index * slot + slot * 0.1
        segments = [
            *_stack(x=left, width=bar, scale=scale, parts=(
                ("portal-mfa", day.portal_with_mfa), ("portal-no-mfa", day.portal_without_mfa),
            )),
            *_stack(x=left + bar, width=bar, scale=scale, parts=(
                ("api-mfa", day.api_with_mfa), ("api-no-mfa", day.api_without_mfa),
            )),
        ]
        bars.append(DayBars(count=day, segments=segments))
    return DailyChart(days=bars, highest=highest)
