import logging
import re
import secrets
import time

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

log = logging.getLogger("emitra.request")


class RequestLogMiddleware:
    """One structured line per request: method, path, status, time, size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        person = getattr(request, "person", None)
        log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.monotonic() - started) * 1000, 1),
                "bytes": len(response.content) if not response.streaming else None,
                "sso_id": person.sso_id if person else None,
            },
        )
        return response


PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid",
    "magnetometer", "microphone", "payment", "serial", "usb"))


def content_security_policy(request, scripts=False):
    """The portal's CSP (issue 9 item 9): nothing inline, nothing from elsewhere.

    Pages use one same-site stylesheet and no script, so no 'unsafe-inline' and
    no nonce. A page that works without JavaScript and is only quicker with a
    same-site script (a report's print view opening the print dialogue, issue 13
    req. 4) says so with `response.same_site_scripts = True`: script-src 'self'.
    Forms go to the portal itself, and the sign-out form's redirect goes on to the OpenID Connect issuer's end-session endpoint, so its origin
    is a form target too; the bundled identity provider's own pages (sign-in,
    consent) end in a redirect to whichever client asked, so they set no
    form-action.
    """
    from urllib.parse import urlsplit

    from django.conf import settings

    directives = ["default-src 'none'", "style-src 'self'", "img-src 'self'",
                  "base-uri 'none'", "frame-ancestors 'none'"] + (["script-src 'self'"] if scripts else [])
    match = getattr(request, "resolver_match", None)
    if not (match and match.namespace in ("sso", "oauth2_provider")):
        targets = ["'self'"]
        if settings.OIDC_ISSUER:
            issuer = urlsplit(settings.OIDC_ISSUER)
            targets.append(f"{issuer.scheme}://{issuer.netloc}")
        directives.append("form-action " + " ".join(targets))
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every page, Permissions-Policy wherever it does
    something, and `Cache-Control: no-store` on every page and on everything
    answered to someone signed in (issue 9 item 9): a shared kiosk browser's
    cache or back button never shows the last citizen's receipt, statement or
    document.

    Signed in means a portal session (request.person) or one of the bundled
    identity provider (request.user). Static files are served before this runs
    (WhiteNoise) and keep their long cache.

    Each header costs its bytes on every response down a GPRS link (issue 12
    req. 3), so none is sent where it cannot act, and none weaker than before:
    - Permissions-Policy turns off features only a script can ask for (camera,
      geolocation, payment ...); a page whose CSP runs no script and loads no
      frame or object (default-src 'none' with no script-src) cannot ask, so it
      is sent on every other response: pages with a same-site script, and
      everything not HTML (a PDF, a document, JSON).
    - A redirect is never rendered: no CSP, Permissions-Policy, X-Frame-Options
      or Content-Language on it, nor a Content-Type for its empty body (its
      Referrer-Policy and COOP, which do act on a redirect, stay: Django's
      SecurityMiddleware).
    - Vary tells a cache which request headers chose the answer; a no-store
      answer is in no cache, so it goes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = response.get("Content-Type", "").startswith("text/html")
        if 300 <= response.status_code < 400 and response.has_header("Location"):
            for header in ("X-Frame-Options", "Content-Language", "Content-Security-Policy") + (
                    ("Content-Type",) if not response.streaming and not response.content else ()):
                if response.has_header(header):
                    del response[header]
        elif page:
            scripts = getattr(response, "same_site_scripts", False)
            response["Content-Security-Policy"] = content_security_policy(request, scripts=scripts)
            if scripts:
                response["Permissions-Policy"] = PERMISSIONS_POLICY
        else:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        if page or signed_in(request):
            response["Cache-Control"] = "no-store"
            for header in ("Expires", "Vary"):
                if response.has_header(header):
                    del response[header]
        return response


def signed_in(request):
    if getattr(request, "person", None) is not None:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)



class CsrfCookieOnceMiddleware:
    """The CSRF cookie is not sent again on every page that has a form (issue 12 req. 1): Django's
    CsrfViewMiddleware sets it anew on each such page to renew its year-long expiry, some 130
    bytes down a GPRS link every time. Listed after it (so it sees the response first), this
    lets it set the cookie only when the browser has none or another one (a first visit, a
    rotated or an old masked secret); the checks stay Django's own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and request.COOKIES.get(settings.CSRF_COOKIE_NAME) == request.META.get("CSRF_COOKIE")):
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False  # the browser has this very cookie
        return response


class CompressionMiddleware(GZipMiddleware):
    """A page is sent brotli-compressed to a browser that takes it, else gzip as Django's
    GZipMiddleware does (issue 12 req. 2-3): brotli is some 20% smaller than gzip on the
    portal's pages (the signed-out home page 1,057 -> 843 bytes), about 200 bytes a page down
    a GPRS link, for about a millisecond of CPU at quality 5.

    BREACH (DESIGN-NOTES, "GPRS round trips and budgets"): as GZipMiddleware puts up to 100
    random bytes in the gzip header, a random-length comment after the page's end makes the
    compressed length vary by as much, so that it does not tell a secret's guesses apart; the
    CSRF token is masked afresh in every response as before. Only HTML gets brotli (the comment
    is HTML's); CSV, JSON and streamed exports keep gzip. Static files come pre-compressed
    from WhiteNoise, before this runs.
    """

    brotli_quality = 5

    def process_response(self, request, response):
        if (response.streaming or len(response.content) < 200 or response.has_header("Content-Encoding")
                or not response.get("Content-Type", "").startswith("text/html")
                or not ACCEPTS_BROTLI.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))):
            return super().process_response(request, response)
        import brotli

        patch_vary_headers(response, ("Accept-Encoding",))
        padding = b"<!--" + secrets.token_hex(secrets.randbelow(self.max_random_bytes + 1)).encode() + b"-->"
        compressed = brotli.compress(response.content + padding, quality=self.brotli_quality,
                                     mode=brotli.MODE_TEXT)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        if response.has_header("ETag") and response.headers["ETag"].startswith('"'):
            response.headers["ETag"] = "W/" + response.headers["ETag"]  # as GZipMiddleware does
        response.headers["Content-Encoding"] = "br"
        return response


ACCEPTS_BROTLI = re.compile(r"\bbr\b(?!\s*;\s*q=0(\.0*)?\s*(,|$))")
