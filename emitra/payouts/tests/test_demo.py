"""The demo has a PAN and a verified bank account, so a payout can be made on first run (issue 10 req. 9)."""
import pytest

from emitra.demo.loaders import load_demo
from emitra.network.models import Kiosk
from emitra.payouts import services
from emitra.payouts.models import BankAccount

pytestmark = pytest.mark.django_db


def test_the_demo_holder_has_a_pan_and_a_verified_account_and_loading_twice_adds_nothing():
    load_demo()
    load_demo()
    kiosk = Kiosk.objects.get(holder__sso_id="KIOSK.HOLDER")
    assert services.profile_of(kiosk).pan == "AMKPS4821L"
    account = services.verified_account(kiosk)
    assert account is not None and account.decided_by.sso_id == "LSP.JAIPUR"
    assert BankAccount.objects.filter(kiosk=kiosk).count() == 1
    assert services.check_payable(kiosk) == account
