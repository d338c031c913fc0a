"""Report fixtures: receipts sold at two kiosks through the pages, as the payments tests do."""
import pytest

from emitra.payments.tests.conftest import add, fund, pay, pay_form


def sell(client, kiosk, service, consumer_no="", amount="", **consumer):
    add(client, kiosk, service, consumer_no, amount)
    pay(client, kiosk, pay_form(client, kiosk, **consumer))


@pytest.fixture
def sales(cast, client_as):
    """Receipts at the demo kiosk (five, differing in every column) and one at another kiosk."""
    from emitra.catalogue.demo import load_demo_catalogue

    load_demo_catalogue()
    fund(cast.kiosk, 50_000_00)
    fund(cast.other_kiosk, 50_000_00)
    operator = client_as(cast.operator)
    for n, (service, consumer, amount) in enumerate([
            ("PHED-BILL", "PH1234567", ""), ("REV-INCOME", "", ""), ("PHED-BILL", "PH7654321", ""),
            ("REV-INCOME", "", ""), ("PHED-BILL", "PH1111111", "")]):
        sell(operator, cast.kiosk, service, consumer, amount, consumer_name=f"Consumer {n}")
    sell(client_as(cast.other_holder), cast.other_kiosk, "REV-INCOME", consumer_name="Other kiosk")
    return cast
