"""The kiosk's official rate list (issue 13 req. 7): an A4 poster PDF of every service the kiosk
offers with its government fee and service charge, in Hindi and English, dated, whose QR code
opens the public page of the same rates."""
import re
import subprocess
import unicodedata
from difflib import SequenceMatcher

import pytest
from django.utils import timezone

from emitra.catalogue import rates
from emitra.catalogue.models import Service
from emitra.core.money import format_paise
from emitra.payments.tests.test_receipt_formats import squeeze

pytestmark = [pytest.mark.django_db, pytest.mark.needs("poppler", "zbar", "fonts", "weasyprint-libs")]


@pytest.fixture
def catalogue(cast):
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    return cast


def letters(text):
    """The Devanagari letters of a text (no vowel signs, virama or nukta), in order."""
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if "\u0900" <= c <= "\u097f" and unicodedata.category(c) == "Lo")


def offered():
    return list(Service.objects.filter(active=True, department__active=True).select_related("department"))


def test_the_poster_lists_every_service_with_its_fee_and_charge_and_its_qr_opens_the_public_page(
        catalogue, client_as, client, tmp_path, settings):
    settings.BASE_URL = "https://emitra.rajasthan.example"
    holder = client_as(catalogue.holder)
    response = holder.get(f"/k/{catalogue.kiosk.code}/rates/poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "rates.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    services = offered()
    assert len(services) >= 5
    for service in services:
        row = next((line for line in lines if service.name_en in line), None)
        assert row is not None, service.name_en
        # the fee and the charge on the service's own row (the English name is the row's second line)
        row_block = " ".join(lines[max(lines.index(row) - 1, 0):lines.index(row) + 1])
        if service.is_bill:
            assert "as per the bill" in row_block, service.name_en
        else:
            assert format_paise(service.government_fee) in row_block, service.name_en
        assert format_paise(service.service_charge) in row_block, service.name_en
        # the Hindi name on the row above: pdftotext copies shaped Devanagari out imperfectly (a reph
        # moved, a syllable with ि dropped, a conjunct's half-letter lost), so its letters are compared
        hindi = letters(" ".join(lines[max(lines.index(row) - 3, 0):lines.index(row)]))
        wanted = letters(service.name_hi)
        found = SequenceMatcher(None, wanted, hindi).get_matching_blocks()
        assert sum(block.size for block in found) >= 0.75 * len(wanted), (service.name_hi, hindi)
    assert "rate list" in text and squeeze("दर सूची") in squeeze(text)
    assert timezone.localdate().strftime("%d-%m-%Y") in text  # dated
    assert catalogue.kiosk.code in text

    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    page = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True,
                             check=True).stdout.strip()
    assert decoded == rates.public_url(catalogue.kiosk)
    assert decoded.startswith("https://emitra.rajasthan.example/rates/")
    path = decoded.removeprefix(settings.BASE_URL)
    assert path.startswith("/rates/")

    public = client.get(path)  # nobody signed in
    assert public.status_code == 200
    body = public.content.decode()
    for service in services:
        row = re.search(rf'<tr id="rate-{re.escape(service.code)}">(.*?)</tr>', body, re.S)
        assert row, service.code
        cells = re.findall(r'<td class="num">(.*?)</td>', row.group(1), re.S)
        fee, charge = cells[0], cells[1]
        assert (("as per the bill" in fee) if service.is_bill else format_paise(service.government_fee) in fee)
        assert format_paise(service.service_charge) in charge


def test_the_public_page_shows_the_rates_of_now(catalogue, client):
    path = re.sub(r"^https?://[^/]+", "", rates.public_url(catalogue.kiosk))
    service = next(s for s in offered() if not s.is_bill)
    Service.objects.filter(pk=service.pk).update(service_charge=service.service_charge + 500)
    body = client.get(path).content.decode()
    row = re.search(rf'<tr id="rate-{re.escape(service.code)}">(.*?)</tr>', body, re.S).group(1)
    assert format_paise(service.service_charge + 500) in row


def test_a_made_up_rate_list_address_is_unknown(catalogue, client, client_as):
    token = rates.RATE_LISTS.token(catalogue.kiosk.code)
    assert client.get(f"/rates/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}/").status_code == 404
    assert client.get(f"/rates/{catalogue.other_kiosk.code}.AAAAAAAAAAAA/").status_code == 404
    # another kiosk's holder cannot print this kiosk's poster
    assert client_as(catalogue.other_holder).get(f"/k/{catalogue.kiosk.code}/rates/poster.pdf").status_code == 404
