"""The demo data hangs together: the catalogue's offices and the network's districts (F29)."""
import pytest

from emitra.catalogue.models import Office
from emitra.demo.loaders import load_demo, load_network
from emitra.network.models import District

pytestmark = pytest.mark.django_db


def test_every_demo_office_names_a_real_district():
    load_demo()
    districts = set(District.objects.values_list("code", flat=True))
    office_districts = set(Office.objects.exclude(district_code="").values_list("district_code", flat=True))
    assert office_districts and office_districts <= districts, office_districts - districts
    assert Office.objects.filter(district_code="").count() == 0
    kota = District.objects.get(name_en="Kota")
    assert Office.objects.filter(code="JVVNL-KOT", district_code=kota.code).exists()


def test_an_earlier_demo_kota_is_renamed_not_doubled():
    earlier = District.objects.create(code="KTA", name_en="Kota", name_hi="कोटा")
    load_network()
    load_network()
    assert list(District.objects.filter(name_en="Kota").values_list("pk", "code")) == [(earlier.pk, "KOT")]
