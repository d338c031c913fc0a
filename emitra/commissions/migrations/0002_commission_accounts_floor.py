"""Kiosk commission accounts opened before claw-backs had floor 0: lower it to the claw-back floor
(issue 10 req. 4; emitra.commissions.accounts). Lowering a floor is always within the ledger's rules."""
from django.db import migrations

CLAWBACK_FLOOR = -(10**15 - 1)  # emitra.wallet.accounts.COMMISSION_FLOOR as of this migration


def lower_floors(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    Account.objects.filter(kind="commission", floor__gt=CLAWBACK_FLOOR).update(floor=CLAWBACK_FLOOR)


class Migration(migrations.Migration):
    dependencies = [("commissions", "0001_initial")]
    operations = [migrations.RunPython(lower_floors, migrations.RunPython.noop)]
