"""Dates as Indian users write them (issue 9 item 18): every date field reads DD-MM-YYYY (also
DD/MM/YYYY, DD.MM.YYYY, DDMMYYYY and ISO), shows DD-MM-YYYY, and says why a date is none."""
import datetime
import re

import pytest
from django.utils import timezone

from emitra.core import forms
from emitra.core.tests.test_forms import funded  # noqa: F401
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import add, pay, pay_form


class OneDate(forms.Form):
    day = forms.DateField(label="Day")


@pytest.mark.parametrize("typed", ["05-11-2026", "5-11-2026", "05/11/2026", "5.11.2026", "05112026", "2026-11-05",
                                   " 05-11-2026 "])
def test_a_date_is_read_as_day_month_year(typed):
    form = OneDate({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 11, 5)


@pytest.mark.parametrize("typed, says", [
    ("31-02-2026", "There is no such date"), ("2026-13-01", "There is no such date"),
    ("00-01-2026", "There is no such date"), ("01-01-0026", "Check the year"), ("01-01-26", "Check the year"),
    ("01-01-99999", "Check the year"), ("01-01-1200", "Check the year"), ("tomorrow", "DD-MM-YYYY"),
    ("11/05/2026 10:00", "DD-MM-YYYY")])
def test_a_date_that_is_none_says_why(typed, says):
    form = OneDate({"day": typed})
    assert not form.is_valid()
    assert says in form.errors["day"][0]


def test_the_field_shows_and_hints_day_month_year():
    html = str(OneDate(initial={"day": datetime.date(2026, 11, 5)})["day"])
    assert 'type="text"' in html and 'value="05-11-2026"' in html and 'placeholder="DD-MM-YYYY"' in html
    assert 'type="date"' not in html
    assert 'value="05-11-2026"' in str(OneDate({"day": "2026-11-05"})["day"])  # an ISO date comes back DD-MM-YYYY
    assert 'value="31-02-2026"' in str(OneDate({"day": "31-02-2026"})["day"])  # a slip is shown as typed


def test_no_date_field_of_the_project_is_django_s_own():
    """Every date field of the portal's forms is core.forms.DateField (Django's English one reads m/d/Y)."""
    from emitra.core.tests.test_forms import project_form_classes

    plain = [f"{form.__module__}.{form.__name__}.{name}" for form in project_form_classes()
             for name, field in getattr(form, "base_fields", {}).items()
             if isinstance(field, forms.forms.DateField) and not isinstance(field, forms.DateField)]
    assert plain == []


@pytest.mark.django_db
@pytest.mark.parametrize("language, message", [("en", "There is no such date"), ("hi", "ऐसी कोई तारीख")])
def test_the_statement_filter_takes_day_month_year_and_shows_it(cast, client_as, language, message):
    holder = client_as(cast.holder)
    holder.cookies["django_language"] = language
    today = timezone.localdate()
    url = f"/k/{cast.kiosk.code}/reports/wallet/"
    page = holder.get(url, {"created_from": f"01-{today:%m-%Y}", "created_to": today.strftime("%d/%m/%Y")})
    page = page.content.decode()
    assert f'name="created_from" value="01-{today:%m-%Y}"' in page
    assert f'name="created_to" value="{today:%d-%m-%Y}"' in page
    assert 'placeholder="DD-MM-YYYY"' in page and 'type="date"' not in page
    page = holder.get(url, {"created_from": "31-02-2026", "created_to": "01-03-2026"}).content.decode()
    error_at = page.index('id="id_created_from-error"')
    assert message in page[error_at:error_at + 300]


@pytest.mark.django_db
def test_a_cheque_dated_day_month_year_pays(funded, client_as):  # noqa: F811
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    page = operator.get(f"/k/{kiosk.code}/cart/pay/").content.decode()
    assert 'name="cheque_date"' in page and 'placeholder="DD-MM-YYYY"' in page and "mm/dd" not in page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    r = pay(operator, kiosk, pay_form(operator, kiosk, mode="cheque", cheque_no="123456", cheque_bank="SBI",
                                      cheque_date=yesterday.strftime("%d-%m-%Y")))
    assert r.status_code == 200 and 'class="rno"' in r.content.decode(), r.content.decode()[:3000]
    assert Receipt.objects.get().cheque_date == yesterday
    receipt_page = r.content.decode()  # the payment's answer is the receipt
    assert yesterday.strftime("%d-%m-%Y") in receipt_page
