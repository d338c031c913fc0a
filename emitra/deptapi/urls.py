"""DoIT's pages for departments' API clients (F29, issue 11 req. 9)."""
from django.urls import path

from emitra.deptapi import views

app_name = "deptapi_doit"
urlpatterns = [
    path("doit/api-clients/", views.clients, name="clients"),
    path("doit/api-clients/<id:pk>/revoke/", views.revoke, name="revoke"),
]
