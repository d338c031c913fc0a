"""Access helpers: every view checks role AND scope through these (issue 2, req. 5).

A person without the role, or with it at another place, gets 404, so that
nobody learns which kiosk codes exist.
"""
from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from emitra.accounts.models import KIOSK_ROLES, Role


def person_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.person is None:
            return redirect(reverse("accounts:login") + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapper


def _role_required(test):
    def decorator(view):
        @person_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(request.roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


doit_required = _role_required(lambda roles: roles.is_doit)
lsp_required = _role_required(lambda roles: roles.is_lsp)
dept_required = _role_required(lambda roles: roles.is_dept)


def kiosk_for(request, code, roles=KIOSK_ROLES, *, overseers=True):
    """The kiosk `code` if the person may see it, else 404.

    Kiosk users with one of `roles` at that kiosk may; with overseers=True so
    may the officers of the kiosk's LSP and DoIT (read-only pages). Sets
    request.kiosk so that the page shows the kiosk's wallet (F23).
    """
    from emitra.network.models import Kiosk

    if request.person is None:
        raise Http404
    kiosk = get_object_or_404(Kiosk.objects.select_related("district", "lsp"), code=code.upper())
    allowed = request.roles.at_kiosk(kiosk.pk, roles) or (
        overseers and (request.roles.is_doit or kiosk.lsp_id in request.roles.lsp_ids)
    )
    if not allowed:
        raise Http404
    request.kiosk = kiosk
    return kiosk


def lsp_scope(request):
    """The LSP ids the person oversees; DoIT oversees all (None means all)."""
    return None if request.roles.is_doit else request.roles.lsp_ids


def is_holder_of(request, kiosk):
    return request.roles.at_kiosk(kiosk.pk, (Role.KIOSK_HOLDER,))
