"""What a receipt is worth now and where it stands, as every form of it shows it
(issue 9 items 14 and 23; F14, F20, F26).

A receipt keeps the totals of its lines as paid. Once a line is undone
(emitra.payments.undo: cancelled, refused by the department, dishonoured) that
first total is no longer what the consumer paid, so the page, the print view,
the PDF and the dot-matrix text show three rows instead of one:

- paid: what the receipt's ledger entry took from its source (the kiosk's
  wallet, or the cheques in hand);
- refunded (reversed, for a dishonoured cheque): what the reversing entries of
  the undone lines gave back to that source;
- net: paid less refunded.

The total column is read from the ledger's postings on the source account, so
it agrees with the wallet statement to the paisa; the government fee and
service charge columns are the sums of the same lines. Lines of a held payment
that the department refused were never charged and are shown apart as "not
charged". The receipt's status is put in one set of words here (`status_text`),
so that it is shown once and alike on the page, the list and the paper.
"""
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from emitra.ledger.models import Posting
from emitra.payments.entries import source_code
from emitra.payments.models import Receipt, ReceiptLine

Line = ReceiptLine.State


@dataclass(frozen=True)
class Sums:
    government: int = 0
    service_charge: int = 0
    total: int = 0

    def __sub__(self, other):
        return Sums(self.government - other.government, self.service_charge - other.service_charge,
                    self.total - other.total)


@dataclass(frozen=True)
class ReceiptFigures:
    paid: Sums
    returned: Sums
    not_charged: Sums
    dishonoured: bool  # the money was reversed because the cheque bounced, not refunded
    awaiting: bool  # held for the department: nothing charged yet, the lines' total is what is held
    status: str

    @property
    def net(self):
        return self.paid - self.returned

    @property
    def minus_returned(self):
        """What was given back, as the negative amounts the paper prints."""
        return Sums() - self.returned

    @property
    def shows_net(self):
        """Paid, refunded and net replace the one total once anything was given back or never charged."""
        return not self.awaiting and bool(self.returned.total or self.not_charged.total)


def _sums(lines, total=None):
    lines = list(lines)
    return Sums(sum(line.government_amount for line in lines), sum(line.service_charge for line in lines),
                sum(line.total for line in lines) if total is None else total)


def receipt_figures(receipt, lines=None, posted=None):
    """The receipt's paid, refunded and net sums; lines (all of the receipt's) when already at hand.

    One query for the ledger's postings on the source account (named by its code): the payment entry
    and every reversing entry named by an undone line (each counted once, as one
    cancellation of two lines is one entry). posted: {entry id: amount on the source account}
    as the payment just wrote it (pay_cart's Written.posted), which then needs no query.
    """
    lines = list(receipt.lines.all() if lines is None else lines)
    charged_lines = [line for line in lines if line.state != Line.FAILED]
    returned_lines = [line for line in lines if line.reversal_entry_id]
    reversal_ids = {line.reversal_entry_id for line in returned_lines}
    entry_ids = reversal_ids | ({receipt.entry_id} if receipt.entry_id else set())
    if posted is None or not entry_ids <= posted.keys():  # else every entry named was just written
        posted = dict(Posting.objects.filter(entry_id__in=entry_ids, account__code=source_code(receipt))
                      .values_list("entry").annotate(amount=Sum("amount"))
                      .values_list("entry", "amount")) if entry_ids else {}
    awaiting = receipt.state == Receipt.State.AWAITING
    if receipt.entry_id:
        paid = _sums(charged_lines, total=-posted.get(receipt.entry_id, 0))
    elif awaiting:  # held: the live lines' total is reserved in the wallet, not yet charged
        paid = _sums(line for line in lines if line.state == Line.ACTIVE)
    else:  # the hold was voided: nothing was charged
        paid = Sums()
    returned = _sums(returned_lines, total=sum(posted.get(pk, 0) for pk in reversal_ids))
    not_charged = _sums(line for line in lines if line.state == Line.FAILED)
    return ReceiptFigures(paid=paid, returned=returned, not_charged=not_charged,
                          dishonoured=receipt.state == Receipt.State.DISHONOURED, awaiting=awaiting,
                          status=status_text(receipt, cancelled=any(line.state == Line.CANCELLED for line in lines),
                                             undone=any(line.is_undone for line in lines)))


def status_text(receipt, *, cancelled=False, undone=False):
    """The receipt's status in one phrase (issue 9 item 23: a dishonoured cheque said so twice, a
    cleared one only "Paid"). cancelled/undone: some of its lines were cancelled / undone at all."""
    state, cheque = receipt.state, receipt.cheque_state
    if state == Receipt.State.PAID and receipt.mode == Receipt.Mode.CHEQUE:
        if cheque == Receipt.ChequeState.CLEARED:
            return _("Paid by cheque · cleared")
        return _("Paid by cheque · not yet cleared")
    if state == Receipt.State.DISHONOURED:
        return _("Cheque dishonoured · not paid, reversed")
    if state == Receipt.State.PAID and cancelled:
        return _("Paid · partly cancelled")
    if state == Receipt.State.PAID and undone:
        return _("Paid · partly refused by the department")
    return str(receipt.get_state_display())


def with_line_counts(receipts):
    """A receipts query with, per receipt, its lines cancelled and undone and what its live lines
    come to (`live_total`), for a list that shows each status and net without a query a row. The
    live lines' total is what the ledger holds for a paid receipt: paid less what was given back."""
    return receipts.annotate(
        cancelled_lines=Count("lines", filter=Q(lines__state=Line.CANCELLED)),
        undone_lines=Count("lines", filter=~Q(lines__state=Line.ACTIVE)),
        live_total=Sum("lines__total", filter=Q(lines__state=Line.ACTIVE), default=0),
    )
