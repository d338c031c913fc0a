"""The department API (F29, issue 11 req. 9): a department's system reads its applications with
their documents and its collections, and decides applications through the workflow; another
department's client sees nothing of them; every call is in the audit log as API."""
import base64

from emitra.applications.models import Application, ApplicationEvent
from emitra.core.models import AuditEvent
from emitra.deptapi.tests.conftest import Api, token_for
from emitra.documents.tests.conftest import make_pdf


def test_a_department_lists_and_fetches_its_offices_applications_with_their_documents(filed, revenue):
    listed = revenue.get("/applications")
    assert listed.status_code == 200
    assert [a["number"] for a in listed.json()["items"]] == [filed.number]
    assert listed.json()["items"][0]["office"] == "REVENUE-JPR-CHAKSU"
    # one office's only: another office of the department has none of it
    assert revenue.get("/applications", office="REVENUE-JPR-CHAKSU").json()["count"] == 1
    assert revenue.get("/applications", office="REVENUE-JPR-SANGANER").json()["count"] == 0

    detail = revenue.get(f"/applications/{filed.number}").json()
    assert detail["state"] == "submitted" and detail["applicant"]["mobile"] == filed.mobile
    assert detail["answers"]["annual_income"] == filed.answers["annual_income"]
    assert set(detail["allowed_moves"]) == {"take_up", "approve", "reject", "send_back", "wrong_office"}
    attached = {a.slot: a.document.blob for a in filed.attachments.select_related("document__blob")}
    assert attached and {d["slot"] for d in detail["documents"]} == set(attached)
    first = detail["documents"][0]
    assert first["sha256"] == attached[first["slot"]].sha256
    file = revenue.http.get(first["url"], **revenue.headers)
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    assert b"".join(file.streaming_content).startswith(b"%PDF")


def test_a_client_of_another_department_sees_nothing_of_this_one(filed, revenue):
    other = Api(token_for("PHED"))
    assert other.get("/applications").json()["count"] == 0
    for path in (f"/applications/{filed.number}", f"/applications/{filed.number}/documents/proof_of_income",
                 f"/applications/{filed.number}/output-document"):
        response = other.get(path)
        assert response.status_code == 404 and response.json()["code"] == "not_found", path
    # another department's office, or its service, is 404 too, as if it did not exist
    assert other.get("/applications", office="REVENUE-JPR-CHAKSU").json()["code"] == "not_found"
    assert other.get("/collections", date_from=str(filed.submitted_at.date()), service="REV-INCOME").status_code == 404
    moved = other.post(f"/applications/{filed.number}/moves", {"action": "approve", "remark": "Approved by PHED"})
    assert moved.status_code == 404 and moved.json()["code"] == "not_found"
    filed.refresh_from_db()
    assert filed.state == "submitted" and not filed.office_acted


def test_a_move_goes_through_the_workflow_and_a_retry_changes_nothing(filed, revenue):
    body = {"action": "take_up", "remark": "Taken up by the tehsil's system"}
    first = revenue.post(f"/applications/{filed.number}/moves", body)
    assert first.status_code == 200, first.content
    assert first.json()["state"] == "in_process"
    events = ApplicationEvent.objects.filter(application=filed, action="take_up")
    assert events.count() == 1 and events.get().via.startswith("dept-revenue-") and events.get().actor is None
    assert first.json()["history"][-1]["by"] == "api:" + events.get().via

    again = revenue.post(f"/applications/{filed.number}/moves", body)
    assert again.status_code == 200 and again.json() == first.json()
    assert events.count() == 1

    # a different move the workflow allows from here is made; then one it does not is refused
    rejected = revenue.post(f"/applications/{filed.number}/moves", {"action": "reject", "remark": "Income not proved"})
    assert rejected.json()["state"] == "rejected"
    refused = revenue.post(f"/applications/{filed.number}/moves", {"action": "take_up", "remark": "Once more please"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "move_not_allowed" and refused.json()["state"] == "rejected"
    filed.refresh_from_db()
    assert filed.state == "rejected"


def test_an_approval_carries_the_departments_output_document_which_the_kiosk_then_prints(filed, revenue, apps_demo,
                                                                                          client_as):
    certificate = make_pdf("Income certificate issued by the Revenue Department's system")
    response = revenue.post(f"/applications/{filed.number}/moves", {
        "action": "approve", "remark": "Income verified by patwari",
        "output_document": {"content_base64": base64.b64encode(certificate).decode()}})
    assert response.status_code == 200, response.content
    output = response.json()["output_document"]
    assert output["content_type"] == "application/pdf" and output["size"] == len(certificate)
    fetched = revenue.http.get(output["url"], **revenue.headers)
    assert b"".join(fetched.streaming_content) == certificate
    # the kiosk's certificate download is the department's document
    kiosk_copy = client_as(apps_demo.operator).get(
        f"/k/{apps_demo.kiosk.code}/applications/{filed.number}/certificate.pdf")
    assert b"".join(kiosk_copy.streaming_content) == certificate


def test_bad_moves_get_a_json_error_with_a_code_and_change_nothing(filed, revenue):
    url = f"/applications/{filed.number}/moves"
    cases = [
        ({"action": "take_up", "remark": "ok"}, 422, "invalid_request"),
        ({"action": "take_up", "remark": "   padded   "}, 422, "invalid_request"),
        ({"action": "submit", "remark": "Not an officer's move"}, 422, "invalid_request"),
        ({"action": "take_up"}, 422, "invalid_request"),
        ({"action": "take_up", "remark": "With a document", "output_document": {"content_base64": "JVBERi0x"}},
         422, "document_refused"),
        ({"action": "approve", "remark": "Not a PDF at all",
          "output_document": {"content_base64": base64.b64encode(b"MZ\x90\x00 a program").decode()}},
         422, "document_refused"),
        ({"action": "approve", "remark": "Not base64 at all", "output_document": {"content_base64": "%%%"}},
         422, "document_refused"),
    ]
    for body, status, code in cases:
        response = revenue.post(url, body)
        assert response.status_code == status and response.json()["code"] == code, (body, response.content)
        assert response.json()["message"]
    assert revenue.http.post("/api/dept/v1" + url, "not json", content_type="application/json",
                             **revenue.headers).json()["code"] == "invalid_request"
    assert revenue.get("/applications/AP-26-1").json()["code"] == "invalid_request"
    assert revenue.get("/applications", per_page="1000").json()["code"] == "invalid_request"
    filed.refresh_from_db()
    assert filed.state == "submitted" and not filed.office_acted and filed.output_blob_id is None
    assert not ApplicationEvent.objects.filter(application=filed).exclude(
        action__in=["create", "office", "attach", "submit"]).exists()


def test_every_call_is_an_audit_row_marked_as_api_with_the_client(filed, revenue):
    revenue.get("/applications")
    revenue.post(f"/applications/{filed.number}/moves", {"action": "take_up", "remark": "Taken up by the system"})
    Api("not-a-token").get("/applications")
    calls = AuditEvent.objects.filter(action="api.call").order_by("id")
    assert [(c.detail["method"], c.detail["status"]) for c in calls] == [("GET", 200), ("POST", 200), ("GET", 401)]
    client_id = ApplicationEvent.objects.get(application=filed, action="take_up").via
    assert all(c.channel == "api" for c in calls)
    assert [c.api_client for c in calls] == [client_id, client_id, ""]
    assert calls.last().detail["code"] == "invalid_token"
    # the workflow's own row of the move is marked too, and names no person
    move = AuditEvent.objects.get(action="applications.take_up")
    assert (move.channel, move.api_client, move.actor_sso_id) == ("api", client_id, "")
    # rows written by people on the portal are not
    assert AuditEvent.objects.get(action="applications.created").channel == ""


def test_collections_list_the_departments_receipt_lines(filed, revenue):
    line = filed.fee_line
    day = line.paid_at.astimezone().date().isoformat()
    page = revenue.get("/collections", date_from=day).json()
    assert page["count"] == 1 and page["items"][0]["receipt"] == line.receipt.number
    assert page["totals"] == {"paid": 1, "undone": 0, "amount_paise": line.government_amount}
    assert page["items"][0]["collected_paise"] == line.government_amount
    assert page["items"][0]["total_paise"] == line.total
    assert revenue.get("/collections", date_from=day, service="REV-INCOME").json()["count"] == 1
    assert revenue.get("/collections", date_from="1999-01-01", days=31).json()["count"] == 0
    assert Api(token_for("PHED")).get("/collections", date_from=day).json()["count"] == 0
    for bad in ({"date_from": day, "days": 32}, {"date_from": "0"}, {"date_from": "2026-02-30"}, {}):
        assert revenue.get("/collections", **bad).json()["code"] == "invalid_request", bad
    assert Application.objects.get(pk=filed.pk).fee_line_id == line.pk
