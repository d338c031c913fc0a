"""A department's API client (F29, issue 11 req. 9).

DoIT issues one live client per department at the bundled identity provider
(django-oauth-toolkit, emitra.sso): a confidential OAuth 2.0 application with the
client-credentials grant only, and the scopes DoIT chose. The secret is stored
hashed by the toolkit and shown once, when issued. Revoking deletes the toolkit's
application (and with it every token it holds), so no token of the client is
accepted and no new one is issued; this row stays, so that the audit log's client
id still names a department.
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

# What a department's system may do, each granted per client by DoIT.
SCOPES = {
    "applications:read": _("Read the department's applications and their documents"),
    "applications:write": _("Decide applications: change a status with a remark and an output document"),
    "collections:read": _("Read the department's collections (receipt lines)"),
}


class DepartmentClient(models.Model):
    department = models.ForeignKey("catalogue.Department", on_delete=models.PROTECT, related_name="api_clients")
    application = models.OneToOneField(oauth2_settings.APPLICATION_MODEL, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="department_client")
    client_id = models.CharField(_("client id"), max_length=100, unique=True)
    scopes = models.CharField(_("scopes"), max_length=200)
    issued_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["department__name_en", "-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["department"], condition=Q(revoked_at__isnull=True),
                                    name="deptapi_one_live_client_per_department"),
        ]

    def __str__(self):
        return self.client_id

    @property
    def scope_list(self):
        return self.scopes.split()

    @property
    def is_live(self):
        return self.revoked_at is None and self.application_id is not None
