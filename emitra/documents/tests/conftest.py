"""The locker's fixtures: the demo kinds, a storage folder of each test's own (so files can be
counted), files made here (real PDFs, JPEGs and PNGs, and impostors), the code a citizen would
read out of their SMS (from the outbox), and the portal on the live server with the local
DigiLocker beside it."""
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def kinds(cast):
    from emitra.documents.demo import load_document_kinds

    load_document_kinds()
    return cast


@pytest.fixture
def storage_dir(settings, tmp_path):
    """Django's default storage in a folder of this test's own."""
    location = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": location}}}
    return location


def stored_files(location):
    """Every file under the storage folder."""
    return sorted(p for p in Path(location).rglob("*") if p.is_file())


def make_pdf(text="a document", pages=1):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_image(fmt="PNG", seed=1, size=(64, 48)):
    from PIL import Image

    image = Image.new("RGB", size, ((seed * 53) % 256, (seed * 97) % 256, (seed * 31) % 256))
    image.putpixel((seed % size[0], 0), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type)


def code_sent_to(mobile):
    """The code in the latest locker SMS to `mobile`, as the citizen reads it out."""
    from emitra.notifications.models import Message

    message = Message.objects.filter(to=mobile, template__startswith="locker_code").latest("created", "pk")
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def wrong(code):
    """A code that is surely not `code`."""
    return f"{(int(code) + 1) % 10 ** 6:06d}"


CLIENT_ID = "emitra-test-partner"
SECRET = "a-test-client-secret-of-the-portal"


@pytest.fixture
def portal(settings, live_server, kinds, storage_dir):
    """The portal on the live server, signing in (and out) through its bundled SSO provider."""
    from emitra.sso.services import ensure_portal_client, portal_uris_for

    settings.OIDC_ISSUER = ""
    settings.OIDC_CLIENT_ID = "emitra-portal"
    settings.OIDC_CLIENT_SECRET = ""
    ensure_portal_client(*portal_uris_for(live_server.url))
    return live_server.url


@pytest.fixture
def digilocker(settings, portal):
    """The local DigiLocker (emitra.documents.digilocker_server) on its own port, with the portal
    registered as its client, and the portal configured to use it."""
    from emitra.documents.digilocker_server import Client, DemoDigiLocker, demo_accounts

    server = DemoDigiLocker(accounts=demo_accounts(make_pdf=make_pdf),
                            clients=[Client(CLIENT_ID, SECRET, {portal + "/digilocker/callback/"})]).start()
    settings.DIGILOCKER_URL = server.url
    settings.DIGILOCKER_CLIENT_ID = CLIENT_ID
    settings.DIGILOCKER_CLIENT_SECRET = SECRET
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _english():
    """Services speak the active language; a Hindi page fetched by an earlier test leaves Hindi active."""
    from django.utils import translation

    with translation.override("en"):
        yield
