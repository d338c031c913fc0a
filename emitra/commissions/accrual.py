"""Commission earned in the payment's own entry, and taken back in the reversing one (issue 10 req. 3, 4; F8).

Accrual (req. 3)
----------------
When receipt lines are paid, the entry that pays them (the receipt's own; for a
held receipt the one written when the department confirms; for a cheque the one
written when it clears, emitra.payments.services.clear_cheque) also carries, for
each line a rule is in force for (emitra.commissions.rules, on the day of that
entry): the bearer debited (the department's collections, or DoIT's service
charges when the citizen bears it) and the kiosk's commission account, the
LSP's and DoIT's commission accounts credited with the line's split. The
commission is computed once, here, with the one rounding function
(calculation.round_and_split, through rules.earning), and each line gets a
LineCommission row naming the rule version and the entry: what a receipt line
earned is read from it, never computed again (a receipt paid under v1 shows
v1's numbers after v2 is published).

The pay path pays for it with at most three SQL statements a receipt: the rules
in force for all its services (one query), the credit of the kiosk's commission
account (the only one of these accounts with a running balance row), and the
LineCommission rows (one insert). The accounts come in the receipt's one
account query (emitra.payments.entries).

Reversal and claw-back (req. 4)
-------------------------------
A line undone (cancelled, dishonoured, refused by the department: all through
emitra.payments.undo) gives back exactly its LineCommission in the same
reversing entry: the receipt's whole entry reversed, or the entry of just its
lines' legs (emitra.payments.entries asks `legs(..., sign=-1)`, which reads the
rows back). The row then names that reversing entry. Were a line's commission in
an entry other than the one reversed (a cheque's clearing entry, when the whole
receipt entry is reversed), it is given back by one more entry in the same
transaction, so nothing is silently kept. The kiosk's commission account may go
below zero (a claw-back of commission already paid out; emitra.commissions.accounts
rule 2); the next accruals credit the same account and so recover it, and no
payout takes anything while it is below zero (rule 4).
"""
from dataclasses import dataclass

from django.utils import timezone

from emitra.commissions import accounts, rules
from emitra.commissions.models import LineCommission
from emitra.ledger import services as ledger
from emitra.ledger.memos import Memo
from emitra.payments.models import ReceiptLine

PENDING_ATTR = "_commission_earning"  # the Earning of a line between legs() and written()
WRITTEN_ATTR = "commission_written"  # a paid line's LineCommission as written(), or None (the receipt page's)


def _kiosk_of(lines):
    """The kiosk of a receipt's lines (one kiosk a receipt), loaded once."""
    line = lines[0]
    kiosk = line.kiosk if ReceiptLine.kiosk.is_cached(line) else None
    if kiosk is None:
        from emitra.network.models import Kiosk

        kiosk = Kiosk.objects.select_related("lsp").get(pk=line.kiosk_id)
    return kiosk


def earning_legs(earning, kiosk, department):
    """[(account code, paise)] of one line's Earning: the bearer debited, the shares credited."""
    split = earning.split
    legs = [(accounts.bearer_code(earning.bearer, department), -split.total),
            (accounts.kiosk_commission_code(kiosk), split.kiosk),
            (accounts.lsp_commission_code(kiosk.lsp), split.lsp),
            (accounts.DOIT_COMMISSION, split.doit)]
    return [(code, amount) for code, amount in legs if amount]


def row_legs(row):
    """[(account code, paise)] a LineCommission row moved (as earning_legs wrote them)."""
    legs = [(accounts.bearer_code(row.bearer, row.service.department), -row.total),
            (accounts.kiosk_commission_code(row.kiosk), row.kiosk_share),
            (accounts.lsp_commission_code(row.lsp), row.lsp_share),
            (accounts.DOIT_COMMISSION, row.doit_share)]
    return [(code, amount) for code, amount in legs if amount]


@dataclass(frozen=True)
class Pending:
    """A line's Earning between legs() and written(), with the LSP it is credited to."""

    earning: rules.Earning
    lsp_id: int


class CommissionLegs:
    """The leg provider of emitra.payments.entries (registered in CommissionsConfig.ready)."""

    def legs(self, lines, sign, now):
        if not lines:
            return []
        if sign < 0:
            return [(code, -amount) for row in _open_rows(lines) for code, amount in row_legs(row)]
        kiosk = _kiosk_of(lines)
        services = {line.service_id: line.service for line in lines}
        versions = rules.in_force_for(services.values(), kiosk, timezone.localdate(now))
        legs = []
        for line in lines:
            version = versions.get(line.service_id)
            if version is None:
                continue
            earning = rules.earning(version, line.government_amount, line.service_charge)
            if not earning.split.total:
                continue
            setattr(line, PENDING_ATTR, Pending(earning, kiosk.lsp_id))
            legs += earning_legs(earning, kiosk, line.service.department)
        return legs

    def open(self, code):
        if code == accounts.DOIT_COMMISSION:
            return accounts.doit_commission_account()
        return ledger.get_account(code)  # a kiosk's and an LSP's are opened with the kiosk

    def written(self, entry, lines, now):
        rows = []
        for line in lines:
            earning = getattr(line, PENDING_ATTR, None)
            setattr(line, WRITTEN_ATTR, None)
            if earning is None:
                continue
            delattr(line, PENDING_ATTR)
            split = earning.earning.split
            row = LineCommission(
                line=line, version=earning.earning.version, kiosk_id=line.kiosk_id,
                lsp_id=earning.lsp_id, service_id=line.service_id, accrued_at=now, base=earning.earning.base,
                bearer=earning.earning.bearer, total=split.total, kiosk_share=split.kiosk, lsp_share=split.lsp,
                doit_share=split.doit, entry_id=entry.pk)
            setattr(line, WRITTEN_ATTR, row)
            rows.append(row)
        if rows:
            LineCommission.objects.bulk_create(rows)


def _open_rows(lines):
    return list(LineCommission.objects.filter(line_id__in=[line.pk for line in lines], reversed_at__isnull=True)
                .select_related("kiosk", "lsp", "service__department").order_by("line_id"))


def reverse_on_undo(receipt, lines, *, entry, state, reason):
    """The undo listener (emitra.payments.undo): the undone lines' commission rows name the
    reversing entry. A whole receipt entry reversed gave back what was in it; a row whose
    commission was in another entry is given back by one more entry now (module docstring)."""
    if entry is None:
        return  # nothing was charged (a hold), so nothing was earned
    rows = _open_rows(lines)
    if not rows:
        return
    now = timezone.now()
    elsewhere = [row for row in rows if entry.reverses_id is not None and row.entry_id != entry.reverses_id]
    if elsewhere:
        back = _give_back(elsewhere, entry, reason)
        LineCommission.objects.filter(pk__in=[row.pk for row in elsewhere]).update(reversal_entry=back,
                                                                                   reversed_at=now)
    LineCommission.objects.filter(pk__in=[row.pk for row in rows if row not in elsewhere]).update(
        reversal_entry=entry, reversed_at=now)


def _give_back(rows, entry, reason):
    amounts = {}
    for row in rows:
        for code, amount in row_legs(row):
            amounts[code] = amounts.get(code, 0) - amount
    return ledger.post("commission_reversal", [(code, amount) for code, amount in amounts.items() if amount],
                       idempotency_key=f"commission-reversal:{entry.pk}",
                       memo=Memo("commission_given_back", number=entry.ref), ref=entry.ref)


LEGS = CommissionLegs()
