"""Every model change has its migration (issue 14 req. 6b).

The tests build their schema from the migrations, so a constraint taken out of a
model (the one-kiosk-per-SSO-ID partial unique index, say) with no migration
would pass every other test while the next `emitra migrate` drops it in
production; this test fails instead.
"""
import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as missing:
        pytest.fail(f"a model change without its migration (run `emitra makemigrations`):\n{out.getvalue()}"
                    f" exit {missing.code}")
