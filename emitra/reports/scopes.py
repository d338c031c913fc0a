"""Whose rows a report shows (issue 13 req. 1): the scope of each role through the portal's own
access helpers, exactly as the pages check it, and the same scope again from its reference
for a background export (the person was checked when the export was asked for).

- kiosk: kiosk_for(request, code, page=report.kiosk_page): the kiosk's people by the page's
  rule, and the officers of its LSP and DoIT for the pages they may look at;
- LSP: an LSP officer, for the LSPs of lsp_scope;
- department: dept_scope, the office's DeptScope;
- DoIT: a DoIT officer, the whole state (None).
"""
from django.http import Http404

from emitra.accounts.access import DeptScope, dept_scope, kiosk_for, may_use
from emitra.reports.definition import DEPT, DOIT, KIOSK, LSP


def may_open_role(request, role):
    roles = request.roles
    return request.person is not None and (
        (role == LSP and roles.is_lsp) or (role == DOIT and roles.is_doit) or (role == DEPT and roles.is_dept))


def resolve(request, report, code=None):
    """(scope, reference) of the report for this request, else 404."""
    if request.person is None:
        raise Http404
    if report.role == KIOSK:
        kiosk = kiosk_for(request, code or "", page=report.kiosk_page)
        return kiosk, {"kiosk": kiosk.code}
    if not may_open_role(request, report.role):
        raise Http404
    if report.role == LSP:
        ids = sorted(request.roles.lsp_ids)  # its own LSPs (lsp_scope would give DoIT "all")
        return ids, {"lsps": ids}
    if report.role == DEPT:
        scope = dept_scope(request)
        return scope, {"department": scope.department.pk, "office": getattr(scope.office, "pk", None)}
    return None, {}


def label(role, scope):
    """Whose report it is, in words, for the top of an export."""
    if role == KIOSK:
        return f"{scope.code} · {scope.name}"
    if role == LSP:
        from emitra.network.models import LSP as LSPModel

        return ", ".join(LSPModel.objects.filter(pk__in=scope).order_by("code").values_list("name", flat=True))
    if role == DEPT:
        return f"{scope.department.name}" + (f" · {scope.office.name}" if scope.office else "")
    return ""


def from_reference(role, ref):
    """The scope again from resolve()'s reference (a background export)."""
    if role == KIOSK:
        from emitra.network.models import Kiosk

        return Kiosk.objects.select_related("district", "lsp", "tehsil").get(code=ref["kiosk"])
    if role == LSP:
        return list(ref["lsps"])
    if role == DEPT:
        from emitra.catalogue.models import Department, Office

        office = Office.objects.get(pk=ref["office"]) if ref.get("office") else None
        return DeptScope(Department.objects.get(pk=ref["department"]), office)
    return None


def kiosk_reports(request, kiosk, reports):
    """The kiosk's reports this person may open (the rule of each one's page)."""
    return [r for r in reports if may_use(request.roles, kiosk, r.kiosk_page)]
