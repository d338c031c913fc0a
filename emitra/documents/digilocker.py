"""DigiLocker (F30, issue 11 req. 7): the portal as an Authorized Partner of DigiLocker.

It speaks the Authorized Partner API (the public OpenAPI document of
digitallocker.gov.in/authpartner 1.0.0) under settings.DIGILOCKER_URL:

- OAuth 2.0 authorization code with PKCE (S256): the browser goes to
  /oauth2/1/authorize, where the citizen signs in to DigiLocker and allows the portal;
  DigiLocker sends it back to /digilocker/callback/ with a code and our `state`, and the
  code is exchanged at /oauth2/1/token with the client secret and the code verifier.
  Authlib (the library the portal's OIDC sign-in uses) makes and checks state and PKCE.
  An answer whose state this browser's session did not make is refused before any code
  is exchanged (a changed, replayed or foreign answer).
- /oauth2/1/files/issued: the documents issuers put in the citizen's DigiLocker.
- /oauth2/1/file/{uri}: one document's file, checked against DigiLocker's `hmac` header
  when it sends one (HMAC-SHA256 of the bytes keyed by the client secret).

Who a connection is for (a "target"): "me" (the signed-in citizen's own locker) or
"grant:<id>" (a kiosk working for a citizen under a LockerGrant; the citizen signs in at
DigiLocker on the kiosk's screen, which is their consent). The access token is kept in
the portal session for that target only, never in the database, and never refreshed:
when it expires the citizen connects again. State and connection are bound to the
signed-in person too: on a shared browser, whoever signs in after another signed out
never gets the other's DigiLocker. Without settings (configured() is False) the portal
offers the local locker alone.
"""
import base64
import datetime
import hashlib
import hmac
import time
import urllib.parse
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from emitra.documents.errors import DocumentError

SESSION_KEY = "emitra_digilocker"
ISSUED_PATH = "/oauth2/1/files/issued"
FILE_PATH = "/oauth2/1/file/"

# DigiLocker document types -> the locker's kinds (a first guess; the person pulling chooses)
KIND_OF_DOCTYPE = {
    "ADHAR": "aadhaar", "INCER": "income_proof", "CASCR": "caste_proof", "CSTCR": "caste_proof",
    "DOMCR": "residence_proof", "RSCER": "residence_proof", "BRCER": "birth_proof", "BTCER": "birth_proof",
    "DTCER": "death_proof", "RATCR": "ration_card", "SSCER": "age_proof", "JANAD": "jan_aadhaar",
}


class DigiLockerError(DocumentError):
    """DigiLocker could not do what was asked; the message is for the person at the screen."""


class NotConnected(DigiLockerError):
    """No live DigiLocker connection for this target in this session (never made, expired, or ended)."""


class StateMismatch(DigiLockerError):
    """An answer from DigiLocker that this browser's session did not ask for."""


class FileMissing(DigiLockerError):
    """DigiLocker lists the document but has no file for it."""


@dataclass(frozen=True)
class IssuedDocument:
    uri: str
    name: str
    doctype: str
    issuer: str
    date: datetime.date | None  # when DigiLocker last changed it

    @property
    def kind_code(self):
        return KIND_OF_DOCTYPE.get(self.doctype, "other")


def configured():
    """True when the portal is an Authorized Partner of some DigiLocker (settings.DIGILOCKER_*)."""
    return bool(getattr(settings, "DIGILOCKER_URL", "") and getattr(settings, "DIGILOCKER_CLIENT_ID", ""))


def _client():
    base = settings.DIGILOCKER_URL
    oauth = OAuth()
    oauth.register(
        "digilocker",
        client_id=settings.DIGILOCKER_CLIENT_ID,
        client_secret=settings.DIGILOCKER_CLIENT_SECRET,
        authorize_url=base + "/oauth2/1/authorize",
        access_token_url=base + "/oauth2/1/token",
        client_kwargs={"code_challenge_method": "S256", "token_endpoint_auth_method": "client_secret_basic",
                       "timeout": settings.DIGILOCKER_TIMEOUT},
    )
    return oauth.create_client("digilocker")


def callback_url(request):
    """The redirect URI registered at DigiLocker: this site's /digilocker/callback/."""
    base = getattr(settings, "BASE_URL", "")
    path = reverse("documents:digilocker_callback")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


def authorize_url(request, target):
    """Where to send the browser so the citizen allows the portal at DigiLocker; the state and the
    PKCE verifier stay in this session with the target they are for."""
    client = _client()
    redirect_uri = callback_url(request)
    answer = client.create_authorization_url(redirect_uri)
    client.save_authorize_data(request, redirect_uri=redirect_uri, target=target, person=request.person.pk,
                               **answer)
    return answer["url"]


def finish(request):
    """The target and the connection from DigiLocker's answer at the callback; StateMismatch for an
    answer this session did not ask for (nothing exchanged), DigiLockerError when the citizen denied
    or the code was refused."""
    client = _client()
    state = request.GET.get("state") or ""
    data = client.framework.get_state_data(request.session, state) if state else None
    if not data or not data.get("target") or data.get("person") != request.person.pk:
        raise StateMismatch(_("This answer from DigiLocker does not belong to a request made from this browser "
                              "(it was changed, used already, or is too old). Nothing was taken from DigiLocker. "
                              "Start again."))
    target = data["target"]
    if request.GET.get("error"):
        client.framework.clear_state_data(request.session, state)
        error = DigiLockerError(_("DigiLocker access was not allowed, so nothing was taken from DigiLocker."))
        error.target = target
        raise error
    try:
        token = client.authorize_access_token(request)
    except (OAuthError, requests.RequestException, ValueError, KeyError) as e:
        error = DigiLockerError(_("DigiLocker did not accept this sign-in (%(reason)s). Start again.") % {
            "reason": getattr(e, "description", None) or e.__class__.__name__})
        error.target = target
        raise error from None
    connection = {"access_token": token["access_token"],
                  "expires_at": int(time.time()) + int(token.get("expires_in") or 3600),
                  "name": str(token.get("name") or "")[:100],
                  "digilocker_id": str(token.get("digilocker_id") or "")[:40], "person": request.person.pk}
    request.session.setdefault(SESSION_KEY, {})[target] = connection
    request.session.modified = True
    return target, connection


def connection_for(request, target):
    """This session's live connection for `target`, or NotConnected."""
    connection = request.session.get(SESSION_KEY, {}).get(target)
    if connection is not None and connection.get("person") != request.person.pk:
        # made by someone who signed out of this browser since: never theirs to use
        forget(request, target)
        connection = None
    if connection is None:
        raise NotConnected(_("Connect to DigiLocker first."))
    if connection["expires_at"] <= time.time():
        forget(request, target)
        raise NotConnected(_("The DigiLocker connection has expired. Connect to DigiLocker again."))
    return connection


def forget(request, target):
    """End this session's connection for `target` (the kiosk is done, or the token expired)."""
    connections = request.session.get(SESSION_KEY, {})
    if connections.pop(target, None) is not None:
        request.session.modified = True


def _get(connection, path, stream=False):
    try:
        response = requests.get(settings.DIGILOCKER_URL + path, stream=stream, timeout=settings.DIGILOCKER_TIMEOUT,
                                headers={"Authorization": "Bearer " + connection["access_token"]})
    except requests.RequestException:
        raise DigiLockerError(_("DigiLocker is not answering. Try again in a minute.")) from None
    if response.status_code == 401:
        response.close()
        raise NotConnected(_("The DigiLocker connection has expired. Connect to DigiLocker again."))
    return response


def _error_text(response):
    try:
        return str(response.json().get("error_description") or "")[:200]
    except ValueError:
        return ""


def _date(value):
    """DigiLocker's dates are ISO 8601 (2015-05-12T15:50:38Z); anything else is left out."""
    try:
        return datetime.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def issued_documents(connection):
    """The documents issued to the citizen in DigiLocker, as IssuedDocuments."""
    response = _get(connection, ISSUED_PATH)
    if response.status_code != 200:
        raise DigiLockerError(_("DigiLocker could not list the documents (%(reason)s). Try again in a minute.") % {
            "reason": _error_text(response) or response.status_code})
    try:
        body = response.json()
        items = body.get("items", body.get("details", []))
        items = [items] if isinstance(items, dict) else list(items)
        return [IssuedDocument(uri=str(i["uri"]), name=str(i.get("name") or i.get("description") or i["uri"]),
                               doctype=str(i.get("doctype") or ""), issuer=str(i.get("issuer") or ""),
                               date=_date(i.get("date")))
                for i in items if isinstance(i, dict) and i.get("uri") and i.get("type", "file") == "file"]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DigiLockerError(_("DigiLocker's answer could not be read. Try again in a minute.")) from None


def fetch_file(connection, uri, *, max_bytes):
    """The bytes of the issued document `uri`: at most max_bytes + 1 are read (the caller refuses more).
    FileMissing when DigiLocker has no file for it; NotConnected when the token has expired."""
    response = _get(connection, FILE_PATH + urllib.parse.quote(uri, safe=""), stream=True)
    with response:
        if response.status_code == 404:
            raise FileMissing(_("DigiLocker has no file for this document (%(reason)s). The issuer has not made it "
                                "available yet: ask the issuer, or upload a copy instead.") % {
                "reason": _error_text(response) or "404"})
        if response.status_code != 200:
            raise DigiLockerError(_("DigiLocker could not give the file (%(reason)s). Try again in a minute.") % {
                "reason": _error_text(response) or response.status_code})
        data = bytearray()
        for chunk in response.iter_content(64 * 1024):
            data.extend(chunk)
            if len(data) > max_bytes:
                break
        sent_mac = response.headers.get("hmac")
    data = bytes(data)
    if sent_mac and len(data) <= max_bytes:
        mac = base64.b64encode(hmac.new(settings.DIGILOCKER_CLIENT_SECRET.encode(), data,
                                        hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(mac, sent_mac):
            raise DigiLockerError(_("The file from DigiLocker was damaged on the way (its check did not match). "
                                    "Nothing was kept. Try again."))
    return data
