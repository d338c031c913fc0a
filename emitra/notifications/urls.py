from django.urls import path

from emitra.notifications import views

app_name = "notifications"
urlpatterns = [
    path("doit/messages/", views.doit_messages, name="doit_messages"),
    path("doit/messages/<id:pk>/retry/", views.doit_retry, name="doit_retry"),
]
