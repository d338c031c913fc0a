"""The commission rows agree with the ledger (issue 10 req. 3, 4, 8; part of `emitra check-ledger`).

For every entry that accrued or gave back commission, what its LineCommission rows say the
kiosks earned (less what they gave back) is exactly what the entry posted to the kiosks'
commission accounts, and the same for the LSPs' shares. So the commission statements, read
from these rows, agree with the ledger to the paisa whenever this check passes.
"""
from collections import defaultdict

from django.db.models import Q, Sum

from emitra.commissions.models import LineCommission
from emitra.ledger.integrity import check
from emitra.ledger.models import AccountKind, Posting


def _by_entry():
    """{entry id: [kiosk paise, LSP paise]} the rows say each entry moved."""
    wanted = defaultdict(lambda: [0, 0])
    earned = LineCommission.objects.order_by().values("entry_id").annotate(k=Sum("kiosk_share"), l=Sum("lsp_share"))
    for row in earned:
        wanted[row["entry_id"]][0] += row["k"]
        wanted[row["entry_id"]][1] += row["l"]
    back = (LineCommission.objects.filter(reversal_entry__isnull=False).order_by().values("reversal_entry_id")
            .annotate(k=Sum("kiosk_share"), l=Sum("lsp_share")))
    for row in back:
        wanted[row["reversal_entry_id"]][0] -= row["k"]
        wanted[row["reversal_entry_id"]][1] -= row["l"]
    return wanted


@check("line commissions equal their entries' commission postings")
def line_commissions_match_entries():
    wanted = _by_entry()
    entries = Q(entry_id__in=LineCommission.objects.values("entry_id")) | Q(
        entry_id__in=LineCommission.objects.filter(reversal_entry__isnull=False).values("reversal_entry_id"))
    posted = defaultdict(lambda: [0, 0])
    rows = (Posting.objects.filter(entries, account__kind__in=[AccountKind.COMMISSION, AccountKind.LSP])
            .order_by().values("entry_id", "account__kind").annotate(s=Sum("amount")))
    for row in rows:
        posted[row["entry_id"]][0 if row["account__kind"] == AccountKind.COMMISSION else 1] += row["s"]
    return [(f"entry {entry_id}", f"rows say kiosk {want[0]} LSP {want[1]}, postings kiosk "
                                  f"{posted[entry_id][0]} LSP {posted[entry_id][1]}")
            for entry_id, want in sorted(wanted.items()) if posted[entry_id] != want]
