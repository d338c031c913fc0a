"""Uploads (F30): one stored copy of any bytes; the content decides the type; size-limited;
a refused file stores nothing."""
import pytest
from pypdf.actions import JavaScript

from emitra.documents import services
from emitra.documents.models import Blob, Document
from emitra.documents.tests.conftest import make_image, make_pdf, stored_files, upload

pytestmark = pytest.mark.django_db


def test_the_same_file_uploaded_twice_to_one_locker_is_stored_once_and_returns_the_first_document(
        kinds, storage_dir):
    locker = services.locker_for_person(kinds.citizen)
    data = make_pdf("income certificate")
    first = services.store_upload(locker, upload("income.pdf", data), kind="income_proof", title="2026",
                                  by=kinds.citizen)
    again = services.store_upload(locker, upload("scan-again.pdf", data), kind="caste_proof", by=kinds.citizen)
    assert first.is_new and not again.is_new
    assert again.pk == first.pk and again.kind.code == "income_proof" and again.title == "2026"
    assert Document.objects.count() == 1
    assert Blob.objects.count() == 1
    assert len(stored_files(storage_dir)) == 1


def test_two_lockers_uploading_the_same_bytes_share_one_blob_and_one_file(kinds, storage_dir):
    data = make_image("JPEG", seed=7)
    mine = services.store_upload(services.locker_for_person(kinds.citizen), upload("a.jpg", data, "image/jpeg"),
                                 kind="photo", by=kinds.citizen)
    theirs = services.store_upload(services.locker_for_person(kinds.holder), upload("b.jpg", data, "image/jpeg"),
                                   kind="photo", by=kinds.holder)
    assert mine.pk != theirs.pk and mine.blob_id == theirs.blob_id
    assert Blob.objects.count() == 1 and len(stored_files(storage_dir)) == 1
    other = services.store_upload(services.locker_for_person(kinds.holder),
                                  upload("c.jpg", make_image("JPEG", seed=8), "image/jpeg"), kind="photo",
                                  by=kinds.holder)
    assert other.blob_id != mine.blob_id and Blob.objects.count() == 2 and len(stored_files(storage_dir)) == 2


def test_the_stored_file_is_the_uploaded_bytes_and_opens_with_its_type(kinds, storage_dir):
    data = make_image("PNG", seed=3)
    document = services.store_upload(services.locker_for_person(kinds.citizen), upload("photo.png", data, "image/png"),
                                     kind="photo", by=kinds.citizen)
    f, content_type, filename = services.open_document(document)
    with f:
        assert f.read() == data
    assert content_type == "image/png" and filename == f"photo-{document.pk}.png"


def test_a_file_left_in_storage_by_a_rolled_back_upload_is_used_again(kinds, storage_dir):
    from django.db import transaction

    data = make_pdf("left behind")
    locker = services.locker_for_person(kinds.citizen)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.store_upload(locker, upload("x.pdf", data), kind="affidavit", by=kinds.citizen)
        raise RuntimeError("the caller's transaction fails after the upload")
    assert not Blob.objects.exists() and len(stored_files(storage_dir)) == 1
    document = services.store_upload(locker, upload("x.pdf", data), kind="affidavit", by=kinds.citizen)
    assert document.is_new and len(stored_files(storage_dir)) == 1
    with services.open_document(document)[0] as f:
        assert f.read() == data


def test_a_half_written_leftover_is_replaced_by_the_whole_file(kinds, storage_dir):
    import hashlib

    data = make_pdf("half written")
    sha = hashlib.sha256(data).hexdigest()
    leftover = storage_dir / "documents" / sha[:2] / f"{sha}.pdf"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(data[:100])  # a crash in the middle of writing
    document = services.store_upload(services.locker_for_person(kinds.citizen), upload("x.pdf", data),
                                     kind="affidavit", by=kinds.citizen)
    with services.open_document(document)[0] as f:
        assert f.read() == data


def test_a_png_named_pdf_is_taken_as_the_png_it_is(kinds, storage_dir):
    document = services.store_upload(services.locker_for_person(kinds.citizen),
                                     upload("certificate.pdf", make_image("PNG"), "application/pdf"),
                                     kind="income_proof", by=kinds.citizen)
    assert document.blob.content_type == "image/png"
    assert document.download_name.endswith(".png")
    assert stored_files(storage_dir)[0].suffix == ".png"


IMPOSTORS = {
    "a program named .pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 8,
    "a web page named .pdf": b"<!doctype html><html><script>alert(document.cookie)</script></html>",
    "a web page behind a PDF header": b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF",
    "a zip named .pdf": b"PK\x03\x04" + b"\x00" * 200,
    "a cut-off JPEG": make_image("JPEG", seed=5, size=(400, 300))[:300],
    "a PNG with a broken body": make_image("PNG", seed=6)[:40] + b"\x00" * 60,
    "a GIF named .png": b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,"
                        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
}


@pytest.mark.parametrize("what", sorted(IMPOSTORS))
def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused_and_nothing_is_stored(kinds, storage_dir, what):
    locker = services.locker_for_person(kinds.citizen)
    with pytest.raises(services.DocumentRejected) as refused:
        services.store_upload(locker, upload("document.pdf", IMPOSTORS[what]), kind="aadhaar", by=kinds.citizen)
    assert refused.value.field == "file" and str(refused.value)
    assert not Document.objects.exists() and not Blob.objects.exists()
    assert stored_files(storage_dir) == []


def _pdf_with(change):
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDFS_REFUSED = {
    "locked with a password": (lambda w: w.encrypt("secret"), "password"),
    "carrying an attached program": (lambda w: w.add_attachment("setup.exe", b"MZ\x90\x00"), "program"),
    "running a script when opened": (lambda w: w.add_open_action(JavaScript("app.alert('hello');")), "script"),
}


@pytest.mark.parametrize("what", sorted(PDFS_REFUSED))
def test_a_real_pdf_that_is_no_plain_document_is_refused(kinds, storage_dir, what):
    change, word = PDFS_REFUSED[what]
    with pytest.raises(services.DocumentRejected) as refused:
        services.store_upload(services.locker_for_person(kinds.citizen), upload("d.pdf", _pdf_with(change)),
                              kind="aadhaar", by=kinds.citizen)
    assert word in str(refused.value)
    assert not Blob.objects.exists() and stored_files(storage_dir) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(kinds, storage_dir, settings):
    data = make_pdf("big", pages=40)
    settings.DOCUMENT_MAX_BYTES = len(data) - 1
    locker = services.locker_for_person(kinds.citizen)
    with pytest.raises(services.DocumentRejected) as refused:
        services.store_upload(locker, upload("big.pdf", data), kind="income_proof", by=kinds.citizen)
    assert "largest allowed" in str(refused.value)
    assert not Blob.objects.exists() and stored_files(storage_dir) == []
    settings.DOCUMENT_MAX_BYTES = len(data)
    assert services.store_upload(locker, upload("big.pdf", data), kind="income_proof", by=kinds.citizen).is_new


def test_the_default_size_limit_is_5_mb(settings):
    del settings.DOCUMENT_MAX_BYTES
    assert services.max_bytes() == 5 * 1024 * 1024


def test_an_inactive_kind_is_refused(kinds, storage_dir):
    from emitra.documents.models import DocumentKind

    DocumentKind.objects.filter(code="affidavit").update(active=False)
    with pytest.raises(services.DocumentError) as refused:
        services.store_upload(services.locker_for_person(kinds.citizen), upload("a.pdf", make_pdf()),
                              kind="affidavit", by=kinds.citizen)
    assert refused.value.field == "kind" and not Blob.objects.exists()


def test_an_upload_is_in_the_audit_log(kinds, storage_dir):
    from emitra.core.models import AuditEvent

    document = services.store_upload(services.locker_for_person(kinds.citizen), upload("a.pdf", make_pdf()),
                                     kind="aadhaar", by=kinds.citizen)
    event = AuditEvent.objects.get(action="documents.uploaded")
    assert event.actor_sso_id == kinds.citizen.sso_id and event.target_id == str(document.pk)
    assert event.detail["sha256"] == document.blob.sha256
