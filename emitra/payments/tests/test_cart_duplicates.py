"""The same bill is not in one cart twice (F22): adding a bill whose service and consumer number
are already in the cart is refused beside the consumer number and adds nothing, so a bill is not
paid twice in one receipt; another consumer's bill of the same service, and a second certificate
(no consumer number), are still added."""
import pytest

from emitra.payments.models import CartLine
from emitra.payments.tests.conftest import add

pytestmark = pytest.mark.django_db


def lines(kiosk):
    return list(CartLine.objects.filter(cart__kiosk=kiosk, cart__state="open").values_list("service__code", "consumer_no"))


def test_the_same_bill_twice_is_refused_beside_the_field(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    assert add(operator, kiosk, "PHED-BILL", "PH1234567").status_code == 302
    again = add(operator, kiosk, "PHED-BILL", " ph1234567 ")  # typed again, as it may be typed
    assert again.status_code == 400
    assert "already in the cart" in again.content.decode()
    assert lines(kiosk) == [("PHED-BILL", "PH1234567")]


def test_other_bills_and_a_second_certificate_are_added(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    assert add(operator, kiosk, "PHED-BILL", "PH1234567").status_code == 302
    assert add(operator, kiosk, "PHED-BILL", "PH7654321").status_code == 302
    assert add(operator, kiosk, "REV-INCOME").status_code == 302
    assert add(operator, kiosk, "REV-INCOME").status_code == 302
    assert sorted(lines(kiosk)) == [("PHED-BILL", "PH1234567"), ("PHED-BILL", "PH7654321"),
                                    ("REV-INCOME", ""), ("REV-INCOME", "")]
