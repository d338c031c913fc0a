from django.urls import path

from emitra.network import views, views_tehsil

app_name = "network"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<id:pk>/", views.application, name="application"),
    path("applications/<id:pk>/doc/<word:which>/", views.application_document, name="application_document"),
    path("applications/<id:pk>/<word:action>/", views.decide, name="decide"),
    path("me/registrations/<id:pk>/deregister/", views.deregister_myself, name="deregister_myself"),
    path("lsp/", views.lsp_home, name="lsp_home"),
    path("lsp/applications/", views.lsp_applications, name="lsp_applications"),
    path("doit/", views.doit_home, name="doit_home"),
    path("doit/applications/", views.doit_applications, name="doit_applications"),
    path("k/<kiosk:code>/", views.kiosk_home, name="kiosk_home"),
    path("k/<kiosk:code>/users/", views.kiosk_users, name="kiosk_users"),
    path("k/<kiosk:code>/tehsil/", views_tehsil.kiosk_tehsil, name="kiosk_tehsil"),
    path("k/<kiosk:code>/users/<id:pk>/deregister/", views.kiosk_user_deregister, name="kiosk_user_deregister"),
    path("k/<kiosk:code>/users/<id:pk>/<word:action>/", views.kiosk_user_change, name="kiosk_user_change"),
]
