"""TDS under section 194H as in force (req. 6): 5% until 30 September 2024, 2% from
1 October 2024 (Finance (No. 2) Act 2024); 20% without a PAN (section 206AA); the
financial year's threshold ₹15,000, ₹20,000 from 1 April 2025 (Finance Act 2025)."""
import datetime
from decimal import Decimal

from django.db import migrations

RATES = [
    (datetime.date(2016, 6, 1), Decimal("0.0500"), Decimal("0.2000"), 15_000_00),
    (datetime.date(2024, 10, 1), Decimal("0.0200"), Decimal("0.2000"), 15_000_00),
    (datetime.date(2025, 4, 1), Decimal("0.0200"), Decimal("0.2000"), 20_000_00),
]


def add_rates(apps, schema_editor):
    TdsRate = apps.get_model("payouts", "TdsRate")
    for valid_from, with_pan, without_pan, threshold in RATES:
        TdsRate.objects.get_or_create(valid_from=valid_from, defaults={
            "rate_with_pan": with_pan, "rate_without_pan": without_pan, "threshold": threshold})


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_initial")]
    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
