from django.urls import path

from emitra.payments.views import cart, department, doit, paper, receipts

app_name = "payments"
urlpatterns = [
    path("k/<str:code>/services/<str:service_code>/add/", cart.add_to_cart, name="add"),
    path("k/<str:code>/cart/", cart.cart, name="cart"),
    path("k/<str:code>/cart/lines/<int:line_id>/remove/", cart.remove_line, name="remove_line"),
    path("k/<str:code>/cart/pay/", cart.pay, name="pay"),
    path("k/<str:code>/receipts/", receipts.receipts, name="receipts"),
    path("k/<str:code>/receipts/<str:number>/", receipts.receipt, name="receipt"),
    path("k/<str:code>/receipts/<str:number>/cancel/", receipts.cancel, name="cancel"),
    path("dept/cheques/", department.dept_cheques, name="dept_cheques"),
    path("dept/cheques/<str:number>/", department.dept_cheque_decide, name="dept_cheque_decide"),
    path("dept/collections/", department.dept_collections, name="dept_collections"),
    path("dept/collections.csv", department.dept_collections_csv, name="dept_collections_csv"),
    path("doit/payments/rejected/", doit.doit_rejections, name="doit_rejections"),
    # issue 5: the receipt on paper and its public check (F14, F15)
    path("k/<str:code>/receipts/<str:number>/print/", paper.receipt_print, name="receipt_print"),
    path("k/<str:code>/receipts/<str:number>/pdf/", paper.receipt_pdf, name="receipt_pdf"),
    path("k/<str:code>/receipts/<str:number>/dmp/", paper.receipt_dmp, name="receipt_dmp"),
    path("k/<str:code>/receipts/<str:number>/escp/", paper.receipt_escp, name="receipt_escp"),
    # public, no sign-in: the page a receipt's QR opens; a short path keeps the QR small
    path("v/<str:token>/", paper.verify, name="verify"),
    path("doit/payments/postings/<int:pk>/retry/", doit.doit_delivery_retry, name="doit_delivery_retry"),
]
