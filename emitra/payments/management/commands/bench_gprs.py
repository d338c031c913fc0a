"""`emitra bench gprs`: the kiosk's day on a 2G link, in a real browser (F1; issue 12 req. 3).

The portal is started exactly as `emitra up` starts it (the `up` command in a
subprocess, on a free loopback port, with a throwaway data folder and so a
fresh demo database). Headless Chromium (Playwright driving the system's
/usr/bin/chromium; no browser download) has its network emulated at GPRS
through the DevTools protocol: 50 kbit/s down, 20 kbit/s up, 500 ms round
trip. From a cold cache the kiosk operator opens the portal, signs in
through SSO, searches a service, fetches the bill into the cart from the
service's row in the results (the consumer number is typed there), which
lands on the cart, the confirmation of what will be paid with its pay form;
pays (the answer is the receipt) and opens the print view, clicking through the
pages as a person does (the links and forms the pages offer; no URL is typed
after the first).

The portal is warmed up first (_warm_up: anonymous requests by another client, so
the browser's cache stays cold), as a portal in service always is.

Printed per step: the seconds from the click to the page's load event, the
HTTP exchanges (redirects count: each is a round trip) and the bytes on the
wire (encodedDataLength of every response); then the line
`total: <seconds> s, <requests> requests, <bytes> bytes`. No figure is
asserted: the machine's other work moves the seconds, the requests and the
bytes it does not. A step ends at its page's load event (its seconds) and
once nothing is in flight, so that a request the page starts late (the
icon) is counted in its own step. `--no-throttle` is the short form the test
suite runs (payments/tests/test_bench_gprs.py): the same flow and requests.
"""
import html
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from emitra.core.loopback import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# GPRS as issue 12 defines it: bytes a second, and milliseconds of round trip
GPRS = {"offline": False, "latency": 500, "downloadThroughput": 50_000 / 8, "uploadThroughput": 20_000 / 8}
OPERATOR = ("KIOSK.OPERATOR", "emitra-demo")
BILL_SERVICE = "JVVNL-BILL"
SEARCH_WORDS = "bijli"


@dataclass
class Step:
    name: str
    seconds: float = 0.0
    requests: int = 0
    redirects: int = 0
    bytes: int = 0
    urls: list = field(default_factory=list)


class Wire:
    """Counts what crosses the emulated link, from the DevTools protocol's events.

    An exchange is a response that came over the network: each redirect (a
    round trip of its own), each final response; a file the browser's cache
    answered, or a data: URL, crosses nothing and is not counted.
    """

    def __init__(self, cdp):
        self.requests, self.redirects, self.bytes, self.urls = 0, 0, 0, []
        self._cached = set()
        self.in_flight = set()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", lambda e: self._cached.add(e["requestId"]))
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", lambda e: self.in_flight.discard(e["requestId"]))

    def _sent(self, event):
        self.in_flight.add(event["requestId"])
        redirect = event.get("redirectResponse")
        if redirect and not redirect.get("fromDiskCache"):
            self.requests += 1
            self.redirects += 1
            # a redirect's own response is reported by no loadingFinished
            self.bytes += int(redirect.get("encodedDataLength", 0))
            self.urls.append(f"{redirect.get('status')} {redirect.get('url')}")

    def _received(self, event):
        response = event["response"]
        if (event["requestId"] in self._cached or response.get("fromDiskCache")
                or response.get("fromPrefetchCache") or not response.get("url", "").startswith("http")):
            self._cached.add(event["requestId"])
            return
        self.requests += 1
        self.urls.append(f"{response.get('status')} {response.get('url')}")

    def _finished(self, event):
        self.in_flight.discard(event["requestId"])
        if event["requestId"] not in self._cached:
            self.bytes += int(event.get("encodedDataLength", 0))

    def mark(self):
        return self.requests, self.redirects, self.bytes, len(self.urls)


class Command(BaseCommand):
    help = "Time the kiosk's flow in headless Chromium over an emulated GPRS link, served as `emitra up` serves."

    def add_arguments(self, parser):
        parser.add_argument("--consumer", default="", help="consumer number of the bill (default: a demo one)")
        parser.add_argument("--shots", default="", help="a folder to save a screenshot of each step in")
        parser.add_argument("--no-throttle", action="store_true", help="the same flow without emulation")
        parser.add_argument("--verbose-urls", action="store_true", help="print every URL fetched")
        parser.add_argument("--locale", default="en-IN",
                            help="the browser's language (hi-IN: the flow in Hindi, e.g. for --shots)")

    def handle(self, *args, consumer, shots, no_throttle, verbose_urls, locale, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise CommandError("bench gprs needs Playwright for Python: pip install -e '.[test]'") from None
        if not os.path.exists(CHROMIUM):
            raise CommandError("bench gprs needs Debian's chromium: apt-get install chromium")
        consumer = consumer or _demo_consumer()
        with tempfile.TemporaryDirectory(prefix="emitra-gprs-") as data_dir:
            port = free_port()
            portal = _start_portal(data_dir, port)
            try:
                base = f"http://127.0.0.1:{port}"
                _wait_until_up(base, portal)
                _warm_up(base)
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    try:
                        steps = self._flow(browser, base, consumer, shots, throttle=not no_throttle,
                                           locale=locale)
                    finally:
                        browser.close()
            finally:
                _stop(portal)
        self._print(steps, verbose_urls)

    # ------------------------------------------------------------ the flow

    def _flow(self, browser, base, consumer, shots, throttle, locale="en-IN"):
        context = browser.new_context(locale=locale)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        if throttle:
            cdp.send("Network.emulateNetworkConditions", GPRS)
        wire = Wire(cdp)
        steps = []

        def step(name, action):
            before = wire.mark()
            started = time.perf_counter()
            action()
            page.wait_for_load_state("load")
            seconds = time.perf_counter() - started
            settle(page, wire)
            after = wire.mark()
            steps.append(Step(name, seconds, after[0] - before[0], after[1] - before[1], after[2] - before[2],
                              wire.urls[before[3]:after[3]]))
            if shots:
                os.makedirs(shots, exist_ok=True)
                page.screenshot(path=os.path.join(shots, f"{len(steps):02d}-{name.replace(' ', '-')}.png"),
                                full_page=True)

        step("open the portal", lambda: page.goto(base + "/", wait_until="load"))
        step("sign in via SSO", lambda: self._sign_in(page))
        step("search a service", lambda: self._search(page))
        step("fetch the bill into the cart", lambda: self._fetch_bill(page, consumer))
        step("pay, to the receipt", lambda: self._pay(page))
        step("open the print view", lambda: self._click(page, r"/receipts/[^/]+/print/$"))
        if "/print/" not in page.url:
            raise CommandError(f"the flow did not reach the print view: ended at {page.url}")
        context.close()
        return steps

    def _sign_in(self, page):
        """Fill the SSO form where the page has it (the bundled provider's, on the home page), else
        follow the page's own sign-in link to it; come back signed in."""
        if not page.locator("input[name=password]").count():
            page.locator("a[href*='/authorize/'], a[href*='/login/']").first.click()
            page.wait_for_selector("input[name=password]")
        page.fill("input[name=sso_id]", OPERATOR[0])
        page.fill("input[name=password]", OPERATOR[1])
        with page.expect_navigation(url=re.compile(r"^(?!.*/sso/).*$"), wait_until="load"):
            page.locator("input[name=password]").press("Enter")
        if page.locator("input[name=password]").count():
            raise CommandError(f"sign-in did not succeed: {page.url}")

    def _search(self, page):
        """The search box where the page has one; else the kiosk's page, then its Services page."""
        if not page.locator("input[name=q]").count():
            self._click(page, r"/k/[A-Z0-9]+/$")
            page.wait_for_load_state("load")
        if not page.locator("input[name=q]").count():
            self._click(page, r"/k/[A-Z0-9]+/services/$")
            page.wait_for_load_state("load")
        page.fill("input[name=q]", SEARCH_WORDS)
        with page.expect_navigation(wait_until="load"):
            page.locator("input[name=q]").press("Enter")

    def _fetch_bill(self, page, consumer):
        """The consumer number in the bill service's row of the search results, and Enter."""
        field = page.locator(f"form[action$='/services/{BILL_SERVICE}/add/'] input[name=consumer_no]")
        if not field.count():
            raise CommandError(f"no consumer number box for {BILL_SERVICE} in the search results: {page.url}")
        field.fill(consumer)
        with page.expect_navigation(wait_until="load"):
            field.press("Enter")
        if "/cart/" not in page.url:
            raise CommandError(f"the bill was not added to the cart: {page.url}")

    def _pay(self, page):
        page.fill("input[name=consumer_name]", "Kamla Devi")
        page.fill("input[name=mobile]", "9414000007")
        with page.expect_navigation(wait_until="load"):
            page.locator("form:has(input[name=consumer_name]) button[type=submit], "
                         "form:has(input[name=consumer_name]) button:not([type])").last.click()
        if not page.locator("p.rno").count():  # the answer is the receipt itself (no redirect)
            raise CommandError(f"the payment did not reach a receipt: {page.url}")

    @staticmethod
    def _click(page, href_pattern):
        """Click the first link of the page whose href matches href_pattern."""
        for link in page.locator("a[href]").all():
            href = link.get_attribute("href") or ""
            if re.search(href_pattern, href.split("?")[0]):
                with page.expect_navigation(wait_until="load"):
                    link.click()
                return
        raise CommandError(f"no link matching {href_pattern} on {page.url}")

    # ------------------------------------------------------------ output

    def _print(self, steps, verbose_urls):
        width = max(len(s.name) for s in steps)
        self.stdout.write(f"{'step':<{width}}  seconds  requests (redirects)  bytes")
        for s in steps:
            self.stdout.write(f"{s.name:<{width}}  {s.seconds:7.2f}  {s.requests:8d} ({s.redirects:d})  {s.bytes:9,d}")
            if verbose_urls:
                for url in s.urls:
                    self.stdout.write(f"    {url}")
        total_s = sum(s.seconds for s in steps)
        total_r = sum(s.requests for s in steps)
        total_b = sum(s.bytes for s in steps)
        self.stdout.write(f"redirects: {sum(s.redirects for s in steps)}; slowest step: "
                          f"{max(steps, key=lambda s: s.seconds).name} "
                          f"{max(s.seconds for s in steps):.2f} s")
        self.stdout.write(f"total: {total_s:.1f} s, {total_r} requests, {total_b} bytes")


def settle(page, wire, quiet=0.15, timeout=10.0):
    """Wait until nothing has been in flight for `quiet` seconds (or `timeout` passed)."""
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(25)  # lets Playwright deliver the protocol's events
        if wire.in_flight:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet:
            return


def _demo_consumer():
    """A consumer number the demo department knows (the first it lists, where it lists them)."""
    from emitra.billers import demo

    known = getattr(demo, "KNOWN_CONSUMERS", None)
    if isinstance(known, dict):
        numbers = known.get(BILL_SERVICE) or next(iter(known.values()), None)
        if numbers:
            return list(numbers)[0]
    return "2100456789"


def _start_portal(data_dir, port):
    env = dict(os.environ, EMITRA_DATA_DIR=data_dir, EMITRA_ENV="local", EMITRA_LOG_LEVEL="WARNING",
               DJANGO_SETTINGS_MODULE="emitra.settings")  # not the test suite's settings when a test runs it
    env.pop("DATABASE_URL", None)  # a throwaway SQLite database in the throwaway data folder
    return subprocess.Popen([sys.executable, "-m", "emitra.cli", "up", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_until_up(base, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"`emitra up` exited with code {process.returncode} before serving")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise CommandError(f"the portal did not answer at {base} in {timeout} s")


# A portal in service has answered before: each gunicorn worker imports its views, loads its
# templates, reads the SSO's discovery document and opens the token endpoint on its first
# requests. Before the browser starts, another client (its own cookies: the browser's cache and
# session stay cold) asks for the public pages and signs a demo citizen in and out a few times,
# so that the figures are the link's and a warm portal's, not a new process's first second.
WARM_UP_PATHS = ("/", "/sso/login/", "/sso/.well-known/openid-configuration", "/status/")
WARM_UP_ROUNDS = 4  # gunicorn's workers take connections as they come: enough rounds to reach each
WARM_UP_PERSON = ("CITIZEN.DEMO", "emitra-demo")


def _warm_up(base):
    import requests

    for _round in range(WARM_UP_ROUNDS):
        try:
            for path in WARM_UP_PATHS:
                requests.get(base + path, timeout=30).raise_for_status()
            browser = requests.Session()
            home = browser.get(base + "/", timeout=30).text
            form = re.search(r'<form method="post" action="([^"]+)"[^>]*id="sign-in">', home)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', home)
            if not (form and token):
                raise CommandError("warming up: the home page has no sign-in form")
            answer = browser.post(html.unescape(form.group(1)), timeout=30, data={
                "csrfmiddlewaretoken": token.group(1), "sso_id": WARM_UP_PERSON[0], "password": WARM_UP_PERSON[1]})
            answer.raise_for_status()
            if WARM_UP_PERSON[0] not in answer.text:
                raise CommandError(f"warming up: {WARM_UP_PERSON[0]} was not signed in ({answer.url})")
        except requests.RequestException as e:
            raise CommandError(f"the portal did not answer while warming up: {e}") from None


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
