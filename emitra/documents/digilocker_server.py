"""A local DigiLocker for tests and demos, over real HTTP (F30, issue 11 req. 7).

`DemoDigiLocker(accounts, clients).start()` serves, on a loopback port from a thread, the
part of DigiLocker's Authorized Partner API (APIs/digitallocker.gov.in/authpartner/1.0.0
in the public OpenAPI directory) that the portal uses:

- GET /oauth2/1/authorize: DigiLocker's own page (plain HTML, no JavaScript) where the
  citizen signs in (mobile or username, and security PIN) and allows or denies the
  partner. Only response_type=code with a PKCE S256 code_challenge and a redirect_uri
  registered for the client is taken. Allow sends the browser to the redirect_uri with
  ?code=...&state=...; deny with ?error=access_denied&state=...
- POST /oauth2/1/token: the code for an access token (grant_type=authorization_code),
  with the client's id and secret (HTTP basic or form fields), the same redirect_uri,
  and the code_verifier whose SHA-256 is the challenge. A code works once. The answer
  is the OpenAPI's AccessResponse (access_token, expires_in, digilocker_id, name ...).
- GET /oauth2/1/files/issued: the account's issued documents ({"items": [...]}, each
  with uri, name, doctype, issuer, issuerid, date, mime ...), for a Bearer token.
- GET /oauth2/1/file/{uri}: the file's bytes with its content type and an `hmac` header
  (Base64 HMAC-SHA256 of the bytes keyed by the client secret); a document whose
  issuer does not give the file answers 404 invalid_uri "No file found for given URI".
- GET /oauth2/1/user: the account holder (digilockerid, name, dob, gender).
An unknown token answers 401 invalid_token; an expired one 401 invalid_token "The access
token has expired" (`expire_tokens()` expires every token now: no clock in tests).
Every request is kept in `calls` as (method, path) so a test can tell what reached it.
"""
import base64
import hashlib
import hmac
import html
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from emitra.core.loopback import JsonHandler, LoopbackServer

CODE_SECONDS = 600


@dataclass
class IssuedDocument:
    uri: str
    doctype: str
    name: str
    issuer: str
    issuerid: str
    date: str = "2026-04-01T10:00:00Z"
    mime: str = "application/pdf"
    content: bytes | None = None  # None: listed, but the issuer gives no file (404)


@dataclass
class Account:
    username: str
    mobile: str
    pin: str
    name: str
    dob: str = "01011980"
    gender: str = "F"
    documents: list = field(default_factory=list)
    digilocker_id: str = field(default_factory=lambda: _uuid())


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uris: set
    name: str = "e-Mitra"


def _uuid():
    raw = secrets.token_hex(16)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def s256(verifier):
    """RFC 7636: BASE64URL(SHA256(code_verifier)) without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DigiLocker (demo): allow {client}</title>
<meta name="viewport" content="width=device-width"></head><body>
<h1>DigiLocker <small>(local demo)</small></h1>
<p><b>{client}</b> asks to see the documents issued to you in DigiLocker, and to copy the ones you choose.</p>
{error}<form method="post" action="/oauth2/1/authorize">{hidden}
<p><label for="username">Mobile number or username</label><br><input id="username" name="username" value="{username}" autocomplete="username"></p>
<p><label for="pin">Security PIN</label><br><input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="current-password"></p>
<p><button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></p>
</form><p><small>This is a local stand-in for DigiLocker; no real account is used.</small></p></body></html>"""

_AUTHORIZE_FIELDS = ("response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method")


class _Handler(JsonHandler):
    server_version = "DemoDigiLocker/1"
    extra_headers = (("Cache-Control", "no-store"),)

    # ------------------------------------------------------------ answers

    def _error(self, status, error, description):
        self.send_json(status, {"error": error, "error_description": description})

    def _html(self, status, text):
        self.send_body(status, text.encode(), "text/html; charset=utf-8")

    def _redirect(self, uri, **params):
        joiner = "&" if "?" in uri else "?"
        self.send_response(302)
        self.send_header("Location", uri + joiner + urllib.parse.urlencode(params))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _form(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        return {k.lower(): v[-1] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}

    # ------------------------------------------------------------ routes

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        self.server.calls.append(("GET", url.path))
        if url.path == "/oauth2/1/authorize":
            query = {k.lower(): v[-1] for k, v in urllib.parse.parse_qs(url.query, keep_blank_values=True).items()}
            return self._authorize_page(query)
        if url.path == "/oauth2/1/files/issued":
            return self._issued()
        if url.path.startswith("/oauth2/1/file/"):
            return self._file(urllib.parse.unquote(url.path[len("/oauth2/1/file/"):]))
        if url.path == "/oauth2/1/user":
            return self._user()
        return self._error(404, "not_found", "No such API")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        self.server.calls.append(("POST", url.path))
        if url.path == "/oauth2/1/authorize":
            return self._authorize_decision(self._form())
        if url.path == "/oauth2/1/token":
            return self._token(self._form())
        return self._error(404, "not_found", "No such API")

    # ------------------------------------------------------------ authorization

    def _check_request(self, params):
        """The client of a well-formed authorization request, or an error text (shown on DigiLocker's page,
        never sent to an unchecked redirect_uri)."""
        client = self.server.clients.get(params.get("client_id", ""))
        if client is None:
            return None, "The client_id parameter is invalid."
        if params.get("redirect_uri", "") not in client.redirect_uris:
            return None, "The redirect_uri is not registered for this client."
        if params.get("response_type") != "code":
            return None, "Only response_type=code is supported."
        if not params.get("state"):
            return None, "The state parameter is missing."
        if params.get("code_challenge_method") != "S256" or len(params.get("code_challenge", "")) < 43:
            return None, "A PKCE code_challenge with code_challenge_method=S256 is required."
        return client, None

    def _render(self, status, client, params, *, error="", username=""):
        hidden = "".join(f'<input type="hidden" name="{name}" value="{html.escape(params.get(name, ""))}">'
                         for name in _AUTHORIZE_FIELDS)
        self._html(status, _PAGE.format(client=html.escape(client.name), hidden=hidden, username=html.escape(username),
                                        error=f'<p role="alert"><b>{html.escape(error)}</b></p>' if error else ""))

    def _authorize_page(self, params):
        client, problem = self._check_request(params)
        if client is None:
            return self._html(400, f"<!doctype html><title>DigiLocker: bad request</title><p>{html.escape(problem)}</p>")
        self._render(200, client, params)

    def _authorize_decision(self, form):
        client, problem = self._check_request(form)
        if client is None:
            return self._html(400, f"<!doctype html><title>DigiLocker: bad request</title><p>{html.escape(problem)}</p>")
        if form.get("decision") != "allow":
            return self._redirect(form["redirect_uri"], error="access_denied",
                                  error_description="The user denied access", state=form["state"])
        username = form.get("username", "").strip()
        account = self.server.account(username)
        if account is None or not hmac.compare_digest(account.pin, form.get("pin", "")):
            return self._render(400, client, form, username=username,
                                error="The mobile number, username or PIN is not right.")
        code = secrets.token_hex(20)
        with self.server.lock:
            self.server.codes[code] = {"client_id": client.client_id, "redirect_uri": form["redirect_uri"],
                                       "challenge": form["code_challenge"], "account": account,
                                       "expires": time.time() + CODE_SECONDS}
        self._redirect(form["redirect_uri"], code=code, state=form["state"])

    def _token(self, form):
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
            except ValueError:
                return self._error(401, "invalid_client", "The client_id parameter is invalid")
        client = self.server.clients.get(client_id)
        if client is None or not hmac.compare_digest(client.client_secret, secret):
            return self._error(401, "invalid_client", "The client_id parameter is invalid")
        if form.get("grant_type") != "authorization_code":
            return self._error(400, "unsupported_grant_type", "Only authorization_code is supported here")
        with self.server.lock:
            grant = self.server.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or grant["expires"] < time.time() or grant["client_id"] != client.client_id:
            return self._error(400, "invalid_grant", "The authorization code is invalid or expired")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._error(400, "invalid_grant", "The redirect_uri does not match")
        verifier = form.get("code_verifier", "")
        if not verifier or not hmac.compare_digest(s256(verifier), grant["challenge"]):
            return self._error(400, "invalid_grant", "The code_verifier does not match the code_challenge")
        account = grant["account"]
        token = secrets.token_hex(20)
        with self.server.lock:
            self.server.tokens[token] = {"account": account, "client": client,
                                         "expires": time.time() + self.server.token_seconds}
        self.send_json(200, {"access_token": token, "expires_in": self.server.token_seconds, "token_type": "Bearer",
                         "scope": "files.issueddocs", "refresh_token": secrets.token_hex(20),
                         "digilocker_id": account.digilocker_id, "name": account.name, "dob": account.dob,
                         "gender": account.gender, "eaadhar": "N", "reference_key": secrets.token_hex(16)})

    # ------------------------------------------------------------ the APIs a token opens

    def _account_for_token(self):
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        entry = self.server.tokens.get(token)
        if entry is None:
            self._error(401, "invalid_token", "The access token is invalid")
            return None
        if entry["expires"] <= time.time():
            self._error(401, "invalid_token", "The access token has expired")
            return None
        self.client = entry["client"]
        return entry["account"]

    def _issued(self):
        account = self._account_for_token()
        if account is None:
            return
        self.send_json(200, {"items": [{"name": d.name, "type": "file", "size": "", "date": d.date, "parent": "",
                                    "mime": [d.mime], "uri": d.uri, "doctype": d.doctype, "description": d.name,
                                    "issuerid": d.issuerid, "issuer": d.issuer} for d in account.documents],
                         "resource": "Issued documents"})

    def _file(self, uri):
        account = self._account_for_token()
        if account is None:
            return
        if not uri:
            return self._error(400, "uri_missing", "URI parameter missing")
        document = next((d for d in account.documents if d.uri == uri), None)
        if document is None or document.content is None:
            return self._error(404, "invalid_uri", "No file found for given URI")
        self.send_response(200)
        self.send_header("Content-Type", document.mime)
        self.send_header("Content-Length", str(len(document.content)))
        # the integrity check of DigiLocker's file APIs: HMAC-SHA256 of the bytes, keyed by the client secret
        self.send_header("hmac", base64.b64encode(hmac.new(
            self.client.client_secret.encode(), document.content, hashlib.sha256).digest()).decode())
        self.end_headers()
        self.wfile.write(document.content)

    def _user(self):
        account = self._account_for_token()
        if account is None:
            return
        self.send_json(200, {"digilockerid": account.digilocker_id, "name": account.name, "dob": account.dob,
                         "gender": account.gender, "eaadhar": "N"})


class DemoDigiLocker(LoopbackServer):
    """The local DigiLocker: accounts (with their issued documents) and registered partner clients."""

    handler = _Handler
    thread_name = "demo-digilocker"

    def __init__(self, accounts=(), clients=(), host="127.0.0.1", port=0, token_seconds=3600):
        super().__init__(host, port)
        self.httpd.accounts = list(accounts)
        self.httpd.clients = {c.client_id: c for c in clients}
        self.httpd.codes = {}
        self.httpd.tokens = {}
        self.httpd.calls = []
        self.httpd.token_seconds = token_seconds
        self.httpd.lock = threading.Lock()
        self.httpd.account = self._account

    def _account(self, username):
        username = username.strip().lower()
        return next((a for a in self.httpd.accounts if username and username in (a.username.lower(), a.mobile)),
                    None)

    @property
    def calls(self):
        return self.httpd.calls

    @property
    def accounts(self):
        return self.httpd.accounts

    def add_client(self, client):
        self.httpd.clients[client.client_id] = client

    def expire_tokens(self):
        """Every access token given so far expires now (the citizen's session at DigiLocker ended)."""
        with self.httpd.lock:
            for entry in self.httpd.tokens.values():
                entry["expires"] = 0



DEMO_PIN = "123456"


def demo_accounts(make_pdf=None):
    """The demo DigiLocker accounts: the demo citizen (mobile 9414000007, PIN 123456) with an
    income certificate, a caste certificate and an Aadhaar card, and a Class X marksheet whose
    issuer gives no file (to show the missing file)."""
    if make_pdf is None:
        from emitra.documents.demo import demo_pdf as make_pdf
    documents = [
        IssuedDocument("in.gov.rajasthan.revenue-INCER-RJ2026000123", "INCER", "Income Certificate",
                       "Revenue Department, Rajasthan", "in.gov.rajasthan.revenue",
                       content=make_pdf("Income Certificate · आय प्रमाण पत्र · Kamla Devi")),
        IssuedDocument("in.gov.rajasthan.revenue-CASCR-RJ2025004567", "CASCR", "Caste Certificate",
                       "Revenue Department, Rajasthan", "in.gov.rajasthan.revenue",
                       content=make_pdf("Caste Certificate · जाति प्रमाण पत्र · Kamla Devi")),
        IssuedDocument("in.gov.uidai-ADHAR-XXXXXXXX0007", "ADHAR", "Aadhaar Card", "UIDAI", "in.gov.uidai",
                       content=make_pdf("Aadhaar · आधार · Kamla Devi · XXXX XXXX 0007")),
        IssuedDocument("in.gov.rajasthan.rbse-SSCER-2001123456", "SSCER", "Class X Marksheet",
                       "Board of Secondary Education, Rajasthan", "in.gov.rajasthan.rbse", content=None),
    ]
    return [Account(username="kamla.devi", mobile="9414000007", pin=DEMO_PIN, name="Kamla Devi",
                    dob="15081975", gender="F", documents=documents)]
