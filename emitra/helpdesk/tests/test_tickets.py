"""Issue tickets (F34; issue 13 req. 6): raised from any page, routed by category, a thread, the
desk's SLA, every step told to the reporter by SMS and e-mail (a real SMTP server and HTTP SMS
gateway on loopback), reopened within the set days, and the citizen's complaint from the public
receipt check."""
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from PIL import Image

from emitra.helpdesk.models import Desk, Ticket, TicketEvent
from emitra.helpdesk.workflow import State

pytestmark = pytest.mark.django_db


def png(name="screen.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def footer_link(page):
    """The "Generate issue ticket" link of a page's footer."""
    footer = re.search(r"<footer>(.*?)</footer>", page, re.S).group(1)
    return unescape(re.search(r'<a href="([^"]+)"[^>]*>Generate issue ticket</a>', footer).group(1))


def error_beside(page, field):
    found = re.search(rf'<strong class="error" id="id_{field}-error">(.*?)</strong>', page, re.S)
    return unescape(found.group(1)) if found else None


class Told:
    """What reached the reporter's phone and mailbox since the last look."""

    def __init__(self, sinks):
        self.smtp, self.sms = sinks
        self.seen_sms = self.seen_mail = 0

    def new(self):
        sms, mails = self.sms.handset[self.seen_sms:], self.smtp.mails[self.seen_mail:]
        self.seen_sms, self.seen_mail = len(self.sms.handset), len(self.smtp.mails)
        return sms, [(rcpt, mail["Subject"], mail.get_body().get_content()) for rcpt, mail in mails]


def step(capture, do):
    with capture(execute=True):
        return do()


def test_a_tickets_whole_life_raised_routed_commented_resolved_reopened_closed_and_told_at_each_step(
        cast, client_as, sinks, django_capture_on_commit_callbacks):
    told = Told(sinks)
    operator, lsp, other_lsp = client_as(cast.operator), client_as(cast.lsp_jaipur), client_as(cast.lsp_jodhpur)
    wallet_page = operator.get(f"/k/{cast.kiosk.code}/wallet/").content.decode()
    link = footer_link(wallet_page)
    assert link == f"/tickets/new/?from=/k/{cast.kiosk.code}/wallet/"
    form = operator.get(link).content.decode()
    assert f'value="/k/{cast.kiosk.code}/wallet/"' in form  # the page it came from, filled in

    response = step(django_capture_on_commit_callbacks, lambda: operator.post("/tickets/new/", {
        "category": "wallet", "description": "My top-up of Rs. 5,000 is not in the wallet.",
        "reference": "", "page": f"/k/{cast.kiosk.code}/wallet/", "attachment": png()}))
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.number}/"
    assert re.fullmatch(r"TK-\d{4}-\d{6}", ticket.number)
    assert (ticket.desk, ticket.lsp, ticket.kiosk) == (Desk.LSP, cast.kiosk.lsp, cast.kiosk)  # routed
    assert ticket.attachment is not None and ticket.attachment.content_type == "image/png"
    assert ticket.page == f"/k/{cast.kiosk.code}/wallet/"
    sms, mails = told.new()
    assert sms == [("91" + cast.operator.mobile, f"e-Mitra: your issue ticket {ticket.number} is recorded and sent "
                                                 f"to {cast.kiosk.lsp.name}. You will get an SMS at every update. -GoR")]
    assert [(rcpt, subject) for rcpt, subject, _ in mails] == [
        ([cast.operator.email], f"e-Mitra issue ticket {ticket.number} recorded")]
    page = operator.get(f"/tickets/{ticket.number}/").content.decode()
    assert "Handled by" in page and cast.kiosk.lsp.name in page

    # the LSP's desk lists it with its SLA; another LSP neither lists nor opens it; DoIT's desk does not list it
    desk = lsp.get("/lsp/tickets/").content.decode()
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{ticket.number}.*?</tr>", desk, re.S).group(0)
    assert timezone.localtime(ticket.first_response_due).strftime("%d-%m-%Y %H:%M") in row
    assert timezone.localtime(ticket.resolution_due).strftime("%d-%m-%Y %H:%M") in row
    assert ticket.number not in other_lsp.get("/lsp/tickets/").content.decode()
    assert other_lsp.get(f"/tickets/{ticket.number}/").status_code == 404
    assert ticket.number not in client_as(cast.doit).get("/doit/tickets/").content.decode()
    assert lsp.get(f"/tickets/{ticket.number}/attachment/").status_code == 200

    # commented by the desk: its first response, and the reporter is told
    step(django_capture_on_commit_callbacks, lambda: lsp.post(f"/tickets/{ticket.number}/", {
        "text": "We see the top-up at the bank; it will be credited today."}))
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    sms, mails = told.new()
    assert len(sms) == 1 and "is now: Open" in sms[0][1] and "credited today" in sms[0][1]
    assert len(mails) == 1 and "credited today" in mails[0][2]

    # the reporter's own comment tells nobody
    step(django_capture_on_commit_callbacks, lambda: operator.post(f"/tickets/{ticket.number}/", {"text": "Thank you."}))
    assert told.new() == ([], [])

    # resolved
    step(django_capture_on_commit_callbacks, lambda: lsp.post(f"/tickets/{ticket.number}/move/", {
        "action": "resolve", "note": "Credited Rs. 5,000 to the wallet."}))
    ticket.refresh_from_db()
    assert ticket.state == State.RESOLVED and ticket.resolved_at is not None
    sms, mails = told.new()
    assert "is now: Resolved" in sms[0][1] and mails[0][1] == f"e-Mitra issue ticket {ticket.number}: Resolved"

    # reopened by the reporter, within the days allowed: a new resolution due time
    page = operator.get(f"/tickets/{ticket.number}/").content.decode()
    assert 'value="reopen"' in page and "You can reopen it until" in page
    step(django_capture_on_commit_callbacks, lambda: operator.post(f"/tickets/{ticket.number}/move/", {
        "action": "reopen", "note": "The wallet still shows the old balance."}))
    ticket.refresh_from_db()
    assert ticket.state == State.REOPENED and ticket.resolved_at is None
    assert ticket.resolution_due > timezone.now() + timedelta(hours=71)
    sms, mails = told.new()
    assert "is now: Reopened" in sms[0][1] and len(mails) == 1

    # the reporter cannot make the desk's moves, nor the desk the reporter's
    assert operator.post(f"/tickets/{ticket.number}/move/", {"action": "resolve", "note": "x"}).status_code == 400
    step(django_capture_on_commit_callbacks, lambda: lsp.post(f"/tickets/{ticket.number}/move/", {
        "action": "take_up", "note": ""}))
    step(django_capture_on_commit_callbacks, lambda: lsp.post(f"/tickets/{ticket.number}/move/", {
        "action": "resolve", "note": "The balance page was cached; it shows Rs. 5,000 now."}))
    assert [s[1].split("is now: ")[1].split(".")[0] for s in told.new()[0]] == ["In progress", "Resolved"]
    assert lsp.post(f"/tickets/{ticket.number}/move/", {"action": "reopen", "note": "x"}).status_code == 400

    # closed by the reporter
    step(django_capture_on_commit_callbacks, lambda: operator.post(f"/tickets/{ticket.number}/move/", {
        "action": "confirm", "note": ""}))
    ticket.refresh_from_db()
    assert ticket.state == State.CLOSED and ticket.closed_at is not None
    sms, mails = told.new()
    assert "is now: Closed" in sms[0][1] and mails[0][1].endswith(": Closed")
    assert list(ticket.events.values_list("kind", "to_state")) == [
        ("raised", "open"), ("comment", ""), ("comment", ""), ("move", "resolved"), ("move", "reopened"),
        ("move", "in_progress"), ("move", "resolved"), ("move", "closed")]
    thread = lsp.get(f"/tickets/{ticket.number}/").content.decode()
    assert "The wallet still shows the old balance." in thread and "Credited Rs. 5,000" in thread
    assert 'name="text"' not in thread  # a closed ticket takes no comment


def test_a_resolved_ticket_is_reopened_only_within_the_set_days(cast, client_as, settings):
    settings.TICKET_REOPEN_DAYS = 3
    operator, lsp = client_as(cast.operator), client_as(cast.lsp_jaipur)
    operator.post("/tickets/new/", {"category": "payment", "description": "The receipt did not print."})
    ticket = Ticket.objects.get()
    lsp.post(f"/tickets/{ticket.number}/move/", {"action": "resolve", "note": "Printer driver fixed."})
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - timedelta(days=3, minutes=1))
    assert 'value="reopen"' not in operator.get(f"/tickets/{ticket.number}/").content.decode()
    response = operator.post(f"/tickets/{ticket.number}/move/", {"action": "reopen", "note": "Again broken."})
    assert response.status_code == 400
    assert "within 3 days of its resolution" in unescape(response.content.decode())
    ticket.refresh_from_db()
    assert ticket.state == State.RESOLVED


def test_a_ticket_about_the_portal_or_without_a_kiosk_goes_to_doit(cast, client_as):
    client_as(cast.operator).post("/tickets/new/", {"category": "portal", "description": "The search page is slow."})
    client_as(cast.citizen).post("/tickets/new/", {"category": "payment", "description": "Where is my receipt?"})
    portal, citizen = Ticket.objects.order_by("pk")
    assert (portal.desk, portal.lsp, citizen.desk, citizen.kiosk) == (Desk.DOIT, None, Desk.DOIT, None)
    desk = client_as(cast.doit).get("/doit/tickets/").content.decode()
    assert portal.number in desk and citizen.number in desk
    assert portal.number not in client_as(cast.lsp_jaipur).get("/lsp/tickets/").content.decode()


def test_the_desk_sees_an_overdue_ticket_marked(cast, client_as):
    client_as(cast.operator).post("/tickets/new/", {"category": "kiosk", "description": "An operator cannot sign in."})
    ticket = Ticket.objects.get()
    Ticket.objects.filter(pk=ticket.pk).update(first_response_due=timezone.now() - timedelta(minutes=5))
    desk = client_as(cast.lsp_jaipur).get("/lsp/tickets/").content.decode()
    row = re.search(rf'<tr class="overdue">(?:(?!</tr>).)*{ticket.number}', desk, re.S)
    assert row is not None
    page = client_as(cast.lsp_jaipur).get(f"/tickets/{ticket.number}/").content.decode()
    assert re.search(r'<tr class="overdue"><th>First response due</th><td>[^<]*· overdue', page)
    # the reporter does not see the desk's clock
    assert "First response due" not in client_as(cast.operator).get(f"/tickets/{ticket.number}/").content.decode()


def test_the_link_is_on_every_page_for_someone_signed_in_only(cast, client_as, client):
    for path in ("/", f"/k/{cast.kiosk.code}/", "/tickets/"):
        assert footer_link(client_as(cast.holder).get(path).content.decode()).startswith("/tickets/new/?from=")
    assert "Generate issue ticket" not in client.get("/").content.decode()
    assert client.get("/tickets/new/").status_code == 302  # to the sign-in


# ---------------------------------------------------------------- a receipt or application number

def test_a_receipt_number_must_exist_and_be_the_reporters_to_see(receipt, funded, client_as):
    from emitra.payments.tests.conftest import fund

    operator, other = client_as(funded.operator), client_as(funded.other_holder)
    response = operator.post("/tickets/new/", {"category": "payment", "description": "Printed twice.",
                                               "reference": receipt.number.lower()})
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.receipt == receipt and ticket.lsp == funded.kiosk.lsp
    fund(funded.other_kiosk, 1)
    for number in ("K9-0000-000000", receipt.number):  # unknown; another kiosk's
        page = other.post("/tickets/new/", {"category": "payment", "description": "Printed twice.",
                                            "reference": number}).content.decode()
        assert error_beside(page, "reference").startswith("No receipt or application with this number")
    assert Ticket.objects.count() == 1


# ---------------------------------------------------------------- bad input

def test_bad_input_is_a_message_beside_its_field_and_nothing_is_saved(cast, client_as):
    from emitra.documents.models import Blob

    operator = client_as(cast.operator)
    page = operator.post("/tickets/new/", {"category": "wallet", "description": "   "}).content.decode()
    assert error_beside(page, "description") == "Describe the problem."
    html_as_pdf = io.BytesIO(b"<html><script>alert(1)</script></html>")
    html_as_pdf.name = "bill.pdf"
    page = operator.post("/tickets/new/", {"category": "wallet", "description": "See the file.",
                                           "attachment": html_as_pdf}).content.decode()
    assert "is not a PDF, JPEG or PNG" in error_beside(page, "attachment")
    page = operator.post("/tickets/new/", {"category": "nonsense", "description": "x"}).content.decode()
    assert error_beside(page, "category")
    page = operator.post("/tickets/new/", {"category": "wallet", "description": "x\u202ey"}).content.decode()
    assert error_beside(page, "description").startswith("Remove the control")
    assert Ticket.objects.count() == 0 and TicketEvent.objects.count() == 0 and Blob.objects.count() == 0
    ticket = None
    operator.post("/tickets/new/", {"category": "wallet", "description": "Real one."})
    ticket = Ticket.objects.get()
    page = operator.post(f"/tickets/{ticket.number}/", {"text": ""}).content.decode()
    assert error_beside(page, "text") == "Write the comment."
    page = client_as(cast.lsp_jaipur).post(f"/tickets/{ticket.number}/move/", {"action": "resolve", "note": ""})
    assert page.status_code == 400 and error_beside(page.content.decode(), "note") == "Say why, in a few words."
    assert client_as(cast.lsp_jaipur).post(f"/tickets/{ticket.number}/move/", {"action": "fly"}).status_code == 400
    ticket.refresh_from_db()
    assert ticket.state == State.OPEN and ticket.events.count() == 1


# ---------------------------------------------------------------- the citizen, from the receipt check

def test_a_citizen_complains_of_overcharging_from_the_public_receipt_check(
        receipt, funded, client, client_as, sinks, django_capture_on_commit_callbacks):
    from emitra.payments.verification import token

    told = Told(sinks)
    check = client.get(f"/v/{token(receipt.number)}/").content.decode()
    link = re.search(r'<a href="([^"]+)">I was charged more than this receipt shows</a>', check).group(1)
    assert link == f"/v/{token(receipt.number)}/overcharged/"
    assert client.get(link).status_code == 200
    response = step(django_capture_on_commit_callbacks, lambda: client.post(link, {
        "paid": "700", "description": "The operator took Rs. 700 and gave this receipt.", "name": "Kamla Devi",
        "mobile": "98290 12345", "email": ""}))
    ticket = Ticket.objects.get()
    assert response.status_code == 200 and f"ticket {ticket.number}" in response.content.decode()
    assert (ticket.reporter, ticket.receipt, ticket.category) == (None, receipt, "overcharged")
    assert (ticket.desk, ticket.lsp, ticket.kiosk) == (Desk.LSP, funded.kiosk.lsp, funded.kiosk)
    assert ticket.contact_mobile == "9829012345" and "Paid ₹700.00" in ticket.description
    sms, _ = told.new()
    assert sms == [("919829012345", f"e-Mitra: your issue ticket {ticket.number} is recorded and sent to "
                                    f"{funded.kiosk.lsp.name}. You will get an SMS at every update. -GoR")]
    # the LSP's desk has it, with the receipt to open
    lsp = client_as(funded.lsp_jaipur)
    assert ticket.number in lsp.get("/lsp/tickets/").content.decode()
    page = lsp.get(f"/tickets/{ticket.number}/").content.decode()
    assert f'/k/{funded.kiosk.code}/receipts/{receipt.number}/' in page and "9829012345" in page
    step(django_capture_on_commit_callbacks, lambda: lsp.post(f"/tickets/{ticket.number}/move/", {
        "action": "ask_reporter", "note": "How much did the kiosk write on the receipt?"}))
    assert "Waiting for the reporter" in told.new()[0][0][1]
    # one open complaint per receipt
    again = client.get(link).content.decode()
    assert 'id="existing"' in again and ticket.number in again


def test_the_public_complaint_form_is_protected_from_abuse(receipt, funded, client, client_as, settings):
    from emitra.payments.verification import token

    link = f"/v/{token(receipt.number)}/overcharged/"
    forged = f"/v/{token(receipt.number)[:-2]}xx/overcharged/"
    assert client.post(forged, {"description": "x", "mobile": "9829012345"}).status_code == 404
    page = client.post(link, {"description": "Took more.", "mobile": "", "email": ""}).content.decode()
    assert error_beside(page, "mobile") == "Give a mobile number or an e-mail address for the updates."
    page = client.post(link, {"description": "Took more.", "mobile": "12345"}).content.decode()
    assert error_beside(page, "mobile")
    page = client.post(link, {"description": "", "mobile": "9829012345"}).content.decode()
    assert error_beside(page, "description") == "Describe the problem."
    assert Ticket.objects.count() == 0
    # a day's tickets from one address are limited
    settings.PUBLIC_TICKETS_PER_DAY = 1
    client.post(link, {"description": "Took more.", "mobile": "9829012345"})
    ticket = Ticket.objects.get()
    client_as(funded.lsp_jaipur).post(f"/tickets/{ticket.number}/move/", {"action": "resolve", "note": "Refunded."})
    response = client.post(link, {"description": "Took more again.", "mobile": "9829012345"})
    assert response.status_code == 429 and Ticket.objects.count() == 1
    # and every look counts against the public checks' limit per address
    settings.VERIFY_PER_MINUTE = 0
    assert client.get(link).status_code == 429


# ---------------------------------------------------------------- in the reports (issue 13 req. 1)

def test_tickets_are_in_the_reports_of_the_kiosk_the_lsp_and_doit_each_in_its_scope(cast, client_as, client):
    from emitra.reports.tests.test_reports import body_rows

    client_as(cast.operator).post("/tickets/new/", {"category": "wallet", "description": "Top-up missing."})
    client_as(cast.jodhpur_holder).post("/tickets/new/", {"category": "wallet", "description": "Limit too low."})
    client_as(cast.operator).post("/tickets/new/", {"category": "portal", "description": "Slow page."})
    jaipur, jodhpur, portal = Ticket.objects.order_by("pk")
    Ticket.objects.filter(pk=jaipur.pk).update(resolution_due=timezone.now() - timedelta(minutes=1))

    def numbers(person, path):
        return [row[1] for row in body_rows(client_as(person).get(path).content.decode()) if len(row) > 1]

    assert sorted(numbers(cast.holder, f"/k/{cast.kiosk.code}/reports/tickets/")) == sorted(
        [jaipur.number, portal.number])
    assert numbers(cast.lsp_jaipur, "/lsp/reports/tickets/") == [jaipur.number]
    assert numbers(cast.lsp_jodhpur, "/lsp/reports/tickets/") == [jodhpur.number]
    assert sorted(numbers(cast.doit, "/doit/reports/tickets/")) == sorted(
        [jaipur.number, jodhpur.number, portal.number])
    row = body_rows(client_as(cast.lsp_jaipur).get("/lsp/reports/tickets/").content.decode())[0]
    assert row[-1] == "overdue"
    export = client_as(cast.lsp_jodhpur).get("/lsp/reports/tickets/export/csv/")
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert jodhpur.number in csv_text and jaipur.number not in csv_text
    assert client_as(cast.lsp_jaipur).get("/doit/reports/tickets/").status_code == 404
