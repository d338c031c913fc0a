"""The commission rows agree with the ledger (issue 10 req. 3, 4, 8; part of `emitra check-ledger`).

For every entry that accrued or gave back commission, what its LineCommission rows say the
kiosks earned (less what they gave back) is exactly what the entry posted to the kiosks'
commission accounts, and the same for the LSPs' shares. So the commission statements, read
from these rows, agree with the ledger to the paisa whenever this check passes.

An entry counts from either side: one its rows name (as the entry that earned or the one that
gave back), and one of the pay path that posted to a commission or LSP account with no row
naming it (a receipt's, a cheque's clearing, a reversal of lines or of a whole receipt, a
commission given back). Payouts, their returns and any other entry that moves commission with
no receipt line behind it (a payout's kind, a test's "commission") have no rows by design: the
commission statement shows them as themselves.

One statement, set-based like the ledger's own checks (issue 13, state scale): the rows' sums
and the postings' sums of every entry as signed rows of one UNION ALL, grouped by entry; only
the entries whose two sides differ come back to Python, the first LIMIT of them with their count,
so memory does not grow with the ledger. No FULL OUTER JOIN (older SQLite has none).
"""
from django.db import connection

from emitra.commissions.models import LineCommission
from emitra.ledger.integrity import check
from emitra.ledger.models import Account, AccountKind, JournalEntry, Posting

LIMIT = 100  # violations listed; how many more there are is told in one more line

# the kinds of entry the pay path writes commission into, or gives it back by (emitra.commissions.accrual,
# emitra.payments): the receipt's own (also a held receipt's when confirmed), a cheque receipt's (which
# earns at clearing, so it should move none), the cheque's clearing, a reversal of some lines, the
# commission of a clearing entry given back; and the reversal (ledger.reverse) of any of them
PAY_PATH_KINDS = ("receipt", "receipt_cheque", "cheque_cleared", "receipt_line_reversal", "commission_reversal")


def _sql():
    lc, posting = LineCommission._meta.db_table, Posting._meta.db_table
    account, entry = Account._meta.db_table, JournalEntry._meta.db_table
    kinds = ", ".join(["%s"] * len(PAY_PATH_KINDS))
    # rk/rl: what the rows say (earned +, given back -); pk/pl: what was posted; r: a row names the entry
    return f"""
        WITH sides (entry_id, rk, rl, pk, pl, r) AS (
            SELECT entry_id, kiosk_share, lsp_share, 0, 0, 1 FROM {lc}
            UNION ALL
            SELECT reversal_entry_id, -kiosk_share, -lsp_share, 0, 0, 1 FROM {lc}
             WHERE reversal_entry_id IS NOT NULL
            UNION ALL
            SELECT p.entry_id, 0, 0,
                   CASE WHEN a.kind = %s THEN p.amount ELSE 0 END,
                   CASE WHEN a.kind = %s THEN p.amount ELSE 0 END, 0
              FROM {posting} p JOIN {account} a ON a.id = p.account_id
             WHERE a.kind IN (%s, %s)
        ), differ AS (
            SELECT entry_id, SUM(rk) AS rk, SUM(rl) AS rl, SUM(pk) AS pk, SUM(pl) AS pl, MAX(r) AS r
              FROM sides GROUP BY entry_id
            HAVING SUM(rk) <> SUM(pk) OR SUM(rl) <> SUM(pl)
        )
        SELECT d.entry_id, CAST(d.rk AS BIGINT), CAST(d.rl AS BIGINT), CAST(d.pk AS BIGINT),
               CAST(d.pl AS BIGINT), COUNT(*) OVER ()
          FROM differ d
          JOIN {entry} e ON e.id = d.entry_id
          LEFT JOIN {entry} o ON o.id = e.reverses_id
         WHERE d.r = 1 OR e.kind IN ({kinds}) OR o.kind IN ({kinds})
         ORDER BY d.entry_id
         LIMIT %s"""


def _params():
    return [AccountKind.COMMISSION.value, AccountKind.LSP.value, AccountKind.COMMISSION.value, AccountKind.LSP.value,
            *PAY_PATH_KINDS, *PAY_PATH_KINDS, LIMIT]


@check("line commissions equal their entries' commission postings")
def line_commissions_match_entries():
    with connection.cursor() as cursor:
        cursor.execute(_sql(), _params())
        rows = cursor.fetchall()
    found = [(f"entry {entry_id}", f"rows say kiosk {rk} LSP {rl}, postings kiosk {pk} LSP {pl}")
             for entry_id, rk, rl, pk, pl, _ in rows]
    total = rows[0][5] if rows else 0
    if total > len(rows):
        found.append((f"{total - len(rows)} more entries", f"not listed: the first {len(rows)} are"))
    return found
