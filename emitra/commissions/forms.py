"""Forms of DoIT's commission pages (issue 10 req. 1, 2, 5; F8).

They only read what was typed (rupees to paise, percentages to Decimals, dates);
whether the terms make sense (shares add up to 100%, no slab gaps ...) is the
service's rule (emitra.commissions.services), whose refusals are put beside the
same fields."""
from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.catalogue.models import Department, Service
from emitra.commissions.calculation import SHARES
from emitra.commissions.models import Bearer, Category, Formula, Scope, Share, TierScale
from emitra.commissions.services import slab_field
from emitra.core.forms import DateField, Form, RupeesField

SLAB_ROWS = 6
LEVEL_ROWS = 5
MAX_COMMISSION = 10_00_000 * 100  # ₹10 lakh on one line is a typing slip


class PaiseOrZeroField(RupeesField):
    """Rupees as typed -> paise; ₹0.00 allowed (a minimum, a slab that earns nothing); the
    portal's one amount field (core.forms.RupeesField, issue 9 item 5)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 10, "autocomplete": "off",
                                                           "maxlength": 24}))
        super().__init__(*args, allow_zero=True, **kwargs)


def percent_field(label):
    return forms.DecimalField(label=label, max_digits=7, decimal_places=4, widget=forms.TextInput(
        attrs={"inputmode": "decimal", "size": 7, "autocomplete": "off"}))


class TermsForm(Form):
    """A version's terms: who bears it, the formula and its numbers, the split, the dates."""

    bearer = forms.ChoiceField(label=_("Who bears the commission"), choices=Bearer.choices,
                               widget=forms.RadioSelect)
    formula = forms.ChoiceField(label=_("Formula"), choices=Formula.choices, widget=forms.RadioSelect)
    flat_paise = RupeesField(label=_("Flat amount (₹) — for a flat formula"), required=False,
                             maximum=MAX_COMMISSION)
    percent = forms.DecimalField(label=_("Percentage of the amount — for a percentage"), required=False,
                                 max_digits=7, decimal_places=4,
                                 widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 7}))
    min_paise = PaiseOrZeroField(label=_("At least (₹)"))
    max_paise = PaiseOrZeroField(label=_("At most (₹), empty for no maximum"))
    kiosk_percent = percent_field(_("Kiosk's share (%)"))
    lsp_percent = percent_field(_("LSP's share (%)"))
    doit_percent = percent_field(_("DoIT's share (%)"))
    remainder_to = forms.ChoiceField(label=_("The rounding remainder (under a paisa a share) goes to"),
                                     choices=Share.choices, initial=Share.KIOSK)
    valid_from = DateField(label=_("In force from"))
    valid_until = DateField(label=_("In force until (last day), empty for no end"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(SLAB_ROWS):
            self.fields[slab_field(i, "from")] = PaiseOrZeroField(label=_("From (₹)"))
            self.fields[slab_field(i, "to")] = PaiseOrZeroField(label=_("Up to and including (₹)"))
            self.fields[slab_field(i, "paise")] = PaiseOrZeroField(label=_("Commission (₹)"))
        initial_slabs = self.initial.get("slabs") or []
        for i, slab in enumerate(initial_slabs[:SLAB_ROWS]):
            self.initial[slab_field(i, "from")] = slab["from"]
            self.initial[slab_field(i, "to")] = slab["to"]
            self.initial[slab_field(i, "paise")] = slab["paise"]

    def slab_rows(self):
        """[(from, to, commission) bound fields] for the template's table."""
        return [tuple(self[slab_field(i, part)] for part in ("from", "to", "paise")) for i in range(SLAB_ROWS)]

    def plain_fields(self):
        return [self[name] for name in ("flat_paise", "percent", "min_paise", "max_paise")]

    def share_fields(self):
        return [self[f"{name}_percent"] for name in SHARES] + [self["remainder_to"]]

    def clean(self):
        cleaned = super().clean()
        slabs = []
        for i in range(SLAB_ROWS):
            row = [cleaned.get(slab_field(i, part)) for part in ("from", "to", "paise")]
            typed = [self.data.get(self.add_prefix(slab_field(i, part)), "").strip() for part in ("from", "to", "paise")]
            if not any(typed):
                continue  # an empty row
            slabs.append({"from": row[0], "to": row[1], "paise": row[2]})
            if row[0] is None and not self.has_error(slab_field(i, "from")):
                self.add_error(slab_field(i, "from"), _("Enter where this slab starts."))
            if row[2] is None and not self.has_error(slab_field(i, "paise")):
                self.add_error(slab_field(i, "paise"), _("Enter the slab's commission."))
        cleaned["slabs"] = slabs
        return cleaned

    def terms(self):
        """The cleaned terms, as the service takes them."""
        names = ("bearer", "formula", "flat_paise", "percent", "min_paise", "max_paise", "kiosk_percent",
                 "lsp_percent", "doit_percent", "remainder_to", "valid_from", "valid_until", "slabs")
        return {name: self.cleaned_data.get(name) for name in names}


class RuleForm(TermsForm):
    """A new rule: what it is about (fixed for its life), and its first version's terms."""

    name = forms.CharField(label=_("Name of the rule"), max_length=120)
    name_hi = forms.CharField(label=_("Name of the rule in Hindi"), max_length=120, required=False,
                              widget=forms.TextInput(attrs={"lang": "hi"}))
    scope = forms.ChoiceField(label=_("Payments it is for"), choices=Scope.choices, widget=forms.RadioSelect)
    service = forms.ModelChoiceField(label=_("The service — when it is for one service"), required=False,
                                     queryset=Service.objects.filter(active=True).order_by("name_en"))
    department = forms.ModelChoiceField(label=_("The department — when it is for a department's services"),
                                        required=False, queryset=Department.objects.order_by("name_en"))
    category = forms.ChoiceField(label=_("Kiosks it is for"), choices=Category.choices, initial=Category.ANY,
                                 widget=forms.RadioSelect)
    tier_code = forms.ChoiceField(label=_("The volume tier — when it is for one tier"), required=False)

    field_order = ["name", "name_hi", "scope", "service", "department", "category", "tier_code"]

    def __init__(self, *args, tier_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier_code"].choices = [("", "—")] + [(code, code) for code in tier_codes]

    def rule_fields(self):
        return [self[name] for name in self.field_order]


class PublishForm(Form):
    valid_from = DateField(label=_("In force from"))
    seal = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)


class PreviewForm(Form):
    """A payment to preview under a version (req. 2): service, kiosk, amount."""

    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.filter(active=True)
                                     .order_by("name_en"))
    kiosk = forms.CharField(label=_("Kiosk code"), max_length=20)
    amount = RupeesField(label=_("Amount of the payment (₹, the government amount)"), maximum=10**13)


class TierScaleForm(Form):
    """DoIT's volume tiers from a month (req. 5): up to five tiers, each with the least a kiosk's
    last month must reach (a number of transactions, or rupees)."""

    valid_from = DateField(label=_("In force from (the first day of a month)"))
    basis = forms.ChoiceField(label=_("Measured by"), choices=TierScale.Basis.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(LEVEL_ROWS):
            self.fields[f"code_{i}"] = forms.CharField(label=_("Tier"), max_length=8, required=False,
                                                       widget=forms.TextInput(attrs={"size": 4}))
            self.fields[f"minimum_{i}"] = forms.CharField(label=_("From (transactions, or ₹)"), max_length=20,
                                                          required=False, widget=forms.TextInput(
                                                              attrs={"inputmode": "decimal", "size": 10}))

    def level_rows(self):
        return [(self[f"code_{i}"], self[f"minimum_{i}"]) for i in range(LEVEL_ROWS)]

    def clean(self):
        cleaned = super().clean()
        basis = cleaned.get("basis")
        levels = []
        for i in range(LEVEL_ROWS):
            code = (cleaned.get(f"code_{i}") or "").strip()
            typed = (cleaned.get(f"minimum_{i}") or "").strip()
            if not code and not typed:
                continue
            if not code:
                self.add_error(f"code_{i}", _("Name the tier, like A+ or B."))
                continue
            if basis == TierScale.Basis.VALUE:
                field = PaiseOrZeroField()
                try:
                    minimum = field.clean(typed)
                except forms.ValidationError as e:
                    self.add_error(f"minimum_{i}", e)
                    continue
            else:
                if not typed.isdigit():
                    self.add_error(f"minimum_{i}", _("Enter a whole number of transactions, like 500."))
                    continue
                minimum = int(typed)
            if minimum is None:
                self.add_error(f"minimum_{i}", _("Enter where this tier starts."))
                continue
            levels.append((i, code, minimum))
        cleaned["levels"] = levels
        return cleaned
