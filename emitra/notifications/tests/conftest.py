"""Real gateways on loopback for the outbox tests: an aiosmtpd SMTP server and an
HTTP SMS gateway in the style of NIC's (stdlib http.server in a thread)."""
import email
import email.policy
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from emitra.core.loopback import free_port


class SmtpServer:
    """A real SMTP server; .mails are the parsed messages it accepted."""

    def __init__(self):
        self.port = free_port()
        self.mails = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        mail = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.mails.append((envelope.rcpt_tos, mail))
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


class SmsGateway:
    """A government-style SMS gateway: form POST, "Message Accepted for Request ID=..." on success,
    and like a real gateway given a client reference (msgid) it sends one SMS per reference.

    mode: "ok", "garbage" (200 with an HTML page), "error" (HTTP 500), "refuse" (an error text).
    """

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/failsafe/HttpLink"
        self.mode = "ok"
        self.requests = []      # every form it received
        self.handset = []       # the SMS that reached a phone: (mobile, text)
        self._by_ref = {}
        self.server = None

    def start(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8")).items()}
                form["_idempotency_key"] = self.headers.get("Idempotency-Key", "")
                gateway.requests.append(form)
                if gateway.mode == "error":
                    return self._answer(500, "Internal Server Error")
                if gateway.mode == "garbage":
                    return self._answer(200, "<html><body>Service Unavailable</body></html>")
                if gateway.mode == "refuse":
                    return self._answer(200, "Invalid template id~code=API012")
                ref = form.get("msgid", "")
                if ref not in gateway._by_ref:
                    gateway._by_ref[ref] = f"{len(gateway._by_ref) + 1000}"
                    gateway.handset.append((form["mnumber"], form["message"]))
                self._answer(200, f"Message Accepted for Request ID={gateway._by_ref[ref]}~code=API000 "
                                  f"& info=Platform accepted")

            def _answer(self, status, text):
                body = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


DLT_IDS = {
    "payment_receipt:en": "1107170000000000001", "payment_receipt:hi": "1107170000000000002",
    "receipt_cancelled:en": "1107170000000000003", "receipt_cancelled:hi": "1107170000000000004",
}


@pytest.fixture
def smtp_server(settings):
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def sms_gateway(settings):
    gateway = SmsGateway()
    settings.SMS_GATEWAY = "http"
    settings.SMS_HTTP_URL = gateway.url
    settings.SMS_HTTP_USERNAME = "emitra.rj"
    settings.SMS_HTTP_PASSWORD = "pin-123"
    settings.SMS_SENDER_ID = "RJGOVT"
    settings.SMS_DLT_ENTITY_ID = "1101000000000000001"
    settings.SMS_DLT_TEMPLATE_IDS = DLT_IDS
    settings.SMS_HTTP_TIMEOUT = 5
    yield gateway
    gateway.stop()
