"""A no-JavaScript browser for the end-to-end sign-in tests.

A ``requests.Session`` keeps the cookies; redirects are followed by hand so a
test can stop just before the provider sends the browser back to the portal's
callback (to tamper with it or to replay it). Forms are read with
BeautifulSoup and submitted with every field they carry (CSRF tokens too), as
a browser would.
"""
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import requests
from bs4 import BeautifulSoup

TIMEOUT = 20
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass
class Page:
    response: requests.Response
    chain: list = field(default_factory=list)  # every response on the way, this one last
    pending: str | None = None  # a redirect target not followed (stop_before matched)

    @property
    def url(self):
        return self.response.url

    @property
    def status(self):
        return self.response.status_code

    @property
    def soup(self):
        return BeautifulSoup(self.response.text, "html.parser")

    @property
    def text(self):
        return " ".join(self.soup.get_text(" ").split())

    def urls(self):
        return [r.url for r in self.chain]


class Browser:
    def __init__(self, portal_url):
        self.portal_url = portal_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "emitra-e2e-test"
        self.session.headers["Accept-Language"] = "en"

    def request(self, method, url, data=None, stop_before=None):
        chain = []
        for _ in range(30):
            response = self.session.request(
                method, url, data=data, allow_redirects=False, timeout=TIMEOUT
            )
            chain.append(response)
            if response.status_code in REDIRECTS and "Location" in response.headers:
                target = urljoin(response.url, response.headers["Location"])
                if stop_before is not None and stop_before(target):
                    return Page(response, chain, pending=target)
                if response.status_code not in (307, 308):
                    method, data = "GET", None
                url = target
                continue
            return Page(response, chain)
        raise AssertionError(f"more than 30 redirects: {[r.url for r in chain]}")

    def get(self, url, stop_before=None):
        return self.request("GET", self.absolute(url), stop_before=stop_before)

    def absolute(self, url):
        return url if "://" in url else self.portal_url + url

    def submit(self, page, form, fields=None, button=None, stop_before=None):
        """Submit ``form`` of ``page`` as a browser would, with ``fields`` changed."""
        data = form_fields(form, button)
        data.update(fields or {})
        action = urljoin(page.url, form.get("action") or page.url)
        method = (form.get("method") or "get").upper()
        if method == "GET":
            parts = urlsplit(action)
            return self.request(
                "GET", urlunsplit(parts._replace(query=urlencode(data))), stop_before=stop_before
            )
        return self.request("POST", action, data=data, stop_before=stop_before)

    def home_text(self):
        """The text of the portal's home page, without following a redirect to
        sign in (that would sign a person in again through the provider's
        session): a redirect gives the text of the redirecting response."""
        page = self.get("/", stop_before=self.leaves_portal)
        if page.pending is None:
            assert page.status == 200, (page.status, page.url, page.text[:500])
        return page.text

    def leaves_portal(self, url):
        return (not url.startswith(self.portal_url + "/")
                or urlsplit(url).path.startswith(("/auth/", "/sso/")))


def form_fields(form, button=None):
    """The name/value pairs a browser sends for ``form`` (``button``: the submit clicked)."""
    data = {}
    for element in form.find_all(["input", "select", "textarea", "button"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "textarea":
            data[name] = element.text
        elif element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            if chosen is not None:
                data[name] = chosen.get("value", chosen.text)
        else:
            kind = (element.get("type") or ("submit" if element.name == "button" else "text")).lower()
            if kind in ("submit", "image", "button", "reset"):
                continue  # only the clicked button is sent, added below
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            data[name] = element.get("value", "on" if kind in ("checkbox", "radio") else "")
    if button is not None and button.get("name"):
        data[button["name"]] = button.get("value", "")
    return data


def submit_buttons(form):
    return [
        b for b in form.find_all(["button", "input"])
        if (b.get("type") or ("submit" if b.name == "button" else "text")).lower() == "submit"
    ]


def find_form(page, *, has_field=None, has_button=None, action_path=None):
    for form in page.soup.find_all("form"):
        names = {e.get("name") for e in form.find_all(["input", "select", "textarea"])}
        buttons = {b.get("name") for b in submit_buttons(form)}
        if has_field and has_field not in names:
            continue
        if has_button and has_button not in buttons:
            continue
        if action_path and urlsplit(urljoin(page.url, form.get("action") or page.url)).path != action_path:
            continue
        return form
    return None


def start_sign_in(browser, stop_before=None):
    """Open the portal's sign-in address as a person clicking "Sign in" would.

    If the portal answers with its own page holding a form back to
    /auth/login/ (a sign-in button with a CSRF token), the form is submitted.
    """
    page = browser.get("/auth/login/", stop_before=stop_before)
    if page.pending is None and urlsplit(page.url).netloc == urlsplit(browser.portal_url).netloc:
        form = find_form(page, action_path="/auth/login/")
        if form is not None and page.status == 200:
            buttons = submit_buttons(form)
            page = browser.submit(page, form, button=buttons[0] if buttons else None,
                                  stop_before=stop_before)
    return page


def sign_in_at_provider(browser, page, *, provider_prefix, login_field, login,
                        password="any-password", stop_before=None):
    """Fill in the provider's login page, and its consent page if it shows one.

    Follows the provider's pages until the browser leaves ``provider_prefix``
    (or ``stop_before`` matches a redirect) and returns that page.
    """
    for _ in range(6):
        if page.pending is not None or not page.url.startswith(provider_prefix):
            return page
        assert page.status == 200, (
            f"provider answered {page.status} at {page.url}: {page.text[:1000]}"
        )
        form = find_form(page, has_field=login_field)
        if form is not None:
            buttons = submit_buttons(form)
            page = browser.submit(
                page, form, {login_field: login, "password": password},
                button=buttons[0] if buttons else None, stop_before=stop_before,
            )
            continue
        # A consent page: oidc-provider's has prompt=consent and a Continue
        # button; django-oauth-toolkit's has a button named "allow".
        form = find_form(page, has_button="allow") or find_form(page, has_field="prompt")
        assert form is not None, f"no login or consent form at {page.url}: {page.text[:1000]}"
        allow = [b for b in submit_buttons(form) if b.get("name") == "allow"]
        buttons = allow or submit_buttons(form)
        page = browser.submit(page, form, button=buttons[0] if buttons else None,
                              stop_before=stop_before)
    raise AssertionError(f"still at the provider after 6 pages: {page.url}: {page.text[:1000]}")


def query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def with_query(url, **changes):
    parts = urlsplit(url)
    params = query(url)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlunsplit(parts._replace(query=urlencode(params)))


def assert_landed_home(page, portal):
    """The callback's own answer is the home page, signed in (issue 12 req. 1: no redirect to it)."""
    assert urlsplit(page.url).path == "/auth/callback/" and page.url.startswith(portal), page.urls()
    assert page.status == 200, page.urls()
    assert page.soup.find("form", action="/auth/logout/") is not None, page.text[:1000]


def assert_reload_goes_home(page, portal):
    """The spent callback loaded again by the browser signed in by it: home, no error, no new sign-in."""
    assert [r.status_code for r in page.chain] == [302, 200], page.urls()
    assert page.url == portal + "/", page.urls()


def assert_clear_refusal(page, *, status=400):
    """A refused sign-in: the given status, a real page (not a traceback), a way to retry."""
    assert page.status == status, (
        f"expected {status}, got {page.status} at {page.url}: {page.text[:1000]}"
    )
    soup = page.soup
    assert "text/html" in page.response.headers.get("Content-Type", ""), page.response.headers
    assert soup.title is not None and soup.title.get_text(strip=True), "the error page has no title"
    assert "Traceback" not in page.response.text
    assert soup.find("a", href=lambda h: h and urlsplit(h).path.rstrip("/") == "/auth/login"), (
        f"the refusal page offers no link to sign in again (/auth/login/): {page.text[:1000]}"
    )


def callback_urls(page, callback_url):
    """The portal callback URLs the browser was sent to on the way to ``page``."""
    urls = [r.url for r in page.chain if r.url.startswith(callback_url + "?")]
    if page.pending and page.pending.startswith(callback_url + "?"):
        urls.append(page.pending)
    return urls


def assert_iss_parameter_matches(page, callback_url, issuer):
    """RFC 9207: an ``iss`` in the authorization response equals the issuer."""
    for url in callback_urls(page, callback_url):
        iss = query(url).get("iss")
        if iss is not None:
            assert iss == issuer, (
                f"the provider's authorization response names the issuer {iss!r}, "
                f"but its discovery document says {issuer!r} (RFC 9207)"
            )
