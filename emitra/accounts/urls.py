from django.urls import path

from emitra.accounts import views, views_doit

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("auth/login/", views.login, name="login"),
    path("auth/callback/", views.callback, name="callback"),
    path("auth/logout/", views.logout, name="logout"),
    path("auth/me/", views.me, name="me"),
    path("doit/audit/", views_doit.audit, name="audit"),
    path("doit/officers/", views_doit.officers, name="doit_officers"),
    path("doit/officers/<id:pk>/end/", views_doit.officer_end, name="doit_officer_end"),
]
