import re

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from emitra.core.forms import Form
from emitra.core.verification import client_ip
from emitra.sso import services
from emitra.sso.models import Identity, normalise_sso_id

sso_id_validator = RegexValidator(
    r"^[A-Za-z0-9.]{4,30}$", _("4 to 30 letters, digits or dots, with no spaces.")
)
mobile_validator = RegexValidator(r"^[6-9][0-9]{9}$", _("Enter a 10-digit mobile number starting with 6, 7, 8 or 9."))


def clean_mobile_text(value):
    """Accept '98290 12345' or '+91 9829012345'; keep the 10 digits."""
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+91"):
        digits = digits[3:]
    return digits


class RegisterForm(Form):
    sso_id = forms.CharField(label=_("SSO ID you want"), max_length=30, validators=[sso_id_validator],
                             help_text=_("4 to 30 letters, digits or dots, e.g. RAMESH.SHARMA"))
    name = forms.CharField(label=_("Full name"), max_length=100)
    mobile = forms.CharField(label=_("Mobile number"), max_length=16)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=False), strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean_sso_id(self):
        sso_id = normalise_sso_id(self.cleaned_data["sso_id"])
        if Identity.objects.filter(sso_id=sso_id).exists():
            raise forms.ValidationError(_("This SSO ID is taken. Choose another."))
        return sso_id

    def clean_mobile(self):
        mobile = clean_mobile_text(self.cleaned_data["mobile"])
        mobile_validator(mobile)
        return mobile

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1, Identity(sso_id=data.get("sso_id", ""), name=data.get("name", "")))
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data


class LoginForm(Form):
    """Sign-in with the sign-in limits (services.sign_in; issue 9 item 8): a refusal is
    the form's error and `refusal` (its retry time) for the view's 429."""

    sso_id = forms.CharField(label=_("SSO ID"), max_length=30)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, request=None, *args, known_browser=lambda sso_id: False, **kwargs):
        self.request = request
        self.known_browser = known_browser
        self.identity = None
        self.refusal = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("sso_id") and data.get("password"):
            sso_id = normalise_sso_id(data["sso_id"])
            try:
                self.identity = services.sign_in(self.request, sso_id, data["password"], ip=client_ip(self.request),
                                                 known_browser=self.known_browser(sso_id))
            except services.TooManyFailedSignIns as refusal:
                self.refusal = refusal
                raise forms.ValidationError(str(refusal)) from None
            except services.WrongPassword as wrong:
                raise forms.ValidationError(str(wrong)) from None
        return data


class ResetStartForm(Form):
    sso_id = forms.CharField(label=_("SSO ID"), max_length=30, validators=[sso_id_validator])


class ResetFinishForm(Form):
    sso_id = forms.CharField(label=_("SSO ID"), max_length=30, validators=[sso_id_validator])
    code = forms.RegexField(label=_("Code from the SMS"), regex=r"^\s*\d{6}\s*$",
                            error_messages={"invalid": _("The code has 6 digits.")})
    password1 = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return data
