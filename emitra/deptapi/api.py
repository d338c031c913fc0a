"""The department API (F29, issue 11 req. 9): a department's system pulls its offices'
applications with their documents and its collections, and pushes decisions.

Built with django-ninja: the OpenAPI 3 document (/api/dept/v1/openapi.json) is
generated from these functions and the pydantic models of emitra.deptapi.schemas.

Rules:
- A call carries `Authorization: Bearer <token>`, a token of the department's
  client from the bundled provider's token endpoint (/sso/token/, OAuth 2.0
  client credentials). No token, an unknown or expired one, or one of a client
  that is no department's (or revoked) is 401 with a JSON code; a token without
  the operation's scope is 403 insufficient_scope.
- The client sees its own department's applications and collections only, the
  whole state (DeptScope with no office). Anything else, another department's
  application, office or service included, is 404 not_found: the client learns
  nothing of what exists elsewhere.
- Decisions go through applications.services.move, the same workflow as an
  officer's page: a move the workflow refuses now is 409 move_not_allowed with the
  state; the same move sent again is answered as it was and changes nothing.
- Every call (refused ones too) is an audit row "api.call" marked as API with the
  client id, and every row the services write while serving it is marked so too
  (core.audit.as_api_client).
"""
import base64
import binascii
import datetime
import hashlib
import logging
from functools import wraps
from typing import Optional

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.urls import URLPattern
from django.utils import timezone, translation
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security.base import AuthBase
from oauth2_provider.models import get_access_token_model

from emitra.accounts.access import DeptScope
from emitra.applications import formdefs
from emitra.applications import services as applications
from emitra.applications.models import Application
from emitra.applications.workflow import MoveNotAllowed, State, officer_moves
from emitra.core import audit
from emitra.core.verification import client_ip
from emitra.deptapi import schemas
from emitra.deptapi.models import SCOPES, DepartmentClient

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A refusal answered as JSON {"code", "message"} with an HTTP status."""

    def __init__(self, status, code, message, **extra):
        self.status, self.code, self.message, self.extra = status, code, str(message), extra
        super().__init__(self.message)


def authenticate(request):
    """The live DepartmentClient the request's bearer token belongs to, with the token's scopes
    in client.token_scopes; else ApiError 401 naming why."""
    header = request.headers.get("Authorization", "")
    if not header.strip():
        raise ApiError(401, "token_missing", "Send Authorization: Bearer <access token>.")
    scheme, _sep, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "invalid_token", "Send Authorization: Bearer <access token>.")
    checksum = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
    access = (get_access_token_model().objects.select_related("application")
              .filter(token_checksum=checksum).first())
    if access is None:
        raise ApiError(401, "invalid_token", "This access token is not known.")
    if access.is_expired():
        raise ApiError(401, "token_expired", "This access token has expired: get a new one.")
    client = (DepartmentClient.objects.select_related("department")
              .filter(application_id=access.application_id, revoked_at__isnull=True).first()
              if access.application_id else None)
    if client is None or access.user_id is not None:
        raise ApiError(401, "invalid_token", "This access token is not a department client's.")
    client.token_scopes = set(access.scope.split())
    return client


def need(request, scope):
    """The request's client if its token has `scope`, else 403 insufficient_scope."""
    client = request.auth
    if scope not in client.token_scopes:
        raise ApiError(403, "insufficient_scope", f"This token lacks the scope {scope}.")
    return client


class ClientCredentials(AuthBase):
    """The OpenAPI security scheme (OAuth 2.0 client credentials at the bundled provider) and
    the check ninja runs: the outcome of `authenticate`, made once per call by `audited`."""

    openapi_type = "oauth2"
    with translation.override("en"):
        openapi_flows = {"clientCredentials": {"tokenUrl": "/sso/token/",
                                               "scopes": {k: str(v) for k, v in SCOPES.items()}}}

    def __call__(self, request):
        outcome = getattr(request, "dept_client", None)
        if isinstance(outcome, ApiError):
            raise outcome
        return outcome


ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error, 422: schemas.Error}

api = NinjaAPI(
    title="e-Mitra department API", version="1", urls_namespace="deptapi", docs_url=None,
    openapi_url="/openapi.json", auth=ClientCredentials(),
    description="For departments' systems (F29): applications sent to the department's offices, with their "
                "documents; decisions with a remark and an output document; collections. A token comes from "
                "/sso/token/ with grant_type=client_credentials and the client DoIT issued to the department.",
)


def _error_response(request, status, code, message, **extra):
    response = api.create_response(request, {"code": code, "message": message, **extra}, status=status)
    response.api_code = code
    if status == 401:
        response["WWW-Authenticate"] = f'Bearer error="{code if code != "token_missing" else "invalid_request"}"'
    return response


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return _error_response(request, exc.status, exc.code, exc.message, **exc.extra)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error_response(request, 401, "token_missing", "Send Authorization: Bearer <access token>.")


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return _error_response(request, 422, "invalid_request", "The request does not follow the API document.",
                           errors=errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):  # ninja's own refusals: a body that is not JSON ...
    return _error_response(request, exc.status_code, "invalid_request", str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error_response(request, 404, "not_found", "Nothing of your department has this name.")


@api.exception_handler(Exception)
def _failed(request, exc):
    log.exception("department API call failed")
    return _error_response(request, 500, "server_error", "The portal failed; the call changed nothing.")


# ------------------------------------------------------------------ applications

def _application(client, number):
    """The department's application `number` (sent to one of its offices), else 404."""
    application = (Application.objects.select_related("service", "form", "office", "kiosk", "output_blob")
                   .filter(office__department=client.department, number=number).exclude(state=State.DRAFT)
                   .first())
    if application is None:
        raise Http404
    return application


def _summary(application, today):
    return {"number": application.number, "service": application.service.code,
            "office": application.office.code, "state": application.state,
            "applicant_name": application.applicant_name, "submitted_at": application.submitted_at,
            "due_date": application.due_date, "overdue": applications.is_overdue(application, today)}


def _detail(request, application):
    base = request.path.split("/applications/")[0] + f"/applications/{application.number}"
    attached = applications.attachments(application)
    documents = []
    for slot in formdefs.document_slots(application.form.fields):
        a = attached.get(slot["key"])
        if a is not None:
            d, blob = a.document, a.document.blob
            documents.append({"slot": slot["key"], "label": formdefs.label(slot), "kind": d.kind.code,
                              "title": d.display_title, "content_type": blob.content_type, "size": blob.size,
                              "sha256": blob.sha256, "issuer_verified": d.issuer_verified,
                              "url": f"{base}/documents/{slot['key']}"})
    output = application.output_blob
    office = application.office
    return {
        **_summary(application, timezone.localdate()),
        "service_name_en": application.service.name_en, "service_name_hi": application.service.name_hi,
        "office_detail": {"code": office.code, "name_en": office.name_en, "name_hi": office.name_hi,
                          "level": office.level, "district_code": office.district_code or "",
                          "tehsil_code": office.tehsil_code or ""},
        "kiosk": application.kiosk.code, "district_code": application.district_code,
        "tehsil_code": application.tehsil_code, "form_version": application.form.version,
        "fee_total_paise": application.fee_total,
        "applicant": {"name": application.applicant_name, "mobile": application.mobile,
                      "email": application.email, "language": application.language,
                      "sso_id": application.applicant_sso_id},
        "answers": application.answers,
        "documents": documents,
        "output_document": {"content_type": output.content_type, "size": output.size, "sha256": output.sha256,
                            "url": f"{base}/output-document"} if output else None,
        "history": [{"at": e.at, "action": e.action, "from_state": e.from_state, "to_state": e.to_state,
                     "office": e.office.code if e.office_id else None, "remark": e.remark,
                     "by": f"api:{e.via}" if e.via else (e.actor.sso_id if e.actor_id else "")}
                    for e in applications.history(application)],
        "allowed_moves": [m.action for m in officer_moves(application.state)],
    }


@api.get("/applications", response={200: schemas.ApplicationPage, **ERRORS}, tags=["applications"],
         summary="The applications sent to the department's offices, oldest due date first")
def list_applications(request, office: Optional[str] = Query(None, pattern=schemas.CODE,
                                                    description="only this office's (its code)"),
                      state: schemas.ListState = "open", overdue: bool = False,
                      page: int = Query(1, ge=1, le=100_000), per_page: int = Query(50, ge=1, le=100)):
    client = need(request, "applications:read")
    today = timezone.localdate()
    qs = applications.inbox(DeptScope(client.department), state=state, overdue=overdue, today=today)
    if office is not None:
        found = client.department.offices.filter(code=office.upper()).first()
        if found is None:
            raise Http404
        qs = qs.filter(office=found)
    count = qs.count()
    rows = qs[(page - 1) * per_page: page * per_page]
    return {"count": count, "page": page, "per_page": per_page, "items": [_summary(a, today) for a in rows]}


@api.get("/applications/{number}", response={200: schemas.ApplicationDetail, **ERRORS}, tags=["applications"],
         summary="One application: the applicant, the answers, the documents, the history, the moves allowed")
def get_application(request, number: str = schemas.path(schemas.NUMBER)):
    client = need(request, "applications:read")
    return _detail(request, _application(client, number))


FILE_RESPONSE = {"200": {"description": "the file", "content": {
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
    "image/png": {"schema": {"type": "string", "format": "binary"}}}}}


def _file(blob, name):
    from emitra.documents.services import open_blob

    return FileResponse(open_blob(blob), content_type=blob.content_type, filename=f"{name}.{blob.extension}")


def _slot_names(application, slot):
    """A document slot's labels, for the audit row's words in the reader's language (issue 12 req. 6)."""
    try:
        found = applications.slot_of(application, slot)
    except applications.ApplicationError:
        return {}
    return {"slot_en": found.get("label_en", slot), "slot_hi": found.get("label_hi", "")}


@api.get("/applications/{number}/documents/{slot}", response=ERRORS, tags=["applications"],
         openapi_extra={"responses": FILE_RESPONSE}, summary="The document attached to one slot")
def get_document(request, number: str = schemas.path(schemas.NUMBER), slot: str = schemas.path(schemas.SLOT)):
    client = need(request, "applications:read")
    application = _application(client, number)
    attachment = applications.attachments(application).get(slot)
    if attachment is None:
        raise Http404
    audit.record("deptapi.document_read", target=attachment.document,
                 kiosk=application.kiosk, number=application.number,
                 slot=slot, **_slot_names(application, slot))
    return _file(attachment.document.blob, f"{application.number}-{slot}")


@api.get("/applications/{number}/output-document", response=ERRORS, tags=["applications"],
         openapi_extra={"responses": FILE_RESPONSE}, summary="The output document the department sent")
def get_output(request, number: str = schemas.path(schemas.NUMBER)):
    client = need(request, "applications:read")
    application = _application(client, number)
    if application.output_blob_id is None:
        raise Http404
    return _file(application.output_blob, f"{application.number}-output")


@api.post("/applications/{number}/moves", response={200: schemas.ApplicationDetail, 409: schemas.Error, **ERRORS},
          tags=["applications"],
          summary="Change the status (take_up, approve, reject, send_back, wrong_office) with a remark; "
                  "an approval may carry the output document")
def move(request, body: schemas.MoveIn, number: str = schemas.path(schemas.NUMBER)):
    client = need(request, "applications:write")
    application = _application(client, number)
    output = None
    if body.output_document is not None:
        try:
            data = base64.b64decode(body.output_document.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(422, "document_refused", "output_document.content_base64 is not base64.") from None
        output = ContentFile(data, name="output")
    try:
        application = applications.move(application, body.action, by=None, remark=body.remark,
                                         via=client.client_id, output=output)
    except MoveNotAllowed as e:
        raise ApiError(409, "move_not_allowed", e.text, state=e.state) from None
    except applications.ApplicationError as e:
        code = {"remark": "invalid_remark", "output_document": "document_refused"}.get(e.field, "refused")
        raise ApiError(422, code, e.text) from None
    return _detail(request, _application(client, number))


# ------------------------------------------------------------------ collections

@api.get("/collections", response={200: schemas.CollectionPage, **ERRORS}, tags=["collections"],
         summary="The department's receipt lines (its counter stubs) paid in `days` days from date_from")
def list_collections(request, date_from: schemas.IsoDate = Query(..., description="the first day, YYYY-MM-DD"),
                     days: int = Query(1, ge=1, le=31),
                     service: Optional[str] = Query(None, pattern=schemas.CODE, description="only this service's (code)"),
                     page: int = Query(1, ge=1, le=100_000), per_page: int = Query(100, ge=1, le=500)):
    from emitra.catalogue.models import Service
    from emitra.payments import collections

    client = need(request, "collections:read")
    found = None
    if service is not None:
        found = Service.objects.filter(department=client.department, code=service.upper()).first()
        if found is None:
            raise Http404
    # a day outside the years anything was sold in holds nothing (and stays clear of datetime's ends)
    first, last = datetime.date(2000, 1, 1), datetime.date(9000, 12, 31)
    if first <= date_from <= last:
        date_to = date_from + datetime.timedelta(days=days - 1)
        qs = collections.lines(DeptScope(client.department), collections.Filters(date_from, date_to, found))
    else:
        date_to = date_from
        qs = collections.lines(DeptScope(client.department), collections.Filters(first, first, found)).none()
    totals = collections.totals(qs)
    rows = qs.select_related("receipt", "kiosk__district", "service")[(page - 1) * per_page: page * per_page]
    return {
        "date_from": date_from, "date_to": date_to,
        "totals": {"paid": totals["paid"], "undone": totals["undone"], "amount_paise": totals["amount"]},
        "count": totals["paid"] + totals["undone"], "page": page, "per_page": per_page,
        "items": [{"receipt": line.receipt.number, "line": line.position, "paid_at": line.paid_at,
                   "kiosk": line.kiosk.code, "district": line.kiosk.district.code, "service": line.service.code,
                   "consumer_no": line.consumer_no, "bill_number": line.bill_number,
                   "government_amount_paise": line.government_amount, "service_charge_paise": line.service_charge,
                   "total_paise": line.total, "line_state": line.state, "posting_state": line.dept_state,
                   "department_reference": line.dept_reference,
                   "collected_paise": 0 if line.is_undone else line.government_amount} for line in rows],
    }


# ------------------------------------------------------------------ the audit of every call

def audited(view):
    """Authenticate once, serve the call with every audit row marked as API with the client, and
    write the call's own audit row whatever its outcome."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            client = authenticate(request)
        except ApiError as refusal:
            client, request.dept_client = None, refusal
        else:
            request.dept_client = client
        with audit.as_api_client(client.client_id if client else ""):
            response = view(request, *args, **kwargs)
            audit.record("api.call", ip=client_ip(request), method=request.method, path=request.path[:200],
                         status=response.status_code, code=getattr(response, "api_code", ""),
                         department=client.department.code if client else "")
        return response

    return wrapper


def urls():
    """The API's URL patterns, each call audited (the OpenAPI document itself is no call)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name != "openapi-json":
            pattern.callback = audited(pattern.callback)
    return patterns, app_name, namespace
