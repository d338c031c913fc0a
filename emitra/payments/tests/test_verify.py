"""Verify a receipt from its QR code (issue 5 req. 3; F14): signed numbers, a public page
that tells only what proves the paper, unknown for anything forged, rate-limited."""
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
import segno

from emitra.core.money import format_paise
from emitra.payments import verification
from emitra.payments.models import Receipt
from emitra.payments.tests.test_cancel import cancel
from emitra.payments.tests.conftest import receipt_url as url

pytestmark = pytest.mark.django_db

needs_tools = pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                                 reason="zbar-tools (zbarimg) and poppler-utils (pdftoppm) are needed")


def zbar(png):
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def qr_of_pdf(client, receipt, tmp_path):
    """The URL in the QR code of the receipt's PDF, as a phone would read it off the paper."""
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(client.get(url(receipt, "pdf/")).content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    return zbar(tmp_path / "page.png")


def path_of(address):
    return urlsplit(address).path


@needs_tools
def test_the_qr_opens_the_public_page_valid_then_cancelled(receipt, funded, client_as, client, tmp_path):
    operator = client_as(funded.operator)
    address = qr_of_pdf(operator, receipt, tmp_path)
    assert address == f"http://testserver/v/{verification.token(receipt.number)}/"

    # the same QR is inline on the receipt page (SVG), and decodes to the same URL
    page = operator.get(url(receipt)).content.decode()
    assert verification.qr_svg(address) in page
    png = tmp_path / "qr.png"
    segno.make(address, error="m", micro=False).save(str(png), scale=4)
    assert zbar(png) == address

    body = client.get(path_of(address)).content.decode()  # anonymous: no sign-in
    assert re.search(r'id="verdict">Valid<', body)
    assert format_paise(receipt.total) in body and receipt.kiosk.code in body and receipt.kiosk.name in body
    assert "******0007" in body and "9414000007" not in body
    assert "सीता" not in body  # the consumer's name is not told

    cancel(client_as(funded.holder), funded.kiosk, receipt)
    body = client.get(path_of(address)).content.decode()
    assert re.search(r'id="verdict">Cancelled<', body) and "not valid" in body


def test_the_qr_points_at_the_configured_public_address(receipt, funded, client_as, settings):
    settings.BASE_URL = "https://emitra.example.in"
    assert verification.verify_url(receipt).startswith("https://emitra.example.in/v/")
    text = client_as(funded.operator).get(url(receipt, "dmp/")).content.decode()
    assert f"https://emitra.example.in/v/{verification.token(receipt.number)}/" in text


def test_an_altered_number_or_signature_is_unknown(receipt, client):
    number, signature = verification.token(receipt.number).rsplit(".", 1)
    other = Receipt.objects.create(**{
        f.name: getattr(receipt, f.name) for f in Receipt._meta.concrete_fields
        if f.name not in ("id", "number", "idempotency_key", "cart", "entry", "hold")},
        number=number[:-1] + ("2" if number[-1] != "2" else "3"), idempotency_key="another")
    assert client.get(f"/v/{number}.{signature}/").status_code == 200
    tampered = [f"{other.number}.{signature}",                      # a real receipt, another's signature
                f"{number}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",  # one character off
                f"{number}.{signature.lower() if signature != signature.lower() else signature.upper()}",
                number]                                               # no signature at all
    for token in tampered:
        response = client.get(f"/v/{token}/")
        assert response.status_code == 404, token
        assert "Unknown receipt" in response.content.decode(), token


def test_a_signed_number_of_no_receipt_is_unknown(db, client):
    response = client.get(f"/v/{verification.token('KXXX-0000-000001')}/")
    assert response.status_code == 404 and "Unknown receipt" in response.content.decode()


@pytest.mark.parametrize("garbage", ["x", "....", "%00", "%FF%FE", "..%5C..%5Cetc", "a" * 500,
                                     "ऋ.ऋऋऋऋऋऋऋऋऋऋऋऋ", "K1-2604-000001.%27%22%3C%3E", "<script>"])
def test_garbage_is_an_unknown_receipt_never_a_500(db, client, garbage):
    response = client.get(f"/v/{garbage}/")
    assert response.status_code == 404
    assert "Unknown receipt" in response.content.decode()


def test_many_checks_from_one_address_get_429(receipt, client, settings, monkeypatch):
    settings.VERIFY_PER_MINUTE = 3
    # a window far longer than the test, so that the counting never straddles two windows
    monkeypatch.setattr(verification, "WINDOW_SECONDS", 10**6)
    address = f"/v/{verification.token(receipt.number)}/"
    statuses = [client.get(address, REMOTE_ADDR="203.0.113.7").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    response = client.get(address, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many checks" in response.content.decode()
    assert client.get(address, REMOTE_ADDR="203.0.113.8").status_code == 200  # another address is not held up


@needs_tools
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium is not installed")
def test_the_qr_drawn_by_a_browser_scans_to_the_public_page(live_server, funded, client_as, monkeypatch,
                                                             tmp_path):
    """The inline SVG on the receipt page, as Chromium draws it (JavaScript off), scans."""
    from emitra.payments.tests.conftest import add, pay, pay_form

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = pytest.importorskip("playwright.sync_api")
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk))
    receipt = Receipt.objects.get()
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
        context.add_cookies([{"name": "sessionid", "value": operator.cookies["sessionid"].value,
                              "url": live_server.url}])
        page = context.new_page()
        page.goto(url(receipt))
        page.locator("svg.qr").screenshot(path=str(tmp_path / "qr.png"))
        address = zbar(tmp_path / "qr.png")
        assert address == f"{live_server.url}/v/{verification.token(receipt.number)}/"
        context.clear_cookies()  # a citizen's phone: nobody signed in
        page.goto(address)
        assert page.locator("#verdict").inner_text() == "Valid"
        browser.close()
