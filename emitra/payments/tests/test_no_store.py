"""`Cache-Control: no-store` on what a kiosk's shared browser must never keep (issue 9
item 9): a receipt and each of its formats, the wallet statement, the cart, the
department's download; and the receipt's look moved out of <style> blocks into
static stylesheets (for the page and for the PDF)."""
import re
import subprocess

import pytest

from emitra.payments.tests.conftest import receipt_url


@pytest.mark.parametrize("what", ["", "print/", "print/?size=a5", "pdf/", "dmp/", "escp/"])
def test_a_receipt_and_each_of_its_formats_are_never_stored(receipt, client_as, what):
    response = client_as(receipt.kiosk.holder).get(receipt_url(receipt, what))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Expires" not in response
    if not response["Content-Type"].startswith("text/html"):
        assert response["Permissions-Policy"]  # a page without script needs none (core.middleware)


def test_the_wallet_statement_and_the_cart_are_never_stored(funded, client_as):
    operator = client_as(funded.operator)
    for url in (f"/k/{funded.kiosk.code}/reports/wallet/", f"/k/{funded.kiosk.code}/cart/"):
        response = operator.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_the_departments_collections_download_is_never_stored(funded, client_as):
    response = client_as(funded.dept).get("/dept/collections.csv")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.needs("poppler")
def test_the_receipt_pdf_is_drawn_with_the_static_stylesheets(receipt, client_as):
    """The look that lived in <style> blocks now comes from static files: the PDF still
    carries the receipt's page size (A5 from its own stylesheet)."""
    a5 = client_as(receipt.kiosk.holder).get(receipt_url(receipt, "pdf/?size=a5")).content
    out = subprocess.run(["pdfinfo", "-"], input=a5, capture_output=True, check=True).stdout.decode()
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out).groups())
    assert (round(width), round(height)) == (420, 595)  # A5 in points
