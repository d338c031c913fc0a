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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from emitra.billers import demo
from emitra.billers.interfaces import BillerDown, BillerTimeout, PostingRejected, UnknownConsumer


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoDepartment/1"

    def log_message(self, *args):
        pass

    def _send(self, status, body):
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _misbehave(self, consumer_no):
        if consumer_no == demo.SLOW:
            time.sleep(self.server.slow_seconds)
            return 504
        if consumer_no == demo.DOWN:
            return 503
        return None

    def do_GET(self):
        if self.server.down:
            return self._send(503, {"error": "unavailable"})
        parts = [urllib.parse.unquote(p) for p in self.path.strip("/").split("/")]
        if len(parts) != 3 or parts[0] != "bills":
            return self._send(404, {"error": "no such path"})
        service_code, consumer_no = parts[1], parts[2]
        self.server.calls.append(("GET", service_code, consumer_no))
        status = self._misbehave(consumer_no)
        if status:
            return self._send(status, {"error": "unavailable"})
        try:
            bill = demo.demo_bill(service_code, consumer_no)
        except UnknownConsumer:
            return self._send(404, {"error": "unknown consumer"})
        except (BillerDown, BillerTimeout):
            return self._send(503, {"error": "unavailable"})
        self._send(200, {"consumer_no": bill.consumer_no, "consumer_name": bill.consumer_name,
                         "amount_due": bill.amount_due, "due_date": bill.due_date.isoformat(),
                         "bill_number": bill.bill_number})

    def do_POST(self):
        if self.path.rstrip("/") == "/cancellations":
            return self._cancel()
        if self.path.rstrip("/") != "/payments":
            return self._send(404, {"error": "no such path"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            consumer_no, reference = str(body["consumer_no"]), str(body["reference"])
            service, amount = str(body["service"]), int(body["amount"])
        except (ValueError, KeyError, TypeError):
            return self._send(400, {"error": "malformed posting"})
        self.server.calls.append(("POST", service, consumer_no))
        if self.server.down:
            return self._send(503, {"error": "unavailable"})
        status = self._misbehave(consumer_no)
        if status:
            return self._send(status, {"error": "unavailable"})
        with self.server.lock:
            if reference in self.server.cancellations:
                return self._send(422, {"error": "this payment was cancelled"})
            if reference not in self.server.postings:
                try:
                    confirmation = demo.demo_post(service, consumer_no, amount, reference)
                except PostingRejected as e:
                    return self._send(422, {"error": str(e)})
                self.server.postings[reference] = confirmation.reference
            answer = {"reference": self.server.postings[reference]}
        if self.server.answer_late:
            time.sleep(self.server.slow_seconds)  # recorded here, but the answer comes after the client gave up
        self._send(200, answer)

    def _cancel(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            service, reference, reason = str(body["service"]), str(body["reference"]), str(body["reason"])
        except (ValueError, KeyError, TypeError):
            return self._send(400, {"error": "malformed cancellation"})
        self.server.calls.append(("CANCEL", service, reference))
        if self.server.down:
            return self._send(503, {"error": "unavailable"})
        with self.server.lock:
            if reference not in self.server.cancellations:
                self.server.cancellations[reference] = (demo.demo_cancel(service, reference).reference, reason)
        self._send(200, {"reference": self.server.cancellations[reference][0]})


class DemoDepartmentServer:
    def __init__(self, host="127.0.0.1", port=0, slow_seconds=2.0):
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.slow_seconds = slow_seconds
        self.httpd.postings = {}
        self.httpd.cancellations = {}
        self.httpd.down = False
        self.httpd.answer_late = False
        self.httpd.calls = []
        self.httpd.lock = threading.Lock()
        self.thread = None

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

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

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="demo-department", daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
