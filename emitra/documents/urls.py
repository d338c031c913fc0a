from django.urls import path

from emitra.documents import views

app_name = "documents"
urlpatterns = [
    path("me/documents/", views.mine, name="mine"),
    path("me/documents/mobile/", views.own_mobile, name="own_mobile"),
    path("me/documents/mobile/code/", views.own_mobile_code, name="own_mobile_code"),
    path("me/documents/kiosks/<id:grant_id>/end/", views.end_kiosk, name="end_kiosk"),
    path("me/documents/digilocker/", views.digilocker_documents, name="digilocker"),
    path("me/documents/digilocker/connect/", views.digilocker_connect, name="digilocker_connect"),
    # the redirect URI registered at DigiLocker, for citizens and kiosks alike
    path("digilocker/callback/", views.digilocker_callback, name="digilocker_callback"),
    path("k/<kiosk:code>/documents/", views.kiosk_open, name="kiosk_open"),
    path("k/<kiosk:code>/documents/code/", views.kiosk_send_code, name="kiosk_send_code"),
    path("k/<kiosk:code>/documents/open/", views.kiosk_verify_code, name="kiosk_verify_code"),
    path("k/<kiosk:code>/documents/<id:grant_id>/", views.kiosk_locker, name="kiosk_locker"),
    path("k/<kiosk:code>/documents/<id:grant_id>/done/", views.kiosk_done, name="kiosk_done"),
    path("k/<kiosk:code>/documents/<id:grant_id>/digilocker/", views.kiosk_digilocker, name="kiosk_digilocker"),
    path("k/<kiosk:code>/documents/<id:grant_id>/digilocker/connect/", views.kiosk_digilocker_connect,
         name="kiosk_digilocker_connect"),
    # the one view that serves a document's file; the token is the document's own random secret
    path("documents/<token:token>/", views.document_file, name="file"),
    path("doit/documents/kinds/", views.doit_kinds, name="doit_kinds"),
    path("doit/documents/kinds/<code:kind_code>/", views.doit_kind, name="doit_kind"),
]
