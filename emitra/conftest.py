"""Fixtures for the whole suite: a fixed cast of people (STYLE 10) and the
page check on every HTML page any test renders (emitra.pagecheck), with the
W3C Nu validator over all of them in one Java run at the session's end
(emitra.validator, issue 12 req 5)."""
import gzip
import os
import shutil
import tempfile
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from emitra import pagecheck, validator
from emitra.core.middleware import signed_in

PAGE_SIZES = {}
PAGES_DIR = "EMITRA_TEST_PAGES_DIR"  # shared by pytest-xdist's workers, made by the controller
INVALID_PAGES = []
VALIDATED = {}


def pytest_configure(config):
    if not hasattr(config, "workerinput") and PAGES_DIR not in os.environ:
        os.environ[PAGES_DIR] = tempfile.mkdtemp(prefix="emitra-pages-")
        config._emitra_pages_dir = os.environ[PAGES_DIR]


def keep_for_validator(path, body):
    folder = os.environ.get(PAGES_DIR)
    if folder:
        validator.PageStore(folder).keep(path, body, os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0])


def pytest_sessionfinish(session, exitstatus):
    """The controller (not an xdist worker) validates every kept page; an error fails the run."""
    folder = getattr(session.config, "_emitra_pages_dir", None)
    if not folder:
        return
    started = time.monotonic()
    try:
        store = validator.PageStore(folder)
        VALIDATED["pages"] = len(store.pages())
        INVALID_PAGES.extend(validator.report(store))
        VALIDATED["seconds"] = time.monotonic() - started
    except validator.ValidatorMissing as missing:
        INVALID_PAGES.append(str(missing))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(PAGES_DIR, None)
    if INVALID_PAGES and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _default_language():
    """Each test ends in the default language: a page asked for in Hindi leaves Hindi active in
    the thread, and a service's message read after it (outside any request) came out in Hindi."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _check_every_page(monkeypatch):
    """Every HTML response a test client receives passes the page check, and every
    response to someone signed in carries the security headers."""
    original = Client.request

    def request(self, **environ):
        response = original(self, **environ)
        path = environ.get("PATH_INFO", "?")
        if pagecheck.is_html(response):
            body = response.content
            if response.get("Content-Encoding") == "gzip":  # a test that sent Accept-Encoding
                body = gzip.decompress(body)
            elif response.get("Content-Encoding") == "br":
                import brotli

                body = brotli.decompress(body)
            html_gz, first = pagecheck.check_page(path, body)
            pagecheck.check_headers(path, response, page=True)
            keep_for_validator(path, body)
            if html_gz > PAGE_SIZES.get(path, (0, 0))[0]:
                PAGE_SIZES[path] = (html_gz, first)
        elif signed_in(response.wsgi_request) and not path.startswith(settings.STATIC_URL):
            pagecheck.check_headers(path, response, page=False)  # PDFs, prints, CSV of a signed-in person
        return response

    monkeypatch.setattr(Client, "request", request)


def pytest_terminal_summary(terminalreporter):
    if "seconds" in VALIDATED:
        terminalreporter.write_line(f"page check: the Nu validator read {VALIDATED['pages']} distinct pages "
                                    f"in one Java run ({VALIDATED['seconds']:.1f} s)")
    if INVALID_PAGES:
        terminalreporter.write_sep("=", "page check: the W3C Nu validator found errors (issue 12 req 5)", red=True)
        for line in INVALID_PAGES:
            terminalreporter.write_line(line)
    if PAGE_SIZES:
        largest = sorted(PAGE_SIZES.items(), key=lambda kv: -kv[1][0])[:5]
        terminalreporter.write_line(
            f"page check: {len(PAGE_SIZES)} pages; largest (HTML gz / first visit bytes): "
            + ", ".join(f"{p} {h}/{f}" for p, (h, f) in largest))


class Cast:
    """The demo network's people and kiosks, by name."""

    def __init__(self):
        from emitra.accounts.models import Person
        from emitra.network.models import Kiosk

        people = {p.sso_id: p for p in Person.objects.all()}
        self.doit = people["DOIT.ADMIN"]
        self.lsp_jaipur = people["LSP.JAIPUR"]
        self.lsp_jodhpur = people["LSP.JODHPUR"]
        self.holder = people["KIOSK.HOLDER"]
        self.operator = people["KIOSK.OPERATOR"]
        self.dept = people["DEPT.OFFICER"]  # PHED, the whole department
        self.dept_jodhpur = people["DEPT.JODHPUR"]  # PHED, Jodhpur district office
        self.citizen = people["CITIZEN.DEMO"]
        self.other_holder = people["HOLDER.SANGANER"]
        self.jodhpur_holder = people["HOLDER.MANDORE"]
        self.kiosk = Kiosk.objects.get(holder=self.holder)
        self.other_kiosk = Kiosk.objects.get(holder=self.other_holder)
        self.jodhpur_kiosk = Kiosk.objects.get(holder=self.jodhpur_holder)


@pytest.fixture
def cast(db):
    from emitra.demo.loaders import load_network

    load_network()
    return Cast()


def sign_in(client, person):
    """Open a portal session for person, as the OIDC callback would."""
    from emitra.accounts.session import MEMBERSHIPS_KEY, PERSON_KEY

    session = client.session
    session[PERSON_KEY] = person.pk
    session[MEMBERSHIPS_KEY] = sorted(person.memberships.live().values_list("pk", flat=True))
    session.save()
    return client


@pytest.fixture
def client_as(client):
    """client_as(person) -> a test client signed in as that person."""

    def make(person):
        c = Client()
        return sign_in(c, person)

    return make
