"""What the department API takes and gives (F29, issue 11 req. 9): pydantic models that
django-ninja turns into the OpenAPI 3 document, so the document is the code.

Every constraint a valid request must meet is in the document (patterns, lengths,
ranges, enumerations), so that what the document calls valid the API accepts; the
exceptions are what no schema can say (a file that is not a PDF, a move the
workflow refuses now), answered with an Error and its code.
"""
import datetime
import re
from typing import Annotated, Any, Literal, Optional

from ninja import Path, Schema
from pydantic import BeforeValidator, Field

from emitra.applications.workflow import OFFICER_ACTIONS, State

# One line of text without control characters, and no space at either end, 5 to 500
# characters: what applications.services.move takes as a remark.
REMARK = r"^[^\x00-\x1f\x7f\s][^\x00-\x1f\x7f]{3,498}[^\x00-\x1f\x7f\s]$"
NUMBER = r"^AP-[0-9]{4}-[0-9]{7}$"
CODE = r"^[A-Za-z0-9-]{1,40}$"
SLOT = r"^[a-z][a-z0-9_]{0,29}$"



def _date_as_written(value):
    """A date only as YYYY-MM-DD (pydantic would also take a number of seconds: "0" is 1970)."""
    if isinstance(value, datetime.date) or (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
                                                                                   value)):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


IsoDate = Annotated[datetime.date, BeforeValidator(_date_as_written)]


def path(pattern):
    """A path parameter that must match `pattern` (else 422, before any look-up)."""
    return Path(..., pattern=pattern)


Action = Literal[tuple(OFFICER_ACTIONS)]
StateName = Literal[tuple(s for s in State.values if s != State.DRAFT)]
ListState = Literal[("open", *[s for s in State.values if s != State.DRAFT])]


class Error(Schema):
    """Every refusal: a stable code for programs, a sentence for people."""

    code: str = Field(description="invalid_token, token_expired, token_missing, insufficient_scope, not_found, "
                                  "invalid_request, move_not_allowed, invalid_remark, document_refused ...")
    message: str
    state: Optional[str] = Field(None, description="move_not_allowed: the application's state now")
    errors: Optional[list[dict[str, Any]]] = Field(None, description="invalid_request: what was wrong, where")


class Named(Schema):
    code: str
    name_en: str
    name_hi: str


class OfficeOut(Named):
    level: str
    district_code: str
    tehsil_code: str


class ApplicationSummary(Schema):
    number: str
    service: str = Field(description="the service's code")
    office: str = Field(description="the destination office's code")
    state: StateName
    applicant_name: str
    submitted_at: Optional[datetime.datetime]
    due_date: Optional[datetime.date]
    overdue: bool


class ApplicationPage(Schema):
    count: int
    page: int
    per_page: int
    items: list[ApplicationSummary]


class Applicant(Schema):
    name: str
    mobile: str
    email: str
    language: str
    sso_id: str


class DocumentOut(Schema):
    slot: str
    label: str
    kind: str
    title: str
    content_type: str
    size: int
    sha256: str
    issuer_verified: bool
    url: str = Field(description="GET it with the same token")


class OutputOut(Schema):
    content_type: str
    size: int
    sha256: str
    url: str


class EventOut(Schema):
    at: datetime.datetime
    action: str
    from_state: str
    to_state: str
    office: Optional[str]
    remark: str
    by: str = Field(description="the SSO ID of the person, or api:<client id> for a department's system")


class ApplicationDetail(ApplicationSummary):
    service_name_en: str
    service_name_hi: str
    office_detail: OfficeOut
    kiosk: str
    district_code: str
    tehsil_code: str
    form_version: int
    fee_total_paise: int
    applicant: Applicant
    answers: dict[str, Any]
    documents: list[DocumentOut]
    output_document: Optional[OutputOut]
    history: list[EventOut]
    allowed_moves: list[Action]


class OutputDocumentIn(Schema):
    content_base64: str = Field(json_schema_extra={"format": "byte"}, min_length=1, max_length=8_000_000,
                                description="the file in base64: a PDF, JPEG or PNG, taken by its content "
                                            "as the locker takes files")


class MoveIn(Schema):
    action: Action
    remark: str = Field(min_length=5, max_length=500, pattern=REMARK)
    output_document: Optional[OutputDocumentIn] = Field(
        None, description="with approve only: the certificate the department's system issued")


class CollectionLine(Schema):
    receipt: str
    line: int
    paid_at: datetime.datetime
    kiosk: str
    district: str
    service: str
    consumer_no: str
    bill_number: str
    government_amount_paise: int
    service_charge_paise: int
    total_paise: int
    line_state: str
    posting_state: str
    department_reference: str
    collected_paise: int = Field(description="what the line adds to the amount: 0 when undone")


class CollectionTotals(Schema):
    """As the department's collections page counts (emitra.payments.collections): paid + undone = the
    lines listed; only paid lines add to the amount."""

    paid: int
    undone: int = Field(description="lines undone in any way: cancelled, refused, not paid on a hold, "
                                    "cheque dishonoured")
    amount_paise: int = Field(description="government amount of the paid lines")


class CollectionPage(Schema):
    date_from: datetime.date
    date_to: datetime.date
    totals: CollectionTotals
    count: int
    page: int
    per_page: int
    items: list[CollectionLine]
