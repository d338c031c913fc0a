"""Operations on people (F7)."""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from emitra.accounts.models import Membership, Person, Role
from emitra.core import audit


class SignInRefused(Exception):
    pass


def person_from_claims(issuer, claims, sso_id_claim):
    """Find or create the Person for these OIDC claims, keyed by (issuer, sub).

    Name, mobile and e-mail follow the provider on every sign-in. An SSO ID
    already held by another subject is refused rather than merged.
    """
    subject = str(claims.get("sub") or "")
    sso_id = str(claims.get(sso_id_claim) or "").strip().upper()
    if not subject or not sso_id:
        raise SignInRefused(_("The sign-in service did not say who you are. Try again."))
    fields = {
        "sso_id": sso_id[:30],
        "name": str(claims.get("name") or "")[:100],
        "email": str(claims.get("email") or "")[:254],
        "mobile": str(claims.get("phone_number") or "")[:15],
    }
    try:
        with transaction.atomic():
            person, created = Person.objects.select_for_update().get_or_create(
                issuer=issuer, subject=subject, defaults=fields
            )
            if created:
                audit.record("person.created", actor=person, target=person, summary=sso_id)
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
    """A membership that cannot be given as asked; the message is for the person asking."""


def add_department_officer(person, department, office=None, *, by):
    """DoIT makes a person an officer of a department, at one of its offices or for all of it (F29).

    The office must be the department's own; an officer with no office sees the
    whole department.
    """
    if office is not None and office.department_id != department.pk:
        raise MembershipError(_("This office belongs to another department."))
    with transaction.atomic():
        membership = Membership.objects.create(person=person, role=Role.DEPT_OFFICER, department=department,
                                               office=office, added_by=by)
        audit.record("membership.dept_officer_added", actor=by, target=membership,
                     summary=f"{person.sso_id} {department.code} {office.code if office else ''}".strip())
    return membership
