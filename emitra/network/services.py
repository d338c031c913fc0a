"""Operations on the kiosk network (F6, F31-F33). Each is atomic, takes the
acting person, writes the audit log, and raises a NetworkError with a message
for the person on refusal."""
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.models import KIOSK_USER_ROLES, Membership, Person, Role
from emitra.core import audit
from emitra.network.models import ApplicationStep, Kiosk, KioskApplication
from emitra.sso.models import normalise_sso_id


class NetworkError(Exception):
    """A refused operation; str(e) is the message for the person."""


class CannotApply(NetworkError):
    """The person may not apply to open a kiosk now (why_cannot_apply)."""


class AlreadyRegistered(NetworkError):
    def __init__(self, membership):
        self.membership = membership
        kiosk = membership.kiosk
        super().__init__(
            _(
                "SSO ID %(sso_id)s is already registered at kiosk %(code)s (%(name)s, %(district)s). "
                "An SSO ID can be registered at one kiosk at a time. To register it here, it must first be "
                "de-registered there: the person can do it under 'My account', or the holder of kiosk %(code)s "
                "on that kiosk's users page."
            )
            % {"sso_id": membership.person.sso_id, "code": kiosk.code, "name": kiosk.name, "district": kiosk.district}
        )


# --- onboarding (F6) ---------------------------------------------------------


LIVE_APPLICATION = (KioskApplication.Status.SUBMITTED, KioskApplication.Status.RETURNED,
                    KioskApplication.Status.VERIFIED)


def _obstacle(person, besides=None):
    """What stands in the way of `person` opening a kiosk: (kind, row) or None."""
    membership = Membership.objects.registered().filter(person=person, kiosk__isnull=False) \
        .select_related("kiosk").first()
    if membership is not None:
        return ("holder" if membership.role == Role.KIOSK_HOLDER else "member"), membership
    pending = KioskApplication.objects.filter(applicant=person, status__in=LIVE_APPLICATION)
    if besides is not None:
        pending = pending.exclude(pk=besides.pk)
    pending = pending.first()
    return ("pending", pending) if pending is not None else None


def why_cannot_apply(person, *, besides=None):
    """Why `person` may not apply to open a kiosk now, told to them; or None (F32; issue 9 item 20).

    One SSO ID is registered at one kiosk at a time, and a holder holds one
    kiosk: a person registered at a kiosk (as its holder, or as its operator or
    accountant until they de-register there) cannot apply, nor can one whose
    earlier application (other than `besides`) is still in progress.
    """
    found = _obstacle(person, besides)
    if found is None:
        return None
    kind, row = found
    if kind == "holder":
        return _("You already hold kiosk %(code)s (%(name)s). One SSO ID holds one kiosk, so you cannot "
                 "apply for another.") % {"code": row.kiosk.code, "name": row.kiosk.name}
    if kind == "member":
        return _("Your SSO ID is registered at kiosk %(code)s (%(name)s) as %(role)s, and an SSO ID is "
                 "registered at one kiosk at a time. To open a kiosk of your own, first de-register there "
                 "under 'My account'.") % {"code": row.kiosk.code, "name": row.kiosk.name,
                                            "role": row.get_role_display()}
    return _("Your application to open the kiosk %(name)s is still in progress (%(status)s). Follow it under "
             "'My kiosk applications'; you can apply again once it is decided.") % {
        "name": row.shop_name, "status": row.get_status_display()}


def why_applicant_cannot_open(application):
    """The same rule told to the LSP officer about an application's applicant, or None."""
    found = _obstacle(application.applicant, application)
    if found is None:
        return None
    kind, row = found
    if kind in ("holder", "member"):
        return _("The applicant's SSO ID is registered at kiosk %(code)s (%(name)s) as %(role)s, so the applicant "
                 "cannot open a kiosk. Return the application saying so, or reject it.") % {
            "code": row.kiosk.code, "name": row.kiosk.name, "role": row.get_role_display()}
    return _("Another application of this applicant (%(name)s) is in progress. Return this one saying so, "
             "or reject it.") % {"name": row.shop_name}


def submit_application(applicant, *, fields, actor_ip=None):
    """A signed-in citizen applies to open a kiosk; it goes to the district's LSP.
    Refused, with the reason, for a person who may not apply (why_cannot_apply)."""
    if not fields["district"].lsp_id:
        raise NetworkError(_("No LSP serves this district yet. Choose another district or ask DoIT."))
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=applicant.pk).first()  # one application at a time
        reason = why_cannot_apply(applicant)
        if reason:
            raise CannotApply(reason)
        application = KioskApplication.objects.create(applicant=applicant, **fields)
        ApplicationStep.objects.create(application=application, actor=applicant, action=ApplicationStep.Action.SUBMITTED)
        audit.record("kiosk_application.submitted", actor=applicant, target=application, ip=actor_ip,
                     shop=application.shop_name)
    return application


def _lock(application):
    return KioskApplication.objects.select_for_update().select_related("district").get(pk=application.pk)


def resubmit_application(application, by, *, fields):
    """The applicant corrects a returned application and sends it again."""
    with transaction.atomic():
        application = _lock(application)
        if application.applicant_id != by.pk or application.status != KioskApplication.Status.RETURNED:
            raise NetworkError(_("Only a returned application can be corrected and sent again."))
        reason = why_cannot_apply(by, besides=application)
        if reason:
            raise CannotApply(reason)
        for name, value in fields.items():
            setattr(application, name, value)
        application.status = KioskApplication.Status.SUBMITTED
        application.save()
        ApplicationStep.objects.create(application=application, actor=by, action=ApplicationStep.Action.RESUBMITTED)
        audit.record("kiosk_application.resubmitted", actor=by, target=application)
    return application


def _decide(application, by, *, expect, status, action, remarks="", may):
    with transaction.atomic():
        application = _lock(application)
        if not may(application):
            raise NetworkError(_("You cannot decide on this application."))
        if application.status != expect:
            raise NetworkError(_("This application was already dealt with: it is now “%(status)s”.")
                               % {"status": application.get_status_display()})
        application.status = status
        application.save(update_fields=["status", "updated"])
        ApplicationStep.objects.create(application=application, actor=by, action=action, remarks=remarks)
        audit.record(f"kiosk_application.{action}", actor=by, target=application, remarks=remarks)
    return application


def verify_application(application, by, roles):
    """The LSP officer of the application's district verifies it; refused, with the reason,
    when the applicant may no longer open a kiosk (registered at one since applying)."""
    reason = why_applicant_cannot_open(application)
    if reason and application.status == KioskApplication.Status.SUBMITTED:
        raise NetworkError(reason)
    return _decide(application, by, expect=KioskApplication.Status.SUBMITTED,
                   status=KioskApplication.Status.VERIFIED, action=ApplicationStep.Action.VERIFIED,
                   may=lambda a: a.district.lsp_id in roles.lsp_ids)


def return_application(application, by, roles, remarks):
    """The LSP officer sends it back to the applicant with what to correct."""
    if not remarks.strip():
        raise NetworkError(_("Say what the applicant must correct."))
    return _decide(application, by, expect=KioskApplication.Status.SUBMITTED,
                   status=KioskApplication.Status.RETURNED, action=ApplicationStep.Action.RETURNED,
                   remarks=remarks.strip(), may=lambda a: a.district.lsp_id in roles.lsp_ids)


def reject_application(application, by, roles, remarks):
    if not remarks.strip():
        raise NetworkError(_("Give the reason for rejecting."))
    return _decide(application, by, expect=KioskApplication.Status.VERIFIED,
                   status=KioskApplication.Status.REJECTED, action=ApplicationStep.Action.REJECTED,
                   remarks=remarks.strip(), may=lambda a: roles.is_doit)


def approve_application(application, by, roles):
    """DoIT approves: the kiosk opens with its code and the applicant becomes
    its holder (registered there, F32), and its ledger accounts open."""
    with transaction.atomic():
        application = _decide(application, by, expect=KioskApplication.Status.VERIFIED,
                              status=KioskApplication.Status.APPROVED, action=ApplicationStep.Action.APPROVED,
                              may=lambda a: roles.is_doit)
        kiosk = open_kiosk(
            holder=application.applicant, by=by, name=application.shop_name, address=application.address,
            district=application.district, area=application.area, bank_account_name=application.bank_account_name,
            bank_account_no=application.bank_account_no, ifsc=application.ifsc,
        )
        application.kiosk = kiosk
        application.save(update_fields=["kiosk"])
    return application


def open_kiosk(*, holder, by, district, **fields):
    """Create a kiosk with its code (K + district code + serial) and its holder."""
    from emitra.wallet.accounts import open_kiosk_accounts

    with transaction.atomic():
        kiosk = Kiosk.objects.create(code=uuid.uuid4().hex[:20], holder=holder, district=district,
                                     lsp_id=district.lsp_id, **fields)
        kiosk.code = f"K{district.code}{kiosk.pk:05d}"
        kiosk.save(update_fields=["code"])
        _register(kiosk, holder, Role.KIOSK_HOLDER, by)
        open_kiosk_accounts(kiosk)
        audit.record("kiosk.opened", actor=by, kiosk=kiosk, target=kiosk, name=kiosk.name)
    return kiosk


# --- kiosk users (F31-F33) ---------------------------------------------------


def _register(kiosk, person, role, by):
    try:
        with transaction.atomic():
            return Membership.objects.create(person=person, role=role, kiosk=kiosk, added_by=by)
    except IntegrityError:
        existing = Membership.objects.registered().filter(person=person, kiosk__isnull=False).select_related(
            "kiosk__district", "person").first()
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from None


def add_kiosk_user(kiosk, by, *, sso_id, role):
    """The holder adds a person by SSO ID with a role (F31); refused when the
    SSO ID is registered at any kiosk already (F32)."""
    if role not in KIOSK_USER_ROLES:
        raise NetworkError(_("Choose operator or accountant."))
    person = Person.objects.filter(sso_id=normalise_sso_id(sso_id)).first()
    if person is None:
        raise NetworkError(
            _("No one with SSO ID %(sso_id)s has signed in to e-Mitra yet. Ask them to sign in once, then add them.")
            % {"sso_id": normalise_sso_id(sso_id)}
        )
    with transaction.atomic():
        membership = _register(kiosk, person, role, by)
        audit.record("kiosk_user.added", actor=by, kiosk=kiosk, target=membership,
                     sso_id=person.sso_id, role=role)
    return membership


def set_kiosk_user_active(membership, by, active):
    """Activate or deactivate a kiosk user (F31); a deactivated user is signed
    out at the next request (accounts.middleware)."""
    if membership.role == Role.KIOSK_HOLDER:
        raise NetworkError(_("The holder cannot be deactivated here."))
    _change_kiosk_user(membership, by, "kiosk_user.activated" if active else "kiosk_user.deactivated",
                       active=active)


def set_may_cancel_receipts(membership, by, allowed):
    """The holder allows an operator to cancel receipts, or takes it back (issue 4 req. 9).

    Only an operator can be allowed: the holder always may, an accountant only reads.
    """
    if membership.role != Role.KIOSK_OPERATOR:
        raise NetworkError(_("Only an operator can be allowed to cancel receipts."))
    _change_kiosk_user(membership, by, "kiosk_user.may_cancel" if allowed else "kiosk_user.may_not_cancel",
                       may_cancel_receipts=allowed)


def _change_kiosk_user(membership, by, event, **fields):
    """Set fields of a still-registered kiosk membership and audit it as event, in one transaction."""
    with transaction.atomic():
        if not Membership.objects.registered().filter(pk=membership.pk).update(**fields):
            raise NetworkError(_("This user is no longer registered at the kiosk."))
        audit.record(event, actor=by, kiosk=membership.kiosk, target=membership, sso_id=membership.person.sso_id)


def deregister(membership, by):
    """End a kiosk registration (F33), by the person or by the kiosk's holder,
    so that the SSO ID can be registered at another kiosk."""
    if membership.role == Role.KIOSK_HOLDER:
        raise NetworkError(_("A holder's registration ends only when DoIT closes or transfers the kiosk."))
    with transaction.atomic():
        updated = Membership.objects.registered().filter(pk=membership.pk).update(
            deregistered_at=timezone.now(), active=False)
        if not updated:
            raise NetworkError(_("This SSO ID was already de-registered."))
        audit.record("kiosk_user.deregistered", actor=by, kiosk=membership.kiosk, target=membership,
                     sso_id=membership.person.sso_id)


def registrations_of(person):
    """Where the person is registered now (at most one kiosk, F32) and their other roles."""
    return list(person.memberships.registered().select_related("kiosk__district", "lsp"))
