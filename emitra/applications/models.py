"""Citizens' applications for services to department offices (issue 11; F25, F29).

Not the kiosk onboarding's KioskApplication (emitra.network): these are a
citizen's applications for a certificate, a card or a pension, filed at a kiosk.

- FormDefinition: the form of one application service as data, in versions
  (req. 1). A version is never edited: DoIT's change makes the next version,
  which new applications use; an application keeps the version it was filled with.
- Application: one citizen's application: the answers, the destination office,
  where it stands in the workflow (emitra.applications.workflow), its fee's
  receipt line and its due date (req. 2-5).
- ApplicationEvent: every move, who made it, when, with the remark (req. 3).
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emitra.applications.workflow import State
from emitra.core.i18n import in_page_language


class FormDefinition(models.Model):
    """One version of a service's application form (req. 1).

    `fields` is a list of field dicts (see emitra.applications.formdefs): key,
    type, labels in English and Hindi, required, checks. Rows are only added.
    """

    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="form_versions")
    version = models.PositiveIntegerField()
    fields = models.JSONField(default=list)
    sla_days = models.PositiveSmallIntegerField(_("delivery within (days)"))
    output_en = models.CharField(_("what is issued (English)"), max_length=150)
    output_hi = models.CharField(_("what is issued (Hindi)"), max_length=150)
    created_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="applications_form_version"),
        ]

    def __str__(self):
        return f"{self.service.code} v{self.version}"

    @property
    def output(self):
        return in_page_language(self.output_en, self.output_hi)


class Application(models.Model):
    number = models.CharField(_("application number"), max_length=20, unique=True)
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(FormDefinition, on_delete=models.PROTECT, related_name="applications")
    kiosk = models.ForeignKey("network.Kiosk", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    # the applicant
    applicant_name = models.CharField(_("applicant's name"), max_length=120)
    mobile = models.CharField(_("mobile"), max_length=10)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language for messages"), max_length=2, default="hi")
    applicant_sso_id = models.CharField(_("applicant's SSO ID"), max_length=30, blank=True, db_index=True)
    answers = models.JSONField(default=dict)
    # where the applicant lives (from the form's first address, else the kiosk's place): routing (req. 2)
    district_code = models.CharField(max_length=10, blank=True)
    tehsil_code = models.CharField(max_length=40, blank=True)
    office = models.ForeignKey("catalogue.Office", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("destination office"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    # set by the first move of any office and never cleared: cancelling the fee may then
    # no longer withdraw the application (req. 5)
    office_acted = models.BooleanField(default=False)
    fee_total = models.BigIntegerField(default=0)
    fee_line = models.OneToOneField("payments.ReceiptLine", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(_("expected delivery"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # the output a department's system sent with its approval through the API (F29, req. 9); when
    # set, it is the certificate the kiosk, the citizen and the office download
    output_blob = models.ForeignKey("documents.Blob", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("output document"))
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["kiosk", "state"], name="applications_kiosk_state"),
            models.Index(fields=["office", "state", "due_date"], name="applications_inbox"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(fee_total__gte=0), name="applications_fee_not_negative"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_sent_back(self):
        return self.state in (State.SENT_BACK, State.WRONG_OFFICE)


class ApplicationEvent(models.Model):
    """One move of an application: who, when, from and to which state, with the remark (req. 3)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey("accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    office = models.ForeignKey("catalogue.Office", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    remark = models.CharField(max_length=500, blank=True)
    # the department API client that made the move, when a department's system made it (req. 9)
    via = models.CharField(max_length=100, blank=True, default="")
    # what a re-submission changed: {field key: [before, after]}, {"office": [code, code]}
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


class ApplicationDocument(models.Model):
    """A document of the citizen's locker attached to one document slot of an application (F30).

    The document stays in the locker (stored once however often it is attached);
    this row says which slot it fills. One document per slot.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    slot = models.CharField(max_length=30)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    attached_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "slot"], name="applications_one_document_a_slot"),
        ]


class ApplicationCounter(models.Model):
    """The last application serial of a month (yymm), bumped by one conditional UPDATE."""

    period = models.CharField(max_length=4, primary_key=True)
    last = models.BigIntegerField(default=0)
