"""The commission statement's items as a database view (reports.models.CommissionItem; issue 13
req. 1). Plain SQL that SQLite and PostgreSQL both run; the view reads the ledger's postings and
the line commissions, and writes nothing."""
from django.db import migrations, models

SHARE = "CASE WHEN a.kind = 'commission' THEN lc.kiosk_share ELSE lc.lsp_share END"
ACCOUNTS = ("FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id "
            "AND a.kind IN ('commission', 'lsp')")

VIEW = f"""
CREATE VIEW reports_commission_item AS
SELECT 4 * lc.id AS id, p.id AS posting_id, p.account_id, p.entry_id, p.created, 'earned' AS kind,
       lc.id AS commission_id, {SHARE} AS amount
{ACCOUNTS} JOIN commissions_linecommission lc ON lc.entry_id = p.entry_id
WHERE {SHARE} <> 0
UNION ALL
SELECT 4 * lc.id + 1, p.id, p.account_id, p.entry_id, p.created, 'taken_back', lc.id, -({SHARE})
{ACCOUNTS} JOIN commissions_linecommission lc ON lc.reversal_entry_id = p.entry_id
WHERE {SHARE} <> 0
UNION ALL
SELECT r.id, r.posting_id, r.account_id, r.entry_id, r.created, r.kind, NULL, r.amount FROM (
  SELECT 4 * p.id + 2 AS id, p.id AS posting_id, p.account_id, p.entry_id, p.created,
         CASE WHEN e.kind = 'payout' THEN 'paid_out'
              WHEN e.kind = 'reversal' AND e.ref LIKE 'payout:%' THEN 'payout_returned'
              ELSE 'other' END AS kind,
         p.amount
         - COALESCE((SELECT SUM({SHARE}) FROM commissions_linecommission lc WHERE lc.entry_id = p.entry_id), 0)
         + COALESCE((SELECT SUM({SHARE}) FROM commissions_linecommission lc
                     WHERE lc.reversal_entry_id = p.entry_id), 0) AS amount
  {ACCOUNTS} JOIN ledger_journalentry e ON e.id = p.entry_id
) r WHERE r.amount <> 0
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("ledger", "0003_fill_memo_codes"),
        ("commissions", "0003_commissionrule_name_hi"),
    ]

    operations = [
        migrations.RunSQL(VIEW, "DROP VIEW IF EXISTS reports_commission_item"),
        migrations.CreateModel(
            name="CommissionItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created", models.DateTimeField()),
                ("kind", models.CharField(choices=[
                    ("earned", "Earned"), ("taken_back", "Share taken back (line cancelled or undone)"),
                    ("paid_out", "Paid out to the bank"), ("payout_returned", "Payout returned"),
                    ("other", "Other entry")], max_length=20)),
                ("amount", models.BigIntegerField()),
            ],
            options={"db_table": "reports_commission_item", "managed": False},
        ),
    ]
