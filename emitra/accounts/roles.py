"""What the signed-in person may do, loaded once per request by the middleware."""
from emitra.accounts.models import KIOSK_ROLES, Role


class Roles:
    """The live memberships of one person, with the questions views ask."""

    def __init__(self, memberships):
        self.memberships = memberships

    def may_cancel_receipts(self, kiosk_id):
        """The kiosk's holder, or an operator the holder allows (payments' cancellation rule 2)."""
        return any(m.kiosk_id == kiosk_id and (m.role == Role.KIOSK_HOLDER or (
            m.role == Role.KIOSK_OPERATOR and m.may_cancel_receipts)) for m in self.memberships)

    @property
    def is_doit(self):
        return any(m.role == Role.DOIT_ADMIN for m in self.memberships)

    @property
    def lsp_ids(self):
        return {m.lsp_id for m in self.memberships if m.role == Role.LSP_OFFICER}

    @property
    def is_lsp(self):
        return bool(self.lsp_ids)

    @property
    def is_dept(self):
        return any(m.role == Role.DEPT_OFFICER for m in self.memberships)

    @property
    def dept_membership(self):
        """The person's live department-officer membership (the first, if DoIT gave two), or None."""
        return min((m for m in self.memberships if m.role == Role.DEPT_OFFICER), key=lambda m: m.pk, default=None)

    @property
    def kiosk_membership(self):
        """The one kiosk the person works at now (F32), or None."""
        return next((m for m in self.memberships if m.role in KIOSK_ROLES), None)

    def at_kiosk(self, kiosk_id, roles=KIOSK_ROLES):
        m = self.kiosk_membership
        return m is not None and m.kiosk_id == kiosk_id and m.role in roles
