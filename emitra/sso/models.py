"""The bundled identity provider's accounts (F2, F7).

An Identity is one person's SSO ID at the state's single sign-on. The portal
itself never reads this table: it knows people only through OIDC claims
(accounts.Person), so the same portal works against any external issuer.
"""
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings


def normalise_sso_id(value):
    """SSO IDs are case-insensitive: they are stored and compared upper-cased."""
    return (value or "").strip().upper()


class IdentityManager(BaseUserManager):
    def create_user(self, sso_id, password=None, **fields):
        identity = self.model(sso_id=normalise_sso_id(sso_id), **fields)
        identity.set_password(password)
        identity.save(using=self._db)
        return identity

    def get_by_natural_key(self, sso_id):
        return self.get(sso_id=normalise_sso_id(sso_id))


class Identity(AbstractBaseUser):
    sso_id = models.CharField(_("SSO ID"), max_length=30, unique=True)
    name = models.CharField(_("full name"), max_length=100)
    mobile = models.CharField(_("mobile number"), max_length=10)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = IdentityManager()

    USERNAME_FIELD = "sso_id"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name", "mobile"]

    class Meta:
        verbose_name = _("SSO identity")
        constraints = [
            models.UniqueConstraint(Upper("sso_id"), name="sso_id_case_insensitive"),
        ]

    def __str__(self):
        return self.sso_id

    # Django's auth asks these of a user model.
    @property
    def is_staff(self):
        return False

    @property
    def is_superuser(self):
        return False

    def has_perm(self, perm, obj=None):
        return False

    def has_module_perms(self, app_label):
        return False


def hash_code(code):
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


class ResetCode(models.Model):
    """A one-time code for resetting a forgotten password (issue 2, req. 4).

    Only a keyed hash is stored; a code expires, is used once, and allows a
    few wrong tries before it dies.
    """

    MAX_ATTEMPTS = 5

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def is_live(self):
        return self.used_at is None and self.attempts < self.MAX_ATTEMPTS and self.expires_at > timezone.now()


class NativeClient(models.Model):
    """A client of the bundled provider registered as a native app (RFC 8252; issue 9 item 11).

    Only such a client's loopback redirect URIs (http://127.0.0.1/..., [::1])
    match on any port, as a desktop app listening on a port of the moment needs.
    Every other client, the portal first of all, is a web client whose redirect
    and post-logout URIs must be exactly as registered.
    """

    application = models.OneToOneField(oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE,
                                       related_name="native")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("native-app client")
