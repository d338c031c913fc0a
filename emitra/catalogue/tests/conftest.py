"""A fixed cast for catalogue tests (STYLE 10): the demo catalogue, a kiosk with its
holder, another kiosk, and a DoIT administrator."""
import pytest

from emitra.catalogue import services
from emitra.catalogue.demo import load_demo_catalogue


@pytest.fixture(autouse=True)
def fresh_index():
    services.forget_index()
    yield
    services.forget_index()


@pytest.fixture
def catalogue(db):
    load_demo_catalogue()


def make_person(sso_id, name=""):
    from emitra.accounts.models import Person

    return Person.objects.create(issuer="test", subject=sso_id, sso_id=sso_id, name=name or sso_id)


def make_kiosk(code, holder, district_code="JPR"):
    from emitra.network.models import LSP, District, Kiosk

    lsp, _ = LSP.objects.get_or_create(code="LSP1", defaults={"name": "Jaipur LSP"})
    district, _ = District.objects.get_or_create(
        code=district_code, defaults={"name_en": "Jaipur", "name_hi": "जयपुर", "lsp": lsp}
    )
    return Kiosk.objects.create(
        code=code, name=f"Kiosk {code}", address="Main road", district=district, area="urban", lsp=lsp,
        holder=holder, bank_account_name="Holder", bank_account_no="123456789012", ifsc="SBIN0001234",
    )


def add_membership(person, role, kiosk=None):
    from emitra.accounts.models import Membership

    return Membership.objects.create(person=person, role=role, kiosk=kiosk)


@pytest.fixture
def holder(db):
    return make_person("holder.k1", "Kiosk Holder")


@pytest.fixture
def kiosk(holder):
    kiosk = make_kiosk("K1", holder)
    add_membership(holder, "kiosk_holder", kiosk)
    return kiosk


@pytest.fixture
def other_kiosk(db):
    other = make_person("holder.k2", "Other Holder")
    kiosk = make_kiosk("K2", other)
    add_membership(other, "kiosk_holder", kiosk)
    return kiosk


@pytest.fixture
def doit_admin(db):
    person = make_person("doit.admin", "DoIT Admin")
    add_membership(person, "doit_admin")
    return person
