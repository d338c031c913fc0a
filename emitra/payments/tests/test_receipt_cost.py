"""A guard, not a timer (issue 14 req. 5): the SQL statements of each of the four requests of a
receipt, counted as `emitra bench payments` counts them (receipt_statements: a cart of two lines,
a water bill and an income certificate, the kiosk's second receipt of the day, commission rules
in force), must be exactly the recorded numbers.

One more statement in a request fails here until RECORDED is raised in the same commit, with the
reason in its message; one fewer fails too, so that a cut is written down and cannot grow back
unseen. No time is measured or asserted.
"""
import pytest

from emitra.payments.management.commands.bench_payments import RECEIPT_REQUESTS, receipt_statements

# pay 22 -> 30: the payment answers with the receipt page itself (its 8 reads), where the browser
# asked for it after a redirect, one request and its session read more (issue 12 req. 3);
# then (issue 14) add certificate 5 -> 4 (the service read with whether it has a form), pay page
# 4 -> 3 and pay 30 -> 22: the duplicate alert a subquery of the lines' read, the cart taken by its
# UPDATE alone, the wallet and commission balances in one statement, one task for the outbox
# rows, the receipt page from the receipt and lines just written, its wallet postings read by the
# account's code, and the cancel right from the session's memberships;
# then pay 22 -> 18: the receipt page shows what the payment wrote (its entry's amount on the
# wallet, the messages queued, each line's commission, the wallet's row from the ledger's
# UPDATE ... RETURNING) instead of reading the four again;
# then add bill 5 -> 4, add certificate 4 -> 3 (the person's open cart read with the service) and
# pay page 3 -> 2 (the wallet read in the cart lines' statement)
RECORDED = {"add bill": 4, "add certificate": 3, "pay page": 2, "pay": 18}


@pytest.mark.django_db(transaction=True)  # real transactions, as served: BEGIN, COMMIT and the on-commit tasks
def test_each_request_of_a_receipt_makes_its_recorded_number_of_sql_statements(funded, client_as, settings):
    from emitra.commissions.demo import load_demo_rules
    from emitra.payments.models import Receipt

    from .conftest import assert_ledger_sound

    load_demo_rules()  # every receipt earns commission, as on the bench
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as served: queued, not run
    statements = receipt_statements(client_as(funded.holder), funded.kiosk.code)
    assert list(statements) == list(RECEIPT_REQUESTS)
    counts = {label: len(sqls) for label, sqls in statements.items()}
    changed = {label: (RECORDED[label], n) for label, n in counts.items() if n != RECORDED[label]}
    assert not changed, "statements (recorded, now): " + repr(changed) + "\n" + "\n".join(
        f"-- {label}\n" + "\n".join(sql[:200] for sql in statements[label]) for label in changed)
    assert Receipt.objects.filter(kiosk=funded.kiosk).count() == 2
    assert_ledger_sound()
