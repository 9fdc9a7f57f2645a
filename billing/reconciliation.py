"""Writing the reconciliation file as CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Protocol

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


def reconciliation_csv_write(
    *, stream: _Writable, columns: Iterable[str], rows: Iterable[Mapping[str, object]]
) -> None:
    """Write a header row of ``columns``, then one row per mapping, escaping every text cell."""
    columns = tuple(columns)
    writer = csv.writer(stream)
    writer.writerow(columns)
    writer.writerows([csv_cell(row[column]) for column in columns] for row in rows)
