from django.urls import path

from emitra.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("k/<kiosk:code>/services/", views.search, name="search"),
    path("k/<kiosk:code>/services/<code:service_code>/", views.service_page, name="service"),
    path("favourites/", views.favourites, name="favourites"),
    path("favourites/toggle/", views.toggle_favourite, name="toggle_favourite"),
    path("doit/services/", views.doit_services, name="doit_services"),
    path("doit/services/new/", views.doit_service_edit, name="doit_service_new"),
    path("doit/services/<code:service_code>/", views.doit_service_edit, name="doit_service"),
    path("doit/services/<code:service_code>/active/", views.doit_service_active, name="doit_service_active"),
    path("doit/departments/", views.doit_departments, name="doit_departments"),
    path("doit/departments/<code:department_code>/", views.doit_department_edit, name="doit_department"),
]
