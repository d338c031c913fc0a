"""`check-ledger`'s "line commissions equal their entries' commission postings" (issue 10 req. 3, 4, 8;
issue 13, state scale: one set-based statement, emitra.commissions.integrity): a sound ledger, payouts
included, gives no violation, and each way of breaking the rule, one at a time, names the entry."""
import uuid

import pytest

from emitra.catalogue.models import Service
from emitra.commissions import integrity
from emitra.commissions.models import LineCommission
from emitra.commissions.tests.conftest import make_rule
from emitra.commissions.tests.test_accrual import cancel, paid
from emitra.commissions.tests.test_reversal import verified_account
from emitra.ledger.integrity import ledger_violations
from emitra.payments.models import ReceiptLine
from emitra.payments.tests.conftest import fund
from emitra.payouts.tests.conftest import request_payout

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(catalogue, client_as):
    """Three receipts of water (4.00 / 0.75 / 0.25) and a certificate (8.00 / 1.50 / 0.50): the first
    cancelled whole, the second's water line cancelled, the third kept; and a payout of commission."""
    fund(catalogue.kiosk, 50_000_00)
    make_rule(catalogue.doit, "Water bills", service=Service.objects.get(code="PHED-BILL"), flat_paise=5_00)
    make_rule(catalogue.doit, "Certificates", department=Service.objects.get(code="REV-INCOME").department,
              bearer="citizen", flat_paise=10_00)
    operator = client_as(catalogue.operator)
    catalogue.whole = paid(catalogue, operator, ("PHED-BILL", "PH1234567"), ("REV-INCOME", ""))
    catalogue.part = paid(catalogue, operator, ("PHED-BILL", "PH1234568"), ("REV-INCOME", ""))
    catalogue.kept = paid(catalogue, operator, ("PHED-BILL", "PH7654321"), ("REV-INCOME", ""))
    cancel(catalogue.whole, by=catalogue.holder, reason="paid twice")
    cancel(catalogue.part, by=catalogue.holder, reason="wrong consumer", positions=[1])
    verified_account(catalogue)
    request_payout(catalogue.kiosk, by=catalogue.holder, gross=10_00, idempotency_key=uuid.uuid4().hex)
    return catalogue


def row(receipt, position):
    return LineCommission.objects.get(line__receipt=receipt, line__position=position)


def violations():
    return [(v.subject, v.detail) for v in integrity.line_commissions_match_entries()]


def test_a_sound_ledger_with_reversals_and_a_payout_has_no_violation(history):
    assert LineCommission.objects.filter(reversal_entry__isnull=False).count() == 3
    assert violations() == []
    assert ledger_violations() == []


def test_a_kiosk_share_changed_names_its_entry(history):
    water = row(history.kept, 1)
    LineCommission.objects.filter(pk=water.pk).update(kiosk_share=4_01, doit_share=24)
    assert violations() == [(f"entry {history.kept.entry_id}",
                             "rows say kiosk 1201 LSP 225, postings kiosk 1200 LSP 225")]


def test_an_lsp_share_changed_names_its_entry(history):
    certificate = row(history.kept, 2)
    LineCommission.objects.filter(pk=certificate.pk).update(lsp_share=1_49, doit_share=51)
    assert violations() == [(f"entry {history.kept.entry_id}",
                             "rows say kiosk 1200 LSP 224, postings kiosk 1200 LSP 225")]


def test_a_reversal_whose_rows_say_more_than_it_posted_is_named(history):
    """The part receipt's reversal gave back the water line only; its certificate's row says that
    reversal took it back too."""
    reversal = ReceiptLine.objects.get(receipt=history.part, position=1).reversal_entry_id
    LineCommission.objects.filter(pk=row(history.part, 2).pk).update(reversal_entry_id=reversal)
    assert violations() == [(f"entry {reversal}", "rows say kiosk -1200 LSP -225, postings kiosk -400 LSP -75")]


def test_an_entry_that_posted_commission_with_no_rows_is_named(history):
    LineCommission.objects.filter(line__receipt=history.kept).delete()
    assert violations() == [(f"entry {history.kept.entry_id}", "rows say kiosk 0 LSP 0, postings kiosk 1200 LSP 225")]


def test_a_whole_receipt_reversed_with_its_rows_left_unmarked_is_named(history):
    """The reversal of a receipt's entry posted the commission back, but no row names it."""
    reversal = row(history.whole, 1).reversal_entry_id
    LineCommission.objects.filter(line__receipt=history.whole).update(reversal_entry=None, reversed_at=None)
    assert violations() == [(f"entry {reversal}", "rows say kiosk 0 LSP 0, postings kiosk -1200 LSP -225")]


def test_past_the_limit_the_first_are_listed_and_the_rest_counted(history, monkeypatch):
    LineCommission.objects.update(kiosk_share=0, lsp_share=0, doit_share=0, total=0)
    monkeypatch.setattr(integrity, "LIMIT", 2)
    entries = sorted({history.whole.entry_id, history.part.entry_id, history.kept.entry_id,
                      *LineCommission.objects.exclude(reversal_entry=None).values_list("reversal_entry", flat=True)})
    assert len(entries) == 5
    found = violations()
    assert [subject for subject, _ in found] == [f"entry {entries[0]}", f"entry {entries[1]}", "3 more entries"]
    assert found[-1][1] == "not listed: the first 2 are"
