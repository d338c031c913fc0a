"""Every form of the portal is built on core.forms (issue 9 items 5 and 7): its text is put in
NFC, and control characters and bidirectional overrides are refused with a message beside the field."""
import importlib
import inspect
import pkgutil
import unicodedata

import pytest
from django import forms as django_forms

import emitra
from emitra.core import forms
from emitra.payments.models import Receipt
from emitra.payments.tests.conftest import add, pay, pay_form, shown_receipt, wallet_balance

SKIPPED_MODULES = ("emitra.wsgi", "emitra.conftest", "emitra.test_settings", "emitra.testsetup")


def project_modules():
    for info in pkgutil.walk_packages(emitra.__path__, "emitra."):
        name = info.name
        if ".tests" in name or ".migrations" in name or name.startswith(SKIPPED_MODULES):
            continue
        yield importlib.import_module(name)


def project_form_classes():
    found = {}
    for module in project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_forms.BaseForm) and cls.__module__.startswith("emitra."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_every_form_of_the_project_is_built_on_the_checked_base():
    classes = project_form_classes()
    assert len(classes) > 30  # the walk found the forms of every app
    not_checked = sorted(name for name, cls in classes.items()
                         if cls not in (forms.Form, forms.ModelForm) and not issubclass(cls, forms.CheckedText))
    assert not_checked == [], "subclass emitra.core.forms.Form or ModelForm"


@pytest.mark.parametrize("text", ["Ram\x00", "\x01\x07\x1b[31m\r\n\t\x7f", "Ram\u202eKumar", "Sita\u2066Devi\u2069",
                                  "a\u2028b", "\u200fRam"])
def test_a_single_line_field_refuses_control_and_direction_characters(text):
    class NameForm(forms.Form):
        name = django_forms.CharField()
        note = django_forms.CharField(widget=django_forms.Textarea, required=False)

    form = NameForm({"name": text, "note": text})
    assert not form.is_valid()
    assert form.errors["name"] == [str(forms.TEXT_REFUSED)]
    assert form.errors["note"] == [str(forms.TEXT_REFUSED)]


def test_a_multi_line_box_keeps_its_line_breaks_and_hindi_joiners():
    class NoteForm(forms.Form):
        note = django_forms.CharField(widget=django_forms.Textarea)

    text = "पहली पंक्ति\r\nदूसरी\tक्\u200dष"
    form = NoteForm({"note": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == text


def test_a_refused_hidden_value_is_said_at_the_top_of_the_form():
    class HiddenForm(forms.Form):
        token = django_forms.CharField(widget=django_forms.HiddenInput)

    form = HiddenForm({"token": "abc\x00"})
    assert not form.is_valid()
    assert form.non_field_errors() == [str(forms.TEXT_REFUSED)]


def test_a_password_is_kept_exactly_as_typed():
    class SignInForm(forms.Form):
        password = django_forms.CharField(widget=django_forms.PasswordInput, strip=False)

    typed = unicodedata.normalize("NFD", "Zoë-पासवर्ड")
    form = SignInForm({"password": typed})
    assert form.is_valid() and form.cleaned_data["password"] == typed


@pytest.fixture
def funded(cast):
    from emitra.catalogue.demo import load_demo_catalogue
    from emitra.payments.tests.conftest import fund

    load_demo_catalogue()
    fund(cast.kiosk, 50_000_00)
    return cast


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["\x01\x07\x1b[31m\r\n\t\x7f", "Kamla\u202eDevi", "Kamla\x00Devi"])
def test_a_consumer_name_with_control_or_bidi_characters_is_refused_and_nothing_is_paid(funded, client_as, name):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    before = wallet_balance(kiosk)
    r = pay(operator, kiosk, pay_form(operator, kiosk, consumer_name=name))
    page = r.content.decode()
    assert r.status_code == 400
    error_at = page.index('id="id_consumer_name-error"')
    assert "direction-changing characters" in page[error_at:error_at + 300]
    assert not Receipt.objects.exists() and wallet_balance(kiosk) == before


@pytest.mark.django_db
def test_a_consumer_name_typed_decomposed_is_stored_composed(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    composed = "Zoë ऩाम"  # ë and ऩ (न with nukta) have a one-character form
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert shown_receipt(pay(operator, kiosk, pay_form(operator, kiosk, consumer_name=decomposed)))
    assert Receipt.objects.get().consumer_name == composed


@pytest.mark.django_db
def test_the_hindi_message_is_given_on_hindi_pages(funded, client_as):
    operator, kiosk = client_as(funded.operator), funded.kiosk
    operator.cookies["django_language"] = "hi"
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    page = pay(operator, kiosk, pay_form(operator, kiosk, consumer_name="Ram\u202e")).content.decode()
    error_at = page.index('id="id_consumer_name-error"')
    assert "दिशा बदलने वाले अक्षर" in page[error_at:error_at + 400]
