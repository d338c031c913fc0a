"""A commission statement's item of a receipt line carries the line, the rule version and the
line's commission (reports.models.CommissionItem; issue 13 Performance, F10), read with the rest of
the line commission in the probe that finds it (the covering indexes of commissions 0006), so the
statement's page joins the receipt lines, the receipts and the rule versions from the items
without joining every line commission again. The same items as 0003 otherwise. Plain SQL that
SQLite and PostgreSQL both run; it writes nothing."""
import importlib

from django.db import migrations

OLD = importlib.import_module("emitra.reports.migrations.0003_commission_item_rest_without_sums")
SHARE, ACCOUNTS, DROP = OLD.SHARE, OLD.ACCOUNTS, OLD.DROP
LINE = "lc.line_id, lc.version_id, lc.total"

VIEW = f"""
CREATE VIEW reports_commission_item AS
SELECT 4 * lc.id AS id, p.id AS posting_id, p.account_id, p.entry_id, p.created, 'earned' AS kind,
       lc.id AS commission_id, lc.service_id, lc.kiosk_id, {LINE}, {SHARE} AS amount
{ACCOUNTS} JOIN commissions_linecommission lc ON lc.entry_id = p.entry_id
WHERE {SHARE} <> 0
UNION ALL
SELECT 4 * lc.id + 1, p.id, p.account_id, p.entry_id, p.created, 'taken_back', lc.id, lc.service_id, lc.kiosk_id,
       {LINE}, -({SHARE})
{ACCOUNTS} JOIN commissions_linecommission lc ON lc.reversal_entry_id = p.entry_id
WHERE {SHARE} <> 0
UNION ALL
SELECT 4 * p.id + 2, p.id, p.account_id, p.entry_id, p.created,
       CASE WHEN e.kind = 'payout' THEN 'paid_out'
            WHEN e.kind = 'reversal' AND e.ref LIKE 'payout:%' THEN 'payout_returned'
            ELSE 'other' END,
       NULL, NULL, NULL, NULL, NULL, NULL, p.amount
{ACCOUNTS} JOIN ledger_journalentry e ON e.id = p.entry_id
WHERE NOT EXISTS (SELECT 1 FROM commissions_linecommission lc WHERE lc.entry_id = p.entry_id)
  AND NOT EXISTS (SELECT 1 FROM commissions_linecommission lc WHERE lc.reversal_entry_id = p.entry_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_commission_item_rest_without_sums"),
        ("commissions", "0006_line_cover_for_page"),
    ]

    operations = [migrations.RunSQL([DROP, VIEW], [DROP, OLD.VIEW])]
