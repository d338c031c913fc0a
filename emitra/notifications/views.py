"""DoIT's view of the outbox (F26): messages not delivered, with a retry button."""
from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emitra.accounts.access import doit_required
from emitra.notifications import services
from emitra.notifications.models import Message


@doit_required
def doit_messages(request):
    state = request.GET.get("state", "")
    if state not in Message.State.values or state == Message.State.SENT:
        state = ""
    page = Paginator(services.unsent_messages(state), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/doit_messages.html", {
        "page": page, "state": state, "states": [s for s in Message.State.choices if s[0] != "sent"],
        "back_url": reverse("network:doit_home")})


@doit_required
@require_POST
def doit_retry(request, pk):
    message = get_object_or_404(Message, pk=pk)
    if services.retry_message(message, by=request.person):
        flash.success(request, _("The message will be sent again now."))
    else:
        flash.info(request, _("This message was already sent."))
    return redirect("notifications:doit_messages")
