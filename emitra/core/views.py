"""core's own pages: the health probe and the error pages. (The home page and the audit log
need who is signed in: they are emitra.accounts' views, so that core imports no app above it.)"""
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render


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


def _error(request, status, message):
    return render(request, "core/error.html", {"status": status, "message": message}, status=status)


def bad_request(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 400, _("The request was not understood. Go back and try again."))


def forbidden(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 403, _("This page is not open to you. If the form was open for long, go back, reload it and try again."))


def csrf_failure(request, reason=""):
    """A form sent without its page's security token (CSRF_FAILURE_VIEW): the portal's own page,
    in the reader's language and within the CSP, not Django's English page with inline style."""
    from django.utils.translation import gettext as _

    return _error(request, 403, _("This form was not sent from its page, or the page was open too long. Nothing "
                                  "was saved. Go back, reload the page and send the form again."))


def not_found(request, exception=None):
    from django.utils.translation import gettext as _

    return _error(request, 404, _("There is no such page, or it is not open to you."))


def server_error(request):
    from django.utils.translation import gettext as _

    return _error(request, 500, _("Something went wrong on our side. Nothing was charged twice; try again in a minute."))
