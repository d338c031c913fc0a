"""Sign-in through SSO only (F2): no password form of the portal's own."""
import logging
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts import session
from emitra.accounts.access import person_required
from emitra.accounts.middleware import person_and_memberships
from emitra.accounts.roles import Roles
from emitra.accounts.oidc import BUNDLED, IssuerUnavailable, client_for, issuer_key, next_for_state, sign_in_url
from emitra.accounts.services import SignInRefused, person_from_claims
from emitra.sso.forms import LoginForm
from emitra.sso.services import failed_sign_ins

log = logging.getLogger("emitra.signin")


def _failed(request, message, status=400):
    return render(request, "accounts/signin_failed.html", {"message": message}, status=status)


def login(request):
    """Off to the provider's authorization URL (pages that can link there directly do: sign_in_url)."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    try:
        return redirect(sign_in_url(request, next_url))
    except IssuerUnavailable as e:
        log.warning("issuer unavailable", extra={"error": str(e)})
        return _failed(request, _("The sign-in service is not answering. Try again in a minute."), status=503)


def callback(request):
    try:
        client, issuer, meta = client_for(request)
        iss = request.GET.get("iss")
        if iss is not None and iss != meta.get("issuer"):
            # RFC 9207: the response came from another issuer (mix-up attack)
            raise ValueError("authorization response from another issuer")
        next_url = next_for_state(request, client)
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if settings.OIDC_SSO_ID_CLAIM not in claims:
            claims.update(client.userinfo(token=token))
        person = person_from_claims(issuer_key(), claims, settings.OIDC_SSO_ID_CLAIM)
    except IssuerUnavailable:
        return _failed(request, _("The sign-in service is not answering. Try again in a minute."), status=503)
    except SignInRefused as e:
        return _failed(request, str(e), status=403)
    except (AuthlibBaseError, requests.RequestException, ValueError, KeyError) as e:
        if request.person is not None:
            # this address again once signed in (a refresh, the back button: the callback below
            # answers with the home page itself): the person is signed in, so home, not an error
            return redirect("accounts:home")
        log.warning("sign-in refused", extra={"error": repr(e)})
        return _failed(request, _("This sign-in link is not valid any more (it was used, it expired, or it was changed). Please sign in again."))
    session.sign_in(request, person, id_token=token.get("id_token", ""), issuer=issuer)
    if next_url:  # straight to the page asked for
        return redirect(next_url)
    # Else the home page (a kiosk person's search box first) is this very answer, not a redirect
    # to it: one round trip fewer on GPRS (issue 12 req. 1). It is rendered as "/" would be, for
    # the person just signed in; this address refreshed later goes home (above). The person and
    # roles are read as PersonMiddleware reads them on every later request; the page is no-store
    # as every page is (core.middleware.SecurityHeadersMiddleware).
    request.person, memberships = person_and_memberships(person.pk)
    request.roles = Roles(memberships)
    request.path = request.path_info = reverse("accounts:home")
    return home(request)


@require_POST
def logout(request):
    """RP-initiated logout: end the portal session, then the provider's."""
    id_token = request.session.get(session.ID_TOKEN_KEY, "")
    session.sign_out(request)
    try:
        _client, _issuer, meta = client_for(request)
    except IssuerUnavailable:
        return redirect("accounts:home")
    end_session = meta.get("end_session_endpoint")
    if not end_session:
        return redirect("accounts:home")
    params = {"client_id": settings.OIDC_CLIENT_ID, "post_logout_redirect_uri": request.build_absolute_uri("/")}
    if id_token:
        params["id_token_hint"] = id_token
    return redirect(end_session + "?" + urlencode(params))


@person_required
def me(request):
    """The person's account; with the bundled SSO, the latest failed sign-ins on their SSO ID
    (issue 9 item 8), so that someone guessing their password does not go unseen."""
    from emitra.network.services import registrations_of

    person = request.person
    return render(request, "accounts/me.html", {
        "registrations": registrations_of(person),
        "failed_sign_ins": failed_sign_ins(person.sso_id) if person.issuer == BUNDLED else [],
    })


def home(request):
    """The dashboard: what the signed-in person can do, by role; a kiosk person's search
    box first (issue 12 req. 1: the first page a kiosk person sees after signing in).
    Someone signed out gets the bundled provider's sign-in form posting to its authorization
    URL, or with another provider a sign-in link that is the authorization URL itself
    (accounts.oidc.sign_in_url), or /auth/login/ while the issuer does not answer.
    """
    context = {}
    if request.person is None:
        try:
            context["sign_in_url"] = sign_in_url(request)
        except IssuerUnavailable:
            pass
        else:
            if issuer_key() == BUNDLED:
                # The bundled provider's own sign-in form, posting to its authorization URL (the
                # form that URL would answer with): signing in from the first page, one round trip
                # fewer on GPRS (issue 12 req. 1). Another provider's form is on its own site.
                context["sso_form"] = LoginForm()
    return render(request, "core/home.html", context)
