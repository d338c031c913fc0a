"""The outbox (F26): one row per SMS or e-mail to one person.

A row is written inside the transaction of the operation that causes it (a
payment, a cancellation), so a message exists exactly when its cause was
committed. The worker moves it queued -> sending -> sent, or back to queued
with a later next_attempt_at after a gateway error, and finally to failed
where DoIT sees it (doit/messages/).
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        HINDI = "hi", "हिन्दी"

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(max_length=5, choices=Channel.choices)
    to = models.CharField(max_length=254)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    template = models.CharField(max_length=40)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    dlt_template_id = models.CharField(max_length=40, blank=True)
    ref = models.CharField(max_length=64, blank=True, db_index=True,
                           help_text="The business object it is about, e.g. receipt:123.")
    # The caller's idempotency key; also the gateway's client reference and the
    # e-mail's Message-ID, so that a resend after a crash is recognised there.
    key = models.CharField(max_length=120, unique=True)
    state = models.CharField(max_length=7, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    gateway_ref = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="notif_msg_due")]

    def __str__(self):
        return f"{self.channel} to {self.to} ({self.template}, {self.state})"
