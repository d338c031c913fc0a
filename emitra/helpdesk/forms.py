"""The ticket forms (F34): plain multipart forms that work without JavaScript.

A bad value (an empty description, a file the document locker would refuse, a
number that is no receipt or application of the reporter's) is a message beside
its field and nothing is saved: the attachment is checked by its content here
(documents.services.check_file) before anything is stored.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from emitra.core.forms import Form, RupeesField
from emitra.documents.errors import DocumentRejected
from emitra.documents.forms import ACCEPT
from emitra.documents.services import check_file
from emitra.helpdesk.models import Category
from emitra.helpdesk.services import TicketError, find_reference
from emitra.sso.forms import clean_mobile_text, mobile_validator

DESCRIBE = _("Describe the problem.")


def local_page(path):
    """The page a ticket came from: a path of this portal, else "" (never another site)."""
    path = str(path or "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path or any(ord(c) < 32 for c in path):
        return ""
    return path[:500]


def _attachment(file):
    if not file:
        return None
    try:
        check_file(file)
    except DocumentRejected as e:
        raise forms.ValidationError(e.message, code="attachment") from None
    return file


class TicketForm(Form):
    category = forms.ChoiceField(label=_("What is it about?"), choices=[("", _("Choose one"))] + Category.choices,
                                 error_messages={"required": _("Choose what the problem is about.")})
    description = forms.CharField(label=_("Describe the problem"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5, "cols": 50}),
                                  error_messages={"required": DESCRIBE},
                                  help_text=_("What you did, what you expected and what happened instead."))
    reference = forms.CharField(label=_("Receipt or application number (optional)"), max_length=40, required=False)
    page = forms.CharField(label=_("Page it is about"), max_length=500, required=False,
                           help_text=_("Filled in with the page you came from."))
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                                 help_text=_("A screenshot or a scan: PDF, JPEG or PNG."))

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(DESCRIBE, code="required")
        return text

    def clean_page(self):
        return local_page(self.cleaned_data["page"])

    def clean_attachment(self):
        return _attachment(self.cleaned_data.get("attachment"))

    def clean_reference(self):
        try:
            receipt, application = find_reference(self.cleaned_data["reference"], self.roles)
        except TicketError as e:
            raise forms.ValidationError(e.message, code="reference") from None
        self.cleaned_data["receipt"], self.cleaned_data["application"] = receipt, application
        return self.cleaned_data["reference"]


class OverchargedForm(Form):
    """The citizen's complaint from the public receipt check: no sign-in, a contact for the updates."""

    paid = RupeesField(label=_("What you paid (₹)"), required=False,
                       help_text=_("The amount the kiosk took from you, if you know it."))
    description = forms.CharField(label=_("What happened?"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4, "cols": 50}),
                                  error_messages={"required": DESCRIBE})
    name = forms.CharField(label=_("Your name (optional)"), max_length=100, required=False)
    mobile = forms.CharField(label=_("Your mobile number"), max_length=16, required=False,
                             help_text=_("For the SMS updates on your complaint."))
    email = forms.EmailField(label=_("Your e-mail (optional)"), max_length=254, required=False)

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(DESCRIBE, code="required")
        return text

    def clean_mobile(self):
        mobile = clean_mobile_text(self.cleaned_data["mobile"])
        if mobile:
            mobile_validator(mobile)
        return mobile

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("mobile") and not data.get("email"):
            self.add_error("mobile", _("Give a mobile number or an e-mail address for the updates."))
        return data


class CommentForm(Form):
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3, "cols": 50}),
                           error_messages={"required": _("Write the comment.")})


class MoveForm(Form):
    note = forms.CharField(label=_("Note (what was done, or what is needed)"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2, "cols": 50}))
