"""The quarterly TDS statement per PAN (req. 6): the figures a Form 16A carries.

Deductor DoIT; per deductee (the kiosk holder, by PAN; holders without a PAN as
PANNOTAVBL, the income-tax department's word for it, one group per holder) the
payouts of the quarter with their date, amount paid, rate and tax deducted,
under section 194H. Failed payouts are not in it: their TDS was given back.
The totals are sums of the same rows the ledger's TDS payable account was
credited with, so the statement and the ledger agree to the paisa.
"""
import datetime
from dataclasses import dataclass, field

from emitra.payouts.models import Payout
from emitra.payouts.services import quarter_bounds

NO_PAN = "PANNOTAVBL"
SECTION = "194H"


@dataclass
class Deductee:
    pan: str
    name: str
    kiosks: set = field(default_factory=set)
    payouts: list = field(default_factory=list)

    @property
    def gross(self):
        return sum(p.gross for p in self.payouts)

    @property
    def tds(self):
        return sum(p.tds for p in self.payouts)

    @property
    def net(self):
        return sum(p.net for p in self.payouts)


@dataclass
class TdsStatement:
    fy: int
    quarter: int
    start: datetime.date
    end: datetime.date
    deductees: list

    @property
    def label(self):
        return f"{self.fy}-{(self.fy + 1) % 100:02d} Q{self.quarter}"

    @property
    def gross(self):
        return sum(d.gross for d in self.deductees)

    @property
    def tds(self):
        return sum(d.tds for d in self.deductees)


def tds_statement(*, fy, quarter, kiosk=None, lsp_ids=None):
    """The payouts of a quarter grouped by deductee: one kiosk's, an LSP's, or (DoIT) all."""
    start, end = quarter_bounds(fy, quarter)
    payouts = (Payout.objects.filter(paid_on__range=(start, end)).exclude(state=Payout.State.FAILED)
               .select_related("holder", "kiosk").order_by("paid_on", "id"))
    if kiosk is not None:
        payouts = payouts.filter(kiosk=kiosk)
    if lsp_ids is not None:
        payouts = payouts.filter(kiosk__lsp_id__in=lsp_ids)
    groups = {}
    for p in payouts:
        key = p.pan or f"{NO_PAN}:{p.holder_id}"
        group = groups.setdefault(key, Deductee(pan=p.pan or NO_PAN, name=p.holder.name or p.holder.sso_id))
        group.kiosks.add(p.kiosk.code)
        group.payouts.append(p)
    return TdsStatement(fy, quarter, start, end, sorted(groups.values(), key=lambda d: (d.pan, d.name)))
