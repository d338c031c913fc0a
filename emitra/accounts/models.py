"""People and what they do where (F7, F31-F33).

A Person is a named human known to the portal only through single sign-on:
keyed by the issuer and its subject, showing the SSO ID. A Membership says
what the person does where: DoIT administrator, LSP officer of one LSP,
holder/operator/accountant of one kiosk, or department officer. Everyone is a
citizen without any membership.
"""
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    issuer = models.CharField(max_length=200)
    subject = models.CharField(max_length=255)
    sso_id = models.CharField(_("SSO ID"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile"), max_length=15, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="person_issuer_subject")]

    def __str__(self):
        return f"{self.sso_id} ({self.name})" if self.name else self.sso_id


class Role(models.TextChoices):
    DOIT_ADMIN = "doit_admin", _("DoIT administrator")
    LSP_OFFICER = "lsp_officer", _("LSP officer")
    KIOSK_HOLDER = "kiosk_holder", _("Kiosk holder")
    KIOSK_OPERATOR = "kiosk_operator", _("Kiosk operator")
    KIOSK_ACCOUNTANT = "kiosk_accountant", _("Kiosk accountant (reports only)")
    DEPT_OFFICER = "dept_officer", _("Department officer")


KIOSK_ROLES = (Role.KIOSK_HOLDER, Role.KIOSK_OPERATOR, Role.KIOSK_ACCOUNTANT)
# Roles a holder may give to the users under the kiosk (F31).
KIOSK_USER_ROLES = (Role.KIOSK_OPERATOR, Role.KIOSK_ACCOUNTANT)


class MembershipQuerySet(models.QuerySet):
    def registered(self):
        """Not de-registered: still holds its place (it may be deactivated)."""
        return self.filter(deregistered_at__isnull=True)

    def live(self):
        """Registered and active: the person may act in this role now."""
        return self.registered().filter(active=True)


class Membership(models.Model):
    """A person's role at a place.

    F32: an SSO ID is registered at one kiosk at a time. The partial unique
    constraint enforces it in the database, so two concurrent attempts
    cannot both succeed. De-registering (F33) sets deregistered_at; the row
    stays as history. Deactivating (F31) keeps the place but stops the work.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    lsp = models.ForeignKey("network.LSP", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    kiosk = models.ForeignKey(
        "network.Kiosk", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    # A department officer works for one department (F29), at one of its
    # offices or, with no office, for the whole department.
    department = models.ForeignKey("catalogue.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="officers")
    office = models.ForeignKey("catalogue.Office", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="officers")
    # Issue 4 req. 9: an operator the holder allows may cancel receipts (only
    # meaningful for kiosk_operator; the holder always may).
    may_cancel_receipts = models.BooleanField(_("may cancel receipts"), default=False)
    active = models.BooleanField(default=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    deregistered_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kiosk__isnull=False, deregistered_at__isnull=True),
                name="one_kiosk_per_sso_id",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=[r.value for r in KIOSK_ROLES], kiosk__isnull=False, lsp__isnull=True,
                      department__isnull=True, office__isnull=True)
                    | Q(role=Role.LSP_OFFICER.value, lsp__isnull=False, kiosk__isnull=True,
                        department__isnull=True, office__isnull=True)
                    | Q(role=Role.DOIT_ADMIN.value, kiosk__isnull=True, lsp__isnull=True,
                        department__isnull=True, office__isnull=True)
                    # a department officer has a department; only rows of before
                    # departments were known (migration 0003) are de-registered without one
                    | Q(role=Role.DEPT_OFFICER.value, kiosk__isnull=True, lsp__isnull=True, department__isnull=False)
                    | Q(role=Role.DEPT_OFFICER.value, kiosk__isnull=True, lsp__isnull=True,
                        department__isnull=True, office__isnull=True, deregistered_at__isnull=False)
                ),
                name="membership_role_matches_scope",
            ),
        ]

    def __str__(self):
        place = self.kiosk or self.lsp or self.office or self.department or ""
        return f"{self.person.sso_id}: {self.get_role_display()} {place}"


class PortalSession(AbstractBaseSession):
    """Django's database session with the portal's person beside it (issue 14): the session
    store (emitra.accounts.session.SessionStore) reads the session, its person and the
    person's live memberships in one statement, so a signed-in request costs one query
    before the view, and a sign-out or a membership taken away still counts at once (F31).

    person_id repeats the session's PERSON_KEY, written with it on every save; no foreign
    key: a session outlives nothing and is never joined by the ORM.
    """

    person_id = models.BigIntegerField(null=True, blank=True)

    @classmethod
    def get_session_store_class(cls):
        from emitra.accounts.session import SessionStore

        return SessionStore
