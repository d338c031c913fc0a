"""The kiosk flow in Firefox (issue 12 req 5): firefox-esr from Debian, driven by
puppeteer-core from npm over WebDriver BiDi (emitra/webtools/firefox_flow.mjs):
sign in through the bundled SSO's pages, search, fetch a bill into the cart, pay
(a refused mobile number first), receipt and print view. Screenshots of each step
go to EMITRA_SHOTS when it is set."""
import json
import os
import subprocess

import pytest

from emitra.demo.cast import DEMO_PASSWORD
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import assert_ledger_sound, wallet_balance
from emitra.testsetup import WEBTOOLS_DIR

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs("firefox", "node")]


def test_the_kiosk_flow_in_firefox(demo_portal, tmp_path):
    cast = demo_portal
    before = wallet_balance(cast.kiosk)
    flow = {"base": cast.url, "sso_id": "KIOSK.OPERATOR", "password": DEMO_PASSWORD, "kiosk": cast.kiosk.code,
            "query": "pani bill", "service": "Water Bill (PHED)", "consumer_no": "PH1234567",
            "shots": os.environ.get("EMITRA_SHOTS", "")}
    run = subprocess.run(["node", str(WEBTOOLS_DIR / "firefox_flow.mjs")], capture_output=True, text=True,
                         env={**os.environ, "FLOW": json.dumps(flow), "HOME": str(tmp_path)}, cwd=WEBTOOLS_DIR)
    assert run.stdout.strip(), run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert run.returncode == 0 and result["errors"] == [], (result, run.stderr[-2000:])
    steps = {s["name"]: s["url"] for s in result["steps"]}
    assert steps["home"].startswith(cast.url + "/auth/callback/?")  # its answer is the home page (issue 12 req. 1)
    assert steps["cart"].endswith(f"/k/{cast.kiosk.code}/cart/")
    receipt = Receipt.objects.get(kiosk=cast.kiosk, consumer_name="Kamla Devi", mobile="9414000007")
    assert steps["receipt"].endswith(f"/k/{cast.kiosk.code}/cart/pay/")  # the payment answers with its receipt
    assert result["receipt_number"] == receipt.number
    assert steps["print"].endswith(f"/receipts/{receipt.number}/print/")
    assert result["receipt_total"].replace("₹", "").replace(",", "") == f"{receipt.total / 100:.2f}"
    assert wallet_balance(cast.kiosk) == before - receipt.total
    assert_ledger_sound()
