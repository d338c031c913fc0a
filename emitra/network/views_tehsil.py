"""The kiosk's tehsil, recorded by its LSP officer or DoIT from the kiosk's page (issue 11 req. 2)."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import kiosk_for, person_required
from emitra.network import tehsils
from emitra.network.services import NetworkError


@require_POST
@person_required
def kiosk_tehsil(request, code):
    kiosk = kiosk_for(request, code)
    if not tehsils.may_set_tehsil(request.roles, kiosk):
        raise Http404
    try:
        tehsils.set_kiosk_tehsil(kiosk, request.POST.get("tehsil", ""), by=request.person, roles=request.roles)
    except NetworkError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("The kiosk's tehsil is recorded: %(tehsil)s.") % {"tehsil": kiosk.tehsil.name})
    return redirect("network:kiosk_home", kiosk.code)
