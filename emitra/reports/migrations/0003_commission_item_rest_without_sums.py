"""A commission account's posting that no line commission explains is an item of its own, found
without summing its entry's line commissions (reports.models.CommissionItem; issue 13
Performance, F10).

The view of 0002 gave every posting of a commission account "what is left" of it: its amount less
two correlated sums of its entry's line commissions (earned, taken back), kept when not zero.
Those two sums per posting were most of a commission statement's time at state scale (an LSP's
account has a posting for every receipt of its kiosks, every one of them read six times a page).
The ledger's own check says what is left is zero for an entry with line commissions: the check
"line commissions equal their entries' commission postings" of `emitra check-ledger`
(emitra.commissions.integrity) holds that such an entry posts to the commission accounts
exactly the shares its rows say. So a posting's own item is now the posting of an entry that has
no line commission, earned or taken back (a payout, its return, any other entry): two probes of
an index, no sum. And an item of a line names the line's service and kiosk, so that the
statement's tables by service and by kiosk read them without the line commission again. Whenever `check-ledger` passes, the items are the same as 0002's and still sum
to the account's postings. Plain SQL that SQLite and PostgreSQL both run; it writes nothing."""
import importlib

from django.db import migrations

OLD = importlib.import_module("emitra.reports.migrations.0002_commission_item")
SHARE, ACCOUNTS = OLD.SHARE, OLD.ACCOUNTS

VIEW = f"""
CREATE VIEW reports_commission_item AS
SELECT 4 * lc.id AS id, p.id AS posting_id, p.account_id, p.entry_id, p.created, 'earned' AS kind,
       lc.id AS commission_id, lc.service_id, lc.kiosk_id, {SHARE} AS amount
{ACCOUNTS} JOIN commissions_linecommission lc ON lc.entry_id = p.entry_id
WHERE {SHARE} <> 0
UNION ALL
SELECT 4 * lc.id + 1, p.id, p.account_id, p.entry_id, p.created, 'taken_back', lc.id, lc.service_id, lc.kiosk_id, -({SHARE})
{ACCOUNTS} JOIN commissions_linecommission lc ON lc.reversal_entry_id = p.entry_id
WHERE {SHARE} <> 0
UNION ALL
SELECT 4 * p.id + 2, p.id, p.account_id, p.entry_id, p.created,
       CASE WHEN e.kind = 'payout' THEN 'paid_out'
            WHEN e.kind = 'reversal' AND e.ref LIKE 'payout:%' THEN 'payout_returned'
            ELSE 'other' END,
       NULL, NULL, NULL, p.amount
{ACCOUNTS} JOIN ledger_journalentry e ON e.id = p.entry_id
WHERE NOT EXISTS (SELECT 1 FROM commissions_linecommission lc WHERE lc.entry_id = p.entry_id)
  AND NOT EXISTS (SELECT 1 FROM commissions_linecommission lc WHERE lc.reversal_entry_id = p.entry_id)
"""
DROP = "DROP VIEW IF EXISTS reports_commission_item"


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_commission_item"),
        ("commissions", "0004_line_reversal_partial_index"),
    ]

    operations = [migrations.RunSQL([DROP, VIEW], [DROP, OLD.VIEW])]
