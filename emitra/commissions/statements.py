"""Commission statements for any period: per day, per service and per receipt line, to the paisa
(issue 10 req. 8; F5, F10).

A statement is read from the ledger first: the postings of the commission account in the
period, with the opening and closing balance (ledger.statement, one consistent read). Each
posting is then explained by the LineCommission rows of its entry: a receipt's entry (or a
cheque's clearing entry) by what each of its lines earned, a reversing entry by what each
undone line gave back. What is left is a payout (or its return when it failed) or any other
entry, shown as itself. So the statement's lines add up to each posting, the postings to the
closing balance, and the statement agrees with the ledger by construction; `emitra
check-ledger` checks that the rows and the postings agree (emitra.commissions.integrity).

The kiosk's statement is of its commission account (its share); the LSP's of the LSP's
account (its share), with the same by kiosk. A balance below zero is a claw-back still being
recovered (emitra.commissions.accounts rule 2, 3): the statement says so.
"""
import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from emitra.commissions import accounts
from emitra.commissions.models import LineCommission
from emitra.ledger import services as ledger

EARNED, TAKEN_BACK, PAID_OUT, PAYOUT_RETURNED, OTHER = "earned", "taken_back", "paid_out", "payout_returned", "other"


@dataclass
class Item:
    """One line of a statement: one receipt line's part of a posting, or a posting of its own."""

    created: datetime.datetime
    entry_id: int
    kind: str  # EARNED, TAKEN_BACK, PAID_OUT, PAYOUT_RETURNED, OTHER
    amount: int
    running: int = None  # the balance after the posting, on the posting's last item
    row: LineCommission = None
    memo: str = ""

    @property
    def day(self):
        return timezone.localdate(self.created)


@dataclass
class Sums:
    """Earned, taken back, paid out (net of payouts returned) and other, and their net."""

    earned: int = 0
    taken_back: int = 0
    paid_out: int = 0
    other: int = 0
    lines: int = 0

    def add(self, item):
        if item.kind == EARNED:
            self.earned += item.amount
            self.lines += 1
        elif item.kind == TAKEN_BACK:
            self.taken_back += -item.amount
        elif item.kind in (PAID_OUT, PAYOUT_RETURNED):
            self.paid_out += -item.amount
        else:
            self.other += item.amount

    @property
    def net(self):
        return self.earned - self.taken_back - self.paid_out + self.other


@dataclass
class Statement:
    account: object
    date_from: datetime.date
    date_to: datetime.date
    opening: int
    closing: int
    items: list
    totals: Sums
    days: list  # [(day, Sums, closing balance that day)]
    services: list  # [(service, Sums)]
    kiosks: list = field(default_factory=list)  # [(kiosk, Sums)], the LSP's statement

    @property
    def clawback(self):
        """What is still to be recovered from the next accruals (0 unless the balance is below zero)."""
        return max(0, -self.closing)


def kiosk_statement(kiosk, date_from, date_to):
    """The kiosk's commission statement (its share) for days date_from..date_to."""
    return _statement(accounts.kiosk_commission_account(kiosk), "kiosk_share", date_from, date_to)


def lsp_statement(lsp, date_from, date_to):
    """The LSP's commission statement (its share of its kiosks' lines), with the same by kiosk."""
    return _statement(accounts.lsp_commission_account(lsp), "lsp_share", date_from, date_to, by_kiosk=True)


def _statement(account, share, date_from, date_to, by_kiosk=False):
    stmt = ledger.statement(account, date_from, date_to)
    entry_ids = {line.entry_id for line in stmt.lines}
    rows = (LineCommission.objects.filter(Q(entry_id__in=entry_ids) | Q(reversal_entry_id__in=entry_ids))
            .select_related("line__receipt", "service", "version__rule", "kiosk").order_by("line_id")
            if entry_ids else [])
    earned, back = {}, {}
    for row in rows:
        earned.setdefault(row.entry_id, []).append(row)
        if row.reversal_entry_id:
            back.setdefault(row.reversal_entry_id, []).append(row)
    items = []
    for posting in stmt.lines:
        parts = [Item(posting.created, posting.entry_id, EARNED, getattr(row, share), row=row)
                 for row in earned.get(posting.entry_id, []) if getattr(row, share)]
        parts += [Item(posting.created, posting.entry_id, TAKEN_BACK, -getattr(row, share), row=row)
                  for row in back.get(posting.entry_id, []) if getattr(row, share)]
        rest = posting.amount - sum(part.amount for part in parts)
        if rest:  # a payout, its return, or any other entry: shown as itself
            parts.append(Item(posting.created, posting.entry_id, _kind_of(posting, rest), rest, memo=posting.description))
        parts[-1].running = posting.running
        items += parts
    return Statement(account=account, date_from=date_from, date_to=date_to, opening=stmt.opening,
                     closing=stmt.closing, items=items, totals=_sum(items), days=_by_day(items, stmt.opening),
                     services=_by(items, lambda item: item.row.service), kiosks=(
                         _by(items, lambda item: item.row.kiosk) if by_kiosk else []))


def _kind_of(posting, amount):
    if posting.kind == "payout":
        return PAID_OUT
    if posting.kind == "reversal" and posting.ref.startswith("payout:"):
        return PAYOUT_RETURNED
    return OTHER


def _sum(items):
    sums = Sums()
    for item in items:
        sums.add(item)
    return sums


def _by_day(items, opening):
    days = OrderedDict()
    for item in items:
        days.setdefault(item.day, Sums()).add(item)
    result, balance = [], opening
    for day, sums in days.items():
        balance += sums.net
        result.append((day, sums, balance))
    return result


def _by(items, key):
    groups = {}
    for item in items:
        if item.row is None:
            continue
        thing = key(item)
        groups.setdefault(thing.pk, (thing, Sums()))[1].add(item)
    return sorted(groups.values(), key=lambda pair: getattr(pair[0], "code", ""))
