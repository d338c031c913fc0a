"""Documents in S3-compatible storage (F30; DESIGN: several servers share one bucket): the same
services through django-storages, against a local S3 server over real HTTP (moto's server)."""

import pytest

from emitra import conf
from emitra.documents import services
from emitra.documents.models import Blob, Document
from emitra.documents.tests.conftest import make_pdf, upload
from emitra.core.loopback import free_port

pytestmark = pytest.mark.django_db

BUCKET = "emitra-documents"


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer  # the test extra installs it: no skip

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    """The settings that EMITRA_S3_* make (conf.s3_storage), pointed at the local server, with a new bucket."""
    import boto3

    monkeypatch.setenv("EMITRA_S3_BUCKET", BUCKET)
    monkeypatch.setenv("EMITRA_S3_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("EMITRA_S3_REGION", "ap-south-1")
    monkeypatch.setenv("EMITRA_S3_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("EMITRA_S3_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("EMITRA_S3_ADDRESSING_STYLE", "path")
    monkeypatch.setenv("EMITRA_S3_PREFIX", "lockers/")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="ap-south-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
    settings.STORAGES = {**settings.STORAGES, "default": conf.s3_storage()}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def objects(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_the_environment_names_an_s3_bucket_for_django_storages(monkeypatch):
    monkeypatch.delenv("EMITRA_S3_BUCKET", raising=False)
    assert conf.s3_storage() is None
    monkeypatch.setenv("EMITRA_S3_BUCKET", "b")
    monkeypatch.setenv("EMITRA_S3_ENDPOINT_URL", "https://s3.example.test")
    storage = conf.s3_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "b" and storage["OPTIONS"]["endpoint_url"] == "https://s3.example.test"
    monkeypatch.setenv("EMITRA_S3_ADDRESSING_STYLE", "sideways")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        conf.s3_storage()


def test_uploads_to_s3_are_stored_once_and_read_back(kinds, s3_storage):
    data = make_pdf("in the bucket")
    mine = services.store_upload(services.locker_for_person(kinds.citizen), upload("a.pdf", data),
                                 kind="income_proof", by=kinds.citizen)
    again = services.store_upload(services.locker_for_person(kinds.citizen), upload("b.pdf", data),
                                  kind="income_proof", by=kinds.citizen)
    theirs = services.store_upload(services.locker_for_person(kinds.holder), upload("c.pdf", data),
                                   kind="income_proof", by=kinds.holder)
    assert again.pk == mine.pk and theirs.blob_id == mine.blob_id
    assert Blob.objects.count() == 1 and Document.objects.count() == 2
    assert objects(s3_storage) == [f"lockers/{mine.blob.storage_name}"]
    f, content_type, _name = services.open_document(theirs)
    with f:
        assert f.read() == data
    assert content_type == "application/pdf"


def test_a_refused_file_puts_nothing_in_the_bucket(kinds, s3_storage):
    with pytest.raises(services.DocumentRejected):
        services.store_upload(services.locker_for_person(kinds.citizen), upload("a.pdf", b"MZ\x90\x00" * 100),
                              kind="income_proof", by=kinds.citizen)
    assert objects(s3_storage) == []
