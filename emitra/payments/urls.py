from django.urls import path

from emitra.payments import views

app_name = "payments"
urlpatterns = [
    path("k/<str:code>/services/<str:service_code>/add/", views.add_to_cart, name="add"),
    path("k/<str:code>/cart/", views.cart, name="cart"),
    path("k/<str:code>/cart/lines/<int:line_id>/remove/", views.remove_line, name="remove_line"),
    path("k/<str:code>/cart/pay/", views.pay, name="pay"),
    path("k/<str:code>/receipts/", views.receipts, name="receipts"),
    path("k/<str:code>/receipts/<str:number>/", views.receipt, name="receipt"),
    path("k/<str:code>/receipts/<str:number>/cancel/", views.cancel, name="cancel"),
    path("dept/cheques/", views.dept_cheques, name="dept_cheques"),
    path("dept/cheques/<str:number>/", views.dept_cheque_decide, name="dept_cheque_decide"),
    path("dept/collections/", views.dept_collections, name="dept_collections"),
    path("dept/collections.csv", views.dept_collections_csv, name="dept_collections_csv"),
    path("doit/payments/rejected/", views.doit_rejections, name="doit_rejections"),
    path("doit/payments/postings/<int:pk>/retry/", views.doit_posting_retry, name="doit_posting_retry"),
]
