"""A biller adapter that talks JSON over HTTP to a department's system.

Protocol (the demo department in emitra.billers.server speaks it):

* ``GET  {base}/bills/{service code}/{consumer no}`` -> 200 ``{"consumer_no", "consumer_name",
  "amount_due" (paise), "due_date" (YYYY-MM-DD), "bill_number"}``, 404 unknown consumer.
* ``POST {base}/payments`` with ``{"service", "consumer_no", "bill_number", "amount", "reference"}``
  -> 200 ``{"reference"}``; 422 ``{"error"}`` rejected. The same reference twice is one payment.
* ``POST {base}/cancellations`` with ``{"service", "reference", "reason"}`` -> 200 ``{"reference"}``
  (also for a reference the department never received: nothing to cancel); 4xx ``{"error"}`` refused.
  The same reference twice is one cancellation.

Any 5xx or refused connection is BillerDown; no answer within `timeout` seconds is BillerTimeout.
"""
import datetime
import json
import socket
import urllib.error
import urllib.parse
import urllib.request

from emitra.billers.interfaces import (
    Bill,
    BillerDown,
    BillerTimeout,
    Confirmation,
    PostingRejected,
    UnknownConsumer,
)
from emitra.core.text import safe_text


class HttpBiller:
    def __init__(self, code, base_url, timeout=5.0):
        self.code = code
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def fetch_bill(self, service, consumer_no):
        path = "/bills/{}/{}".format(urllib.parse.quote(service.code, safe=""), urllib.parse.quote(consumer_no, safe=""))
        status, data = self._call("GET", path)
        if status == 404:
            raise UnknownConsumer()
        if status != 200:
            raise BillerDown()
        try:
            # the department's words are shown on pages and receipts: made safe on the way in
            # (NFC, no control or direction-changing characters; issue 9 item 7)
            return Bill(consumer_no=safe_text(data["consumer_no"])[:40],
                        consumer_name=safe_text(data["consumer_name"])[:120],
                        amount_due=int(data["amount_due"]), due_date=datetime.date.fromisoformat(data["due_date"]),
                        bill_number=safe_text(data["bill_number"])[:40])
        except (KeyError, TypeError, ValueError):
            raise BillerDown("The department's system sent a bill that cannot be read.") from None

    def post_payment(self, service, *, consumer_no, bill_number, amount, reference):
        return self._confirmed(*self._call("POST", "/payments", {
            "service": service.code, "consumer_no": consumer_no, "bill_number": bill_number,
            "amount": amount, "reference": reference,
        }))

    def cancel_payment(self, service, *, reference, reason):
        return self._confirmed(*self._call("POST", "/cancellations", {
            "service": service.code, "reference": reference, "reason": reason,
        }))

    @staticmethod
    def _confirmed(status, data):
        """200 with a reference confirms; a 4xx is the department's refusal; anything else is "down"."""
        if status == 200 and isinstance(data, dict) and data.get("reference"):
            return Confirmation(reference=str(data["reference"])[:60])
        if 400 <= status < 500:
            error = data.get("error") if isinstance(data, dict) else None
            raise PostingRejected(str(error)[:300] if error else None)
        raise BillerDown()

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as e:
            return e.code, _json(e.read())
        except (TimeoutError, socket.timeout):
            raise BillerTimeout() from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, (TimeoutError, socket.timeout)):
                raise BillerTimeout() from None
            raise BillerDown() from None
        except (ConnectionError, OSError):
            raise BillerDown() from None


def _json(raw):
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return None
