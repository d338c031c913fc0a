"""The citizen's document locker (F30): a document uploaded once is never uploaded again.

- DocumentKind: what a document is (Aadhaar, photo, income proof ...), as data: DoIT
  adds kinds in the portal, so a new kind needs no code or migration.
- Locker: one per citizen. Keyed by the citizen's SSO person when they have one; else
  a consumer locker keyed by a mobile number proved with a one-time code. A consumer
  locker joins a person's locker when that person proves the same mobile with a code
  (services.join_mobile); it then points to the person's locker (merged_into).
- Blob: the bytes, stored once by their SHA-256 however often they are uploaded or
  attached, in any locker.
- Document: a blob in a locker, of a kind, with where it came from: an upload, or
  DigiLocker (issuer-verified, with the DigiLocker URI). The same bytes are in one
  locker at most once (the second upload returns the first Document).
- MobileCode: a one-time code sent by SMS; only its keyed hash is stored.
- LockerGrant: a kiosk working for a citizen, for one visit; while live, the kiosk's
  holder and operators see the locker and upload into it (see emitra.documents.access).
"""
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.core import files
from emitra.core.i18n import BilingualName


def new_token():
    """The secret part of a document's URL: 192 random bits, so a URL cannot be guessed or derived."""
    return secrets.token_urlsafe(24)


class DocumentKind(BilingualName, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Lower-case letters, digits, hyphens and underscores, e.g. income_proof. "
                                        "Application forms name kinds by this code; it cannot be changed later."))
    name_en = models.CharField(_("name in English"), max_length=80)
    name_hi = models.CharField(_("name in Hindi"), max_length=80)
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Only active kinds can be chosen for a new upload."))

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("document kind")



class Locker(models.Model):
    person = models.OneToOneField("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="locker")
    # The mobile proved by a one-time code: a consumer locker's key; on a person's
    # locker, the mobile the person proved (a kiosk that verifies it opens this locker).
    mobile = models.CharField(max_length=10, blank=True)
    mobile_verified_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    merged_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # one live locker answers for a mobile
            models.UniqueConstraint(fields=["mobile"], condition=~Q(mobile="") & Q(merged_into__isnull=True),
                                    name="documents_one_live_locker_per_mobile"),
            # a consumer locker has its verified mobile; only consumer lockers are merged
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(mobile=""),
                                   name="documents_locker_has_a_key"),
            models.CheckConstraint(condition=Q(merged_into__isnull=True) | Q(person__isnull=True),
                                   name="documents_only_consumer_lockers_merge"),
        ]

    def __str__(self):
        if self.person_id:
            return f"locker of {self.person}"
        return f"locker of mobile {self.masked_mobile}"

    @property
    def masked_mobile(self):
        return "*" * max(len(self.mobile) - 4, 0) + self.mobile[-4:]

    @property
    def live(self):
        """The locker that holds this one's documents now: itself, or the person's it joined."""
        return self.merged_into if self.merged_into_id else self


class Blob(models.Model):
    CONTENT_TYPES = [(files.PDF, "PDF"), (files.JPEG, "JPEG"), (files.PNG, "PNG")]

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=20, choices=CONTENT_TYPES)
    storage_name = models.CharField(max_length=255)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.sha256[:12]} {self.content_type} {self.size}"

    @property
    def extension(self):
        return files.EXTENSIONS[self.content_type]

    @property
    def type_label(self):
        return files.LABELS[self.content_type]


class Document(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded")
        DIGILOCKER = "digilocker", _("DigiLocker")

    locker = models.ForeignKey(Locker, on_delete=models.PROTECT, related_name="documents")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=120, blank=True)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="documents")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    # True only for a document fetched from its issuer through DigiLocker (F30, issue 11 req. 7)
    issuer_verified = models.BooleanField(default=False)
    digilocker_uri = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    kiosk = models.ForeignKey("network.Kiosk", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="The kiosk where it was uploaded for the citizen, if any.")
    original_name = models.CharField(max_length=200, blank=True)
    token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["locker", "blob"], name="documents_same_bytes_once_per_locker"),
            models.UniqueConstraint(fields=["locker", "digilocker_uri"], condition=~Q(digilocker_uri=""),
                                    name="documents_digilocker_uri_once_per_locker"),
            # only DigiLocker can vouch for a document's issuer
            models.CheckConstraint(condition=Q(source="digilocker") | Q(issuer_verified=False, digilocker_uri=""),
                                   name="documents_only_digilocker_is_issuer_verified"),
        ]

    def __str__(self):
        return f"{self.kind.code} {self.display_title} ({self.pk})"

    @property
    def display_title(self):
        return self.title or self.kind.name

    @property
    def download_name(self):
        """A file name made of data we chose, never of what was typed or uploaded."""
        return f"{self.kind.code}-{self.pk}.{self.blob.extension}"


class MobileCode(models.Model):
    """A one-time code sent to a mobile by SMS (F30): proves the person at hand holds it.

    Only a keyed hash is stored. It expires, is used once, allows MAX_ATTEMPTS wrong
    tries, and counts towards the send limits of its mobile and its requester.
    `for_person` is set when the code asks an SSO citizen's consent through the mobile
    of their SSO ID; `kiosk` when a kiosk asked for it.
    """

    MAX_ATTEMPTS = 5

    mobile = models.CharField(max_length=10)
    for_person = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    requested_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    kiosk = models.ForeignKey("network.Kiosk", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["mobile", "created"], name="documents_code_mobile"),
                   models.Index(fields=["requested_by", "created"], name="documents_code_requester")]


class LockerGrantQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(ended_at__isnull=True, expires_at__gt=now or timezone.now())


class LockerGrant(models.Model):
    """A kiosk working for a citizen for one visit (F30).

    Opened by the kiosk with the citizen's one-time code; while live (not ended and not
    expired) the kiosk's holder and operators see the locker's documents and upload into
    it. It ends at expires_at (settings.LOCKER_GRANT_MINUTES after opening), or earlier
    when the kiosk says it is done or the citizen ends it from "My documents".
    """

    class How(models.TextChoices):
        MOBILE = "mobile", _("code sent to the citizen's mobile")
        SSO = "sso", _("code sent to the mobile of the citizen's SSO ID")

    locker = models.ForeignKey(Locker, on_delete=models.PROTECT, related_name="grants")
    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="locker_grants")
    opened_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    how = models.CharField(max_length=6, choices=How.choices)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    objects = LockerGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["kiosk", "expires_at"], name="documents_grant_kiosk")]

    def is_live(self, now=None):
        return self.ended_at is None and self.expires_at > (now or timezone.now())
