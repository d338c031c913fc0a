from django.urls import path

from emitra.payments.views import cart, department, doit, paper, receipts

app_name = "payments"
urlpatterns = [
    path("k/<kiosk:code>/services/<code:service_code>/add/", cart.add_to_cart, name="add"),
    path("k/<kiosk:code>/cart/", cart.pay, name="cart"),
    path("k/<kiosk:code>/cart/lines/<id:line_id>/remove/", cart.remove_line, name="remove_line"),
    path("k/<kiosk:code>/cart/pay/", cart.pay, name="pay"),
    path("k/<kiosk:code>/receipts/", receipts.receipts, name="receipts"),
    path("k/<kiosk:code>/receipts/<receipt:number>/", receipts.receipt, name="receipt"),
    path("k/<kiosk:code>/receipts/<receipt:number>/cancel/", receipts.cancel, name="cancel"),
    path("dept/cheques/", department.dept_cheques, name="dept_cheques"),
    path("dept/cheques/<receipt:number>/", department.dept_cheque_decide, name="dept_cheque_decide"),
    path("doit/payments/rejected/", doit.doit_rejections, name="doit_rejections"),
    # issue 5: the receipt on paper and its public check (F14, F15)
    path("k/<kiosk:code>/receipts/<receipt:number>/print/", paper.receipt_print, name="receipt_print"),
    path("k/<kiosk:code>/receipts/<receipt:number>/pdf/", paper.receipt_pdf, name="receipt_pdf"),
    path("k/<kiosk:code>/receipts/<receipt:number>/dmp/", paper.receipt_dmp, name="receipt_dmp"),
    path("k/<kiosk:code>/receipts/<receipt:number>/escp/", paper.receipt_escp, name="receipt_escp"),
    # public, no sign-in: the page a receipt's QR opens; a short path keeps the QR small
    path("v/<str:token>/", paper.verify, name="verify"),
    path("doit/payments/postings/<id:pk>/retry/", doit.doit_delivery_retry, name="doit_delivery_retry"),
]
