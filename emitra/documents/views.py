"""The locker's pages (F30): the citizen's "My documents", a kiosk working for a citizen, DoIT's
kinds, and the one view that serves a document's file.

Every page works without JavaScript (plain multipart forms); views parse, call one
service, redirect after POST; errors go back beside their field with status 400.
"""
import re

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required, kiosk_for, person_required
from emitra.core import audit
from emitra.documents import digilocker, services
from emitra.documents.access import KIOSK_WORKERS, may_view
from emitra.documents.errors import DocumentError
from emitra.documents.forms import CodeForm, KindForm, MobileForm, OwnMobileForm, PullForm, SsoIdForm, UploadForm
from emitra.documents.models import Document, DocumentKind, LockerGrant

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _put_error(form, error):
    field = error.field if error.field in form.fields and not form.fields[error.field].widget.is_hidden else None
    form.add_error(field, str(error))


def _upload_form(request):
    return UploadForm(request.POST or None, request.FILES or None,
                      limit=services.human_size(services.max_bytes()))


def _store(request, form, locker, *, kiosk=None):
    """Store the form's file in the locker; True when done (the message is set), False with the error in the form."""
    data = form.cleaned_data
    try:
        document = services.store_upload(locker, data["file"], kind=data["kind"], title=data["title"],
                                         by=request.person, kiosk=kiosk)
    except DocumentError as e:
        _put_error(form, e)
        return False
    if document.is_new:
        messages.success(request, _("Kept in the locker: %(title)s.") % {"title": document.display_title})
    else:
        messages.info(request, _("This file is in the locker already, as “%(title)s” of %(date)s. Nothing new was "
                                 "stored.") % {"title": document.display_title,
                                               "date": document.created.strftime("%d-%m-%Y")})
    return True


# ---------------------------------------------------------------- the citizen

@person_required
def mine(request):
    """My documents: the SSO citizen's locker, with an upload form and the kiosks that may open it now."""
    locker = services.locker_for_person(request.person)
    form = _upload_form(request)
    if request.method == "POST" and form.is_valid() and _store(request, form, locker):
        return redirect("documents:mine")
    return render(request, "documents/mine.html", {
        "locker": locker, "documents": services.documents_in(locker), "form": form,
        "grants": services.live_grants(locker=locker), "waiting": services.consumer_locker_waiting(request.person),
        "digilocker": digilocker.configured(), "back_url": reverse("accounts:home"),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@person_required
def end_kiosk(request, grant_id):
    """The citizen ends a kiosk's access to their locker now."""
    locker = services.locker_for_person(request.person)
    grant = get_object_or_404(LockerGrant.objects.live().select_related("kiosk"), pk=grant_id, locker=locker)
    services.end_grant(grant, by=request.person)
    messages.success(request, _("Kiosk %(kiosk)s can no longer open your locker.") % {"kiosk": grant.kiosk.code})
    return redirect("documents:mine")


@person_required
def own_mobile(request):
    """Link a mobile to my locker: a code to the mobile, then the code; documents kept for that
    mobile at a kiosk join my locker."""
    locker = services.locker_for_person(request.person)
    form = OwnMobileForm(request.POST or None, initial={"mobile": request.person.mobile})
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        try:
            services.start_mobile_verification(mobile, by=request.person, language=_sms_language())
        except DocumentError as e:
            _put_error(form, e)
        else:
            messages.info(request, _("A code was sent by SMS to %(mobile)s.") % {"mobile": mobile})
            return render(request, "documents/own_code.html", {
                "form": CodeForm(initial={"mobile": mobile}), "mobile": mobile,
                "back_url": reverse("documents:own_mobile")})
    return render(request, "documents/own_mobile.html", {
        "form": form, "locker": locker, "back_url": reverse("documents:mine"),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@person_required
def own_mobile_code(request):
    locker = services.locker_for_person(request.person)
    form = CodeForm(request.POST)
    mobile = request.POST.get("mobile", "")[:16]
    if form.is_valid():
        try:
            moved = services.join_mobile(locker, form.cleaned_data["mobile"], form.cleaned_data["code"],
                                         by=request.person)
        except DocumentError as e:
            _put_error(form, e)
        else:
            messages.success(request, _("Your locker now answers for mobile %(mobile)s. Documents brought in: "
                                        "%(count)s.") % {"mobile": locker.mobile, "count": moved})
            return redirect("documents:mine")
    return render(request, "documents/own_code.html", {
        "form": form, "mobile": mobile, "back_url": reverse("documents:own_mobile")}, status=400)


def _sms_language():
    return "hi" if (get_language() or "").startswith("hi") else "en"


# ---------------------------------------------------------------- a kiosk working for a citizen

def _worker_kiosk(request, code):
    """Only the kiosk's holder and operators work for citizens; overseers do not open lockers."""
    return kiosk_for(request, code, page="documents")


def grant_for(request, code, grant_id):
    """The kiosk's live grant `grant_id`, else 404: the kiosk works for that citizen now."""
    kiosk = _worker_kiosk(request, code)
    grant = get_object_or_404(LockerGrant.objects.live().select_related("locker__person", "locker__merged_into"),
                              pk=grant_id, kiosk=kiosk)
    return kiosk, grant


def _open_page(request, kiosk, sso_form=None, mobile_form=None, status=200):
    return render(request, "documents/kiosk_open.html", {
        "kiosk": kiosk, "sso_form": sso_form or SsoIdForm(prefix="sso"),
        "mobile_form": mobile_form or MobileForm(prefix="m"),
        "grants": services.live_grants(kiosk=kiosk), "minutes": services.grant_minutes(),
        "back_url": reverse("network:kiosk_home", args=[kiosk.code]),
    }, status=status)


def _code_page(request, kiosk, form, *, sent_to, status=200):
    return render(request, "documents/kiosk_code.html", {
        "kiosk": kiosk, "form": form, "sent_to": sent_to,
        "back_url": reverse("documents:kiosk_open", args=[kiosk.code])}, status=status)


@person_required
def kiosk_open(request, code):
    """Open a citizen's locker: by SSO ID (a code to the SSO ID's mobile) or by mobile (a code to it)."""
    return _open_page(request, _worker_kiosk(request, code))


@require_POST
@person_required
def kiosk_send_code(request, code):
    kiosk = _worker_kiosk(request, code)
    if request.POST.get("by") == "sso":
        form = SsoIdForm(request.POST, prefix="sso")
        if form.is_valid():
            try:
                masked = services.start_kiosk_consent(form.cleaned_data["sso_id"], by=request.person, kiosk=kiosk,
                                                      language=form.cleaned_data["language"])
            except DocumentError as e:
                _put_error(form, e)
            else:
                sso_id = form.cleaned_data["sso_id"].strip().upper()
                return _code_page(request, kiosk, CodeForm(initial={"sso_id": sso_id}),
                                  sent_to=_("the mobile of SSO ID %(sso_id)s (%(mobile)s)") % {
                                      "sso_id": sso_id, "mobile": masked})
        return _open_page(request, kiosk, sso_form=form, status=400)
    form = MobileForm(request.POST, prefix="m")
    if form.is_valid():
        mobile = form.cleaned_data["mobile"]
        try:
            services.start_mobile_verification(mobile, by=request.person, kiosk=kiosk,
                                               language=form.cleaned_data["language"])
        except DocumentError as e:
            _put_error(form, e)
        else:
            return _code_page(request, kiosk, CodeForm(initial={"mobile": mobile}), sent_to=mobile)
    return _open_page(request, kiosk, mobile_form=form, status=400)


@require_POST
@person_required
def kiosk_verify_code(request, code):
    kiosk = _worker_kiosk(request, code)
    form = CodeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grant = services.open_locker_at_kiosk(kiosk, code=data["code"], by=request.person,
                                                  mobile=data["mobile"] or None, sso_id=data["sso_id"] or None)
        except DocumentError as e:
            _put_error(form, e)
        else:
            messages.success(request, _("The citizen's locker is open for this kiosk until %(time)s.") % {
                "time": _local_time(grant.expires_at)})
            return redirect("documents:kiosk_locker", kiosk.code, grant.pk)
    sent_to = request.POST.get("sso_id") or request.POST.get("mobile") or ""
    return _code_page(request, kiosk, form, sent_to=sent_to[:30], status=400)


def _local_time(moment):
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M")


@person_required
def kiosk_locker(request, code, grant_id):
    """The citizen's locker as the kiosk sees it while the grant lasts: documents and an upload form.
    Once the grant has ended, the kiosk is told so and sent to open the locker again."""
    kiosk = _worker_kiosk(request, code)
    if LockerGrant.objects.filter(pk=grant_id, kiosk=kiosk).exclude(pk__in=LockerGrant.objects.live()).exists():
        messages.info(request, _("The citizen's locker is closed for this kiosk. Open it again with a new code."))
        return redirect("documents:kiosk_open", kiosk.code)
    kiosk, grant = grant_for(request, code, grant_id)
    locker = grant.locker.live
    form = _upload_form(request)
    if request.method == "POST" and form.is_valid() and _store(request, form, locker, kiosk=kiosk):
        return redirect("documents:kiosk_locker", kiosk.code, grant.pk)
    return render(request, "documents/kiosk_locker.html", {
        "kiosk": kiosk, "grant": grant, "locker": locker, "documents": services.documents_in(locker),
        "form": form, "until": _local_time(grant.expires_at), "digilocker": digilocker.configured(),
        "back_url": reverse("documents:kiosk_open", args=[kiosk.code]),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@person_required
def kiosk_done(request, code, grant_id):
    """The kiosk is done with this citizen: the grant ends now."""
    kiosk, grant = grant_for(request, code, grant_id)
    services.end_grant(grant, by=request.person)
    digilocker.forget(request, _grant_target(kiosk, grant))
    messages.success(request, _("The citizen's locker is closed for this kiosk."))
    return redirect("documents:kiosk_open", kiosk.code)


# ---------------------------------------------------------------- DigiLocker

MINE = "me"


def _grant_target(kiosk, grant):
    return f"grant:{kiosk.code}:{grant.pk}"


class _Target:
    """Whose locker a DigiLocker connection fills, with its pages; access checked again on every request."""

    def __init__(self, request, name):
        self.name = name
        if name == MINE:
            self.kiosk, self.grant = None, None
            self.locker = services.locker_for_person(request.person)
            self.locker_url = reverse("documents:mine")
            self.list_url = reverse("documents:digilocker")
            self.connect_url = reverse("documents:digilocker_connect")
            return
        kind, _sep, rest = name.partition(":")
        code, _sep, grant_id = rest.rpartition(":")
        if kind != "grant" or not grant_id.isdigit():
            raise Http404
        self.kiosk, self.grant = grant_for(request, code, int(grant_id))
        self.locker = self.grant.locker.live
        self.locker_url = reverse("documents:kiosk_locker", args=[self.kiosk.code, self.grant.pk])
        self.list_url = reverse("documents:kiosk_digilocker", args=[self.kiosk.code, self.grant.pk])
        self.connect_url = reverse("documents:kiosk_digilocker_connect", args=[self.kiosk.code, self.grant.pk])


def _digilocker_on():
    if not digilocker.configured():
        raise Http404


@person_required
def digilocker_connect(request):
    """Send the citizen to DigiLocker to allow the portal to copy their issued documents."""
    _digilocker_on()
    return redirect(digilocker.authorize_url(request, MINE))


@person_required
def kiosk_digilocker_connect(request, code, grant_id):
    """A kiosk working for a citizen sends them to DigiLocker, where they sign in and allow the portal
    on the kiosk's screen (their consent); the connection serves this grant only."""
    _digilocker_on()
    kiosk, grant = grant_for(request, code, grant_id)
    return redirect(digilocker.authorize_url(request, _grant_target(kiosk, grant)))


@person_required
def digilocker_callback(request):
    """DigiLocker sends the browser back here. An answer this session did not ask for is refused
    with nothing exchanged; a denial or a refused code goes back to the locker with the reason."""
    _digilocker_on()
    try:
        name, connection = digilocker.finish(request)
    except digilocker.StateMismatch as e:
        return render(request, "documents/digilocker_refused.html", {
            "message": str(e), "back_url": reverse("documents:mine")}, status=400)
    except digilocker.DigiLockerError as e:
        target = _Target(request, e.target)
        messages.error(request, str(e))
        return redirect(target.locker_url)
    target = _Target(request, name)
    audit.record("documents.digilocker_connected", actor=request.person, kiosk=target.kiosk,
                 target=target.grant or target.locker, digilocker_id=connection["digilocker_id"])
    messages.success(request, _("Connected to DigiLocker: %(name)s.") % {"name": connection["name"] or "—"})
    return redirect(target.list_url)


@person_required
def digilocker_documents(request):
    """The citizen's issued documents in DigiLocker, each to copy into their own locker."""
    _digilocker_on()
    return _digilocker_page(request, _Target(request, MINE))


@person_required
def kiosk_digilocker(request, code, grant_id):
    """The citizen's issued documents in DigiLocker as the kiosk working for them sees them."""
    _digilocker_on()
    kiosk, grant = grant_for(request, code, grant_id)
    return _digilocker_page(request, _Target(request, _grant_target(kiosk, grant)))


def _digilocker_page(request, target):
    """List the issued documents; POST copies one (uri, kind) into the target's locker, marked as
    verified by its issuer. An expired connection sends back to the locker to connect again; a
    file DigiLocker does not have is told beside its document."""
    try:
        connection = digilocker.connection_for(request, target.name)
    except digilocker.NotConnected as e:
        messages.info(request, str(e))
        return redirect(target.locker_url)
    errors, status = {}, 200
    if request.method == "POST":
        form = PullForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.pull_from_digilocker(target.locker, connection, data["uri"], kind=data["kind"],
                                                         title=data["title"], by=request.person, kiosk=target.kiosk)
            except digilocker.NotConnected as e:
                digilocker.forget(request, target.name)
                messages.error(request, str(e))
                return redirect(target.locker_url)
            except DocumentError as e:
                errors[data["uri"]] = str(e)
            else:
                if document.is_new:
                    messages.success(request, _("Kept in the locker, verified by its issuer: %(title)s.") % {
                        "title": document.display_title})
                else:
                    messages.info(request, _("This document is in the locker already, as “%(title)s”.") % {
                        "title": document.display_title})
                return redirect(target.list_url)
        else:
            errors[str(request.POST.get("uri", ""))[:255]] = " ".join(
                str(m) for field_errors in form.errors.values() for m in field_errors)
        status = 400
    try:
        issued = digilocker.issued_documents(connection)
    except digilocker.NotConnected as e:
        digilocker.forget(request, target.name)
        messages.error(request, str(e))
        return redirect(target.locker_url)
    except DocumentError as e:
        issued, errors[""], status = [], str(e), 503
    have = set(Document.objects.filter(locker=target.locker).exclude(digilocker_uri="")
               .values_list("digilocker_uri", flat=True))
    rows = [{"doc": d, "in_locker": d.uri in have, "error": errors.get(d.uri, "")} for d in issued]
    return render(request, "documents/digilocker.html", {
        "target": target, "kiosk": target.kiosk, "connection": connection, "rows": rows,
        "problem": errors.get(""), "kinds": DocumentKind.objects.filter(active=True), "back_url": target.locker_url,
    }, status=status)


# ---------------------------------------------------------------- a document's file

def document_file(request, token):
    """The file of a document, to whoever may_view it; 404 to anyone else (never 403: nobody learns
    that a URL exists). Inline, or as a download with ?download=1; never cached, never sniffed."""
    if not _TOKEN.match(token):
        raise Http404
    document = (Document.objects.select_related("locker__merged_into", "kind", "blob")
                .filter(token=token).first())
    if document is None or not may_view(request.person, document):
        raise Http404
    file, content_type, filename = services.open_document(document)
    audit.record("documents.viewed", actor=request.person, target=document,
                 kind_en=document.kind.name_en, kind_hi=document.kind.name_hi, locker=document.locker_id)
    response = FileResponse(file, content_type=content_type, as_attachment=request.GET.get("download") == "1",
                            filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type != "application/pdf":
        # an image shown alone runs nothing; a PDF keeps the browser's own viewer
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


# ---------------------------------------------------------------- DoIT: kinds of document

@doit_required
def doit_kinds(request):
    """The kinds of document, with a form to add one (data, not code: no migration)."""
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = services.add_kind(by=request.person, **form.cleaned_data)
        except DocumentError as e:
            _put_error(form, e)
        else:
            messages.success(request, _("Kind %(code)s added.") % {"code": kind.code})
            return redirect("documents:doit_kinds")
    return render(request, "documents/doit_kinds.html", {
        "kinds": DocumentKind.objects.order_by("-active", "name_en"), "form": form,
        "back_url": reverse("network:doit_home"),
    }, status=400 if request.method == "POST" else 200)


@doit_required
def doit_kind(request, kind_code):
    kind = get_object_or_404(DocumentKind, code=kind_code[:40])
    form = KindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        services.change_kind(kind, by=request.person, **form.cleaned_data)
        messages.success(request, _("Kind %(code)s saved.") % {"code": kind.code})
        return redirect("documents:doit_kinds")
    return render(request, "documents/doit_kind.html", {
        "kind": kind, "form": form, "back_url": reverse("documents:doit_kinds"),
    }, status=400 if request.method == "POST" else 200)
