"""Entries described in the reader's language (issue 12 req. 6, emitra.ledger.memos): a memo is
stored as a code and its parameters and put into words when shown; the English words stay in
`memo`; an older entry's English memo is read back into a code by the fill migration."""
import importlib

import pytest
from django.utils import timezone, translation

from emitra.ledger import services
from emitra.ledger.memos import WORDS, Memo, describe

pytestmark = pytest.mark.django_db

fill = importlib.import_module("emitra.ledger.migrations.0003_fill_memo_codes")


def test_a_memo_is_stored_as_a_code_and_read_in_the_pages_language(wallet, department, top_up, key):
    top_up(wallet, 50_000)
    entry = services.post("receipt", [(wallet, -12_345), (department, 12_345)], idempotency_key=key(),
                          memo=Memo("receipt", number="KJPR00001-2612-000007"))
    assert (entry.memo_code, entry.memo_args) == ("receipt", {"number": "KJPR00001-2612-000007"})
    assert entry.memo == "Receipt KJPR00001-2612-000007"
    line = services.statement(wallet, timezone.localdate(), timezone.localdate()).lines[-1]
    with translation.override("hi"):
        assert line.description == "रसीद KJPR00001-2612-000007"
        assert entry.description == "रसीद KJPR00001-2612-000007"
    with translation.override("en"):
        assert line.description == "Receipt KJPR00001-2612-000007"


def test_an_amount_in_a_memo_is_shown_in_rupees_and_a_plain_memo_as_it_is(wallet, department, key):
    memo = Memo("payout", reference="EMPABC", gross_paise=123_456, tds_paise=2_469, net_paise=120_987)
    assert str(memo) == "Commission payout EMPABC: gross ₹1,234.56, TDS ₹24.69, net ₹1,209.87"
    with translation.override("hi"):
        words = describe(memo.code, memo.args)
    assert "EMPABC" in words and "₹1,234.56" in words and "₹24.69" in words and "₹1,209.87" in words
    assert "Commission" not in words
    entry = services.post("test", [(wallet, 100), (department, -100)], idempotency_key=key(), memo="typed by hand")
    with translation.override("hi"):
        assert entry.description == "typed by hand"


@pytest.mark.parametrize("memo, code, args", [
    ("receipt KJPR00001-2612-000001", "receipt", {"number": "KJPR00001-2612-000001"}),
    ("cancelled KJPR00001-2612-000002: paid twice", "receipt_cancelled",
     {"number": "KJPR00001-2612-000002", "reason": "paid twice"}),
    ("Top-up by bank transfer, UTR SBIN0001", "topup", {"utr": "SBIN0001"}),
    ("Online top-up, demo GW-17", "topup_gateway", {"gateway": "demo", "reference": "GW-17"}),
    ("Security deposit, DD000001", "security_deposit", {"reference": "DD000001"}),
    ("cheque 123456 cleared", "cheque_cleared", {"cheque_no": "123456"}),
    ("Commission payout EMPX: gross ₹1,234.56, TDS ₹24.69, net ₹1,209.87", "payout",
     {"reference": "EMPX", "gross_paise": 123_456, "tds_paise": 2_469, "net_paise": 120_987}),
    ("Commission payout EMPX paid, bank ref UTR9", "payout_paid", {"reference": "EMPX", "bank_ref": "UTR9"}),
])
def test_the_fill_migration_reads_an_old_english_memo_back_into_its_code(memo, code, args):
    assert fill.code_of(memo) == (code, args)
    assert code in WORDS
    assert fill.code_of("something a person typed") is None


def test_the_fill_migration_gives_old_entries_their_code(wallet, department, key):
    from django.apps import apps

    entry = services.post("topup", [(wallet, 500), (department, -500)], idempotency_key=key(),
                          memo="Top-up by bank transfer, UTR SBIN0042")
    assert entry.memo_code == ""
    fill.fill(apps, None)
    entry.refresh_from_db()
    assert (entry.memo_code, entry.memo_args) == ("topup", {"utr": "SBIN0042"})
    with translation.override("hi"):
        assert entry.description == "बैंक ट्रांसफ़र से टॉप-अप, UTR SBIN0042"


def test_a_memos_english_words_are_read_back_and_said_in_hindi():
    from emitra.ledger.memos import in_words

    payout = str(Memo("payout", reference="EMPX", gross_paise=123_456, tds_paise=2_469, net_paise=120_987))
    cancelled = str(Memo("receipt_cancelled", number="KJPR00001-2612-000002", reason="paid twice: by mistake"))
    with translation.override("hi"):
        assert in_words("Receipt KJPR00001-2612-000001") == "रसीद KJPR00001-2612-000001"
        assert in_words(cancelled) == "रसीद KJPR00001-2612-000002 रद्द: paid twice: by mistake"
        assert in_words(payout) == "कमीशन भुगतान EMPX: सकल ₹1,234.56, टीडीएस ₹24.69, शुद्ध ₹1,209.87"
        assert in_words("typed by hand") == "typed by hand"
