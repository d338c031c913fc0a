from django.db import models
from django.utils.translation import gettext_lazy as _

from emitra.core import audit_texts


class AuditEvent(models.Model):
    """One state change: who, what, when and from which kiosk (issue 2, req. 7).

    Rows are only ever added. The actor is stored by value (SSO ID and person
    id) so that the log stands on its own and core depends on no other app.
    A row written while serving the department API (F29, issue 11 req. 9) has
    channel "api" and the OAuth client's id: a department's system is no person.
    """

    class Channel(models.TextChoices):
        WEB = "", _("portal")
        API = "api", _("department API")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_sso_id = models.CharField(max_length=30, blank=True, db_index=True)
    kiosk_code = models.CharField(max_length=20, blank=True, db_index=True)
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=3, blank=True, default="", choices=Channel.choices)
    api_client = models.CharField(_("API client"), max_length=100, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        indexes = [
            # the sign-in limits count recent failures of one SSO ID and of one address (issue 9 item 8)
            models.Index(fields=["action", "actor_sso_id", "at"], name="audit_action_sso_id_at"),
            models.Index(fields=["action", "ip", "at"], name="audit_action_ip_at"),
            # DoIT's reports of one kind of event by day (issue 13: duplicate warnings overridden)
            models.Index(fields=["action", "at"], name="audit_action_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_sso_id} {self.action}"

    @property
    def details(self):
        """What the row says, in the active language (issue 12 req. 6; core.audit_texts)."""
        return audit_texts.describe(self.action, self.detail, self.summary)
