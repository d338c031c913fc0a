"""The kiosk network: DoIT, LSPs, districts, kiosks, and kiosk onboarding (F6)."""
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from emitra.core.i18n import BilingualName

ifsc_validator = RegexValidator(r"^[A-Z]{4}0[A-Z0-9]{6}$", _("An IFSC has 11 characters, like SBIN0001234."))
account_no_validator = RegexValidator(r"^[0-9]{9,18}$", _("A bank account number has 9 to 18 digits."))


class LSP(models.Model):
    """A Local Service Provider: runs the kiosks of one or more districts."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "LSP"
        ordering = ["name"]

    def __str__(self):
        return self.name


class District(BilingualName, models.Model):
    code = models.CharField(max_length=3, unique=True, help_text="three letters, e.g. JPR")
    name_en = models.CharField(max_length=60)
    name_hi = models.CharField(max_length=60)
    lsp = models.ForeignKey(LSP, null=True, blank=True, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["name_en"]



class Tehsil(BilingualName, models.Model):
    """A tehsil (sub-division of a district): where a citizen lives and a kiosk stands decides
    which tehsil office an application goes to (issue 11 req. 2). Code: district code and name,
    e.g. JPR-SANGANER; catalogue.Office.tehsil_code names it by value."""

    code = models.CharField(max_length=40, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="tehsils")
    name_en = models.CharField(max_length=60)
    name_hi = models.CharField(max_length=60)

    class Meta:
        ordering = ["district__name_en", "name_en"]



class Area(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class Kiosk(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("kiosk code"), max_length=20, unique=True)
    name = models.CharField(_("kiosk name"), max_length=120)
    address = models.CharField(_("address"), max_length=300)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="kiosks")
    # Nullable: kiosks opened before tehsils were known record none (issue 11 req. 2)
    tehsil = models.ForeignKey(Tehsil, null=True, blank=True, on_delete=models.PROTECT, related_name="kiosks",
                               verbose_name=_("tehsil"))
    area = models.CharField(_("area"), max_length=5, choices=Area.choices)
    lsp = models.ForeignKey(LSP, on_delete=models.PROTECT, related_name="kiosks")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    holder = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="kiosks_held")
    bank_account_name = models.CharField(max_length=100)
    bank_account_no = models.CharField(max_length=18, validators=[account_no_validator])
    ifsc = models.CharField(max_length=11, validators=[ifsc_validator])
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class KioskApplication(models.Model):
    """A citizen's application to open a kiosk (F6).

    submitted -> (LSP) verified | returned; returned -> (applicant) submitted;
    verified -> (DoIT) approved | rejected. Every step is an ApplicationStep.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the LSP")
        RETURNED = "returned", _("Returned to you for correction")
        VERIFIED = "verified", _("Verified by the LSP, waiting for DoIT")
        APPROVED = "approved", _("Approved: kiosk opened")
        REJECTED = "rejected", _("Rejected")

    applicant = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="kiosk_applications")
    shop_name = models.CharField(_("kiosk (shop) name"), max_length=120)
    address = models.CharField(_("address of the shop"), max_length=300)
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("district"))
    area = models.CharField(_("area"), max_length=5, choices=Area.choices)
    bank_account_name = models.CharField(_("name on the bank account"), max_length=100)
    bank_account_no = models.CharField(_("bank account number"), max_length=18, validators=[account_no_validator])
    ifsc = models.CharField(_("IFSC of the branch"), max_length=11, validators=[ifsc_validator])
    id_proof = models.FileField(_("identity proof (PDF or image)"), upload_to="kiosk-applications/%Y/%m/")
    address_proof = models.FileField(_("proof of the shop's address (PDF or image)"), upload_to="kiosk-applications/%Y/%m/")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    kiosk = models.OneToOneField(Kiosk, null=True, blank=True, on_delete=models.PROTECT, related_name="application")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]

    def __str__(self):
        return f"#{self.pk} {self.shop_name}"

    @property
    def lsp(self):
        return self.district.lsp


class ApplicationStep(models.Model):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        RESUBMITTED = "resubmitted", _("Corrected and sent again")
        VERIFIED = "verified", _("Verified by the LSP")
        APPROVED = "approved", _("Approved by DoIT")
        REJECTED = "rejected", _("Rejected by DoIT")

    application = models.ForeignKey(KioskApplication, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    remarks = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
