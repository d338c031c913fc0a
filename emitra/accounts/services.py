"""Operations on people (F7)."""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.models import Membership, Person, Role
from emitra.core import audit
from emitra.core.text import safe_text


class SignInRefused(Exception):
    pass


def person_from_claims(issuer, claims, sso_id_claim):
    """Find or create the Person for these OIDC claims, keyed by (issuer, sub).

    Name, mobile and e-mail follow the provider on every sign-in, made safe to show
    (core.text.safe_text, issue 9 item 7). An SSO ID already held by another subject
    is refused rather than merged.
    """
    subject = str(claims.get("sub") or "")
    sso_id = safe_text(claims.get(sso_id_claim) or "").upper()
    if not subject or not sso_id:
        raise SignInRefused(_("The sign-in service did not say who you are. Try again."))
    fields = {
        "sso_id": sso_id[:30],
        # what the provider claims is shown on pages and receipts: made safe on the way in
        # (NFC, no control or direction-changing characters; issue 9 item 7)
        "name": safe_text(claims.get("name") or "")[:100],
        "email": safe_text(claims.get("email") or "")[:254],
        "mobile": safe_text(claims.get("phone_number") or "")[:15],
    }
    try:
        with transaction.atomic():
            person, created = Person.objects.select_for_update().get_or_create(
                issuer=issuer, subject=subject, defaults=fields
            )
            if created:
                audit.record("person.created", actor=person, target=person, sso_id=sso_id)
            else:
                changed = [k for k, v in fields.items() if getattr(person, k) != v]
                for k in changed:
                    setattr(person, k, fields[k])
                if changed:
                    person.save(update_fields=changed)
    except IntegrityError:
        raise SignInRefused(
            _("The SSO ID %(sso_id)s is linked to another sign-in account. Ask the helpdesk.") % {"sso_id": sso_id}
        ) from None
    if not person.is_active:
        raise SignInRefused(_("This SSO ID is blocked on the portal. Ask the helpdesk."))
    return person


class MembershipError(ValueError):
    """A membership that cannot be given as asked; the message is for the person asking,
    `field` the form field it is about (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def person_for_sso_id(sso_id):
    """The person who signed in with this SSO ID, or a MembershipError saying they must sign in once first."""
    from emitra.sso.models import normalise_sso_id

    sso_id = normalise_sso_id(sso_id)
    person = Person.objects.filter(sso_id=sso_id).first()
    if person is None:
        raise MembershipError(
            _("No one with SSO ID %(sso_id)s has signed in to e-Mitra yet. Ask them to sign in once, then add them.")
            % {"sso_id": sso_id}, field="sso_id")
    return person


def add_department_officer(person, department, office=None, *, by):
    """DoIT makes a person an officer of a department, at one of its offices or for all of it (F29).

    The office must be the department's own; an officer with no office sees the
    whole department. A person is an officer of one department (office) at a
    time: the person's row is locked while checking, so two concurrent
    registrations cannot both pass.
    """
    if office is not None and office.department_id != department.pk:
        raise MembershipError(_("This office belongs to another department."), field="office")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        current = (Membership.objects.registered().filter(person=person, role=Role.DEPT_OFFICER)
                   .select_related("department").first())
        if current is not None:
            raise MembershipError(
                _("%(sso_id)s is already an officer of %(department)s. End that registration first.")
                % {"sso_id": person.sso_id, "department": current.department or "—"}, field="sso_id")
        membership = Membership.objects.create(person=person, role=Role.DEPT_OFFICER, department=department,
                                               office=office, added_by=by)
        audit.record("membership.dept_officer_added", actor=by, target=membership,
                     sso_id=person.sso_id, department=department.code,
                     office=office.code if office else "", place=f"{department.code} {office.code if office else ''}".strip())
    return membership


def end_department_officer(membership, *, by):
    """DoIT ends a department officer's registration (F29). The row stays as history; the
    person is signed out at the next request (accounts.middleware)."""
    if membership.role != Role.DEPT_OFFICER:
        raise MembershipError(_("This is not a department officer's registration."))
    with transaction.atomic():
        updated = Membership.objects.registered().filter(pk=membership.pk).update(
            deregistered_at=timezone.now(), active=False)
        if not updated:
            raise MembershipError(_("This registration has already ended."))
        audit.record("membership.dept_officer_ended", actor=by, target=membership,
                     sso_id=membership.person.sso_id,
                     place=membership.department.code if membership.department else "")
