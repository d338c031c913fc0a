"""A demo bank as a real HTTP (JSON) server, for tests and demos (F9, req. 7b).

`DemoBankServer().start()` serves the protocol of emitra.payouts.banks on a free
loopback port from a thread. Transfers are remembered by reference: the same
reference again is the same transfer. An account number ending in 0000 is a
closed account (failed); `pending = True` answers new transfers "pending" until
`settle_pending()` pays them; `down = True` answers 503 to everything.
"""
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoBank/1"

    def log_message(self, *args):
        pass

    def _send(self, status, body):
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        if self.server.down:
            return self._send(503, {"error": "unavailable"})
        parts = [urllib.parse.unquote(p) for p in self.path.strip("/").split("/")]
        if len(parts) != 2 or parts[0] != "transfers":
            return self._send(404, {"error": "no such path"})
        self.server.calls.append(("GET", parts[1]))
        transfer = self.server.transfers.get(parts[1])
        if transfer is None:
            return self._send(404, {"error": "unknown reference"})
        self._send(200, transfer)

    def do_POST(self):
        if self.path.rstrip("/") != "/transfers":
            return self._send(404, {"error": "no such path"})
        if self.server.down:
            return self._send(503, {"error": "unavailable"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            reference, amount = str(body["reference"]), int(body["amount"])
            account_no = str(body["account_no"])
            str(body["ifsc"]), str(body["beneficiary_name"])
        except (ValueError, KeyError, TypeError):
            return self._send(400, {"error": "malformed transfer"})
        self.server.calls.append(("POST", reference))
        with self.server.lock:
            transfer = self.server.transfers.get(reference)
            if transfer is None:
                self.server.sequence += 1
                if account_no.endswith("0000"):
                    transfer = {"reference": reference, "state": "failed", "utr": "", "reason": "Account closed",
                                "amount": amount}
                else:
                    transfer = {"reference": reference, "state": "pending" if self.server.pending else "paid",
                                "utr": f"DEMO{self.server.sequence:012d}", "reason": "", "amount": amount}
                self.server.transfers[reference] = transfer
        self._send(200, transfer)


class DemoBankServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.transfers = {}
        self.httpd.calls = []
        self.httpd.down = False
        self.httpd.pending = False
        self.httpd.sequence = 0
        self.httpd.lock = threading.Lock()
        self.thread = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __getattr__(self, name):
        if name in ("transfers", "calls"):
            return getattr(self.httpd, name)
        raise AttributeError(name)

    def set(self, **flags):
        for name, value in flags.items():
            setattr(self.httpd, name, value)

    def settle_pending(self, state="paid", reason=""):
        with self.httpd.lock:
            for transfer in self.httpd.transfers.values():
                if transfer["state"] == "pending":
                    transfer.update(state=state, reason=reason)

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
