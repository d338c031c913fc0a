"""The locker's forms (F30): plain multipart forms that work without JavaScript."""
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from emitra.core import files
from emitra.core.forms import Form, ModelForm
from emitra.documents.models import DocumentKind
from emitra.sso.forms import clean_mobile_text, mobile_validator, sso_id_validator

ACCEPT = ",".join([files.PDF, files.JPEG, files.PNG, ".pdf", ".jpg", ".jpeg", ".png"])
SMS_LANGUAGES = [("hi", "हिन्दी"), ("en", _("English"))]


class KindChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UploadForm(Form):
    kind = KindChoice(label=_("Kind of document"), queryset=DocumentKind.objects.none(), to_field_name="code",
                      empty_label=_("Choose the kind"))
    title = forms.CharField(label=_("Title (optional)"), max_length=120, required=False,
                            help_text=_("e.g. Income certificate 2026, or the name on the document"))
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("PDF, JPEG or PNG, up to %(limit)s."))

    def __init__(self, *args, limit="5 MB", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = DocumentKind.objects.filter(active=True)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": limit}


class PullForm(Form):
    """Copy one issued document from DigiLocker: its URI, the kind to keep it as, its name there."""

    uri = forms.CharField(max_length=255, widget=forms.HiddenInput)
    kind = forms.ModelChoiceField(queryset=DocumentKind.objects.none(), to_field_name="code",
                                  error_messages={"required": _("Choose the kind of document."),
                                                  "invalid_choice": _("Choose the kind of document.")})
    title = forms.CharField(max_length=120, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = DocumentKind.objects.filter(active=True)


def _clean_mobile(value):
    mobile = clean_mobile_text(value)
    mobile_validator(mobile)
    return mobile


class MobileForm(Form):
    mobile = forms.CharField(label=_("Citizen's mobile number"), max_length=16)
    language = forms.ChoiceField(label=_("Language of the SMS"), choices=SMS_LANGUAGES, initial="hi")

    def clean_mobile(self):
        return _clean_mobile(self.cleaned_data["mobile"])


class OwnMobileForm(Form):
    mobile = forms.CharField(label=_("Mobile number"), max_length=16)

    def clean_mobile(self):
        return _clean_mobile(self.cleaned_data["mobile"])


class SsoIdForm(Form):
    sso_id = forms.CharField(label=_("Citizen's SSO ID"), max_length=30, validators=[sso_id_validator])
    language = forms.ChoiceField(label=_("Language of the SMS"), choices=SMS_LANGUAGES, initial="hi")


class CodeForm(Form):
    """The code the citizen reads out; the mobile or SSO ID it was sent for travels along hidden."""

    code = forms.CharField(label=_("Code from the SMS"), max_length=8, validators=[
        RegexValidator(r"^\s*[0-9]{6}\s*$", _("The code has 6 digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}))
    mobile = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)
    sso_id = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class KindForm(ModelForm):
    class Meta:
        model = DocumentKind
        fields = ["code", "name_en", "name_hi", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # forms' document slots name a kind by its code: it stays as it was
            del self.fields["code"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip().lower()
        if DocumentKind.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A kind with this code exists already."))
        return code

    def _post_clean(self):
        # the service saves; the form only checks the fields
        pass
