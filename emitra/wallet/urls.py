from django.urls import path

from emitra.wallet import views

app_name = "wallet"
urlpatterns = [
    path("k/<kiosk:code>/wallet/", views.home, name="home"),
    path("k/<kiosk:code>/wallet/statement/", views.statement, name="statement"),
    path("k/<kiosk:code>/wallet/topup/", views.topup, name="topup"),
    path("k/<kiosk:code>/wallet/topup/online/", views.topup_online, name="topup_online"),
    path("k/<kiosk:code>/wallet/limit/", views.limit, name="limit"),
    path("k/<kiosk:code>/wallet/limit/<id:pk>/withdraw/", views.limit_withdraw, name="limit_withdraw"),
    path("lsp/wallet/topups/", views.lsp_topups, name="lsp_topups"),
    path("lsp/wallet/topups/<id:pk>/", views.lsp_topup, name="lsp_topup"),
    path("lsp/wallet/topups/<id:pk>/<word:action>/", views.lsp_topup_decide, name="lsp_topup_decide"),
    path("lsp/wallet/limits/", views.lsp_limits, name="lsp_limits"),
    path("lsp/wallet/limits/<id:pk>/", views.lsp_limit, name="lsp_limit"),
    path("lsp/wallet/deposits/", views.deposit_new, name="deposit_new"),
    path("doit/wallet/deposits/", views.deposit_new, name="doit_deposit_new"),
    path("doit/wallet/accounts/", views.doit_accounts, name="doit_accounts"),
    path("doit/wallet/accounts/<account:code>/", views.doit_account, name="doit_account"),
    path("doit/wallet/rules/", views.doit_rules, name="doit_rules"),
]
