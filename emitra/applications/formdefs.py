"""Forms as data (issue 11 req. 1): what a form definition may say, the check of a
definition itself, and the server-side form a definition makes.

A definition is a list of fields, each a dict:

    {"key": "annual_income", "type": "number", "label_en": "Annual family income (₹)",
     "label_hi": "परिवार की वार्षिक आय (₹)", "required": true, "min": 0, "max": 100000000,
     "pattern": "", "choices": [], "kinds": [], "certificate": true}

types: text (min/max = length, pattern), number (whole numbers; min/max = range),
date (DD-MM-YYYY; min/max as DD-MM-YYYY or "today"), choice (choices:
[[value, English, Hindi], ...]), yesno, address (a line, the tehsil, which
names the district too, and the PIN code), document (kinds: the allowed
document kind codes; attached on its own step, not typed in the form).
`certificate`: the answer is printed on the issued certificate.

Adding a service's form or a field is data, never code or a migration. A
pattern runs under the `regex` module with a time limit, so a pattern DoIT
writes can never hang a request on what a user types.
"""
import datetime
import re

import regex
from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emitra.core.forms import Form, parse_typed_date

TYPES = {
    "text": gettext_lazy("Text"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
    "choice": gettext_lazy("Choice"),
    "yesno": gettext_lazy("Yes / no"),
    "address": gettext_lazy("Address"),
    "document": gettext_lazy("Document"),
}
KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
KIND_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TEXT_MAX = 500
TEXT_DEFAULT_MAX = 200
NUMBER_LIMIT = 10**12
MAX_FIELDS = 40
PATTERN_SECONDS = 0.05
PIN = re.compile(r"^[1-9][0-9]{5}$")
DATE_FORMAT = "%d-%m-%Y"


class DefinitionError(ValueError):
    """A form definition that cannot be used: [(row index or None, attribute or None, message)]."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(m for _r, _a, m in errors))


def _language_is_hindi():
    return (get_language() or "").startswith("hi")


def label(field):
    """The field's label in the page's language."""
    return field.get("label_hi") if _language_is_hindi() and field.get("label_hi") else field.get("label_en", "")


def hint(field):
    """The field's hint (what a valid answer looks like) in the page's language, or ""."""
    return field.get("hint_hi") if _language_is_hindi() and field.get("hint_hi") else field.get("hint_en", "")


def choice_label(choice):
    value, en, hi = choice
    return hi if _language_is_hindi() and hi else en


def parse_date(text):
    """'15-08-1990' (or 15/08/1990, 1990-08-15: core.forms.parse_typed_date) -> date, else None."""
    return parse_typed_date(text or "")


def _date_bound(value):
    """A date limit of a definition: 'today' or DD-MM-YYYY."""
    if value == "today":
        return timezone.localdate()
    return parse_date(value)


# --------------------------------------------------------------- the definition's own check

def _int_or_none(value, row, attr, errors):
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.append((row, attr, _("Enter a whole number.")))
        return None
    if abs(number) > NUMBER_LIMIT:
        errors.append((row, attr, _("Enter a number of at most 12 digits.")))
        return None
    return number


def clean_definition(fields, *, known_kinds=None):
    """The definition, checked and in its stored shape; raises DefinitionError listing every fault.

    Refused: no fields, a key that is not lower-case letters, digits and _ or is
    used twice, an unknown type, a missing English or Hindi label, min above max,
    a pattern that does not compile (or on a type other than text), a choice
    without at least two options or with an option used twice, a document slot
    naming no kind or a kind that does not exist (known_kinds, when given).
    """
    errors = []
    cleaned = []
    if not fields:
        errors.append((None, None, _("A form needs at least one field.")))
    if len(fields) > MAX_FIELDS:
        errors.append((None, None, _("A form has at most %(n)s fields.") % {"n": MAX_FIELDS}))
    keys = set()
    for row, field in enumerate(fields):
        key = str(field.get("key", "")).strip()
        kind = field.get("type", "")
        out = {"key": key, "type": kind, "label_en": str(field.get("label_en", "")).strip()[:150],
               "label_hi": str(field.get("label_hi", "")).strip()[:150], "required": bool(field.get("required")),
               "certificate": bool(field.get("certificate")),
               "hint_en": str(field.get("hint_en") or "").strip()[:150],
               "hint_hi": str(field.get("hint_hi") or "").strip()[:150]}
        if bool(out["hint_en"]) != bool(out["hint_hi"]):
            errors.append((row, "hint", _("Give the hint in English and in Hindi, or neither.")))
        if not KEY.match(key):
            errors.append((row, "key", _("A key has lower-case letters, digits and _ only, and starts with a letter.")))
        elif key in keys:
            errors.append((row, "key", _("This key is used by another field.")))
        keys.add(key)
        if kind not in TYPES:
            errors.append((row, "type", _("Choose a type.")))
        if not out["label_en"]:
            errors.append((row, "label_en", _("Give the label in English.")))
        if not out["label_hi"]:
            errors.append((row, "label_hi", _("Give the label in Hindi.")))
        low, high = field.get("min"), field.get("max")
        if kind == "date":
            for attr, value in (("min", low), ("max", high)):
                value = str(value or "").strip()
                if value and value != "today" and parse_date(value) is None:
                    errors.append((row, attr, _("Enter a date as DD-MM-YYYY, or the word today.")))
                out[attr] = value
            if out["min"] and out["max"] and (_date_bound(out["min"]) or datetime.date.min) > (
                    _date_bound(out["max"]) or datetime.date.max):
                errors.append((row, "min", _("The earliest date is after the latest.")))
        elif kind in ("text", "number"):
            out["min"] = _int_or_none(low, row, "min", errors)
            out["max"] = _int_or_none(high, row, "max", errors)
            if out["min"] is not None and out["max"] is not None and out["min"] > out["max"]:
                errors.append((row, "min", _("The minimum is larger than the maximum.")))
            if kind == "text":
                if out["min"] is not None and out["min"] < 0 or out["max"] is not None and out["max"] < 1:
                    errors.append((row, "min", _("A length is a number above zero.")))
                if out["max"] is not None and out["max"] > TEXT_MAX:
                    errors.append((row, "max", _("A text field takes at most %(n)s characters.") % {"n": TEXT_MAX}))
        elif low not in (None, "") or high not in (None, ""):
            errors.append((row, "min", _("Minimum and maximum are for text, number and date fields.")))
        pattern = str(field.get("pattern") or "")
        if pattern:
            if kind != "text":
                errors.append((row, "pattern", _("A pattern is for text fields only.")))
            else:
                try:
                    regex.compile(pattern)
                except (regex.error, ValueError, OverflowError) as e:
                    errors.append((row, "pattern", _("This pattern is not a valid regular expression: %(error)s")
                                   % {"error": e}))
            if len(pattern) > 200:
                errors.append((row, "pattern", _("A pattern has at most 200 characters.")))
        out["pattern"] = pattern
        choices = field.get("choices") or []
        if kind == "choice":
            values = [str(c[0]).strip() for c in choices]
            if len(choices) < 2:
                errors.append((row, "choices", _("A choice needs at least two options.")))
            elif len(set(values)) != len(values):
                errors.append((row, "choices", _("Each option needs its own value.")))
            elif any(not KEY.match(v) or not str(c[1]).strip() or not str(c[2]).strip()
                     for v, c in zip(values, choices)):
                errors.append((row, "choices", _("Each option needs a value (lower-case letters, digits, _), "
                                                 "an English and a Hindi label.")))
            out["choices"] = [[str(c[0]).strip(), str(c[1]).strip(), str(c[2]).strip()] for c in choices]
        elif choices:
            errors.append((row, "choices", _("Options are for choice fields only.")))
        kinds = [str(k).strip().lower() for k in field.get("kinds") or [] if str(k).strip()]
        if kind == "document":
            if not kinds:
                errors.append((row, "kinds", _("Name at least one document kind this slot accepts.")))
            elif any(not KIND_CODE.match(k) for k in kinds):
                errors.append((row, "kinds", _("Document kinds are codes of lower-case letters, digits, - and _.")))
            elif known_kinds is not None and set(kinds) - set(known_kinds):
                errors.append((row, "kinds", _("Unknown document kind: %(codes)s.")
                               % {"codes": ", ".join(sorted(set(kinds) - set(known_kinds)))}))
            out["kinds"] = kinds
        elif kinds:
            errors.append((row, "kinds", _("Document kinds are for document fields only.")))
        cleaned.append(out)
    if errors:
        raise DefinitionError(errors)
    return cleaned


# --------------------------------------------------------------- the form a definition makes

def _pattern_validator(pattern, expected=""):
    def check(value):
        try:
            ok = regex.fullmatch(pattern, value, timeout=PATTERN_SECONDS) is not None
        except TimeoutError:
            ok = False
        if not ok:
            message = _("This is not in the expected form.")
            raise forms.ValidationError(f"{message} {expected}".strip(), code="pattern")

    return check


class DateText(forms.CharField):
    """A date typed as DD-MM-YYYY, cleaned to the ISO date string that is stored."""

    def __init__(self, *, low=None, high=None, **kwargs):
        self.low, self.high = low, high
        super().__init__(max_length=10, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "placeholder": "DD-MM-YYYY", "size": "10", "inputmode": "numeric"}

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return ""
        day = parse_date(text)
        if day is None:
            raise forms.ValidationError(_("Enter the date as DD-MM-YYYY, e.g. 15-08-1990."), code="invalid")
        low, high = _date_bound(self.low) if self.low else None, _date_bound(self.high) if self.high else None
        if low and day < low:
            raise forms.ValidationError(_("The date cannot be before %(date)s.") % {"date": low.strftime(DATE_FORMAT)})
        if high and day > high:
            raise forms.ValidationError(_("The date cannot be after %(date)s.") % {"date": high.strftime(DATE_FORMAT)})
        return day.isoformat()


def tehsil_choices():
    """The tehsils grouped by district, names in the page's language (one select, no JavaScript)."""
    from emitra.network.models import Tehsil

    groups = {}
    for tehsil in Tehsil.objects.select_related("district").order_by("district__name_en", "name_en"):
        groups.setdefault(tehsil.district.name, []).append((tehsil.code, tehsil.name))
    return [("", "—")] + list(groups.items())


def _django_fields(field, tehsils):
    """The Django form fields for one definition field: [(name, form field)]."""
    key, kind, required = field["key"], field["type"], field["required"]
    common = {"label": label(field), "required": required, "help_text": hint(field)}
    if kind == "text":
        high = field.get("max") or TEXT_DEFAULT_MAX
        validators = [_pattern_validator(field["pattern"], hint(field))] if field.get("pattern") else []
        return [(key, forms.CharField(min_length=field.get("min") or None, max_length=high, validators=validators,
                                      **common))]
    if kind == "number":
        low, high = field.get("min"), field.get("max")
        low = -NUMBER_LIMIT if low is None else low
        high = NUMBER_LIMIT if high is None else high
        return [(key, forms.IntegerField(min_value=low, max_value=high, **common,
                                         widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "14"})))]
    if kind == "date":
        return [(key, DateText(low=field.get("min") or None, high=field.get("max") or None, **common))]
    if kind == "choice":
        choices = [(c[0], choice_label(c)) for c in field["choices"]]
        widget = forms.RadioSelect if len(choices) <= 4 else forms.Select
        if widget is forms.Select:
            choices = [("", "—")] + choices
        return [(key, forms.ChoiceField(choices=choices, widget=widget, **common))]
    if kind == "yesno":
        return [(key, forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect,
                                        **common))]
    if kind == "address":
        return [
            (f"{key}__line", forms.CharField(label=_("House, street, village or ward"), max_length=200,
                                            required=required)),
            (f"{key}__tehsil", forms.ChoiceField(label=_("Tehsil (district)"), choices=tehsils, required=required)),
            (f"{key}__pin", forms.CharField(label=_("PIN code"), max_length=6, required=required,
                                           widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "6"}))),
        ]
    return []  # document slots are attached on their own step


def typed_fields(definition):
    """The definition fields that are typed into the form (not document slots)."""
    return [f for f in definition if f["type"] != "document"]


def document_slots(definition):
    return [f for f in definition if f["type"] == "document"]


class AnswersForm(Form):
    """The form of one definition version, rendered and checked on the server (req. 1)."""

    def __init__(self, definition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        needs_tehsils = any(f["type"] == "address" for f in definition)
        tehsils = tehsil_choices() if needs_tehsils else []
        for field in typed_fields(definition):
            for name, form_field in _django_fields(field, tehsils):
                self.fields[name] = form_field

    def rows(self):
        """[(definition field, [bound fields])] in the definition's order, for the template."""
        out = []
        for field in typed_fields(self.definition):
            names = ([f"{field['key']}__line", f"{field['key']}__tehsil", f"{field['key']}__pin"]
                     if field["type"] == "address" else [field["key"]])
            out.append((field, label(field), [self[name] for name in names]))
        return out

    def clean(self):
        data = super().clean()
        from emitra.network.models import Tehsil

        for field in typed_fields(self.definition):
            if field["type"] != "address":
                continue
            key = field["key"]
            line, tehsil, pin = (data.get(f"{key}__line", ""), data.get(f"{key}__tehsil", ""),
                                 (data.get(f"{key}__pin") or "").strip())
            if pin and not PIN.match(pin):
                self.add_error(f"{key}__pin", _("A PIN code has 6 digits."))
            if (line or tehsil or pin) and not (line and tehsil and pin):
                for part, value in (("line", line), ("tehsil", tehsil), ("pin", pin)):
                    if not value and f"{key}__{part}" not in self.errors:
                        self.add_error(f"{key}__{part}", _("Give the whole address."))
            if tehsil:
                found = Tehsil.objects.select_related("district").filter(code=tehsil).first()
                if found is not None:
                    data[f"{key}__district"] = found.district.code
        return data

    def answers(self):
        """The cleaned answers in their stored shape: {key: value}; empty optional answers left out."""
        data = self.cleaned_data
        out = {}
        for field in typed_fields(self.definition):
            key, kind = field["key"], field["type"]
            if kind == "address":
                if data.get(f"{key}__tehsil"):
                    out[key] = {"line": data[f"{key}__line"].strip(), "tehsil": data[f"{key}__tehsil"],
                                "district": data.get(f"{key}__district", ""), "pin": data[f"{key}__pin"].strip()}
            elif kind == "yesno":
                if data.get(key):
                    out[key] = data[key] == "yes"
            elif data.get(key) not in (None, ""):
                out[key] = data[key].strip() if isinstance(data[key], str) else data[key]
        return out


def initial_from(definition, answers):
    """Stored answers as the form's initial values (for a correction)."""
    initial = {}
    for field in typed_fields(definition):
        key, value = field["key"], answers.get(field["key"])
        if value is None:
            continue
        if field["type"] == "address":
            initial.update({f"{key}__line": value.get("line", ""), f"{key}__tehsil": value.get("tehsil", ""),
                            f"{key}__pin": value.get("pin", "")})
        elif field["type"] == "date":
            initial[key] = datetime.date.fromisoformat(value).strftime(DATE_FORMAT)
        elif field["type"] == "yesno":
            initial[key] = "yes" if value else "no"
        else:
            initial[key] = value
    return initial


def display(field, value, places=None):
    """One stored answer as text in the page's language."""
    if value is None or value == "":
        return "—"
    kind = field["type"]
    if kind == "date":
        return datetime.date.fromisoformat(value).strftime(DATE_FORMAT)
    if kind == "yesno":
        return _("Yes") if value else _("No")
    if kind == "choice":
        for choice in field.get("choices", []):
            if choice[0] == value:
                return choice_label(choice)
        return str(value)
    if kind == "number":
        return _indian(value)
    if kind == "address":
        tehsil, district = (places or {}).get(value.get("tehsil"), (value.get("tehsil", ""), ""))
        return ", ".join(p for p in (value.get("line"), tehsil, district, value.get("pin")) if p)
    return str(value)


def _indian(number):
    from emitra.core.money import group_indian

    sign = "-" if number < 0 else ""
    return sign + group_indian(str(abs(number)))


def places_for(definition, answers):
    """{tehsil code: (tehsil name, district name)} for the addresses among the answers."""
    from emitra.network.models import Tehsil

    codes = [answers[f["key"]].get("tehsil") for f in definition
             if f["type"] == "address" and isinstance(answers.get(f["key"]), dict)]
    if not codes:
        return {}
    return {t.code: (t.name, t.district.name) for t in Tehsil.objects.select_related("district").filter(code__in=codes)}


def answer_rows(definition, answers, *, certificate_only=False):
    """[(label, text)] of every typed field of the version, in its order, for display."""
    places = places_for(definition, answers)
    return [(label(f), display(f, answers.get(f["key"]), places)) for f in typed_fields(definition)
            if not certificate_only or f.get("certificate")]


def first_address(definition, answers):
    """The applicant's address that routes the application: the first address answered, or None."""
    for field in definition:
        if field["type"] == "address" and isinstance(answers.get(field["key"]), dict):
            return answers[field["key"]]
    return None
