from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.accounts.models import KIOSK_USER_ROLES, Role
from emitra.core import files
from emitra.core.forms import Form, ModelForm
from emitra.network.models import District, KioskApplication
from emitra.sso.forms import sso_id_validator

MAX_UPLOAD = 2 * 1024 * 1024
UPLOAD_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def check_upload(f):
    """A proof is a PDF, JPEG or PNG by its content (emitra.core.files), whatever its name; it is kept
    under the extension of what it is, so that it is served as that."""
    if f is None or not hasattr(f, "size"):
        return f
    if f.size > MAX_UPLOAD:
        raise forms.ValidationError(_("The file is larger than 2 MB. Scan it at a lower resolution."))
    if not f.name.lower().endswith(UPLOAD_TYPES):
        raise forms.ValidationError(_("Upload a PDF, JPG or PNG file."))
    try:
        checked = files.document_type(f)
    except files.FileRefused as e:
        raise forms.ValidationError(str(e)) from None
    stem = f.name.rsplit(".", 1)[0]
    f.name = f"{stem}.{checked.extension}"
    return f


class KioskApplicationForm(ModelForm):
    """The application to open a kiosk (F6). On a correction the documents
    already uploaded are kept unless new ones are chosen."""

    class Meta:
        model = KioskApplication
        fields = ["shop_name", "address", "district", "area", "bank_account_name", "bank_account_no", "ifsc",
                  "id_proof", "address_proof"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(lsp__isnull=False)
        self.fields["district"].empty_label = _("Choose the district")
        self.fields["ifsc"].help_text = _("11 characters, printed on your cheque book")
        if self.instance.pk:
            self.fields["id_proof"].required = False
            self.fields["address_proof"].required = False

    def clean_ifsc(self):
        return self.cleaned_data["ifsc"].strip().upper()

    def clean_bank_account_no(self):
        return self.cleaned_data["bank_account_no"].replace(" ", "")

    def clean_id_proof(self):
        return check_upload(self.cleaned_data.get("id_proof"))

    def clean_address_proof(self):
        return check_upload(self.cleaned_data.get("address_proof"))


class RemarksForm(Form):
    remarks = forms.CharField(label=_("Remarks"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2, "cols": 40}))


class AddKioskUserForm(Form):
    sso_id = forms.CharField(label=_("SSO ID of the person"), max_length=30, validators=[sso_id_validator])
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in KIOSK_USER_ROLES],
                             initial=Role.KIOSK_OPERATOR)
