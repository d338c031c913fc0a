"""URL map. Each app owns its paths; by convention kiosk pages live under
k/<kiosk code>/, LSP pages under lsp/, DoIT pages under doit/ and department
pages under dept/, so that one look at a URL says whose page it is."""
from django.urls import include, path
from django.views.i18n import set_language

from emitra.deptapi.api import urls as dept_api_urls
from emitra.sso.urls import oidc_patterns

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("sso/", include("emitra.sso.urls")),
    path("sso/", include((oidc_patterns, "oauth2_provider"))),
    path("", include("emitra.accounts.urls")),
    path("", include("emitra.core.urls")),
    path("", include("emitra.network.urls")),
    path("", include("emitra.ledger.urls")),
    path("", include("emitra.wallet.urls")),
    path("", include("emitra.catalogue.urls")),
    path("", include("emitra.billers.urls")),
    path("", include("emitra.payments.urls")),
    path("", include("emitra.notifications.urls")),
    path("", include("emitra.applications.urls")),
    path("", include("emitra.documents.urls")),
    path("", include("emitra.payouts.urls")),
    path("", include("emitra.commissions.urls")),
    path("", include("emitra.deptapi.urls")),
    path("", include("emitra.reports.urls")),
    path("", include("emitra.helpdesk.urls")),
    # the department API (F29): JSON, OAuth 2.0 client credentials, its OpenAPI document at openapi.json
    path("api/dept/v1/", dept_api_urls()),
]

handler400 = "emitra.core.views.bad_request"
handler403 = "emitra.core.views.forbidden"
handler404 = "emitra.core.views.not_found"
handler500 = "emitra.core.views.server_error"
