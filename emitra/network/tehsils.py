"""A kiosk's tehsil (issue 11 req. 2): kiosks opened before tehsils were known record none; the
kiosk's LSP officer or DoIT records it, so that tehsil offices see the kiosk's collections and
applications without a place are routed to the kiosk's own tehsil."""
from django.db import transaction
from django.utils.translation import gettext as _

from emitra.core import audit
from emitra.network.models import Kiosk, Tehsil
from emitra.network.services import NetworkError


def may_set_tehsil(roles, kiosk):
    return roles.is_doit or kiosk.lsp_id in roles.lsp_ids


def set_kiosk_tehsil(kiosk, tehsil_code, *, by, roles):
    """Record the kiosk's tehsil, one of its district's; the LSP of the kiosk or DoIT only."""
    if not may_set_tehsil(roles, kiosk):
        raise NetworkError(_("Only the kiosk's LSP or DoIT records its tehsil."))
    tehsil = Tehsil.objects.filter(code=tehsil_code, district_id=kiosk.district_id).first()
    if tehsil is None:
        raise NetworkError(_("Choose a tehsil of the kiosk's district."))
    with transaction.atomic():
        Kiosk.objects.filter(pk=kiosk.pk).update(tehsil=tehsil)
        audit.record("kiosk.tehsil_set", actor=by, kiosk=kiosk, target=kiosk, tehsil_code=tehsil.code,
                     tehsil_en=tehsil.name_en, tehsil_hi=tehsil.name_hi)
    kiosk.tehsil = tehsil
    return kiosk
