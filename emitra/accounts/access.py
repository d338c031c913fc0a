"""Access helpers: every view checks role AND scope through these (issue 2, req. 5).

A person without the role, or with it at another place, gets 404, so that
nobody learns which kiosk codes exist.
"""
from dataclasses import dataclass
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


_HOLDER = (Role.KIOSK_HOLDER,)
_SELLERS = (Role.KIOSK_HOLDER, Role.KIOSK_OPERATOR)

# A kiosk's pages by what they are for: (the kiosk roles that may open them, whether the
# officers of the kiosk's LSP and DoIT may look too).
KIOSK_PAGES = {
    "home": (KIOSK_ROLES, True),
    "services": (KIOSK_ROLES, True),
    "users": (_HOLDER, True),
    "wallet": (KIOSK_ROLES, True),
    "topup": (_HOLDER, False),
    "payouts": ((Role.KIOSK_HOLDER, Role.KIOSK_ACCOUNTANT), True),
    "cart": (_SELLERS, False),
    "receipts": (KIOSK_ROLES, True),
    "applications": (_SELLERS, False),
    "documents": (_SELLERS, False),
}


def may_use(roles, kiosk, page):
    """Whether a person with `roles` (request.roles) may open the kiosk's `page` (a key of
    KIOSK_PAGES). The one rule the views ask through kiosk_for(page=...) and the links ask
    through {% kiosk_access %}, so that nobody is shown a link that answers 404 (issue 9 item 23)."""
    kiosk_roles, overseers = KIOSK_PAGES[page]
    return _allowed(roles, kiosk, kiosk_roles, overseers)


def _allowed(roles, kiosk, kiosk_roles, overseers):
    return roles.at_kiosk(kiosk.pk, kiosk_roles) or (
        overseers and (roles.is_doit or kiosk.lsp_id in roles.lsp_ids))


def kiosk_for(request, code, roles=KIOSK_ROLES, *, overseers=True, page=None):
    """The kiosk `code` if the person may see it, else 404.

    With `page`, the rule of that page (may_use, KIOSK_PAGES). Otherwise kiosk users with
    one of `roles` at that kiosk may; with overseers=True so may the officers of the
    kiosk's LSP and DoIT (read-only pages). Sets request.kiosk: the page is this kiosk's,
    and shows its wallet (emitra.wallet.context_processors, F23). A person's own kiosk
    (their kiosk membership's) was read with their memberships at the start of the request
    (PersonMiddleware) and is taken from there; any other kiosk is read here (issue 14).
    """
    from emitra.network.models import Kiosk

    if request.person is None:
        raise Http404
    if page is not None:
        roles, overseers = KIOSK_PAGES[page]
    code = code.upper()
    # the person's own kiosk came with their memberships (PersonMiddleware): no query for it
    mine = request.roles.kiosk_membership
    if mine is not None and "kiosk" in mine._state.fields_cache and mine.kiosk.code == code:
        kiosk = mine.kiosk
    else:
        kiosk = get_object_or_404(Kiosk.objects.select_related("district", "lsp", "tehsil"), code=code)
    if not _allowed(request.roles, kiosk, roles, overseers):
        raise Http404
    request.kiosk = kiosk
    return kiosk


def lsp_scope(request):
    """The LSP ids the person oversees; DoIT oversees all (None means all)."""
    return None if request.roles.is_doit else request.roles.lsp_ids


def is_holder_of(request, kiosk):
    return request.roles.at_kiosk(kiosk.pk, (Role.KIOSK_HOLDER,))


@dataclass(frozen=True)
class DeptScope:
    """What a department officer sees (F29): the department's services, sold at the kiosks
    the office covers, and the applications sent to the offices it covers (issue 11).

    The rule is one of places: no office, or the state-level office, covers the whole
    state; a district office covers its district (Office.district_code = District.code);
    a tehsil office covers its tehsil (Office.tehsil_code = Tehsil.code). A kiosk that
    records no tehsil yet is covered by every tehsil office of its district, as before
    kiosks had one; a tehsil office that records no tehsil covers its district.
    """

    department: object
    office: object = None

    @property
    def district_code(self):
        """The district whose kiosks are covered, or None for the whole state."""
        if self.office is None or self.office.level == "state":
            return None
        return self.office.district_code

    @property
    def tehsil_code(self):
        """The tehsil covered, or None for a whole district or the state."""
        if self.office is None or self.office.level != "tehsil":
            return None
        return self.office.tehsil_code or None

    def kiosk_q(self, prefix="kiosk__"):
        """A Q on a model with a kiosk, limited to the kiosks the office covers."""
        from django.db.models import Q

        code, tehsil = self.district_code, self.tehsil_code
        if tehsil:
            return Q(**{f"{prefix}tehsil__code": tehsil}) | Q(
                **{f"{prefix}tehsil__isnull": True, f"{prefix}district__code": code})
        return Q(**{f"{prefix}district__code": code}) if code else Q()

    def office_q(self, prefix="office__"):
        """A Q on a model with a destination office of the department, limited to the offices
        in the place this office covers (the applications inbox)."""
        from django.db.models import Q

        q = Q(**{f"{prefix}department": self.department})
        code, tehsil = self.district_code, self.tehsil_code
        if tehsil:
            return q & Q(**{f"{prefix}tehsil_code": tehsil})
        return q & Q(**{f"{prefix}district_code": code}) if code else q


def dept_scope(request):
    """The department (and office) of the signed-in department officer, else 404."""
    from emitra.catalogue.models import Department, Office

    membership = request.roles.dept_membership if request.person is not None else None
    if membership is None or membership.department_id is None:
        raise Http404
    department = Department.objects.get(pk=membership.department_id)
    office = Office.objects.get(pk=membership.office_id) if membership.office_id else None
    return DeptScope(department, office)
