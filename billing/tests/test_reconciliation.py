import csv
import io
from decimal import Decimal

import pytest

from billing.reconciliation import csv_cell, reconciliation_csv_write


@pytest.mark.parametrize(
    "value",
    ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_a_spreadsheet_would_run_is_prefixed_with_a_quote(value):
    assert csv_cell(value) == f"'{value}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Adatum", "Adatum"), ("Microsoft 365 E3", "Microsoft 365 E3"), ("a=b", "a=b"),
     (Decimal("-12.50"), "-12.50"), (250, "250")],
)
def test_plain_text_and_numbers_are_unchanged(value, expected):
    assert csv_cell(value) == expected


def test_write_has_header_then_escaped_rows():
    stream = io.StringIO()

    reconciliation_csv_write(
        stream=stream,
        columns=("CustomerName", "Amount"),
        rows=[{"CustomerName": "=cmd|' /C calc'!A0", "Amount": Decimal("9.99")}],
    )

    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [
        ["CustomerName", "Amount"],
        ["'=cmd|' /C calc'!A0", "9.99"],
    ]
