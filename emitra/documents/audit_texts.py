"""The words of the document locker's audit rows (issue 12 req. 6; registered from DocumentsConfig.ready,
shown by core.audit_texts in the reader's language). A kind of document is named in the page's
language from the kind_en/kind_hi the row stores."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from emitra.documents.models import LockerGrant

TEXTS = {
    "documents.locker_opened": _("Locker %(locker)s opened for %(sso_id)s"),
    "documents.consumer_locker_opened": _("Locker %(locker)s opened for mobile %(mobile)s"),
    "documents.code_sent": _("Code sent to mobile %(mobile)s"),
    "documents.kiosk_opened_locker": _("Locker %(locker)s opened at the kiosk: %(how)s"),
    "documents.grant_ended": _("The kiosk's access to locker %(locker)s ended"),
    "documents.locker_joined": ngettext_lazy(
        "Consumer locker %(locker)s of mobile %(mobile)s joined: %(moved)s document moved",
        "Consumer locker %(locker)s of mobile %(mobile)s joined: %(moved)s documents moved", "moved"),
    "documents.mobile_moved": _("Mobile %(mobile)s moved from locker %(locker)s"),
    "documents.mobile_proved": _("Mobile %(mobile)s proved"),
    "documents.uploaded": _("%(kind)s uploaded to locker %(locker)s (%(extension)s, %(bytes)s bytes)"),
    "documents.digilocker_verified": _("Confirmed by DigiLocker (%(uri)s), locker %(locker)s"),
    "documents.digilocker_pulled": _("%(kind)s fetched from DigiLocker (%(uri)s) into locker %(locker)s, %(bytes)s bytes"),
    "documents.kind_added": _("Kind of document %(code)s added: %(name)s"),
    "documents.kind_changed": _("Kind of document %(code)s changed: %(name)s (%(active)s)"),
    "documents.digilocker_connected": _("Connected to DigiLocker %(digilocker_id)s"),
    "documents.viewed": _("%(kind)s of locker %(locker)s viewed"),
}
LABELS = {"how": LockerGrant.How.choices, "active": [(True, _("active")), (False, _("inactive"))]}
