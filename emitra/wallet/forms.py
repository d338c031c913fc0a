"""Forms of the wallet pages. Amounts are typed in rupees and cleaned to paise;
every form that moves money carries an idempotency key made when it is shown."""
import re
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.core.confirmation import SealField
from emitra.core.forms import DateField, Form, RupeesField
from emitra.wallet.services import MAX_TOPUP, normalise_utr

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
UTR_RE = re.compile(r"^[A-Z0-9]{12,22}$")


class KeyedForm(Form):
    """A form with a hidden idempotency key: the same POST sent twice has one effect.

    A POST without a well-formed key (not from our page) is refused and the
    form is shown again with a fresh key.
    """

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, data=None, *args, **kwargs):
        self.key_missing = False
        if data is not None and not KEY_RE.match(data.get("key", "") or ""):
            data = data.copy()
            data["key"] = uuid.uuid4().hex
            self.key_missing = True
        super().__init__(data, *args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)

    def clean(self):
        cleaned = super().clean()
        if self.key_missing:
            raise forms.ValidationError(_("This form was out of date. Check it and send it again."))
        return cleaned



class TopUpForm(KeyedForm):
    amount = RupeesField(label=_("Amount transferred (₹)"), maximum=MAX_TOPUP)
    utr = forms.CharField(label=_("UTR (bank reference of the transfer)"), max_length=30,
                          help_text=_("12 to 22 letters and digits, from your bank's SMS or statement"))
    transferred_on = DateField(label=_("Date of transfer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("transferred_on", timezone.localdate())

    def clean_utr(self):
        utr = normalise_utr(self.cleaned_data["utr"])
        if not UTR_RE.match(utr):
            raise forms.ValidationError(_("A UTR has 12 to 22 letters and digits."))
        return utr


class GatewayTopUpForm(KeyedForm):
    amount = RupeesField(label=_("Amount to pay online (₹)"), maximum=MAX_TOPUP)


class ReasonForm(KeyedForm):
    reason = forms.CharField(label=_("Reason (the holder reads it)"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2, "cols": 40}))


class ConfirmForm(KeyedForm):
    """A button that moves money after the person has seen what moves: the key, and the seal
    of what the page showed (emitra.core.confirmation; issue 9 items 1-2)."""

    seen = SealField()


class DepositForm(KeyedForm):
    kiosk = forms.ChoiceField(label=_("Kiosk"))
    amount = RupeesField(label=_("Security deposit received (₹)"), maximum=MAX_TOPUP)
    reference = forms.CharField(label=_("Receipt, DD or UTR number"), max_length=40)
    received_on = DateField(label=_("Received on"))
    # the seal of the confirmation page (issue 9 item 2): without it the form shows that page, never posts
    seen = SealField()

    def __init__(self, *args, kiosks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kiosk"].choices = [("", _("Choose the kiosk"))] + [(k.code, f"{k.code} {k.name}") for k in kiosks]
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


class LimitRequestForm(KeyedForm):
    amount = RupeesField(label=_("Credit limit you need (₹)"))
    seen = SealField()  # the limit the page showed (issue 9 item 4)


class GrantForm(KeyedForm):
    amount = RupeesField(label=_("Limit to grant (₹)"))
    decide_again = forms.BooleanField(
        label=_("I have seen how the limit changed since the request: grant this limit"), required=False)
    seen = SealField()  # the request and the limit the page showed (issue 9 item 4)


class RefuseForm(ReasonForm):
    seen = SealField()


class CreditRuleForm(Form):
    valid_from = DateField(label=_("In force from"))
    deposit_percent = forms.IntegerField(label=_("Up to this percent of the security deposit"), min_value=0,
                                         max_value=1000)
    volume_days = forms.IntegerField(label=_("Or up to this many days of average daily debits (last 30 days)"),
                                     min_value=0, max_value=90)
    auto_max = RupeesField(label=_("Highest limit approved at once (₹)"), required=False)
    lsp_max = RupeesField(label=_("Highest limit an LSP may grant (₹)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("valid_from", timezone.localdate())

    def clean_auto_max(self):
        return self.cleaned_data.get("auto_max") or 0


class StatementForm(Form):
    """Any date range (F5); GET, so a statement's address can be bookmarked."""

    date_from = DateField(label=_("From"))
    date_to = DateField(label=_("To"))

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("date_from"), cleaned.get("date_to")
        if a and b and b < a:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
