from django.urls import path

from emitra.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("doit/audit/", views.audit, name="audit"),
]
