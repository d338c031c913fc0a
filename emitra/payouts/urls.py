from django.urls import path

from emitra.payouts import views_kiosk, views_lsp

app_name = "payouts"
urlpatterns = [
    path("k/<kiosk:code>/payouts/", views_kiosk.home, name="home"),
    path("k/<kiosk:code>/payouts/pan/", views_kiosk.pan, name="pan"),
    path("k/<kiosk:code>/payouts/auto/", views_kiosk.auto, name="auto"),
    path("k/<kiosk:code>/payouts/bank-account/", views_kiosk.bank_account, name="bank_account"),
    path("k/<kiosk:code>/payouts/new/", views_kiosk.new, name="new"),
    path("k/<kiosk:code>/payouts/confirm/", views_kiosk.confirm, name="confirm"),
    path("k/<kiosk:code>/payouts/tds/", views_kiosk.tds, name="tds"),
    path("k/<kiosk:code>/payouts/<payout:reference>/", views_kiosk.payout, name="payout"),
    path("lsp/payouts/accounts/", views_lsp.accounts, name="lsp_accounts"),
    path("lsp/payouts/accounts/<id:pk>/", views_lsp.account, name="lsp_account"),
    path("lsp/payouts/accounts/<id:pk>/<word:action>/", views_lsp.account_decide, name="lsp_account_decide"),
    path("lsp/payouts/tds/", views_lsp.tds, name="lsp_tds"),
    path("doit/payouts/tds/", views_lsp.tds, name="doit_tds"),
    path("lsp/payouts/", views_lsp.bank, name="lsp_bank"),
    path("doit/payouts/", views_lsp.bank, name="doit_bank"),
    path("lsp/payouts/batches/", views_lsp.batch_new, name="lsp_batch_new"),
    path("doit/payouts/batches/", views_lsp.batch_new, name="doit_batch_new"),
    path("lsp/payouts/batches/<id:pk>.csv", views_lsp.batch_csv, name="lsp_batch_csv"),
    path("doit/payouts/batches/<id:pk>.csv", views_lsp.batch_csv, name="doit_batch_csv"),
    path("lsp/payouts/response/", views_lsp.response_upload, name="lsp_response"),
    path("doit/payouts/response/", views_lsp.response_upload, name="doit_response"),
    path("lsp/payouts/response/<id:pk>/", views_lsp.response_check, name="lsp_response_check"),
    path("doit/payouts/response/<id:pk>/", views_lsp.response_check, name="doit_response_check"),
    path("lsp/payouts/response/<id:pk>/apply/", views_lsp.response_apply, name="lsp_response_apply"),
    path("doit/payouts/response/<id:pk>/apply/", views_lsp.response_apply, name="doit_response_apply"),
]
