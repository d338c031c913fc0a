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

from emitra.core.loopback import JsonHandler, LoopbackServer


class _Handler(JsonHandler):
    server_version = "DemoBank/1"

    def do_GET(self):
        if self.server.down:
            return self.send_json(503, {"error": "unavailable"})
        parts = [urllib.parse.unquote(p) for p in self.path.strip("/").split("/")]
        if len(parts) != 2 or parts[0] != "transfers":
            return self.send_json(404, {"error": "no such path"})
        self.server.calls.append(("GET", parts[1]))
        transfer = self.server.transfers.get(parts[1])
        if transfer is None:
            return self.send_json(404, {"error": "unknown reference"})
        self.send_json(200, transfer)

    def do_POST(self):
        if self.path.rstrip("/") != "/transfers":
            return self.send_json(404, {"error": "no such path"})
        if self.server.down:
            return self.send_json(503, {"error": "unavailable"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            reference, amount = str(body["reference"]), int(body["amount"])
            account_no = str(body["account_no"])
            str(body["ifsc"]), str(body["beneficiary_name"])
        except (ValueError, KeyError, TypeError):
            return self.send_json(400, {"error": "malformed transfer"})
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
        self.send_json(200, transfer)


class DemoBankServer(LoopbackServer):
    handler = _Handler
    thread_name = "demo-bank"

    def __init__(self):
        super().__init__()
        self.httpd.transfers = {}
        self.httpd.calls = []
        self.httpd.down = False
        self.httpd.pending = False
        self.httpd.sequence = 0
        self.httpd.lock = threading.Lock()

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
