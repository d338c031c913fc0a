"""What a bank adapter is (F9, issue 10 req. 7b): send a payout, ask where it stands.

The payouts call a bank only through this interface. A bank's API dedupes on the
payout's reference, so sending the same payout again is harmless; every answer
is one of PAID, FAILED or PENDING. Any 5xx, refused connection or time-out is
BankUnavailable: the payout stays sent and is asked about again later, never
failed on a guess (the bank may have paid it).

Protocol of HttpBank (the demo bank in emitra.payouts.bank_server speaks it):

* ``POST {base}/transfers`` with ``{"reference", "amount" (paise), "beneficiary_name",
  "account_no", "ifsc"}`` -> 200 ``{"reference", "state": "paid"|"failed"|"pending",
  "utr", "reason"}``; the same reference again answers the first transfer's state.
* ``GET {base}/transfers/{reference}`` -> 200 the same object, 404 unknown reference.
"""
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

PAID, FAILED, PENDING, UNKNOWN = "paid", "failed", "pending", "unknown"


@dataclass(frozen=True)
class BankAnswer:
    state: str
    utr: str = ""
    reason: str = ""


class BankUnavailable(Exception):
    """The bank did not answer usefully; ask again later."""


class HttpBank:
    def __init__(self, base_url, timeout=10.0, api_key=""):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.api_key = api_key

    def send(self, payout):
        account = payout.bank_account
        return self._answer(*self._call("POST", "/transfers", {
            "reference": payout.reference, "amount": payout.net, "beneficiary_name": account.name,
            "account_no": account.account_no, "ifsc": account.ifsc}))

    def status(self, payout):
        status, data = self._call("GET", "/transfers/" + urllib.parse.quote(payout.reference, safe=""))
        if status == 404:
            return BankAnswer(UNKNOWN)
        return self._answer(status, data)

    def _answer(self, status, data):
        if status != 200 or not isinstance(data, dict):
            raise BankUnavailable(f"bank answered {status}")
        state = data.get("state")
        if state not in (PAID, FAILED, PENDING):
            raise BankUnavailable(f"bank answered the state {state!r}")
        return BankAnswer(state, str(data.get("utr") or "")[:40], str(data.get("reason") or "")[:300])

    def _call(self, method, path, body=None):
        headers = {"Accept": "application/json"}
        raw = None
        if body is not None:
            raw = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.base_url + path, data=raw, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return 404, None
            raise BankUnavailable(f"bank answered {e.code}") from None
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, ValueError) as e:
            raise BankUnavailable(str(e)) from None


def get_bank():
    """The bank API of settings.PAYOUT_BANK_URL (EMITRA_PAYOUT_BANK_URL)."""
    url = getattr(settings, "PAYOUT_BANK_URL", "")
    if not url:
        raise BankUnavailable("no bank API is configured (EMITRA_PAYOUT_BANK_URL)")
    return HttpBank(url, timeout=getattr(settings, "PAYOUT_BANK_TIMEOUT", 10.0),
                    api_key=getattr(settings, "PAYOUT_BANK_API_KEY", ""))
