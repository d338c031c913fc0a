"""The department officer's inbox and decisions (issue 11 req. 3; F29): scoped exactly like the
department's collections (accounts.access.dept_scope); an application outside it is 404."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.accounts.access import dept_required, dept_scope
from emitra.applications import services
from emitra.applications.access import application_for_officer
from emitra.applications.forms import MoveForm
from emitra.applications.views_kiosk import certificate_response
from emitra.applications.workflow import FINAL, MoveNotAllowed, State, officer_moves

STATES = ["open", *[s for s in State.values if s != State.DRAFT]]


@dept_required
def inbox(request):
    """Open applications of the offices the officer covers, oldest due date first; overdue ones
    stand out, and ?overdue=1 lists only them (req. 3)."""
    scope = dept_scope(request)
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    overdue = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    page = Paginator(services.inbox(scope, state=state, overdue=overdue, today=today), 50).get_page(
        request.GET.get("page"))
    for application in page:
        application.overdue = services.is_overdue(application, today)
    return render(request, "applications/inbox.html", {
        "scope": scope, "page": page, "state": state, "overdue": overdue, "today": today,
        "states": [("open", _("Open"))] + [(s, State(s).label) for s in STATES[1:]],
        "overdue_count": services.inbox(scope, overdue=True, today=today).count(),
        "back_url": reverse("accounts:home"),
    })


@dept_required
def detail(request, number):
    """One application for the officer: answers in their version, history, and the moves allowed now."""
    application, scope = application_for_officer(request, number)
    form = MoveForm(request.POST or None, state=application.state)
    if request.method == "POST" and form.is_valid():
        try:
            services.move(application, form.cleaned_data["action"], by=request.person,
                          remark=form.cleaned_data["remark"])
        except services.ApplicationError as e:
            form.add_error(e.field if e.field in form.fields else None, e.text)
        except MoveNotAllowed as e:
            form.add_error(None, e.text)
        else:
            messages.success(request, _("Application %(number)s: %(state)s.")
                             % {"number": application.number, "state": application.get_state_display()})
            return redirect("applications:dept_detail", application.number)
    return render(request, "applications/dept_detail.html", {
        "application": application, "scope": scope, "rows": services.display_answers(application),
        "events": services.history(application), "form": form, "moves": officer_moves(application.state),
        "documents": services.attached_rows(application),
        "final": application.state in FINAL, "overdue": services.is_overdue(application),
        "back_url": reverse("applications:inbox"),
    }, status=400 if request.method == "POST" else 200)


@dept_required
def certificate(request, number):
    application, _scope = application_for_officer(request, number)
    return certificate_response(request, application)
