"""What citizens see and get (issue 11 req. 8, 10): the status check by number and mobile, the
certificate's QR check (rate-limited like the receipt check), and SMS/e-mail in their language."""
from emitra.applications.printing import CERTIFICATES
from emitra.applications.tests.conftest import decide, file_and_pay, person
from emitra.notifications.models import Message


def test_anyone_checks_a_status_with_the_number_and_the_mobile(apps_demo, client_as, client):
    application = file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk)
    r = client.post("/status/", {"number": application.number, "mobile": "9414000007"})
    assert r.status_code == 200 and "Submitted" in r.content.decode()
    wrong = client.post("/status/", {"number": application.number, "mobile": "9414000008"})
    assert wrong.status_code == 404 and 'id="status-not-found"' in wrong.content.decode()
    assert "Kamla" not in wrong.content.decode()
    assert client.post("/status/", {"number": "'; drop", "mobile": "x"}).status_code == 404


def test_the_status_check_is_rate_limited_with_the_receipt_check(apps_demo, client, settings):
    settings.VERIFY_PER_MINUTE = 3
    for _ in range(2):
        assert client.post("/status/", {"number": "AP-2601-0000001", "mobile": "9414000007"}).status_code == 404
    assert client.get("/v/K1-2601-000001.AAAAAAAAAAAA/").status_code == 404  # the same budget
    r = client.post("/status/", {"number": "AP-2601-0000001", "mobile": "9414000007"})
    assert r.status_code == 429 and r["Retry-After"] == "60"


def test_a_certificate_qr_verifies_and_a_forged_one_does_not(apps_demo, client_as, client):
    application = file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk)
    decide(client_as(person("COLLECTOR.JAIPUR")), application.number, "approve", "Income verified")
    token = CERTIFICATES.token(application.number)
    page = client.get(f"/c/{token}/").content.decode()
    assert 'id="verdict">Valid' in page and "Kamla Devi" in page and "******0007" in page
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/c/{forged}/").status_code == 404
    from emitra.payments.verification import token as receipt_token

    assert client.get(f"/c/{receipt_token(application.number)}/").status_code == 404  # another kind's signature


def test_the_citizen_gets_an_sms_and_email_at_submission_and_each_change_in_their_language(apps_demo, client_as):
    application = file_and_pay(client_as(apps_demo.operator), apps_demo.kiosk)
    decide(client_as(person("COLLECTOR.JAIPUR")), application.number, "send_back", "Attach the Patwari report")
    sms = list(Message.objects.filter(ref=f"application:{application.pk}", channel="sms").order_by("pk"))
    assert [m.template for m in sms] == ["application_submitted", "application_status"]
    assert all(m.language == "hi" and m.to == "9414000007" for m in sms)
    assert "आय प्रमाण पत्र" in sms[0].body and application.number in sms[0].body
    assert "सुधार के लिए लौटाया गया" in sms[1].body
    assert Message.objects.filter(ref=f"application:{application.pk}", channel="email").count() == 2
