"""Forms of the applications pages. The application's own fields come from its form
definition (formdefs.AnswersForm); these are the applicant, the office, a move, the
status check and DoIT's editor of definitions."""
from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.applications import formdefs
from emitra.applications.workflow import MOVES, officer_moves
from emitra.core.forms import Form


class ApplicantForm(Form):
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=120)
    mobile = forms.CharField(label=_("Applicant's mobile"), max_length=10,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "10"}))
    email = forms.CharField(label=_("E-mail (optional)"), max_length=254, required=False)
    language = forms.ChoiceField(label=_("Messages in"), choices=[("hi", "हिन्दी"), ("en", _("English"))],
                                 initial="hi")
    sso_id = forms.CharField(label=_("Applicant's SSO ID (optional)"), max_length=30, required=False,
                             help_text=_("With it the citizen sees the application after signing in."))

    def applicant(self):
        data = self.cleaned_data
        return {"name": data["applicant_name"], "mobile": data["mobile"], "email": data["email"],
                "language": data["language"], "sso_id": data["sso_id"]}


def applicant_initial(application):
    return {"applicant_name": application.applicant_name, "mobile": application.mobile, "email": application.email,
            "language": application.language, "sso_id": application.applicant_sso_id}


class OfficeForm(Form):
    office = forms.ChoiceField(label=_("Destination office"), widget=forms.RadioSelect)

    def __init__(self, *args, offices=(), wrong=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = {str(o.pk): o for o in offices}
        not_theirs = _("sent it back as not theirs")
        self.fields["office"].choices = [(str(o.pk), f"{o.name} ({not_theirs})" if o.pk in wrong else o.name)
                                         for o in offices]

    def chosen_office(self):
        return self.offices.get(self.cleaned_data["office"])


class MoveForm(Form):
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    remark = forms.CharField(label=_("Remark"), max_length=500, widget=forms.Textarea(attrs={"rows": 3, "cols": 50}))

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        # the page shows the moves allowed now; the form takes any officer move, so that a stale
        # page's move is refused by the workflow with its reason, not as "not a valid choice"
        self.allowed = [m.action for m in officer_moves(state)]
        self.fields["action"].choices = [(a, m.label) for a, m in MOVES.items() if m.by == "officer"]


class StatusForm(Form):
    number = forms.CharField(label=_("Application number"), max_length=20,
                             widget=forms.TextInput(attrs={"placeholder": "AP-2607-0000123", "size": "16"}))
    mobile = forms.CharField(label=_("Mobile number given in the application"), max_length=10,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "10"}))


# --------------------------------------------------------------- DoIT's editor of form definitions

class FormMetaForm(Form):
    output_en = forms.CharField(label=_("What is issued (English)"), max_length=150)
    output_hi = forms.CharField(label=_("What is issued (Hindi)"), max_length=150)
    sla_days = forms.IntegerField(label=_("Delivery within (days)"), min_value=1, max_value=365)


class FieldRowForm(Form):
    """One field of a definition as one row of inputs (no JavaScript: a few empty rows add fields)."""

    key = forms.CharField(label=_("Key"), max_length=30, required=False,
                          widget=forms.TextInput(attrs={"size": "12"}))
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—")] + list(formdefs.TYPES.items()), required=False)
    label_en = forms.CharField(label=_("Label (English)"), max_length=150, required=False)
    label_hi = forms.CharField(label=_("Label (Hindi)"), max_length=150, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    min = forms.CharField(label=_("Min"), max_length=12, required=False, widget=forms.TextInput(attrs={"size": "6"}))
    max = forms.CharField(label=_("Max"), max_length=12, required=False, widget=forms.TextInput(attrs={"size": "6"}))
    pattern = forms.CharField(label=_("Pattern"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"size": "10"}))
    options = forms.CharField(label=_("Options or document kinds"), max_length=2000, required=False,
                              help_text=_("value=English|Hindi; …  or  kind, kind"))
    hint = forms.CharField(label=_("Hint"), max_length=310, required=False,
                           help_text=_("English|Hindi, e.g. 10 digits|10 अंक"))
    certificate = forms.BooleanField(label=_("On certificate"), required=False)
    delete = forms.BooleanField(label=_("Remove"), required=False)

    def is_blank(self):
        data = self.cleaned_data
        return not any(data.get(name) for name in ("key", "type", "label_en", "label_hi"))

    def definition_field(self):
        """The row as a definition field dict (formdefs checks it)."""
        data = self.cleaned_data
        field = {"key": data["key"].strip(), "type": data["type"], "label_en": data["label_en"],
                 "label_hi": data["label_hi"], "required": data["required"], "certificate": data["certificate"],
                 "min": data["min"].strip(), "max": data["max"].strip(), "pattern": data["pattern"].strip()}
        hint_en, _bar, hint_hi = data["hint"].partition("|")
        field["hint_en"], field["hint_hi"] = hint_en.strip(), hint_hi.strip()
        options = data["options"].strip()
        if data["type"] == "choice":
            choices = []
            for part in filter(None, (p.strip() for p in options.split(";"))):
                value, _eq, names = part.partition("=")
                en, _bar, hi = names.partition("|")
                choices.append([value.strip(), en.strip(), hi.strip()])
            field["choices"] = choices
        elif data["type"] == "document":
            field["kinds"] = [k.strip() for k in options.split(",") if k.strip()]
        elif options:
            field["choices"] = [["", options, ""]]  # refused by the check: options on another type
        return field


def row_initial(field):
    options = ""
    if field["type"] == "choice":
        options = "; ".join(f"{v}={en}|{hi}" for v, en, hi in field.get("choices", []))
    elif field["type"] == "document":
        options = ", ".join(field.get("kinds", []))
    return {"key": field["key"], "type": field["type"], "label_en": field["label_en"], "label_hi": field["label_hi"],
            "required": field["required"], "certificate": field.get("certificate", False),
            "min": "" if field.get("min") in (None, "") else str(field["min"]),
            "max": "" if field.get("max") in (None, "") else str(field["max"]),
            "pattern": field.get("pattern", ""), "options": options,
            "hint": f"{field['hint_en']}|{field['hint_hi']}" if field.get("hint_en") else ""}


FieldRows = forms.formset_factory(FieldRowForm, extra=3, max_num=formdefs.MAX_FIELDS, absolute_max=formdefs.MAX_FIELDS + 3)
