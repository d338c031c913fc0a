"""Operations on citizens' applications (issue 11 req. 1-5, 8, 10; F25, F29).

Every operation that changes state runs in one transaction, takes the acting
person, checks the move against emitra.applications.workflow, makes it with
one conditional UPDATE on the application's state (so two officers, or an
officer and a cancellation, never both win), writes an ApplicationEvent and an
audit row, and queues the citizen's SMS and e-mail in the same transaction.
Domain errors say which form field they belong beside.

These functions take and return model objects and know nothing of requests,
so the department API (req. 9) can call the same ones.
"""
import datetime
import re

from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.applications import formdefs, messages
from emitra.applications.models import Application, ApplicationCounter, ApplicationEvent, FormDefinition
from emitra.applications.workflow import KIOSK, OFFICER, OPEN_AT_OFFICE, MoveNotAllowed, State, next_state
from emitra.core import audit

LINK_KIND = "application"
MOBILE = re.compile(r"^[6-9][0-9]{9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REMARK_MIN = 5
NUMBER = re.compile(r"^AP-[0-9]{4}-[0-9]{7}$")


class ApplicationError(Exception):
    """A refused operation; `field` names the form field the message belongs beside (None: the form)."""

    def __init__(self, message, field=None):
        self.text, self.field = str(message), field
        super().__init__(self.text)


# --------------------------------------------------------------- forms as data (req. 1)

def current_form(service):
    """The newest version of the service's form, or None when the service takes no application form."""
    return FormDefinition.objects.filter(service=service).order_by("-version").first()


def known_document_kinds():
    """The document kind codes slots may name (emitra.documents)."""
    from emitra.documents.models import DocumentKind

    return set(DocumentKind.objects.values_list("code", flat=True))


def save_form(service, *, by, fields, sla_days, output_en, output_hi):
    """Make the next version of a service's form (req. 1); the versions before stay as they are.

    The definition is checked first (formdefs.clean_definition): a fault raises
    DefinitionError and nothing is saved. The same definition as the current
    version makes no new version and returns the current one.
    """
    fields = formdefs.clean_definition(fields, known_kinds=known_document_kinds())
    output_en, output_hi = (output_en or "").strip()[:150], (output_hi or "").strip()[:150]
    errors = []
    if not output_en or not output_hi:
        errors.append((None, "output", _("Name what is issued in English and in Hindi.")))
    if not isinstance(sla_days, int) or not 1 <= sla_days <= 365:
        errors.append((None, "sla_days", _("Delivery is within 1 to 365 days.")))
    if errors:
        raise formdefs.DefinitionError(errors)
    with transaction.atomic():
        current = FormDefinition.objects.select_for_update().filter(service=service).order_by("-version").first()
        if current is not None and (current.fields, current.sla_days, current.output_en, current.output_hi) == (
                fields, sla_days, output_en, output_hi):
            return current
        form = FormDefinition.objects.create(
            service=service, version=(current.version + 1) if current else 1, fields=fields, sla_days=sla_days,
            output_en=output_en, output_hi=output_hi, created_by=by)
        audit.record("applications.form_saved", actor=by, target=form, service=service.code,
                     version=form.version, fields=len(fields))
    return form


def service_actions_template(service):
    """catalogue's service page: an application service shows "fill the application form"."""
    if service.kind == service.Kind.APPLICATION and FormDefinition.objects.filter(service=service).exists():
        return "applications/service_actions.html"
    return None


def refuse_plain_fee(service):
    """payments.line_hooks: a service with an application form is paid with its application only.
    A bill service is never one (as service_actions_template reads it): no query to add a bill;
    a service read with form_annotation is not queried again (issue 14)."""
    if service.kind != service.Kind.APPLICATION:
        return None
    has_form = getattr(service, HAS_FORM, None)
    if has_form is None:
        has_form = FormDefinition.objects.filter(service=service).exists()
    if has_form:
        return _("%(service)s is an application: fill its form first, then add its fee to the cart.") % {
            "service": service.name}
    return None


HAS_FORM = "has_application_form"


def form_annotation():
    """payments.line_hooks: whether a service has an application form, read with the service (a
    query of Service, whose table is named as itself). Written out as RawSQL: as an Exists of an
    OuterRef the ORM spent ~0.3 ms compiling it, on every line added (issue 14)."""
    qn = connection.ops.quote_name
    form = FormDefinition._meta
    service = form.get_field("service").related_model._meta
    return {HAS_FORM: RawSQL(
        f"EXISTS (SELECT 1 FROM {qn(form.db_table)} f WHERE f.{qn(form.get_field('service').column)} = "
        f"{qn(service.db_table)}.{qn(service.pk.column)})", [], output_field=BooleanField())}


# --------------------------------------------------------------- filling in (req. 1, 2)

def clean_applicant(name, mobile, email="", language="hi", sso_id=""):
    """The applicant's details, or ApplicationError beside the field."""
    name, mobile, email = (name or "").strip(), (mobile or "").strip(), (email or "").strip()
    sso_id = (sso_id or "").strip().upper()
    if not name:
        raise ApplicationError(_("Enter the applicant's name."), "applicant_name")
    if not MOBILE.match(mobile):
        raise ApplicationError(_("A mobile number has 10 digits and starts with 6, 7, 8 or 9."), "mobile")
    if email and not EMAIL.match(email):
        raise ApplicationError(_("Enter a valid e-mail address."), "email")
    if language not in ("hi", "en"):
        raise ApplicationError(_("Choose Hindi or English."), "language")
    if sso_id and not re.fullmatch(r"[A-Z0-9._-]{3,30}", sso_id):
        raise ApplicationError(_("An SSO ID has 3 to 30 letters, digits, dots, hyphens or underscores."), "sso_id")
    return {"applicant_name": name[:120], "mobile": mobile, "email": email, "language": language,
            "applicant_sso_id": sso_id}


def _place(form, answers, kiosk):
    """(district code, tehsil code) that routes the application: the first address, else the kiosk's."""
    address = formdefs.first_address(form.fields, answers)
    if address is not None:
        return address.get("district", ""), address.get("tehsil", "")
    return kiosk.district.code, kiosk.tehsil.code if kiosk.tehsil_id else ""


def _next_number(now):
    """AP-<yymm>-<serial>: one UPDATE ... RETURNING on the month's counter row."""
    period = timezone.localtime(now).strftime("%y%m")
    serial = _bump(period)
    if serial is None:
        ApplicationCounter.objects.bulk_create([ApplicationCounter(period=period, last=0)], ignore_conflicts=True)
        serial = _bump(period)
    return f"AP-{period}-{serial:07d}"


def _bump(period):
    qn = connection.ops.quote_name
    meta = ApplicationCounter._meta
    last, key = qn(meta.get_field("last").column), qn(meta.get_field("period").column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(meta.db_table)} SET {last} = {last} + 1 WHERE {key} = %s RETURNING {last}",
                       [period])
        row = cursor.fetchone()
    return row[0] if row else None


def _event(application, action, from_state, *, by, remark="", changes=None, via=""):
    return ApplicationEvent.objects.create(application=application, action=action, from_state=from_state,
                                           to_state=application.state, actor=by, office=application.office,
                                           remark=remark[:500], changes=changes or {}, via=via)


def start_application(kiosk, service, *, by, applicant, answers):
    """A new application, filled in with the current version of the service's form (req. 1).

    It starts as a draft: it goes to the office once its destination is chosen
    and its fee paid. applicant is clean_applicant's dict; answers are the
    AnswersForm's cleaned answers.
    """
    form = current_form(service)
    if form is None:
        raise ApplicationError(_("This service takes no application form."))
    district, tehsil = _place(form, answers, kiosk)
    now = timezone.now()
    with transaction.atomic():
        application = Application.objects.create(
            number=_next_number(now), service=service, form=form, kiosk=kiosk, created_by=by, answers=answers,
            district_code=district, tehsil_code=tehsil, fee_total=service.fixed_total or 0, **applicant)
        _event(application, "create", State.DRAFT, by=by)
        audit.record("applications.created", actor=by, kiosk=kiosk, target=application,
                     number=application.number, service=service.code)
    return application


def _changes(form, before, after):
    changed = {}
    for field in formdefs.typed_fields(form.fields):
        key = field["key"]
        if before.get(key) != after.get(key):
            changed[key] = [before.get(key), after.get(key)]
    return changed


def correct(application, *, by, applicant, answers):
    """The kiosk corrects a draft or an application sent back to it, against the version it was
    filled with; each correction is on the history with what changed (F25)."""
    if application.state not in (State.DRAFT, State.SENT_BACK, State.WRONG_OFFICE):
        raise MoveNotAllowed("correct", application.state)
    changes = _changes(application.form, application.answers, answers)
    for name, value in applicant.items():
        if getattr(application, name) != value:
            changes[name] = [getattr(application, name), value]
    if not changes:
        return application
    district, tehsil = _place(application.form, answers, application.kiosk)
    with transaction.atomic():
        fields = {"answers": answers, "district_code": district, "tehsil_code": tehsil, **applicant}
        if not Application.objects.filter(pk=application.pk, state=application.state).update(
                updated=timezone.now(), **fields):
            raise MoveNotAllowed("correct", Application.objects.get(pk=application.pk).state)
        for name, value in fields.items():
            setattr(application, name, value)
        _event(application, "correct", application.state, by=by, changes=changes)
        audit.record("applications.corrected", actor=by, kiosk=application.kiosk, target=application,
                     number=application.number, count=len(changes), fields=", ".join(sorted(changes)))
    return application


# --------------------------------------------------------------- destination office (req. 2)

def offices_for(application):
    """The service's department's active offices for the applicant's place (req. 2): the tehsil
    offices of the tehsil and the district's offices; the state's offices when none is there."""
    from emitra.catalogue.models import Office

    offices = Office.objects.filter(department_id=application.service.department_id, active=True)
    local = offices.filter(Q(level=Office.Level.TEHSIL, tehsil_code=application.tehsil_code)
                           if application.tehsil_code else Q(pk__in=[]))
    local = local | offices.filter(level=Office.Level.DISTRICT, district_code=application.district_code)
    if not local.exists():
        return offices.filter(level=Office.Level.STATE).order_by("name_en")
    return local.order_by("-level", "name_en")


def wrong_offices(application):
    """The offices that sent this application back as not theirs."""
    return set(application.events.filter(action="wrong_office").values_list("office_id", flat=True))


def choose_office(application, office, *, by):
    """Set the destination office of a draft, or of an application sent back, from offices_for;
    an office that sent it back as not theirs is refused (F25)."""
    if application.state not in (State.DRAFT, State.SENT_BACK, State.WRONG_OFFICE):
        raise MoveNotAllowed("office", application.state)
    if office is None or not offices_for(application).filter(pk=office.pk).exists():
        raise ApplicationError(_("Choose one of the offices listed."), "office")
    if office.pk in wrong_offices(application):
        raise ApplicationError(_("%(office)s sent this application back as not theirs: choose the right office.")
                               % {"office": office.name}, "office")
    if application.office_id == office.pk:
        return application
    before = application.office.code if application.office_id else ""
    with transaction.atomic():
        if not Application.objects.filter(pk=application.pk, state=application.state).update(
                office=office, updated=timezone.now()):
            raise MoveNotAllowed("office", Application.objects.get(pk=application.pk).state)
        application.office = office
        _event(application, "office", application.state, by=by, changes={"office": [before, office.code]})
        audit.record("applications.office_chosen", actor=by, kiosk=application.kiosk, target=application,
                     number=application.number, office=office.code)
    return application


# --------------------------------------------------------------- fee and submission (req. 5)

def fee_in_open_cart(application):
    from emitra.payments.models import Cart, CartLine

    return CartLine.objects.filter(linked_kind=LINK_KIND, linked_ref=application.number,
                                   cart__state=Cart.State.OPEN).exists()


def add_fee_to_cart(application, cart, *, by):
    """Put the application's fee in the kiosk's cart (req. 5); a service with no fee is submitted at once.

    The line carries the application's number (payments.line_hooks), so paying
    the cart submits the application in the same transaction, and the fee is
    charged once: a second line for it is refused here, and a second payment
    of it when the cart is paid.
    """
    from emitra.payments import services as payments
    from emitra.payments.errors import PaymentError

    if application.state != State.DRAFT:
        raise MoveNotAllowed("submit", application.state)
    if application.office_id is None:
        raise ApplicationError(_("Choose the destination office first."), "office")
    missing = missing_documents(application)
    if missing:
        raise ApplicationError(_("Attach the required documents first: %(slots)s.") % {"slots": ", ".join(missing)})
    if not application.fee_total:
        return submit_without_fee(application, by=by)
    if fee_in_open_cart(application):
        raise ApplicationError(_("The fee of this application is in a cart already."))
    try:
        return payments.add_to_cart(cart, application.service, application.number, by=by,
                                    linked=(LINK_KIND, application.number))
    except PaymentError as e:
        raise ApplicationError(e.text) from e


def _submit(application, *, by, fee_line=None, now=None):
    now = now or timezone.now()
    due = timezone.localtime(now).date() + datetime.timedelta(days=application.form.sla_days)
    if not Application.objects.filter(pk=application.pk, state=State.DRAFT).update(
            state=State.SUBMITTED, fee_line=fee_line, submitted_at=now, due_date=due, updated=now):
        return False
    application.state, application.fee_line, application.submitted_at, application.due_date = (
        State.SUBMITTED, fee_line, now, due)
    _event(application, "submit", State.DRAFT, by=by)
    audit.record("applications.submitted", actor=by, kiosk=application.kiosk, target=application,
                 number=application.number, office=application.office.code)
    messages.tell_citizen(application, "submitted")
    return True


def submit_without_fee(application, *, by):
    """A service with no fee goes to its office at once; one with a fee only by paying it."""
    next_state(application.state, "submit", KIOSK)
    if application.fee_total:
        raise ApplicationError(_("The fee of application %(number)s is paid through the cart.")
                               % {"number": application.number})
    with transaction.atomic():
        if not _submit(application, by=by):
            raise MoveNotAllowed("submit", Application.objects.get(pk=application.pk).state)
    return application


def fee_paid(receipt_lines):
    """payments.line_hooks, inside the payment's transaction: each paid fee submits its application.

    An application whose fee was paid already (by another cart) refuses the
    whole payment, so the fee is never charged twice.
    """
    from emitra.payments.errors import InvalidInput

    for line in receipt_lines:
        application = (Application.objects.select_related("office", "form", "kiosk", "service")
                       .filter(number=line.linked_ref).first())
        if application is None or not _submit(application, by=line.receipt.created_by, fee_line=line,
                                               now=line.paid_at):
            raise InvalidInput(_("The fee of application %(number)s is paid already: take it out of the cart.")
                               % {"number": line.linked_ref})


def fee_cancelled(receipt_lines, *, by, reason):
    """payments.line_hooks, inside the cancellation's transaction: cancelling the fee withdraws an
    application no office has acted on; once an office has, the cancellation is refused (req. 5)."""
    from emitra.payments.errors import CannotCancel

    for line in receipt_lines:
        application = Application.objects.select_related("kiosk", "service").filter(number=line.linked_ref).first()
        if application is None or application.state == State.WITHDRAWN:
            continue
        next_state_ok = application.state == State.SUBMITTED and not application.office_acted
        if not next_state_ok or not Application.objects.filter(
                pk=application.pk, state=State.SUBMITTED, office_acted=False).update(
                state=State.WITHDRAWN, updated=timezone.now()):
            raise CannotCancel(_("The fee of application %(number)s cannot be cancelled: its office has acted on "
                                 "it already.") % {"number": application.number})
        application.state = State.WITHDRAWN
        _event(application, "withdraw", State.SUBMITTED, by=by, remark=reason)
        audit.record("applications.withdrawn", actor=by, kiosk=application.kiosk, target=application,
                     number=application.number, reason=reason)
        messages.tell_citizen(application, "status")


# --------------------------------------------------------------- the office's moves (req. 3)

def move(application, action, *, by, remark, via="", output=None):
    """An officer's move (take up, approve and issue, reject, send back, wrong office) with a remark.

    A move the workflow does not allow from the application's state raises
    MoveNotAllowed; so does a move another officer made first (the UPDATE is
    conditional on the state read). Approval issues the certificate (req. 3).
    A department's system moves through the API (req. 9, F29) with by=None and
    via=its client id, and may send its own output document with an approval
    (`output`, a file taken by documents.store_file's rules); it is then the
    certificate. The same move sent again, once it is made (same action, remark,
    mover and output: a retry over a lost answer), changes nothing and returns
    the application as it is.
    """
    remark = (remark or "").strip()
    if len(remark) < REMARK_MIN:
        raise ApplicationError(_("Write a remark of at least %(n)s characters.") % {"n": REMARK_MIN}, "remark")
    if output is not None and action != "approve":
        raise ApplicationError(_("An output document goes only with an approval."), "output_document")
    if _is_replay(application, action, by=by, remark=remark, via=via, output=output):
        return application
    to = next_state(application.state, action, OFFICER)
    blob = None
    if output is not None:
        from emitra.documents import services as documents

        try:
            blob = documents.store_file(output)
        except documents.DocumentError as e:
            raise ApplicationError(str(e), "output_document") from e
    now = timezone.now()
    extra = {"decided_at": now, "decided_by": by} if to in (State.APPROVED, State.REJECTED) else {}
    if blob is not None:
        extra["output_blob"] = blob
    source = application.state
    with transaction.atomic():
        if not Application.objects.filter(pk=application.pk, state=source).update(
                state=to, office_acted=True, updated=now, **extra):
            fresh = Application.objects.get(pk=application.pk)
            if _is_replay(fresh, action, by=by, remark=remark, via=via, output=output):
                return fresh  # the same move, made a moment ago by a retry
            raise MoveNotAllowed(action, fresh.state)
        application.state, application.office_acted = to, True
        for name, value in extra.items():
            setattr(application, name, value)
        _event(application, action, source, by=by, remark=remark, via=via)
        audit.record(f"applications.{action}", actor=by, kiosk=application.kiosk, target=application,
                     number=application.number, remark=remark)
        messages.tell_citizen(application, "status")
    return application


def _is_replay(application, action, *, by, remark, via, output):
    """True when `action` is the move that brought the application where it is, by the same mover with
    the same remark (and output document): the same request made again."""
    from emitra.applications.workflow import MOVES

    move_ = MOVES.get(action)
    if move_ is None or application.state != move_.target:
        return False
    last = application.events.exclude(action__in=["attach", "correct", "office"]).order_by("-at", "-id").first()
    if last is None or (last.action, last.remark, last.actor_id, last.via) != (
            action, remark, getattr(by, "pk", None), via):
        return False
    if output is None:
        return True
    from emitra.documents.services import digest

    return application.output_blob_id is not None and application.output_blob.sha256 == digest(output)[0]


def resubmit(application, *, by, remark=""):
    """The kiosk re-sends an application sent back to it: same number, no new fee (F25).

    Sent back as wrong office, it must go to another office first (choose_office),
    and never to one that sent it back as not theirs. The due date starts again
    from the re-submission: the right office gets the service's full time.
    """
    next_state(application.state, "resubmit", KIOSK)
    if application.office_id in wrong_offices(application):
        raise ApplicationError(_("%(office)s sent this application back as not theirs: choose the right office "
                                 "before re-submitting.") % {"office": application.office.name}, "office")
    missing = missing_documents(application)
    if missing:
        raise ApplicationError(_("Attach the required documents first: %(slots)s.") % {"slots": ", ".join(missing)})
    now = timezone.now()
    due = timezone.localtime(now).date() + datetime.timedelta(days=application.form.sla_days)
    source = application.state
    with transaction.atomic():
        if not Application.objects.filter(pk=application.pk, state=source).update(
                state=State.SUBMITTED, due_date=due, updated=now):
            raise MoveNotAllowed("resubmit", Application.objects.get(pk=application.pk).state)
        application.state, application.due_date = State.SUBMITTED, due
        _event(application, "resubmit", source, by=by, remark=(remark or "").strip())
        audit.record("applications.resubmitted", actor=by, kiosk=application.kiosk, target=application,
                     number=application.number, office=application.office.code)
        messages.tell_citizen(application, "status")
    return application


# --------------------------------------------------------------- documents (F30; emitra.documents)

EDITABLE = (State.DRAFT, State.SENT_BACK, State.WRONG_OFFICE)


def attachments(application):
    """{slot key: ApplicationDocument} of the application."""
    return {a.slot: a for a in application.attachments.select_related("document__kind", "document__blob")}


def attached_rows(application):
    """[(slot label, document URL or "", title, issuer-verified)] for every document slot, in the form's
    order; issuer-verified: the document came from its issuer through DigiLocker (F30)."""
    from emitra.documents.access import document_url

    attached = attachments(application)
    rows = []
    for slot in formdefs.document_slots(application.form.fields):
        current = attached.get(slot["key"])
        rows.append((formdefs.label(slot), document_url(current.document) if current else "",
                     current.document.display_title if current else "",
                     bool(current and current.document.issuer_verified)))
    return rows


def missing_documents(application):
    """Labels of the required document slots still empty."""
    attached = set(application.attachments.values_list("slot", flat=True))
    return [formdefs.label(slot) for slot in formdefs.document_slots(application.form.fields)
            if slot["required"] and slot["key"] not in attached]


def slot_of(application, key):
    slot = next((s for s in formdefs.document_slots(application.form.fields) if s["key"] == key), None)
    if slot is None:
        raise ApplicationError(_("This application has no such document slot."))
    return slot


def lockers_open_at(kiosk):
    """The citizens' lockers the kiosk may use now: its live grants (the citizen's one-time code)."""
    from emitra.documents import services as documents

    return [grant.locker.live for grant in documents.live_grants(kiosk=kiosk)]


def documents_for_slot(application, slot):
    """The documents of the lockers open at the application's kiosk that this slot accepts."""
    from emitra.documents import services as documents

    found = []
    for locker in lockers_open_at(application.kiosk):
        found.extend(documents.documents_in(locker, kinds=slot["kinds"]))
    return found


def attach(application, key, document, *, by):
    """Attach a document of the citizen's locker to one slot (F30): a kind the slot accepts, from a
    locker the acting person may see now (documents.access); replaces what the slot held. Only
    while the kiosk may still change the application."""
    from emitra.documents.access import may_view

    if application.state not in EDITABLE:
        raise MoveNotAllowed("correct", application.state)
    slot = slot_of(application, key)
    if document is None or not may_view(by, document):
        raise ApplicationError(_("Choose a document of the citizen's locker."), key)
    if document.kind.code not in slot["kinds"]:
        raise ApplicationError(_("This slot takes: %(kinds)s.") % {"kinds": ", ".join(slot["kinds"])}, key)
    from emitra.applications.models import ApplicationDocument

    with transaction.atomic():
        before = ApplicationDocument.objects.filter(application=application, slot=key).first()
        if before is not None and before.document_id == document.pk:
            return before
        attachment, _created = ApplicationDocument.objects.update_or_create(
            application=application, slot=key, defaults={"document": document, "attached_by": by})
        _event(application, "attach", application.state, by=by,
               changes={key: [before.document_id if before else None, document.pk]})
        audit.record("applications.attached", actor=by, kiosk=application.kiosk, target=application,
                     number=application.number, slot=key,
                     slot_en=slot.get("label_en", key), slot_hi=slot.get("label_hi", ""), document=document.pk)
    return attachment


def upload_and_attach(application, key, uploaded_file, *, by, locker, kind):
    """Keep a new file in the citizen's locker (once, ever: the same bytes are the same document)
    and attach it to the slot."""
    from emitra.documents import services as documents

    slot = slot_of(application, key)
    if kind not in slot["kinds"]:
        raise ApplicationError(_("This slot takes: %(kinds)s.") % {"kinds": ", ".join(slot["kinds"])}, key)
    if locker not in lockers_open_at(application.kiosk):
        raise ApplicationError(_("Open the citizen's locker first."), key)
    try:
        document = documents.store_upload(locker, uploaded_file, kind=kind, by=by, kiosk=application.kiosk)
    except documents.DocumentError as e:
        raise ApplicationError(str(e), key) from e
    return attach(application, key, document, by=by)


def may_view_document(person, document):
    """documents.access rule: the kiosk that filed an application with this document (its holder
    and operators) and the officers whose scope covers the application's office (F30)."""
    from emitra.accounts.access import DeptScope
    from emitra.accounts.models import Membership, Role
    from emitra.applications.models import ApplicationDocument

    attached = ApplicationDocument.objects.filter(document=document)
    if not attached.exists():
        return False
    live = Membership.objects.live().filter(person=person)
    kiosks = live.filter(role__in=[Role.KIOSK_HOLDER, Role.KIOSK_OPERATOR]).values("kiosk_id")
    if attached.filter(application__kiosk_id__in=kiosks).exists():
        return True
    for membership in live.filter(role=Role.DEPT_OFFICER, department__isnull=False).select_related(
            "department", "office"):
        scope = DeptScope(membership.department, membership.office)
        if attached.filter(scope.office_q("application__office__")).exclude(application__state=State.DRAFT).exists():
            return True
    return False


# --------------------------------------------------------------- lists and look-ups

def for_kiosk(kiosk):
    return Application.objects.filter(kiosk=kiosk).select_related("service", "office")


def sent_back(kiosk):
    """The kiosk's re-submit list (F25)."""
    return for_kiosk(kiosk).filter(state__in=[State.SENT_BACK, State.WRONG_OFFICE]).order_by("updated")


def inbox(scope, *, state="open", overdue=False, today=None):
    """The officer's applications, scoped like the department's collections (dept_scope), oldest due first."""
    qs = (Application.objects.filter(scope.office_q()).exclude(state=State.DRAFT)
          .select_related("service", "office", "kiosk"))
    if state == "open":
        qs = qs.filter(state__in=OPEN_AT_OFFICE)
    elif state in State.values:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state__in=OPEN_AT_OFFICE, due_date__lt=today or timezone.localdate())
    return qs.order_by("due_date", "id")


def is_overdue(application, today=None):
    return (application.state in OPEN_AT_OFFICE and application.due_date is not None
            and application.due_date < (today or timezone.localdate()))


def status_of(number, mobile):
    """The application with this number and the applicant's mobile, else None (the public status check)."""
    number, mobile = (number or "").strip().upper(), (mobile or "").strip()
    if not NUMBER.match(number) or not MOBILE.match(mobile):
        return None
    return (Application.objects.select_related("service", "office").exclude(state=State.DRAFT)
            .filter(number=number, mobile=mobile).first())


def of_citizen(person):
    """A signed-in citizen's applications: those filed with their SSO ID (req. 8)."""
    return (Application.objects.filter(applicant_sso_id=person.sso_id).exclude(state=State.DRAFT)
            .select_related("service", "office"))


def history(application):
    """The application's events, oldest first; a correction names the fields it changed by their labels."""
    labels = {"applicant_name": _("Applicant's name"), "mobile": _("Applicant's mobile"), "email": _("e-mail"),
              "language": _("language for messages"), "applicant_sso_id": _("applicant's SSO ID"),
              **{f["key"]: formdefs.label(f) for f in application.form.fields}}
    events = list(application.events.select_related("actor", "office").order_by("at", "id"))
    for event in events:
        event.changed = [labels.get(key, key) for key in event.changes if key != "office"]
    return events


def display_answers(application, *, certificate_only=False):
    return formdefs.answer_rows(application.form.fields, application.answers, certificate_only=certificate_only)



def documents_of_citizen(person):
    """The citizen's documents in their locker (emitra.documents)."""
    from emitra.documents import services as documents

    return list(documents.documents_in(documents.locker_for_person(person)))
