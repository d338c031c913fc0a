"""Reports under each role's own path (urls.py: k/<code>/, lsp/, dept/, doit/), the pages that
became reports at their old addresses (the commission statements, the department's collections), and the background exports
of the person who asked for them."""
from django.urls import path

from emitra.reports import views
from emitra.reports.definition import DEPT, DOIT, KIOSK, LSP

app_name = "reports"


def _role(role, prefix):
    return [
        path(f"{prefix}reports/", views.menu, {"role": role}, name=f"{role}_menu"),
        path(f"{prefix}reports/<slug:slug>/", views.report, {"role": role}, name=f"{role}_report"),
        path(f"{prefix}reports/<slug:slug>/print/", views.print_view, {"role": role}, name=f"{role}_print"),
        path(f"{prefix}reports/<slug:slug>/export/<word:fmt>/", views.export, {"role": role}, name=f"{role}_export"),
    ]


urlpatterns = [
    *_role(KIOSK, "k/<kiosk:code>/"), *_role(LSP, "lsp/"), *_role(DEPT, "dept/"), *_role(DOIT, "doit/"),
    path("k/<kiosk:code>/wallet/commission/", views.kiosk_commission_statement, name="kiosk_commission_statement"),
    path("lsp/commission/", views.lsp_commission_statement, name="lsp_commission_statement"),
    path("dept/collections/", views.dept_collections, name="dept_collections"),
    path("dept/collections.csv", views.dept_collections_csv, name="dept_collections_csv"),
    path("reports/exports/<id:pk>/", views.export_status, name="export_status"),
    path("reports/exports/<id:pk>/file/", views.export_file, name="export_file"),
]
