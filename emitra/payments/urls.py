from django.urls import path

from emitra.payments import views, views_receipts

app_name = "payments"
urlpatterns = [
    path("k/<kiosk:code>/services/<code:service_code>/add/", views.add_to_cart, name="add"),
    path("k/<kiosk:code>/cart/", views.cart, name="cart"),
    path("k/<kiosk:code>/cart/lines/<id:line_id>/remove/", views.remove_line, name="remove_line"),
    path("k/<kiosk:code>/cart/pay/", views.pay, name="pay"),
    path("k/<kiosk:code>/receipts/", views.receipts, name="receipts"),
    path("k/<kiosk:code>/receipts/<receipt:number>/", views.receipt, name="receipt"),
    path("k/<kiosk:code>/receipts/<receipt:number>/cancel/", views.cancel, name="cancel"),
    path("dept/cheques/", views.dept_cheques, name="dept_cheques"),
    path("dept/cheques/<receipt:number>/", views.dept_cheque_decide, name="dept_cheque_decide"),
    path("dept/collections/", views.dept_collections, name="dept_collections"),
    path("dept/collections.csv", views.dept_collections_csv, name="dept_collections_csv"),
    path("doit/payments/rejected/", views.doit_rejections, name="doit_rejections"),
    # issue 5: the receipt on paper and its public check (F14, F15)
    path("k/<kiosk:code>/receipts/<receipt:number>/print/", views_receipts.receipt_print, name="receipt_print"),
    path("k/<kiosk:code>/receipts/<receipt:number>/pdf/", views_receipts.receipt_pdf, name="receipt_pdf"),
    path("k/<kiosk:code>/receipts/<receipt:number>/dmp/", views_receipts.receipt_dmp, name="receipt_dmp"),
    path("k/<kiosk:code>/receipts/<receipt:number>/escp/", views_receipts.receipt_escp, name="receipt_escp"),
    # public, no sign-in: the page a receipt's QR opens; a short path keeps the QR small
    path("v/<str:token>/", views_receipts.verify, name="verify"),
    path("doit/payments/postings/<id:pk>/retry/", views.doit_posting_retry, name="doit_posting_retry"),
]
