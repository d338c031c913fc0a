"""The catalogue: departments, their offices and revenue heads, the services sold
at kiosks, their use by kiosks and people's favourites (issue 4 req. 1-3, F19, F27).

A Service carries everything a cart line needs: what the citizen pays
(`Service.charges`), how that splits into the department's revenue heads, which
biller adapter fetches the bill, whether the department must confirm first, and
how long a receipt line may be cancelled.
"""
from dataclasses import dataclass

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emitra.catalogue import search
from emitra.core.i18n import BilingualName, HindiName


code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]*$",
    _("Use capital letters, digits, hyphens and underscores only."),
)


class AmountNotAllowed(ValueError):
    """An amount that the service's amount rule does not allow."""


class CatalogueStamp(models.Model):
    """One row whose random stamp changes with every catalogue change (F19).

    Search processes compare it with the stamp of their in-memory index; see
    `emitra.catalogue.search`.
    """

    stamp = models.CharField(max_length=32, default=search.new_stamp)
    changed_at = models.DateTimeField(auto_now=True)

    @classmethod
    def current(cls):
        stamp = cls.objects.filter(pk=1).values_list("stamp", flat=True).first()
        return stamp or ""

    @classmethod
    def renew(cls):
        """Give the catalogue a new stamp, inside the caller's transaction."""
        updated = cls.objects.filter(pk=1).update(stamp=search.new_stamp())
        if not updated:
            cls.objects.update_or_create(pk=1, defaults={"stamp": search.new_stamp()})


class Department(BilingualName, models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name_en = models.CharField(_("name in English"), max_length=150)
    name_hi = models.CharField(_("name in Hindi"), max_length=150)
    # F20: a cheque for the department's services is drawn in this name (issue 9 item 23)
    payee_name = models.CharField(
        _("cheques payable to"), max_length=150, blank=True,
        help_text=_("The name a cheque for this department's services must be drawn in, as its bank account "
                    "holds it. Blank: the department's name in English."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("department")

    @property
    def cheque_payee(self):
        """The name a cheque must be drawn in (F20): the payee name, else the English name."""
        return self.payee_name or self.name_en


class Office(BilingualName, models.Model):
    """A department's office at state, district or tehsil level; applications go to one."""

    class Level(models.TextChoices):
        STATE = "state", _("State")
        DISTRICT = "district", _("District")
        TEHSIL = "tehsil", _("Tehsil")

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="offices")
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_en = models.CharField(_("name in English"), max_length=150)
    name_hi = models.CharField(_("name in Hindi"), max_length=150)
    # network.District.code; by value so that the catalogue stands without the network
    district_code = models.CharField(_("district code"), max_length=10, blank=True, db_index=True)
    # network.Tehsil.code of a tehsil office, by value like district_code (issue 11 req. 2);
    # blank for state and district offices, and for tehsil offices recorded before tehsils were known
    tehsil_code = models.CharField(_("tehsil code"), max_length=40, blank=True, db_index=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["department", "level", "name_en"]
        verbose_name = _("office")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="state", parent__isnull=True) | ~Q(level="state"),
                name="catalogue_office_state_has_no_parent",
            ),
        ]


class RevenueHead(HindiName, models.Model):
    """A budget head of a department into which (part of) a fee is credited; named in English
    and in Hindi (`local_name`, issue 12 req. 6)."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="revenue_heads")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    name_hi = models.CharField(_("name in Hindi"), max_length=150, blank=True, db_default="")

    class Meta:
        ordering = ["department", "code"]
        verbose_name = _("revenue head")
        constraints = [
            models.UniqueConstraint(fields=["department", "code"], name="catalogue_head_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.local_name}"


@dataclass(frozen=True)
class Charges:
    """What one cart line of a service costs, in paise (see Service.charges)."""

    government_amount: int
    service_charge: int
    service: "Service"

    @property
    def total(self):
        return self.government_amount + self.service_charge

    @property
    def parts(self):
        """((RevenueHead, paise), ...) summing to government_amount, read when asked for: a cart
        line needs the amounts only, so adding one reads no fee parts (issue 14)."""
        return self.service.split(self.government_amount)


class Service(BilingualName, models.Model):
    class Kind(models.TextChoices):
        BILL_PAYMENT = "bill_payment", _("Bill payment")
        APPLICATION = "application", _("Application")

    class AmountRule(models.TextChoices):
        FIXED = "fixed", _("Fixed fee")
        BILL_EXACT = "bill_exact", _("Amount of the bill, exactly")
        BILL_ANY = "bill_any", _("Amount from the bill, any amount allowed")

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name_en = models.CharField(_("name in English"), max_length=200)
    name_hi = models.CharField(_("name in Hindi"), max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount_rule = models.CharField(
        _("amount rule"), max_length=20, choices=AmountRule.choices, default=AmountRule.FIXED
    )
    government_fee = models.BigIntegerField(
        _("government fee (paise)"), default=0, validators=[MinValueValidator(0)],
        help_text=_("For a fixed fee; bills bring their own amount."),
    )
    service_charge = models.BigIntegerField(
        _("service charge (paise)"), default=0, validators=[MinValueValidator(0)]
    )
    keywords = models.TextField(
        _("keywords"), blank=True,
        help_text=_("Other words people use for it: English, Hindi, Hindi in Roman letters."),
    )
    active = models.BooleanField(_("active"), default=True)
    cancellation_window_hours = models.PositiveIntegerField(_("cancellation window (hours)"), default=24)
    needs_department_confirmation = models.BooleanField(
        _("department must confirm payment"), default=False
    )
    biller_code = models.CharField(
        _("biller"), max_length=30, blank=True,
        help_text=_("The biller adapter that fetches bills, e.g. demo."),
    )
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("service")
        constraints = [
            models.CheckConstraint(condition=Q(government_fee__gte=0), name="catalogue_service_fee_not_negative"),
            models.CheckConstraint(condition=Q(service_charge__gte=0), name="catalogue_service_charge_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = self.make_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "updated_at"}
        super().save(*args, **kwargs)

    def make_search_text(self, department=None):
        department = department or self.department
        return search.search_text(
            names=f"{self.name_en} {self.name_hi}",
            code=self.code.replace("-", " ").replace("_", " ") + " " + self.code,
            keywords=self.keywords,
            department=f"{department.code} {department.name_en} {department.name_hi}",
        )

    @property
    def is_bill(self):
        return self.amount_rule != self.AmountRule.FIXED

    @property
    def fixed_total(self):
        """What the citizen pays for a fixed-fee service; None when a bill decides."""
        return None if self.is_bill else self.government_fee + self.service_charge

    def charges(self, bill_amount=None, amount=None):
        """The charges of one cart line: the rule of the service decides the government amount.

        fixed: the government fee, whatever is asked; bill_exact: the bill's
        amount and nothing else; bill_any: any positive amount (part payment,
        advance), default the bill's. Raises AmountNotAllowed otherwise.
        """
        if self.amount_rule == self.AmountRule.FIXED:
            government = self.government_fee
        elif self.amount_rule == self.AmountRule.BILL_EXACT:
            if bill_amount is None or bill_amount <= 0:
                raise AmountNotAllowed(_("This service needs the amount of a fetched bill."))
            if amount is not None and amount != bill_amount:
                raise AmountNotAllowed(_("This bill must be paid in full, exactly as billed."))
            government = bill_amount
        else:
            government = amount if amount is not None else bill_amount
            if government is None or government <= 0:
                raise AmountNotAllowed(_("Enter an amount above zero."))
        return Charges(government, self.service_charge, self)

    def split(self, government_amount):
        """Split a government amount into revenue heads.

        Fixed parts are taken as stored when they add up to the amount (a
        fixed fee); otherwise the whole amount goes to the first head (a bill
        has one head), or to no head if the service names none.
        """
        parts = list(self.fee_parts.select_related("head"))
        if parts and sum(p.amount for p in parts) == government_amount:
            return tuple((p.head, p.amount) for p in parts)
        if parts:
            return ((parts[0].head, government_amount),)
        return ()


class ServiceFeePart(models.Model):
    """The share of a service's government fee that goes to one revenue head."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fee_parts")
    head = models.ForeignKey(RevenueHead, on_delete=models.PROTECT, related_name="fee_parts")
    amount = models.BigIntegerField(_("amount (paise)"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "head"], name="catalogue_fee_part_unique_head"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="catalogue_fee_part_not_negative"),
        ]

    def __str__(self):
        return f"{self.service.code} {self.head.code} {self.amount}"


class ServiceUseDay(models.Model):
    """How often a kiosk used a service on one day: the ranking signal of search (F19).

    One row per kiosk, service and day, bumped by `services.record_use` with a
    single conditional UPDATE, so that busy kiosks never read-then-write.
    """

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kiosk", "day", "service"], name="catalogue_use_one_row_a_day"),
        ]


class Favourite(models.Model):
    """A service or a page a person starred, to open it in one click (F27).

    Exactly one of service and path is set. A path is a local URL path with
    its query string (a report with its filters), never a full address.
    """

    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="favourites")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=500, blank=True)
    title = models.CharField(_("title"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(service__isnull=False) & Q(path="")) | (Q(service__isnull=True) & ~Q(path="")),
                name="catalogue_favourite_service_or_path",
            ),
            models.UniqueConstraint(
                fields=["person", "service"], condition=Q(service__isnull=False),
                name="catalogue_favourite_unique_service",
            ),
            models.UniqueConstraint(
                fields=["person", "path"], condition=~Q(path=""),
                name="catalogue_favourite_unique_path",
            ),
        ]

    def __str__(self):
        return self.title
