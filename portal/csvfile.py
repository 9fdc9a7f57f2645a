"""CSV downloads of the portal's tables (reconciliation file, MFA compliance figures).

Every download goes through here so that each one is safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Protocol

from django.http import HttpResponse

# Spreadsheets run a cell starting with one of these as a formula (CSV injection). Tab and
# carriage return are included because Excel strips them before it looks at the first character.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def csv_cell(value: object) -> str:
    """``value`` as text a spreadsheet shows as text, never as a formula.

    Only text is escaped: numbers are the portal's own, and a credit like -12.00 must stay a number.
    """
    if isinstance(value, str):
        return f"'{value}" if value.startswith(_FORMULA_TRIGGERS) else value
    return str(value)


def csv_write(
    *, stream: _Writable, columns: Iterable[str], rows: Iterable[Mapping[str, object]]
) -> None:
    """Write a header row of ``columns``, then one row per mapping, escaping every text cell."""
    columns = tuple(columns)
    writer = csv.writer(stream)
    writer.writerow(columns)
    writer.writerows([csv_cell(row[column]) for column in columns] for row in rows)


def csv_download(
    *, filename: str, columns: Iterable[str], rows: Iterable[Mapping[str, object]]
) -> HttpResponse:
    """A response the browser saves as ``filename`` (which must be plain ASCII, no quotes)."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    csv_write(stream=response, columns=columns, rows=rows)
    return response
