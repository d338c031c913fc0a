"""Pages of the bundled identity provider: register, sign in (also at the authorization
endpoint, AuthorizeView), reset a password."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.views import AuthorizationView

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


def _login_form(request):
    """The sign-in form, bound on POST; a browser that signed in before is known to it."""
    known = _known_sso_ids(request)
    form = LoginForm(request, data=request.POST or None, known_browser=lambda sso_id: sso_id in known)
    return form, known


def _signed_in(request, form, known, response):
    """`response` to a sign-in that succeeded; the browser is remembered, so that the SSO ID's
    slowing spares it."""
    known = [form.identity.sso_id] + [s for s in known if s != form.identity.sso_id][:4]
    response.set_signed_cookie(KNOWN_BROWSER_COOKIE, ",".join(known), salt=KNOWN_BROWSER_SALT,
                               max_age=KNOWN_BROWSER_DAYS * 86400, httponly=True, samesite="Lax",
                               secure=settings.SESSION_COOKIE_SECURE)
    return response


def _login_page(request, form, *, action, next_url):
    """The form again (or first): too many failures get it with 429 and Retry-After."""
    response = render(request, "sso/login.html", {"form": form, "next": next_url, "action": action},
                      status=429 if form.refusal else 200)
    if form.refusal:
        response["Retry-After"] = str(form.refusal.seconds)
    return response


def login(request):
    """Sign in to the SSO, then on to `next`."""
    form, known = _login_form(request)
    if request.method == "POST" and form.is_valid():
        django_login(request, form.identity)
        return _signed_in(request, form, known, redirect(_next_url(request) or "sso:home"))
    return _login_page(request, form, action=reverse("sso:login"), next_url=_next_url(request))


class AuthorizeView(AuthorizationView):
    """The OpenID Connect authorization endpoint, which signs a person in where it stands
    (issue 12 req. 1: round trips are the cost on GPRS).

    Someone not signed in to the SSO gets the sign-in form as this URL's own answer
    (no redirect to /sso/login/), the form posting back to this same URL; once the
    SSO ID and password are right, the same answer completes the authorization: the
    redirect to the client's callback with the code (or the consent page, for a
    client that asks for it). The authorization request is checked first (client,
    redirect URI, PKCE), so a bad one never gets a sign-in form. `prompt` values
    that the toolkit handles (none, login, create) take its usual path.
    """

    def dispatch(self, request, *args, **kwargs):
        prompt = set(request.GET.get("prompt", "").split())
        if (request.user.is_authenticated or prompt & {"none", "login", "create"}
                or request.method not in ("GET", "POST")):
            return super().dispatch(request, *args, **kwargs)
        self.oauth2_data = {}
        try:
            self.validate_authorization_request(request)
        except OAuthToolkitError as error:
            return self.error_response(error, application=None)
        form, known = _login_form(request)
        if not (request.method == "POST" and form.is_valid()):
            return _login_page(request, form, action=request.get_full_path(), next_url=request.get_full_path())
        django_login(request, form.identity)
        # the authorization request is the URL's query; the sign-in's fields are not part of it
        request.method = "GET"
        request.POST = QueryDict()
        return _signed_in(request, form, known, self.get(request, *args, **kwargs))


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
