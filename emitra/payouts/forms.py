"""Forms of the payout pages (F9, issue 10 req. 6-7). Amounts are typed in rupees and
cleaned to paise by the project's one rupee field; every form that moves money
carries an idempotency key made when it is shown."""
from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.core.confirmation import SealField
from emitra.core.forms import Form, RupeesField
from emitra.wallet.forms import KeyedForm

PAYOUT_MAX = 1_00_00_000 * 100  # ₹1 crore: more in one payout is a typing slip


class PanForm(Form):
    pan = forms.CharField(label=_("PAN of the kiosk holder"), max_length=14, required=False,
                          help_text=_("10 characters, like ABCPK1234F; without it TDS is 20%"))


class BankAccountForm(Form):
    name = forms.CharField(label=_("Name on the bank account"), max_length=100)
    account_no = forms.CharField(label=_("Bank account number"), max_length=24)
    ifsc = forms.CharField(label=_("IFSC of the branch"), max_length=14,
                           help_text=_("11 characters, printed on your cheque book"))


class AutoPayoutForm(Form):
    enabled = forms.BooleanField(label=_("Pay out the whole commission balance on the 1st of every month"),
                                 required=False)
    minimum = RupeesField(label=_("Only when the balance is above (₹)"), required=False, maximum=PAYOUT_MAX)

    def clean_minimum(self):
        return self.cleaned_data.get("minimum") or 0


class PayoutForm(KeyedForm):
    amount = RupeesField(label=_("Amount to transfer (₹)"), maximum=PAYOUT_MAX)


class PayoutConfirmForm(KeyedForm):
    """The confirmation page's button: the gross it showed (paise) and the seal of all it showed
    (emitra.core.confirmation; issue 9 item 1)."""

    gross = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=PAYOUT_MAX)
    seen = SealField()


class BatchForm(KeyedForm):
    """Only the key: make a NEFT file of every payout waiting to be sent."""


class ResponseForm(Form):
    file = forms.FileField(label=_("The bank's response file (CSV)"))


class ResponseConfirmForm(Form):
    """The check page's button: the seal of the lines it showed (issue 9 items 1-2)."""

    seen = SealField()


class TdsStatementForm(Form):
    fy = forms.IntegerField(label=_("Financial year (first year, e.g. 2025 for 2025-26)"), min_value=2016,
                            max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[
        (1, _("Q1 (April-June)")), (2, _("Q2 (July-September)")), (3, _("Q3 (October-December)")),
        (4, _("Q4 (January-March)"))])

