"""Payouts by NEFT file (issue 10 req. 7a): the LSP or DoIT downloads a bulk-payment CSV and
uploads the bank's response, which settles or fails each payout by reference, never twice;
garbage and unknown references are refused line by line and nothing is half-applied."""
import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from emitra.ledger import services as ledger
from emitra.notifications.models import Message
from emitra.payouts import neft, services
from emitra.payouts.models import Payout
from emitra.payouts.tests.conftest import RUPEE, commission, request_payout, verify_account
from emitra.wallet import accounts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sound_ledger")]


@pytest.fixture
def two_payouts(cast, verified, earn, key):
    """₹3,000.00 and ₹1,500.50 queued for the Jaipur kiosk, ₹2,000.00 for the Jodhpur kiosk."""
    verified()
    verified(cast.jodhpur_kiosk, account_no="30129999123456")
    earn(cast.kiosk, 10_000 * RUPEE)
    earn(cast.jodhpur_kiosk, 10_000 * RUPEE)
    a = request_payout(cast.kiosk, by=cast.holder, gross=3_000 * RUPEE, idempotency_key=key())
    b = request_payout(cast.kiosk, by=cast.holder, gross=1_500_50, idempotency_key=key())
    c = request_payout(cast.jodhpur_kiosk, by=cast.jodhpur_holder, gross=2_000 * RUPEE,
                                idempotency_key=key())
    return a, b, c


def download(client, prefix="lsp"):
    page = client.get(f"/{prefix}/payouts/")
    form = BeautifulSoup(page.content.decode(), "html.parser").find("form", action=f"/{prefix}/payouts/batches/")
    key = form.find("input", attrs={"name": "key"})["value"]
    client.post(f"/{prefix}/payouts/batches/", {"key": key})
    client.post(f"/{prefix}/payouts/batches/", {"key": key})  # sent twice: one file
    link = BeautifulSoup(client.get(f"/{prefix}/payouts/").content.decode(), "html.parser").select("#batches a")
    assert len(link) == 1
    return client.get(link[0]["href"])


def send(client, text, prefix="lsp"):
    """Upload a response file: 400 with the faults, or a redirect to its check page."""
    return client.post(f"/{prefix}/payouts/response/",
                       {"file": SimpleUploadedFile("response.csv", text.encode() if isinstance(text, str) else text)})


def confirm_form(page):
    """(action, fields) of the check page's confirmation form, as a browser would post it."""
    form = BeautifulSoup(page.content.decode(), "html.parser").find("form", action=lambda a: a and "/apply/" in a)
    return form["action"], {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def checked(officer, text):
    """The officer's upload of a response file and its check page's confirmation form:
    (the upload's answer, the form's action, its fields)."""
    r = send(officer, text)
    action, fields = confirm_form(officer.get(r["Location"]))
    return r, action, fields


def upload(client, text, prefix="lsp"):
    """Upload a response file and confirm its check page, as the officer does (req. 7a)."""
    r = send(client, text, prefix)
    if r.status_code != 302:
        return r
    action, fields = confirm_form(client.get(r["Location"]))
    return client.post(action, fields)


def test_the_lsp_downloads_a_neft_file_of_its_kiosks_payouts_only(cast, client_as, two_payouts):
    a, b, c = two_payouts
    r = download(client_as(cast.lsp_jaipur))
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["beneficiary_name", "account_no", "ifsc", "amount", "reference"]
    assert rows[1:] == [[cast.holder.name, "30120000123456", "SBIN0031JPR", "3000.00", a.reference],
                        [cast.holder.name, "30120000123456", "SBIN0031JPR", "1500.50", b.reference]]
    assert [p.state for p in Payout.objects.order_by("id")] == ["sent", "sent", "queued"]
    # the file is the batch: downloading it again gives the same file; the Jodhpur LSP cannot
    batch = Payout.objects.get(pk=a.pk).batch
    assert client_as(cast.lsp_jaipur).get(f"/lsp/payouts/batches/{batch.pk}.csv").content == r.content
    assert client_as(cast.lsp_jodhpur).get(f"/lsp/payouts/batches/{batch.pk}.csv").status_code == 404


def test_a_response_settles_and_fails_by_reference_and_cannot_settle_twice(cast, client_as, two_payouts):
    a, b, c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    before = commission(cast.kiosk)
    response = ("reference,status,amount,utr,reason\r\n"
                f"{a.reference},PAID,3000.00,SBIN625123456789,\r\n"
                f"{b.reference},FAILED,1500.50,,Account does not exist\r\n")
    r = upload(officer, response)
    assert r.status_code == 302
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.state, a.bank_ref, b.state, b.reason) == ("paid", "SBIN625123456789", "failed", "Account does not exist")
    assert commission(cast.kiosk) == before + 1_500_50  # the failed one's money is back
    assert ledger.balance(accounts.PAYOUTS_IN_TRANSIT) == 2_000 * RUPEE  # only the Jodhpur payout, still queued
    assert Message.objects.filter(ref=f"payout:{b.pk}", template="payout_failed").count() == 2

    r = upload(officer, response)  # the same file again
    assert r.status_code == 400
    faults = [td.get_text() for td in BeautifulSoup(r.content.decode(), "html.parser").select("#faults td.error")]
    assert len(faults) == 2 and all("not waiting at the bank" in f for f in faults)
    assert commission(cast.kiosk) == before + 1_500_50
    assert ledger.balance(accounts.BANK) == 3_000 * RUPEE


@pytest.mark.parametrize("content,fault", [
    (b"\x89PNG\r\n\x1a\n\x00\x00garbage", "not a CSV text file"),
    (b"", "file is empty"),
    (b"\r\n,,,\r\n", "no lines"),
    ("reference,status\r\nEMPXXXX,PAID\r\n", "Expected 5 columns"),
])
def test_a_garbage_file_is_refused_and_nothing_moves(cast, client_as, two_payouts, content, fault):
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    r = upload(officer, content)
    assert r.status_code == 400 and fault in r.content.decode()
    assert Payout.objects.filter(state="sent").count() == 2


def test_one_bad_line_refuses_the_whole_file_naming_each_bad_line(cast, client_as, two_payouts):
    a, b, c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    response = ("reference,status,amount,utr,reason\n"
                f"{a.reference},PAID,3000.00,SBIN625123456789,\n"   # good
                "EMPZZZZZZZZZZZZZ,PAID,10.00,SBIN625123456780,\n"    # unknown
                f"{c.reference},PAID,2000.00,SBIN625123456781,\n"    # another LSP's: unknown here
                f"{b.reference},PAID,1500.00,SBIN625123456782,\n"    # wrong amount
                "=cmd|' /C calc'!A0,PAID,1,X,\n"                      # garbage
                f"{b.reference},MAYBE,1500.50,,\n")                   # named twice
    r = upload(officer, response)
    assert r.status_code == 400
    rows = [[td.get_text() for td in tr.find_all("td")]
            for tr in BeautifulSoup(r.content.decode(), "html.parser").select("#faults tbody tr")]
    assert [n for n, _ in rows] == ["3", "4", "5", "6", "7"]
    assert "No payout has the reference EMPZZZZZZZZZZZZZ" in rows[0][1]
    assert "No payout has the reference" in rows[1][1]
    assert "is of 1500.50, the file says 1500.00" in rows[2][1]
    assert "is not a payout reference" in rows[3][1]
    assert "named twice" in rows[4][1]
    assert [p.state for p in Payout.objects.order_by("id")] == ["sent", "sent", "queued"]  # nothing applied


def test_a_paid_line_without_the_banks_utr_is_refused(cast, client_as, two_payouts):
    a, _b, _c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    r = upload(officer, f"{a.reference},PAID,3000.00,,\n")
    assert r.status_code == 400
    assert "needs the bank's UTR" in BeautifulSoup(r.content.decode(), "html.parser").find(id="faults").get_text()
    assert Payout.objects.get(pk=a.pk).state == "sent"


def test_doit_makes_one_file_of_every_lsps_payouts(cast, client_as, two_payouts):
    rows = list(csv.reader(io.StringIO(download(client_as(cast.doit), "doit").content.decode())))
    assert len(rows) == 4
    assert client_as(cast.holder).get("/doit/payouts/").status_code == 404
    assert client_as(cast.holder).get("/lsp/payouts/").status_code == 404


def test_a_payout_to_an_account_replaced_before_it_was_sent_is_failed_not_sent(cast, client_as, two_payouts):
    a, b, _c = two_payouts
    change = services.request_bank_account(cast.kiosk, by=cast.holder, name="Meena", account_no="998877665544",
                                           ifsc="HDFC0001234")
    verify_account(change, cast.lsp_jaipur)
    before = commission(cast.kiosk)
    with pytest.raises(services.PayoutError, match="No payout is waiting"):
        neft.make_batch(by=cast.lsp_jaipur, lsp_ids={cast.kiosk.lsp_id}, idempotency_key="x" * 32)
    a.refresh_from_db()
    assert a.state == "failed" and "changed before" in a.reason
    assert commission(cast.kiosk) == before + 3_000 * RUPEE + 1_500_50


def test_a_payout_cannot_be_in_two_files(cast, two_payouts):
    first = neft.make_batch(by=cast.lsp_jaipur, lsp_ids={cast.kiosk.lsp_id}, idempotency_key="a" * 32)
    with pytest.raises(services.PayoutError, match="No payout is waiting"):
        neft.make_batch(by=cast.lsp_jaipur, lsp_ids={cast.kiosk.lsp_id}, idempotency_key="b" * 32)
    doit = neft.make_batch(by=cast.doit, lsp_ids=None, idempotency_key="c" * 32)
    assert first.payouts.count() == 2
    assert list(doit.payouts.values_list("pk", flat=True)) == [two_payouts[2].pk]


def test_the_check_page_shows_what_the_file_does_and_moves_nothing(cast, client_as, two_payouts):
    """Issue 9 items 1-2 for req. 7a: an uploaded file is shown line by line before it is applied."""
    a, b, c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    r = send(officer, "reference,status,amount,utr,reason\r\n"
                      f"{a.reference},PAID,3000.00,SBIN625123456789,\r\n"
                      f"{b.reference},FAILED,1500.50,,Account does not exist\r\n")
    assert r.status_code == 302
    page = officer.get(r["Location"])
    assert page.status_code == 200
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("#lines tbody tr")]
    assert [(row[1], row[3], row[5]) for row in rows] == [(a.reference, "paid", "SBIN625123456789"),
                                                          (b.reference, "failed", "Account does not exist")]
    assert "1 payout will be marked paid (₹3,000.00)" in soup.find(id="totals").get_text()
    assert [p.state for p in Payout.objects.order_by("id")] == ["sent", "sent", "queued"]
    assert ledger.balance(accounts.BANK) == 0


@pytest.mark.parametrize("seen", ["", "made-up", None])
def test_a_missing_or_forged_confirmation_applies_nothing(cast, client_as, two_payouts, seen):
    a, _b, _c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    r, action, fields = checked(officer, f"{a.reference},PAID,3000.00,SBIN625123456789,\n")
    if seen is None:  # a seal of another kind of confirmation
        from emitra.core import confirmation
        fields["seen"] = confirmation.seal("pay", {"person": cast.lsp_jaipur.pk})
    else:
        fields["seen"] = seen
    r = officer.post(action, fields)
    assert r.status_code == 400
    assert "does not come from the page" in r.content.decode()
    assert Payout.objects.get(pk=a.pk).state == "sent"
    # the page shown again carries a good seal: confirming it applies the file
    action, fields = confirm_form(r)
    assert officer.post(action, fields).status_code == 302
    assert Payout.objects.get(pk=a.pk).state == "paid"


def test_confirming_twice_applies_once(cast, client_as, two_payouts):
    a, _b, _c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    r, action, fields = checked(officer, f"{a.reference},PAID,3000.00,SBIN625123456789,\n")
    assert officer.post(action, fields).status_code == 302
    again = officer.post(action, fields, follow=True)
    assert "applied already" in again.content.decode()
    assert ledger.balance(accounts.BANK) == 3_000 * RUPEE
    assert officer.get(r["Location"]).status_code == 404  # no longer waiting


def test_a_file_closed_meanwhile_by_another_response_is_refused_whole(cast, client_as, two_payouts):
    a, b, _c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    _r, action, fields = checked(
        officer, f"{a.reference},PAID,3000.00,SBIN625123456789,\n{b.reference},PAID,1500.50,SBIN625123456790,\n")
    assert upload(officer, f"{a.reference},FAILED,3000.00,,Account closed\n").status_code == 302
    r = officer.post(action, fields)
    assert r.status_code == 409
    assert "not waiting at the bank" in BeautifulSoup(r.content.decode(), "html.parser").find(id="faults").get_text()
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.state, b.state) == ("failed", "sent")  # b was not paid by the refused file


def test_another_officers_response_is_not_found(cast, client_as, two_payouts):
    a, _b, _c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    r, action, fields = checked(officer, f"{a.reference},PAID,3000.00,SBIN625123456789,\n")
    doit = client_as(cast.doit)
    check = r["Location"].replace("/lsp/", "/doit/")
    assert doit.get(check).status_code == 404
    assert doit.post(action.replace("/lsp/", "/doit/"), fields).status_code == 404
    assert Payout.objects.get(pk=a.pk).state == "sent"


def test_the_check_page_reads_wholly_in_hindi(cast, client_as, two_payouts):
    from emitra.core.tests.test_whole_hindi import english_words, proper_names

    a, b, _c = two_payouts
    officer = client_as(cast.lsp_jaipur)
    download(officer)
    r = send(officer, f"{a.reference},PAID,3000.00,SBIN625123456789,\n{b.reference},FAILED,1500.50,,Account closed\n")
    officer.cookies["django_language"] = "hi"
    page = officer.get(r["Location"])
    words = english_words(page.content.decode(), proper_names() | {"Account", "closed"})  # the bank's reason
    assert not words, words
