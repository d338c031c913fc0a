"""A JSON-over-HTTP server on a loopback port, run from a thread.

The portal's local stand-ins for systems it cannot reach from a test or a demo
(the demo department, emitra.billers.server; the demo bank,
emitra.payouts.bank_server; the demo DigiLocker, emitra.documents.digilocker_server)
talk their real protocols over real HTTP. This is what they share: a quiet handler
that answers JSON (or any body) with its length, and the server's start, stop and
address. Standard library only, so core stays at the bottom.
"""
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port(host="127.0.0.1"):
    """A TCP port free on host now, for a loopback server or a process the caller starts."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class JsonHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers whole bodies with their length.

    extra_headers go on every answer sent through send_body (DigiLocker's no-store)."""

    extra_headers = ()

    def log_message(self, *args):
        pass

    def send_body(self, status, raw, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        for name, value in self.extra_headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def send_json(self, status, body):
        self.send_body(status, json.dumps(body).encode(), "application/json")


class LoopbackServer:
    """A ThreadingHTTPServer with its handler class; state the handler reads lives on self.httpd."""

    handler = JsonHandler
    thread_name = "loopback-server"

    def __init__(self, host="127.0.0.1", port=0):
        self.httpd = ThreadingHTTPServer((host, port), self.handler)
        self.httpd.daemon_threads = True
        self.thread = None

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, name=self.thread_name, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
