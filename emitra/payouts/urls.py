from django.urls import path

from emitra.payouts import views_kiosk, views_lsp

app_name = "payouts"
urlpatterns = [
    path("k/<str:code>/payouts/", views_kiosk.home, name="home"),
    path("k/<str:code>/payouts/pan/", views_kiosk.pan, name="pan"),
    path("k/<str:code>/payouts/auto/", views_kiosk.auto, name="auto"),
    path("k/<str:code>/payouts/bank-account/", views_kiosk.bank_account, name="bank_account"),
    path("k/<str:code>/payouts/new/", views_kiosk.new, name="new"),
    path("k/<str:code>/payouts/confirm/", views_kiosk.confirm, name="confirm"),
    path("k/<str:code>/payouts/tds/", views_kiosk.tds, name="tds"),
    path("k/<str:code>/payouts/<str:reference>/", views_kiosk.payout, name="payout"),
    path("lsp/payouts/accounts/", views_lsp.accounts, name="lsp_accounts"),
    path("lsp/payouts/accounts/<int:pk>/", views_lsp.account, name="lsp_account"),
    path("lsp/payouts/accounts/<int:pk>/<str:action>/", views_lsp.account_decide, name="lsp_account_decide"),
    path("lsp/payouts/tds/", views_lsp.tds, name="lsp_tds"),
    path("doit/payouts/tds/", views_lsp.tds, name="doit_tds"),
]
