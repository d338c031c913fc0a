from django.urls import path

from emitra.commissions import views

app_name = "commissions"
urlpatterns = [
    path("doit/commissions/", views.index, name="index"),
    path("doit/commissions/new/", views.rule_new, name="rule_new"),
    path("doit/commissions/tiers/", views.tier_scales, name="tiers"),
    path("doit/commissions/<id:pk>/", views.rule, name="rule"),
    path("doit/commissions/<id:pk>/versions/new/", views.version_new, name="version_new"),
    path("doit/commissions/<id:pk>/v<id:number>/", views.version, name="version"),
    path("doit/commissions/<id:pk>/v<id:number>/edit/", views.version_edit, name="version_edit"),
    path("doit/commissions/<id:pk>/v<id:number>/publish/", views.publish, name="publish"),
    path("doit/commissions/<id:pk>/v<id:number>/publish/confirm/", views.publish_confirm, name="publish_confirm"),
]
