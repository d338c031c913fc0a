"""Verify a receipt from its QR code (issue 5 req. 3; F14): signed numbers, a public page
that tells only what proves the paper, unknown for anything forged, rate-limited."""
import re
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

needs_tools = pytest.mark.needs("zbar", "poppler")


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
@pytest.mark.needs("chromium")
def test_the_qr_drawn_by_a_browser_scans_to_the_public_page(live_server, funded, client_as, monkeypatch,
                                                             tmp_path):
    """The inline SVG on the receipt page, as Chromium draws it (JavaScript off), scans."""
    from emitra.payments.tests.conftest import add, pay, pay_form

    from emitra.payments.tests.test_browser import chromium

    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "REV-INCOME")
    pay(operator, kiosk, pay_form(operator, kiosk))
    receipt = Receipt.objects.get()
    with chromium(live_server.url, monkeypatch) as context:
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


def checks_from(client, address, forwarded_for, times=4, proxy="10.0.0.5"):
    """Status codes of `times` checks arriving from `proxy` with this X-Forwarded-For."""
    return [client.get(address, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded_for).status_code
            for _ in range(times)]


@pytest.fixture
def limited(receipt, settings, monkeypatch):
    settings.VERIFY_PER_MINUTE = 2
    monkeypatch.setattr(verification, "WINDOW_SECONDS", 10**6)
    return f"/v/{verification.token(receipt.number)}/"


def test_without_trusted_proxies_x_forwarded_for_is_never_trusted(limited, client, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    # a client that invents a new X-Forwarded-For each time is still counted by its own address
    statuses = [client.get(limited, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in range(4)]
    assert statuses == [200, 200, 429, 429]


def test_behind_one_proxy_each_client_is_counted_by_the_address_the_proxy_saw(limited, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert checks_from(client, limited, "203.0.113.7") == [200, 200, 429, 429]
    # another client behind the same proxy is not held up by the first
    assert checks_from(client, limited, "203.0.113.8", times=1) == [200]
    # what a client writes to the left of the proxy's entry does not make it someone new
    assert checks_from(client, limited, "192.0.2.99, 203.0.113.7", times=1) == [429]


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(limited, client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    statuses = [client.get(limited, REMOTE_ADDR="10.0.0.6",
                           HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7, 10.0.0.5").status_code
                for n in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert checks_from(client, limited, "203.0.113.8, 10.0.0.5", times=1, proxy="10.0.0.6") == [200]


@pytest.mark.parametrize("header", ["", "not-an-address", "203.0.113.7, <script>", " , "])
def test_a_missing_short_or_garbled_header_counts_by_the_proxy_address(rf, settings, header):
    settings.TRUSTED_PROXY_COUNT = 1 if header != " , " else 3
    request = rf.get("/v/x/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=header)
    assert verification.client_ip(request) == "10.0.0.5"


def proxy_count_setting(tmp_path, value):
    """settings.TRUSTED_PROXY_COUNT as the real settings module reads it from the environment."""
    import os
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "emitra.settings", "EMITRA_DATA_DIR": str(tmp_path)}
    env.pop("EMITRA_TRUSTED_PROXY_COUNT", None)
    if value is not None:
        env["EMITRA_TRUSTED_PROXY_COUNT"] = value
    return subprocess.run([sys.executable, "-c", "import django; from django.conf import settings; django.setup(); "
                           "print(settings.TRUSTED_PROXY_COUNT)"], env=env, capture_output=True, text=True)


def test_the_proxy_count_comes_from_the_environment_and_refuses_nonsense(tmp_path):
    assert proxy_count_setting(tmp_path, None).stdout.strip() == "0"
    assert proxy_count_setting(tmp_path, "2").stdout.strip() == "2"
    for nonsense in ("-1", "two"):
        run = proxy_count_setting(tmp_path, nonsense)
        assert run.returncode != 0 and "EMITRA_TRUSTED_PROXY_COUNT must be" in run.stderr
