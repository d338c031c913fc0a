"""Citizens' applications for services. Paths say whose page it is (k/ kiosk, dept/ the
office, doit/ DoIT, citizen/ the signed-in citizen) and stay apart from the kiosk
onboarding's /apply/ and /applications/ (emitra.network: applications to open a kiosk)."""
from django.urls import path

from emitra.applications import views_dept, views_doit, views_kiosk, views_public

app_name = "applications"
urlpatterns = [
    path("k/<kiosk:code>/applications/", views_kiosk.kiosk_list, name="kiosk_list"),
    path("k/<kiosk:code>/services/<code:service_code>/apply/", views_kiosk.new, name="new"),
    path("k/<kiosk:code>/applications/<application:number>/", views_kiosk.detail, name="detail"),
    path("k/<kiosk:code>/applications/<application:number>/edit/", views_kiosk.edit, name="edit"),
    path("k/<kiosk:code>/applications/<application:number>/office/", views_kiosk.office, name="office"),
    path("k/<kiosk:code>/applications/<application:number>/fee/", views_kiosk.add_fee, name="add_fee"),
    path("k/<kiosk:code>/applications/<application:number>/documents/", views_kiosk.documents, name="documents"),
    path("k/<kiosk:code>/applications/<application:number>/resubmit/", views_kiosk.resubmit, name="resubmit"),
    path("k/<kiosk:code>/applications/<application:number>/acknowledgement/", views_kiosk.acknowledgement, name="ack"),
    path("k/<kiosk:code>/applications/<application:number>/acknowledgement.pdf", views_kiosk.acknowledgement_pdf,
         name="ack_pdf"),
    path("k/<kiosk:code>/applications/<application:number>/certificate.pdf", views_kiosk.certificate, name="certificate"),
    path("dept/applications/", views_dept.inbox, name="inbox"),
    path("dept/applications/<application:number>/", views_dept.detail, name="dept_detail"),
    path("dept/applications/<application:number>/certificate.pdf", views_dept.certificate, name="dept_certificate"),
    path("doit/forms/", views_doit.forms_list, name="doit_forms"),
    path("doit/forms/<code:service_code>/", views_doit.form_edit, name="doit_form"),
    path("status/", views_public.status, name="status"),
    # public, no sign-in: the page a certificate's QR opens; a short path keeps the QR small
    path("c/<str:token>/", views_public.verify_certificate, name="verify_certificate"),
    path("citizen/", views_public.citizen, name="citizen"),
    path("citizen/applications/<application:number>/", views_public.citizen_application, name="citizen_application"),
    path("citizen/applications/<application:number>/certificate.pdf", views_public.citizen_certificate,
         name="citizen_certificate"),
]
