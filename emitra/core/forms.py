"""The project's form base classes and its shared fields (issue 9 items 5, 7 and 18).

Every form of the portal subclasses `Form` or `ModelForm` from here (a test walks
the project and says which does not). The base checks what was typed before any
field sees it:

- every text value is normalised to Unicode NFC, so that the same name typed on
  two keyboards is stored the same (passwords are left exactly as typed);
- a value holding a control character (NUL, ESC, BEL, DEL ...; line breaks and
  tabs only in a multi-line box), a bidirectional override, embedding or isolate
  (U+202A-U+202E, U+2066-U+2069, the invisible direction marks) or a line/paragraph
  separator is refused with a message beside its field, and the field goes on
  as if empty, so that nothing of it reaches a query, a row or a page (item 7,
  and item 6 for NUL on PostgreSQL).

`RupeesField` is the one way an amount is typed: rupees to integer paise through
core.money.parse_rupees, refusing what it cannot hold (1e30, NaN, more than two
decimals, negative ...) with the usual message (item 5). `DateField` takes
DD-MM-YYYY, as Indian users write it (also DD/MM/YYYY, DD.MM.YYYY, DDMMYYYY and
YYYY-MM-DD), in a text input (`DateInput`) that shows DD-MM-YYYY with a DD-MM-YYYY
hint in every browser, and says why a date is none (31-02-2026, a year of 0026) (item 18).
"""
import datetime
import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.core.money import AmountError, format_paise, paise_to_input, parse_rupees
from emitra.core.text import TEXT_REFUSED, refused_character

class CheckedText:
    """The check of every typed value, mixed into Form and ModelForm (see the module docstring).

    It works on the form's data before the fields clean it: each value of each field
    is put in NFC; a value with a refused character is replaced by "" and, after the
    fields and the form's clean() ran, the field's errors become the one message
    saying why (a hidden field's message goes to the top of the form).
    """

    def full_clean(self):
        if self.is_bound:
            self._refused_text = getattr(self, "_refused_text", set()) | self._check_text()
        super().full_clean()
        for name in sorted(getattr(self, "_refused_text", ())):
            if name not in self.fields:
                continue
            self._errors.pop(name, None)
            hidden = self.fields[name].widget.is_hidden
            self.add_error(None if hidden else name, forms.ValidationError(TEXT_REFUSED, code="control_character"))

    def _check_text(self):
        refused = set()
        data = self.data
        fixes = {}  # key -> its values NFC-normalised or refused; the data is copied only if one changed
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField):
                continue
            widget = field.widget
            keep_exactly = isinstance(widget, forms.PasswordInput)
            multiline = isinstance(widget, forms.Textarea)
            key = self.add_prefix(name)
            keys = [key] + [key + suffix for suffix in getattr(widget, "widgets_names", ())]
            for k in keys:
                if k not in data:
                    continue
                many = hasattr(data, "getlist")
                values = data.getlist(k) if many else data[k]
                as_list = values if isinstance(values, (list, tuple)) else [values]
                fixed = []
                for value in as_list:
                    if not isinstance(value, str):
                        fixed.append(value)
                        continue
                    if refused_character(value, multiline=multiline) is not None:
                        refused.add(name)
                        fixed.append("")
                    else:
                        fixed.append(value if keep_exactly else unicodedata.normalize("NFC", value))
                if fixed != list(as_list):
                    fixes[k] = fixed if many or isinstance(values, (list, tuple)) else fixed[0]
        if fixes:
            # QueryDict.copy is a deepcopy, ~1 ms a form: paid only when a value changed (issue 14)
            copied = data.copy()
            for k, fixed in fixes.items():
                if hasattr(copied, "setlist"):
                    copied.setlist(k, fixed)
                else:
                    copied[k] = fixed
            self.data = copied
        return refused


class Form(CheckedText, forms.Form):
    """The base of every plain form of the portal."""


class ModelForm(CheckedText, forms.ModelForm):
    """The base of every model form of the portal."""


# ------------------------------------------------------------------------------ amounts (item 5)

AMOUNT_MESSAGES = {
    "empty": _("Enter the amount in rupees."),
    "not a number": _("Enter an amount in rupees, like 2500 or 2500.50."),
    "more than two decimals": _("An amount has at most two digits after the point (paise)."),
    "not positive": _("Enter an amount of more than zero rupees."),
    "negative": _("An amount cannot be negative."),
    "too large": _("That amount is far too large. Check it."),
}


class RupeesField(forms.CharField):
    """Rupees as typed ('2,500.50', '₹40', '४०') -> integer paise (250050), the portal's one amount field.

    Refuses anything core.money.parse_rupees refuses (exponents, NaN, Infinity,
    more than two decimals, negative amounts, amounts of a lakh crore or more)
    with the usual message; zero only with allow_zero; above `maximum` (paise)
    with a message naming it.
    """

    def __init__(self, *args, maximum=None, allow_zero=False, **kwargs):
        self.maximum = maximum
        self.allow_zero = allow_zero
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 12,
                                                           "autocomplete": "off", "maxlength": 24}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return paise_to_input(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            paise = parse_rupees(value, allow_zero=self.allow_zero)
        except AmountError as e:
            reason = str(e)
            if reason == "negative" and not self.allow_zero:
                reason = "not positive"
            raise forms.ValidationError(AMOUNT_MESSAGES.get(reason, AMOUNT_MESSAGES["not a number"]),
                                        code="amount") from None
        if self.maximum is not None and paise > self.maximum:
            raise forms.ValidationError(_("That is more than %(max)s. Check the amount.")
                                        % {"max": format_paise(self.maximum)}, code="amount")
        return paise


# ------------------------------------------------------------------------------- dates (item 18)

DATE_DISPLAY = "%d-%m-%Y"
DATE_RE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{1,6})\s*$")
DIGITS_DATE_RE = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")  # 15082026, as a numeric keypad types it
ISO_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
FIRST_YEAR, LAST_YEAR = 1900, 2100

DATE_MESSAGES = {
    "invalid": _("Enter the date as DD-MM-YYYY, e.g. 15-08-1990."),
    "no_such_day": _("There is no such date: check the day and the month (DD-MM-YYYY)."),
    "year": _("Check the year: write all four digits, between 1900 and 2100."),
}


class DateError(ValueError):
    """A typed date that is not one; .code says why ("invalid", "no_such_day", "year")."""

    def __init__(self, code):
        self.code = code
        super().__init__(code)


def read_typed_date(text):
    """'05-11-2026' (also 5/11/2026, 5.11.2026, 05112026) or '2026-11-05' -> date(2026, 11, 5).

    Raises DateError: "invalid" for what is no date at all, "no_such_day" for 31-02-2026 or
    2026-13-01, "year" for a year outside FIRST_YEAR..LAST_YEAR (26, 0001, 20266)."""
    text = str(text)
    match = DATE_RE.match(text) or DIGITS_DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        year_digits = len(match.group(3))
    else:
        match = ISO_DATE_RE.match(text)
        if not match:
            raise DateError("invalid")
        year, month, day = (int(g) for g in match.groups())
        year_digits = 4
    if year_digits != 4 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError("year")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateError("no_such_day") from None


def parse_typed_date(text):
    """read_typed_date, or None for anything that is not a date."""
    try:
        return read_typed_date(text)
    except DateError:
        return None


def show_date(day):
    """A date as the portal shows it: DD-MM-YYYY."""
    return day.strftime(DATE_DISPLAY)


class DateInput(forms.TextInput):
    """The one date widget of the portal: a text box showing DD-MM-YYYY, with a DD-MM-YYYY
    placeholder, in every browser (the browser's own date box shows mm/dd/yyyy in an English
    Chromium, and a date box may only hold an ISO date). A typed date that reads as one is
    shown back as DD-MM-YYYY; a slip is shown as typed, with the message beside it."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "DD-MM-YYYY", "size": 10, "maxlength": 10, "inputmode": "numeric",
                          "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return show_date(value)
        if isinstance(value, str):
            day = parse_typed_date(value)
            if day is not None:
                return show_date(day)
        return super().format_value(value)


class DateField(forms.DateField):
    """The one date field of the portal (issue 9 item 18): typed as DD-MM-YYYY (or DD/MM/YYYY,
    DD.MM.YYYY, DDMMYYYY, YYYY-MM-DD), shown back as DD-MM-YYYY; a date that is none says why."""

    widget = DateInput
    default_error_messages = DATE_MESSAGES

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("DD-MM-YYYY"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return read_typed_date(value)
        except DateError as e:
            raise forms.ValidationError(self.error_messages[e.code], code=e.code) from None

