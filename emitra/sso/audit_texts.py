"""The words of the bundled identity provider's audit rows (issue 12 req. 6; registered from
SsoConfig.ready, shown by core.audit_texts in the reader's language)."""
from django.utils.translation import gettext_lazy as _

from emitra.sso.services import SIGN_IN_FAILED, SIGN_IN_REFUSED

TEXTS = {
    SIGN_IN_FAILED: _("Wrong SSO ID or password"),
    SIGN_IN_REFUSED: _("Sign-in refused after too many failed tries, until %(until)s"),
}
