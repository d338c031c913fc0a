"""Commission rules as dated rows, volume tiers, and what each receipt line earned (issue 10 req. 1, 3, 5; F8).

A CommissionRule fixes what a rule is about for its whole life: its scope (one
service, one department, or all services) and the kiosks it is for (any, urban,
rural, or one volume tier). Its numbers live in RuleVersions: a draft is edited
and previewed; publishing makes it a dated row that is never edited again (a
change is the next version from a date). The version of a rule in force on a day
is its latest published version with valid_from on or before that day, unless
that version's valid_until has passed. LineCommission is what one receipt line
earned under one version: a copy of what the payment's ledger entry moved, so
that an old receipt can always be explained (STYLE 8).
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.core.i18n import HindiName


class Scope(models.TextChoices):
    SERVICE = "service", _("One service")
    DEPARTMENT = "department", _("A department's services")
    ALL = "all", _("All services")


class Category(models.TextChoices):
    ANY = "any", _("Any kiosk")
    URBAN = "urban", _("Urban kiosks")
    RURAL = "rural", _("Rural kiosks")
    TIER = "tier", _("Kiosks of one volume tier")


class Bearer(models.TextChoices):
    DEPARTMENT = "department", _("The department, out of its collection")
    CITIZEN = "citizen", _("The citizen, as the service charge on the receipt")


class Formula(models.TextChoices):
    FLAT = "flat", _("A flat amount")
    PERCENT = "percent", _("A percentage of the amount, with a minimum and maximum")
    SLAB = "slab", _("A slab table by amount")


class Share(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk")
    LSP = "lsp", _("LSP")
    DOIT = "doit", _("DoIT")


# "service over department over all; tier over category over any" (req. 1)
SCOPE_RANK = {Scope.SERVICE: 3, Scope.DEPARTMENT: 2, Scope.ALL: 1}
CATEGORY_RANK = {Category.TIER: 3, Category.URBAN: 2, Category.RURAL: 2, Category.ANY: 1}


class CommissionRule(HindiName, models.Model):
    """What a rule is about; fixed for its life. Its numbers are in its versions. Named in English
    and in Hindi (`local_name`, issue 12 req. 6)."""

    name = models.CharField(_("name"), max_length=120)
    name_hi = models.CharField(_("name in Hindi"), max_length=120, blank=True, db_default="")
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    service = models.ForeignKey("catalogue.Service", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("service"))
    department = models.ForeignKey("catalogue.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("department"))
    category = models.CharField(_("kiosks"), max_length=8, choices=Category.choices, default=Category.ANY)
    tier_code = models.CharField(_("tier"), max_length=8, blank=True)
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="service", service__isnull=False, department__isnull=True)
                           | Q(scope="department", service__isnull=True, department__isnull=False)
                           | Q(scope="all", service__isnull=True, department__isnull=True)),
                name="commissions_rule_scope_target"),
            models.CheckConstraint(condition=Q(category="tier", tier_code__gt="") | (~Q(category="tier") & Q(tier_code="")),
                                   name="commissions_rule_tier_only_for_tier"),
        ]

    def __str__(self):
        return self.local_name

    @property
    def specificity(self):
        return SCOPE_RANK[self.scope], CATEGORY_RANK[self.category]

    @property
    def key(self):
        """Two rules with the same key are of equal specificity for the same payments."""
        return self.scope, self.service_id, self.department_id, self.category, self.tier_code


class RuleVersion(models.Model):
    """One version of a rule: a draft (edited, previewed) or published (a dated row, never edited)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    rule = models.ForeignKey(CommissionRule, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until (last day)"), null=True, blank=True)
    bearer = models.CharField(_("who bears it"), max_length=10, choices=Bearer.choices)
    formula = models.CharField(_("formula"), max_length=8, choices=Formula.choices)
    flat_paise = models.BigIntegerField(null=True, blank=True)
    percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    min_paise = models.BigIntegerField(null=True, blank=True)
    max_paise = models.BigIntegerField(null=True, blank=True)
    # [{"from": paise, "to": paise or null, "paise": commission}, ...] in order, no gaps, no overlaps
    slabs = models.JSONField(default=list, blank=True)
    kiosk_percent = models.DecimalField(_("kiosk's share (%)"), max_digits=5, decimal_places=2)
    lsp_percent = models.DecimalField(_("LSP's share (%)"), max_digits=5, decimal_places=2)
    doit_percent = models.DecimalField(_("DoIT's share (%)"), max_digits=5, decimal_places=2)
    remainder_to = models.CharField(_("rounding remainder goes to"), max_length=5, choices=Share.choices,
                                    default=Share.KIOSK)
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rule", "-number"]
        indexes = [models.Index(fields=["status", "valid_from"], name="commissions_version_in_force")]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="commissions_version_number"),
            models.CheckConstraint(condition=Q(kiosk_percent__gte=0, lsp_percent__gte=0, doit_percent__gte=0),
                                   name="commissions_version_shares_not_negative"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                                   name="commissions_version_until_after_from"),
        ]

    def __str__(self):
        return f"{self.rule.local_name} v{self.number}"

    def save(self, *args, **kwargs):
        # A published version is a dated row: never edited (req. 1). Publishing itself is one
        # conditional UPDATE in services.publish, not a save().
        if self.pk and RuleVersion.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise ValidationError(_("A published rule version is never edited; make a new version."))
        super().save(*args, **kwargs)

    @property
    def label(self):
        return f"{self.rule.local_name} v{self.number}"

    @property
    def shares(self):
        return {Share.KIOSK: self.kiosk_percent, Share.LSP: self.lsp_percent, Share.DOIT: self.doit_percent}


class TierScale(models.Model):
    """DoIT's volume tiers from a date (req. 5): by last month's count of receipt lines or their value.
    Dated rows like the rules: the scale in force on a month's first day decides that month."""

    class Basis(models.TextChoices):
        COUNT = "count", _("Number of transactions last month")
        VALUE = "value", _("Value of transactions last month")

    valid_from = models.DateField(_("in force from"), unique=True)
    basis = models.CharField(_("measured by"), max_length=5, choices=Basis.choices)
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-valid_from"]

    def __str__(self):
        return f"tiers from {self.valid_from}"


class TierLevel(models.Model):
    """One tier of a scale: a kiosk whose last month reached `minimum` (a count, or paise) is in it."""

    scale = models.ForeignKey(TierScale, on_delete=models.PROTECT, related_name="levels")
    code = models.CharField(_("tier"), max_length=8)
    minimum = models.BigIntegerField(_("from"))

    class Meta:
        ordering = ["scale", "-minimum"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="commissions_tier_code"),
            models.UniqueConstraint(fields=["scale", "minimum"], name="commissions_tier_minimum"),
            models.CheckConstraint(condition=Q(minimum__gte=0), name="commissions_tier_minimum_not_negative"),
        ]

    def __str__(self):
        return self.code


class KioskTier(models.Model):
    """A kiosk's tier for one month, computed at the month's start from the month before (req. 5)."""

    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="the first day of the month")
    level = models.ForeignKey(TierLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tier_code = models.CharField(max_length=8, blank=True)
    count = models.PositiveIntegerField(default=0)
    value = models.BigIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["kiosk", "month"], name="commissions_kiosk_tier_month")]


class TierRun(models.Model):
    """The month's recomputation, done once (the scheduled sweep looks for this row)."""

    month = models.DateField(unique=True)
    scale = models.ForeignKey(TierScale, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kiosks = models.PositiveIntegerField(default=0)
    ran_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]


class LineCommission(models.Model):
    """What one receipt line earned, under which version, in which entry; and its reversal (req. 3, 4)."""

    line = models.OneToOneField("payments.ReceiptLine", on_delete=models.PROTECT, related_name="commission")
    version = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="+")
    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="+", db_index=False)
    lsp = models.ForeignKey("network.LSP", on_delete=models.PROTECT, related_name="+", db_index=False)
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+", db_index=False)
    accrued_at = models.DateTimeField(default=timezone.now)
    base = models.BigIntegerField(help_text="paise: the amount the formula was applied to")
    bearer = models.CharField(max_length=10, choices=Bearer.choices)
    total = models.BigIntegerField()
    kiosk_share = models.BigIntegerField()
    lsp_share = models.BigIntegerField()
    doit_share = models.BigIntegerField()
    entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    reversal_entry = models.ForeignKey("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["accrued_at", "id"]
        indexes = [
            models.Index(fields=["kiosk", "accrued_at"], name="commissions_line_kiosk"),
            models.Index(fields=["lsp", "accrued_at"], name="commissions_line_lsp"),
            models.Index(fields=["kiosk", "reversed_at"], name="commissions_line_kiosk_rev",
                         condition=Q(reversed_at__isnull=False)),
            models.Index(fields=["lsp", "reversed_at"], name="commissions_line_lsp_rev",
                         condition=Q(reversed_at__isnull=False)),
            # the lines an entry undid (reports.models.CommissionItem's "taken back"): the few reversed
            # lines only; the foreign key's own index holds every line's NULL, and PostgreSQL walked all
            # of it (3 million entries at 5,000,000 lines) to join a month of a kiosk's postings
            models.Index(fields=["reversal_entry"], name="commissions_line_reversal",
                         condition=Q(reversal_entry__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0, kiosk_share__gte=0, lsp_share__gte=0, doit_share__gte=0),
                name="commissions_line_not_negative"),
            models.CheckConstraint(condition=Q(total=models.F("kiosk_share") + models.F("lsp_share")
                                               + models.F("doit_share")),
                                   name="commissions_line_shares_sum"),
        ]
