"""Payouts by NEFT bulk-payment file (F9, issue 10 req. 7a).

An LSP officer (for the LSP's kiosks) or DoIT (for all) makes a file of every
queued payout: each is moved queued -> sent into the batch by one conditional
UPDATE, so two officers making files at once never put a payout in both. The
file (CSV: beneficiary name, account, IFSC, amount, reference) is the batch's
rows, so downloading it again gives the same file. A payout whose bank account
was replaced before it was sent is failed instead (the money back): it never
goes to an account that is no longer the verified one.

The bank's response file names each payout by reference and says PAID (with the
bank's UTR) or FAILED (with a reason). It is read whole first: a line that is
garbage, names a reference unknown here (or outside the officer's LSP), a payout
not waiting at the bank (paid or failed already: a file cannot settle twice), a
wrong amount or the same reference twice is refused with its line number, and
then nothing of the file is applied. A file without faults is kept and shown
line by line on a check page; only the officer's confirmation of that page
(a seal of its lines, emitra.core.confirmation) applies it, in one transaction,
once; a payout another response closed meanwhile rolls it all back.
"""
import csv
import hashlib
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.core import audit, confirmation
from emitra.core.money import AmountError, paise_to_input, parse_rupees
from emitra.core.text import safe_text
from emitra.payouts import services
from emitra.payouts.models import BankAccount, NeftBatch, NeftResponse, Payout

HEADER = ["beneficiary_name", "account_no", "ifsc", "amount", "reference"]
RESPONSE_HEADER = ["reference", "status", "amount", "utr", "reason"]
PAID_WORDS = {"PAID", "SUCCESS", "SETTLED"}
FAILED_WORDS = {"FAILED", "RETURNED", "REJECTED"}
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
REFERENCE_RE = re.compile(r"^EMP[A-Z0-9]{13}$")
UTR_RE = re.compile(r"^[A-Z0-9]{6,40}$")
RESPONSE = "neft_response"  # the seal's kind (emitra.core.confirmation)


class ResponseAlreadyApplied(Exception):
    """This response file was applied already (a second confirmation): nothing moves again."""


class ResponseRefused(Exception):
    """A response file with faults; `lines` is [(line number, message)]; nothing was applied."""

    def __init__(self, lines):
        super().__init__("; ".join(f"{n}: {m}" for n, m in lines))
        self.lines = lines


def queued(lsp_ids):
    return services.in_scope(lsp_ids).filter(state=Payout.State.QUEUED, channel=Payout.Channel.NEFT_FILE)


def make_batch(*, by, lsp_ids, idempotency_key):
    """A NEFT file of every queued payout in scope; the same key again returns the first batch."""
    existing = NeftBatch.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    stale = list(queued(lsp_ids).exclude(bank_account__state=BankAccount.State.VERIFIED))
    for payout in stale:
        try:
            services.fail_payout(payout, reason="The bank account was changed before the payout was sent",
                                 by=by, states=(Payout.State.QUEUED,))
        except services.PayoutError:
            pass  # another officer's file took it meanwhile
    with transaction.atomic():
        lsp = next(iter(lsp_ids)) if lsp_ids is not None and len(lsp_ids) == 1 else None
        batch = NeftBatch.objects.create(lsp_id=lsp, created_by=by, idempotency_key=idempotency_key)
        taken = queued(lsp_ids).filter(bank_account__state=BankAccount.State.VERIFIED).update(
            state=Payout.State.SENT, batch=batch)
        if not taken:
            raise services.PayoutError(_("No payout is waiting to be sent."))
        audit.record("payouts.neft.batch", actor=by, target=batch, payouts=taken)
    return batch


def batches(lsp_ids):
    qs = NeftBatch.objects.select_related("created_by")
    return qs if lsp_ids is None else qs.filter(payouts__kiosk__lsp_id__in=lsp_ids).distinct()


def _cell(text):
    """A spreadsheet must not run a name as a formula (CSV injection)."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def batch_csv(batch):
    """The NEFT bulk-payment file of a batch: one row per payout, amount in rupees."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for p in batch.payouts.select_related("bank_account").order_by("id"):
        a = p.bank_account
        writer.writerow([_cell(a.name), a.account_no, a.ifsc, paise_to_input(p.net), p.reference])
    return out.getvalue()


@dataclass(frozen=True)
class ResponseLine:
    number: int
    payout: Payout
    paid: bool
    utr: str
    reason: str


@dataclass(frozen=True)
class ResponseApplied:
    paid: int
    failed: int


def read_response(content, *, lsp_ids):
    """Parse and check a whole response file: [ResponseLine], or ResponseRefused listing every fault."""
    if len(content) > MAX_RESPONSE_BYTES:
        raise ResponseRefused([(0, _("The file is larger than 2 MB. Upload the bank's response file."))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResponseRefused([(0, _("This is not a CSV text file. Upload the bank's response file."))]) from None
    if "\x00" in text:
        raise ResponseRefused([(0, _("This is not a CSV text file. Upload the bank's response file."))])
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise ResponseRefused([(0, _("This is not a CSV text file. Upload the bank's response file."))]) from None
    rows = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if rows and [c.strip().lower() for c in rows[0][1]] == RESPONSE_HEADER:
        rows = rows[1:]
    if not rows:
        raise ResponseRefused([(0, _("The file has no lines. Its columns are: %(cols)s.")
                                % {"cols": ", ".join(RESPONSE_HEADER)})])
    references = [row[0].strip().upper() for _n, row in rows if row]
    found = {p.reference: p for p in services.in_scope(lsp_ids).filter(reference__in=references)
             .select_related("kiosk", "holder", "bank_account")}
    faults, lines, seen = [], [], set()
    for number, row in rows:
        fault, line = _check_line(number, row, found, seen)
        if fault:
            faults.append((number, fault))
        else:
            lines.append(line)
    if faults:
        raise ResponseRefused(faults)
    return lines


def _check_line(number, row, found, seen):
    if len(row) != len(RESPONSE_HEADER):
        return _("Expected %(n)s columns (%(cols)s), found %(found)s.") % {
            "n": len(RESPONSE_HEADER), "cols": ", ".join(RESPONSE_HEADER), "found": len(row)}, None
    # the bank's words are stored and shown: made safe on the way in (issue 9 item 7)
    reference, status, amount, utr, reason = (safe_text(c) for c in row)
    reference, status, utr = reference.upper(), status.upper(), utr.upper()
    if not REFERENCE_RE.match(reference):
        return _("“%(ref)s” is not a payout reference.") % {"ref": reference[:20]}, None
    payout = found.get(reference)
    if payout is None:
        return _("No payout has the reference %(ref)s.") % {"ref": reference}, None
    if reference in seen:
        return _("%(ref)s is named twice in this file.") % {"ref": reference}, None
    seen.add(reference)
    if payout.state != Payout.State.SENT or payout.channel != Payout.Channel.NEFT_FILE:
        return _("Payout %(ref)s is not waiting at the bank: it is “%(state)s”.") % {
            "ref": reference, "state": payout.get_state_display()}, None
    try:
        paise = parse_rupees(amount)
    except AmountError:
        return _("“%(amount)s” is not an amount in rupees.") % {"amount": amount[:20]}, None
    if paise != payout.net:
        return _("Payout %(ref)s is of %(net)s, the file says %(amount)s.") % {
            "ref": reference, "net": paise_to_input(payout.net), "amount": paise_to_input(paise)}, None
    if status in PAID_WORDS:
        if not UTR_RE.match(utr):
            return _("A paid line needs the bank's UTR (6 to 40 letters and digits)."), None
        return None, ResponseLine(number, payout, True, utr, "")
    if status in FAILED_WORDS:
        return None, ResponseLine(number, payout, False, utr[:40], reason[:300] or "returned by the bank")
    return _("The status “%(status)s” is neither PAID nor FAILED.") % {"status": status[:20]}, None


def receive_response(content, *, by, lsp_ids):
    """Check a whole response file (ResponseRefused lists every fault, nothing kept) and keep it,
    waiting for the uploader's confirmation on the check page: a NeftResponse."""
    read_response(content, lsp_ids=lsp_ids)
    return NeftResponse.objects.create(uploaded_by=by, content=bytes(content),
                                       digest=hashlib.sha256(bytes(content)).hexdigest())


def pending_response(pk, person):
    """The response `person` uploaded and has not applied yet, or None: nobody else's."""
    return NeftResponse.objects.filter(pk=pk, uploaded_by=person, applied__isnull=True).first()


def response_facts(response, lines, person):
    """What the check page shows and the confirmation is bound to: who, which file, and per line
    the payout, paid or failed, its net, the UTR and the reason (emitra.core.confirmation)."""
    return {"person": person.pk, "response": response.pk, "digest": response.digest,
            "lines": [[x.payout.reference, x.paid, x.payout.net, x.utr, x.reason] for x in lines]}


def response_seal(response, lines, person):
    return confirmation.seal(RESPONSE, response_facts(response, lines, person))


def apply_response(response, *, seen, by, lsp_ids):
    """Settle or fail every payout the confirmed response file names, all or nothing, once (req. 7a).

    Under the response's lock the file is read again against the payouts as they are now: a
    payout another response closed meanwhile refuses the whole file (ResponseRefused); then the
    seal must be of this page for this person and these lines (confirmation.NotConfirmed), and a
    response applied already raises ResponseAlreadyApplied, so a second confirmation moves nothing.
    """
    with transaction.atomic():
        response = NeftResponse.objects.select_for_update().get(pk=response.pk)
        if response.applied is not None:
            raise ResponseAlreadyApplied()
        lines = read_response(bytes(response.content), lsp_ids=lsp_ids)
        confirmation.check(RESPONSE, seen, response_facts(response, lines, by))
        for line in lines:
            try:
                if line.paid:
                    services.settle_payout(line.payout, bank_ref=line.utr, by=by)
                else:
                    services.fail_payout(line.payout, reason=line.reason, by=by)
            except services.PayoutError as e:
                raise ResponseRefused([(line.number, str(e))]) from None
        response.applied = timezone.now()
        response.save(update_fields=["applied"])
        audit.record("payouts.neft.response", actor=by, target=response, lines=len(lines),
                     at=response.applied.isoformat())
    return ResponseApplied(paid=sum(1 for x in lines if x.paid), failed=sum(1 for x in lines if not x.paid))
