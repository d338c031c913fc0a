"""A page token holds its sort key as JSON (issue 13 req. 2): a whole-number column that reads as
Decimal (a database view's numeric column on PostgreSQL, as the commission statement's amounts
are) makes a token that reads back as the same number, where it was a TypeError and a 500 on the
report page with more than a page of rows sorted by that column."""
import datetime
from decimal import Decimal

from emitra.reports import engine, statements


def test_a_decimal_amount_makes_a_token_that_reads_back():
    report = statements.kiosk_statement
    column = report.column("amount")
    row = {"amount": Decimal("1250"), report.key: 42}
    token = engine.make_token(report, "-amount", "finger", row, column)
    assert engine.read_token(report, token, "-amount", "finger", column) == (1250, 42, False)


def test_dates_and_text_still_make_tokens():
    report = statements.kiosk_statement
    created = datetime.datetime(2026, 12, 1, 10, 30, tzinfo=datetime.timezone.utc)
    for key, value in (("created", created), ("version", "Water bills: slabs v1")):
        column = report.column(key)
        token = engine.make_token(report, key, "f", {key: value, report.key: 7}, column)
        assert engine.read_token(report, token, key, "f", column) == (value, 7, False)


def test_a_favourite_with_a_renamed_sort_key_keeps_its_sort():
    """The cheques' Receipt column was keyed "number" before it became "receipt_number" (F27): a
    favourite or bookmark saved with sort=number or sort=-number sorts by it, not by the default."""
    from emitra.reports import dept

    report = dept.cheques
    assert engine.parse_sort(report, "number") == (report.column("receipt_number"), False)
    assert engine.parse_sort(report, "-number") == (report.column("receipt_number"), True)
    assert engine.parse_sort(report, "nonsense") == (report.column("created"), False)
