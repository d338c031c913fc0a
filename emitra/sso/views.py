"""Pages of the bundled identity provider: register, sign in, reset a password."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.sso import services
from emitra.sso.forms import LoginForm, RegisterForm, ResetFinishForm, ResetStartForm


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return ""


KNOWN_BROWSER_COOKIE = "sso_known"
KNOWN_BROWSER_SALT = "emitra.sso.known-browser"
KNOWN_BROWSER_DAYS = 180


def _known_sso_ids(request):
    """The SSO IDs this browser signed in as before (a signed cookie; issue 9 item 8)."""
    value = request.get_signed_cookie(KNOWN_BROWSER_COOKIE, default="", salt=KNOWN_BROWSER_SALT,
                                      max_age=KNOWN_BROWSER_DAYS * 86400)
    return [s for s in value.split(",") if s]


def login(request):
    """Sign in to the SSO. Too many failures get the form back with 429 and Retry-After;
    a browser that signs in is remembered, so that the SSO ID's slowing spares it."""
    known = _known_sso_ids(request)
    form = LoginForm(request, data=request.POST or None, known_browser=lambda sso_id: sso_id in known)
    if request.method == "POST" and form.is_valid():
        django_login(request, form.identity)
        response = redirect(_next_url(request) or "sso:home")
        known = [form.identity.sso_id] + [s for s in known if s != form.identity.sso_id][:4]
        response.set_signed_cookie(KNOWN_BROWSER_COOKIE, ",".join(known), salt=KNOWN_BROWSER_SALT,
                                   max_age=KNOWN_BROWSER_DAYS * 86400, httponly=True, samesite="Lax",
                                   secure=settings.SESSION_COOKIE_SECURE)
        return response
    response = render(request, "sso/login.html", {"form": form, "next": _next_url(request)},
                      status=429 if form.refusal else 200)
    if form.refusal:
        response["Retry-After"] = str(form.refusal.seconds)
    return response


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        identity = services.register(sso_id=d["sso_id"], name=d["name"], mobile=d["mobile"], email=d["email"],
                                     password=d["password1"])
        django_login(request, identity, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your SSO ID %(sso_id)s is ready.") % {"sso_id": identity.sso_id})
        return redirect(_next_url(request) or "sso:home")
    return render(request, "sso/register.html", {"form": form, "next": _next_url(request)})


def home(request):
    return render(request, "sso/home.html", {"portal_url": "/"})


@require_POST
def logout(request):
    django_logout(request)
    return redirect("sso:login")


def reset_start(request):
    form = ResetStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.start_reset(form.cleaned_data["sso_id"])
        messages.info(request, _("If this SSO ID exists, a 6-digit code was sent to its mobile and e-mail."))
        return redirect(reverse("sso:reset_finish") + "?sso_id=" + form.cleaned_data["sso_id"].upper())
    return render(request, "sso/reset_start.html", {"form": form})


def reset_finish(request):
    form = ResetFinishForm(request.POST or None, initial={"sso_id": request.GET.get("sso_id", "")[:30]})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.finish_reset(sso_id=d["sso_id"], code=d["code"], password=d["password1"])
        except services.ResetRefused as e:
            form.add_error("code", str(e))
        else:
            messages.success(request, _("Your password is changed. Sign in with the new password."))
            return redirect("sso:login")
    return render(request, "sso/reset_finish.html", {"form": form})
