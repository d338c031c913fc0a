"""Background work of payments: telling departments about payments (issue 4 req. 4).

Tasks take an id and re-read the row (STYLE 7), so a retry is harmless.
"""
from django_tasks import task


@task()
def settle_receipt(receipt_id):
    from emitra.payments import services

    services.settle_receipt(receipt_id)
