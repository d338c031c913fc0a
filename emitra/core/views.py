from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_date

from emitra.accounts.access import doit_required
from emitra.core.models import AuditEvent


def home(request):
    """The dashboard: what the signed-in person can do, by role; a kiosk person's search
    box first (issue 12 req. 1: the first page a kiosk person sees after signing in).
    Someone signed out gets a sign-in link that is the provider's authorization URL
    itself (accounts.oidc.sign_in_url), or /auth/login/ while the issuer does not answer.
    """
    context = {}
    if request.person is None:
        from emitra.accounts.oidc import IssuerUnavailable, sign_in_url

        try:
            context["sign_in_url"] = sign_in_url(request)
        except IssuerUnavailable:
            pass
    return render(request, "core/home.html", context)


def healthz(request):
    """200 "ok" when the database answers, else 503 saying it is unreachable, in English and
    Hindi: load balancers and monitors probe it (issue 12 req 7). It reads no session, so a
    probe without cookies costs one query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return HttpResponse("database unreachable · डेटाबेस तक पहुँच नहीं\n", status=503,
                            content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@doit_required
def audit(request):
    """The audit log for DoIT, filtered by person, kiosk, action and dates (issue 2, req. 7)."""
    events = AuditEvent.objects.all()
    f = {k: request.GET.get(k, "").strip()[:60] for k in ("sso_id", "kiosk", "action", "from", "to")}
    if f["sso_id"]:
        events = events.filter(actor_sso_id=f["sso_id"].upper())
    if f["kiosk"]:
        events = events.filter(kiosk_code=f["kiosk"].upper())
    if f["action"]:
        events = events.filter(action__startswith=f["action"])
    for key, lookup in (("from", "at__date__gte"), ("to", "at__date__lte")):
        day = parse_date_safe(f[key])
        if day:
            events = events.filter(**{lookup: day})
        # a date input may only carry a valid date back (valid HTML5, issue 12 req 5)
        f[key] = day.isoformat() if day else ""
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit.html", {"page": page, "f": f, "query": query.urlencode(),
                                               "back_url": reverse("network:doit_home")})


def parse_date_safe(text):
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None


def _error(request, status, message):
    return render(request, "core/error.html", {"status": status, "message": message}, status=status)


def bad_request(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 400, _("The request was not understood. Go back and try again."))


def forbidden(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 403, _("This page is not open to you. If the form was open for long, go back, reload it and try again."))


def not_found(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 404, _("There is no such page, or it is not open to you."))


def server_error(request):
    from django.utils.translation import gettext as _

    return _error(request, 500, _("Something went wrong on our side. Nothing was charged twice; try again in a minute."))
