"""Issuing and revoking a department's API client (F29, issue 11 req. 9).

- One live client per department (a partial unique index, so two DoIT officers
  issuing at once cannot both succeed); a new one is issued after the old one is
  revoked.
- The client is a confidential application of the bundled provider
  (django-oauth-toolkit) with the client-credentials grant only. Its secret is
  made here, handed back once and stored only as the toolkit's hash.
- Revoking deletes the toolkit's application, and so every token of the client,
  at once; the DepartmentClient row stays for the audit log.
Each change writes an audit row.
"""
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model

from emitra.core import audit
from emitra.deptapi.models import SCOPES, DepartmentClient


class ClientError(Exception):
    def __init__(self, message, field=None):
        self.text, self.field = str(message), field
        super().__init__(self.text)


def live_client(department):
    return DepartmentClient.objects.filter(department=department, revoked_at__isnull=True).first()


def issue_client(department, *, scopes, by):
    """A new API client for the department: (DepartmentClient, its secret in clear, shown once)."""
    scopes = [s for s in SCOPES if s in set(scopes)]
    if not scopes:
        raise ClientError(_("Choose at least one scope."), "scopes")
    if not department.active:
        raise ClientError(_("This department is not active."), "department")
    Application = get_application_model()
    client_id = f"dept-{department.code.lower()}-{secrets.token_hex(4)}"
    secret = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            if live_client(department) is not None:
                raise ClientError(_("%(department)s has a live client: revoke it first.")
                                  % {"department": department.name}, "department")
            app = Application.objects.create(
                name=f"{department.code} department API"[:255], client_id=client_id, client_secret=secret,
                client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
                redirect_uris="", hash_client_secret=True, skip_authorization=False)
            client = DepartmentClient.objects.create(department=department, application=app,
                                                     client_id=client_id, scopes=" ".join(scopes), issued_by=by)
            audit.record("deptapi.client_issued", actor=by, target=client,
                         department=department.code, client_id=client_id,
                         scopes=" ".join(scopes))
    except IntegrityError:  # another officer issued one at the same moment
        raise ClientError(_("%(department)s has a live client: revoke it first.")
                          % {"department": department.name}, "department") from None
    return client, secret


def revoke_client(client, *, by):
    """Revoke the client: its tokens stop working at once and it can get no new one."""
    with transaction.atomic():
        if not DepartmentClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_by=by):
            return client
        if client.application_id:
            get_application_model().objects.filter(pk=client.application_id).delete()
        client.refresh_from_db()
        audit.record("deptapi.client_revoked", actor=by, target=client,
                     department=client.department.code,
                     client_id=client.client_id)
    return client
