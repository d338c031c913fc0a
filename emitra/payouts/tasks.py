"""Background work of the payouts (F4): sending a bank-API payout after its commit."""
from django_tasks import task

from emitra.payouts import bank_api


@task()
def send_payout_task(payout_id):
    """Send one payout to the bank's API and apply the answer; returns its state afterwards."""
    return bank_api.send_payout(payout_id)
