"""The demo department as a real HTTP (JSON) server, for tests and demos.

`DemoDepartmentServer().start()` serves the protocol of emitra.billers.http_adapter on
a free loopback port from a thread; the slow consumer number sleeps longer
than a client's time-out. Postings and cancellations are remembered by
reference, so a repeated posting is one payment; a payment whose reference was
cancelled is refused. `down = True` makes every request answer 503, as a
department whose system is down; `answer_late = True` records a payment (once)
and answers every posting only after `slow_seconds`, as a department whose
answers are lost on a slow link.
"""
import json
import threading
import time
import urllib.parse

from emitra.billers import demo
from emitra.billers.interfaces import BillerDown, BillerTimeout, PostingRejected, UnknownConsumer
from emitra.core.loopback import JsonHandler, LoopbackServer


class _Handler(JsonHandler):
    server_version = "DemoDepartment/1"

    def _misbehave(self, consumer_no):
        if consumer_no == demo.SLOW:
            time.sleep(self.server.slow_seconds)
            return 504
        if consumer_no == demo.DOWN:
            return 503
        return None

    def do_GET(self):
        if self.server.down:
            return self.send_json(503, {"error": "unavailable"})
        parts = [urllib.parse.unquote(p) for p in self.path.strip("/").split("/")]
        if len(parts) != 3 or parts[0] != "bills":
            return self.send_json(404, {"error": "no such path"})
        service_code, consumer_no = parts[1], parts[2]
        self.server.calls.append(("GET", service_code, consumer_no))
        status = self._misbehave(consumer_no)
        if status:
            return self.send_json(status, {"error": "unavailable"})
        try:
            bill = demo.demo_bill(service_code, consumer_no)
        except UnknownConsumer:
            return self.send_json(404, {"error": "unknown consumer"})
        except (BillerDown, BillerTimeout):
            return self.send_json(503, {"error": "unavailable"})
        self.send_json(200, {"consumer_no": bill.consumer_no, "consumer_name": bill.consumer_name,
                         "amount_due": bill.amount_due, "due_date": bill.due_date.isoformat(),
                         "bill_number": bill.bill_number})

    def do_POST(self):
        if self.path.rstrip("/") == "/cancellations":
            return self._cancel()
        if self.path.rstrip("/") != "/payments":
            return self.send_json(404, {"error": "no such path"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            consumer_no, reference = str(body["consumer_no"]), str(body["reference"])
            service, amount = str(body["service"]), int(body["amount"])
        except (ValueError, KeyError, TypeError):
            return self.send_json(400, {"error": "malformed posting"})
        self.server.calls.append(("POST", service, consumer_no))
        if self.server.down:
            return self.send_json(503, {"error": "unavailable"})
        status = self._misbehave(consumer_no)
        if status:
            return self.send_json(status, {"error": "unavailable"})
        with self.server.lock:
            if reference in self.server.cancellations:
                return self.send_json(422, {"error": "this payment was cancelled"})
            if reference not in self.server.postings:
                try:
                    confirmation = demo.demo_post(service, consumer_no, amount, reference)
                except PostingRejected as e:
                    return self.send_json(422, {"error": str(e)})
                self.server.postings[reference] = confirmation.reference
            answer = {"reference": self.server.postings[reference]}
        if self.server.answer_late:
            time.sleep(self.server.slow_seconds)  # recorded here, but the answer comes after the client gave up
        self.send_json(200, answer)

    def _cancel(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            service, reference, reason = str(body["service"]), str(body["reference"]), str(body["reason"])
        except (ValueError, KeyError, TypeError):
            return self.send_json(400, {"error": "malformed cancellation"})
        self.server.calls.append(("CANCEL", service, reference))
        if self.server.down:
            return self.send_json(503, {"error": "unavailable"})
        with self.server.lock:
            if reference not in self.server.cancellations:
                self.server.cancellations[reference] = (demo.demo_cancel(service, reference).reference, reason)
        self.send_json(200, {"reference": self.server.cancellations[reference][0]})


class DemoDepartmentServer(LoopbackServer):
    handler = _Handler
    thread_name = "demo-department"

    def __init__(self, host="127.0.0.1", port=0, slow_seconds=2.0):
        super().__init__(host, port)
        self.httpd.slow_seconds = slow_seconds
        self.httpd.postings = {}
        self.httpd.cancellations = {}
        self.httpd.down = False
        self.httpd.answer_late = False
        self.httpd.calls = []
        self.httpd.lock = threading.Lock()

    @property
    def postings(self):
        return self.httpd.postings

    @property
    def cancellations(self):
        return self.httpd.cancellations

    @property
    def down(self):
        return self.httpd.down

    @down.setter
    def down(self, value):
        self.httpd.down = value

    @property
    def answer_late(self):
        return self.httpd.answer_late

    @answer_late.setter
    def answer_late(self, value):
        self.httpd.answer_late = value

    @property
    def calls(self):
        return self.httpd.calls
