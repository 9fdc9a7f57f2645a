"""Writing the reconciliation file as CSV: the portal's spreadsheet-safe writer (portal.csvfile)."""

from __future__ import annotations

from portal.csvfile import csv_cell
from portal.csvfile import csv_write as reconciliation_csv_write

__all__ = ["csv_cell", "reconciliation_csv_write"]
