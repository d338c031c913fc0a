"""Payments' forms: they parse and check what the operator typed; services decide."""
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emitra.core.confirmation import SealField
from emitra.core.forms import DateField, Form, RupeesField
from emitra.payments.models import Receipt


def new_key():
    """The idempotency key a money form carries from the moment it is shown (req. 7)."""
    return uuid.uuid4().hex


class AddToCartForm(Form):
    consumer_no = forms.CharField(label=_("Consumer number"), max_length=40, required=False)
    amount = RupeesField(label=_("Amount (₹)"), required=False, help_text=_("Leave empty to pay the amount due."))

    def clean_consumer_no(self):
        return self.cleaned_data["consumer_no"].strip().upper()


class PayForm(Form):
    cart = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    seen = SealField()  # the seal of the lines and total the page shows (issue 9 item 1)
    consumer_name = forms.CharField(label=_("Consumer's name"), max_length=120)
    mobile = forms.RegexField(label=_("Mobile"), regex=r"^[0-9]{10}$", max_length=10,
                              error_messages={"invalid": _("A mobile number has exactly 10 digits.")},
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    language = forms.ChoiceField(label=_("Messages in"), choices=[("hi", "हिन्दी"), ("en", _("English"))],
                                 initial="hi")
    mode = forms.ChoiceField(label=_("Pay by"), choices=Receipt.Mode.choices, initial=Receipt.Mode.WALLET,
                             widget=forms.Select)
    cheque_no = forms.CharField(label=_("Cheque number"), max_length=6, required=False)
    cheque_bank = forms.CharField(label=_("Bank"), max_length=100, required=False)
    cheque_date = DateField(label=_("Cheque date"), required=False,
                                  help_text=_("DD-MM-YYYY; not after today, not older than three months."))
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked the earlier receipt: pay again"), required=False)

    def clean(self):
        from emitra.payments.errors import InvalidInput
        from emitra.payments.services import check_cheque

        data = super().clean()
        if data.get("mode") == Receipt.Mode.CHEQUE and not self.errors:
            try:
                check_cheque(data.get("cheque_no", ""), data.get("cheque_bank", ""), data.get("cheque_date"),
                             today=timezone.localdate())
            except InvalidInput as e:
                self.add_error(e.field, e.text)
        return data


class CancelForm(Form):
    what = forms.ChoiceField(label=_("Cancel"))
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    seen = SealField()  # the receipt and its lines as the page shows them (issue 9 item 1)

    def __init__(self, *args, receipt, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("all", _("The whole receipt"))]
        for line in receipt.lines.all():
            if True:  # a cancelled line stays listed, so that cancelling it twice gets a clear answer
                choices.append((str(line.position), _("Line %(n)s: %(service)s") % {
                    "n": line.position, "service": line.service.name}))
        self.fields["what"].choices = choices
