"""Forms of the catalogue pages: the search box (F19) and DoIT's editors."""
from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.catalogue.models import Department, RevenueHead, Service
from emitra.core.forms import Form, ModelForm, RupeesField


class SearchForm(Form):
    q = forms.CharField(
        label=_("Find a service"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off",
                                      "placeholder": _("e.g. bijli, आय प्रमाण पत्र, JVVNL")}),
    )


class ServiceForm(ModelForm):
    government_fee = RupeesField(label=_("Government fee (₹)"), initial=0, allow_zero=True,
                                 help_text=_("For a fixed fee; bills bring their own amount."))
    service_charge = RupeesField(label=_("Service charge (₹)"), initial=0, allow_zero=True)

    class Meta:
        model = Service
        fields = [
            "code", "name_en", "name_hi", "department", "kind", "amount_rule", "government_fee",
            "service_charge", "keywords", "cancellation_window_hours", "needs_department_confirmation",
            "biller_code",
        ]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("name_en")
        self.fields["department"].label = _("Department")
        self.fields["code"].widget.attrs["autocapitalize"] = "characters"
        self.fields["name_hi"].widget.attrs["lang"] = "hi"

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean_name_en(self):
        return self.cleaned_data["name_en"].strip()

    def clean_name_hi(self):
        return self.cleaned_data["name_hi"].strip()


class FeePartForm(Form):
    head = forms.ModelChoiceField(
        label=_("Revenue head"), required=False,
        queryset=RevenueHead.objects.select_related("department").order_by("department__code", "code"),
    )
    amount = RupeesField(label=_("Amount (₹)"), required=False, allow_zero=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].label_from_instance = lambda h: f"{h.department.code} · {h.code} {h.local_name}"

    def clean(self):
        data = super().clean()
        if data.get("head") and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount for this head, 0 for a bill's whole amount."))
        if data.get("amount") and not data.get("head"):
            self.add_error("head", _("Choose the revenue head for this amount."))
        return data




def fee_part_formset(data=None, service=None):
    """The fee parts of a service as a formset with two empty rows to add more."""
    initial = []
    if service is not None and service.pk:
        initial = [{"head": p.head_id, "amount": p.amount} for p in service.fee_parts.all()]
    formset = forms.formset_factory(FeePartForm, extra=2, max_num=6, absolute_max=6)
    return formset(data, initial=initial, prefix="parts")


def fee_parts_from(formset):
    """[(RevenueHead, paise)] from a valid fee-part formset, blank rows skipped."""
    return [(f.cleaned_data["head"], f.cleaned_data["amount"])
            for f in formset.forms if f.cleaned_data.get("head")]


class DepartmentForm(ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name_en", "name_hi", "payee_name", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_hi"].widget.attrs["lang"] = "hi"

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
