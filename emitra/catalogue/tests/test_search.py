"""F19: finding a service is easy."""
import pytest

from emitra.catalogue import services
from emitra.catalogue.models import Department, Service
from emitra.catalogue.search import fold_word, words
from emitra.catalogue.translit import devanagari_to_roman

pytestmark = pytest.mark.django_db


def codes(query, **kwargs):
    return [s.code for s in services.search_services(query, **kwargs)]


def test_devanagari_is_written_the_way_operators_type_it():
    assert devanagari_to_roman("आय प्रमाण पत्र") == "aay pramaan patr"
    assert devanagari_to_roman("जमाबंदी की नकल") == "jamaabandee kee nakal"
    assert devanagari_to_roman("ज्ञान") == "gyaan"


def test_spellings_of_one_hindi_word_fold_together():
    assert {fold_word(w) for w in ("aadhaar", "aadhar", "adhar")} == {words("आधार")[0]}
    assert words("bijlee") == words("bijli") == words("बिजली")
    assert words("pramana patra") == words("प्रमाण पत्र")


def test_it_finds_by_english_name(catalogue):
    assert codes("income certificate")[0] == "REV-INCOME"


def test_it_finds_by_devanagari(catalogue):
    assert codes("आय प्रमाण पत्र")[0] == "REV-INCOME"
    assert codes("मूल निवास")[0] == "REV-DOMICILE"


def test_it_finds_hindi_typed_in_roman_letters(catalogue):
    assert codes("aay praman")[0] == "REV-INCOME"
    assert codes("mool niwas")[0] == "REV-DOMICILE"
    assert codes("jamabandi nakal")[0] == "REV-JAMABANDI"


def test_jal_finds_water_and_bijli_finds_electricity(catalogue):
    assert "PHED-BILL" in codes("jal")[:3]
    assert set(codes("bijli bill")[:3]) == {"JVVNL-BILL", "AVVNL-BILL", "JDVVNL-BILL"}


def test_it_finds_by_service_code(catalogue):
    assert codes("REV-EWS")[0] == "REV-EWS"
    assert codes("jdvvnl")[0].startswith("JDVVNL")


def test_it_finds_by_department_name(catalogue):
    found = codes("transport department")
    assert {code for code in found[:6]} == {c for c in Service.objects.values_list("code", flat=True) if c.startswith("RTO-")}
    assert "POL-TENANT" in codes("rajasthan police")


def test_it_finds_by_keyword(catalogue):
    assert codes("pcc")[0] == "POL-CHARACTER"
    assert "JANAADHAAR-ENROL" in codes("bhamashah")


def test_it_forgives_small_typos(catalogue):
    assert codes("electrcity bill")[0].endswith("-BILL")
    assert "JVVNL-BILL" in codes("electrcity")
    assert codes("incom certificat")[0] == "REV-INCOME"
    assert codes("domicle")[0] == "REV-DOMICILE"


def test_it_finds_as_the_operator_types_a_prefix(catalogue):
    assert codes("palanh")[0] == "SJE-PALANHAR"
    assert codes("scholar")[0] == "SJE-SCHOLARSHIP"


def test_it_ranks_the_kiosks_recently_used_service_first(catalogue, cast):
    kiosk, other_kiosk = cast.kiosk, cast.other_kiosk
    jodhpur = Service.objects.get(code="JDVVNL-BILL")
    assert codes("electricity bill", kiosk=kiosk)[0] != "JDVVNL-BILL"
    for _ in range(3):
        services.record_use(kiosk, jodhpur)
    assert codes("electricity bill", kiosk=kiosk)[0] == "JDVVNL-BILL"
    assert codes("electricity bill", kiosk=other_kiosk)[0] != "JDVVNL-BILL"
    assert services.search_services("", kiosk=kiosk)[0].recent_uses == 3


def test_inactive_services_and_departments_are_not_found(catalogue, cast):
    services.set_service_active(Service.objects.get(code="REV-INCOME"), False, by=cast.doit)
    assert "REV-INCOME" not in codes("income certificate")
    assert "REV-INCOME" in codes("income certificate", include_inactive=True)
    services.update_department(Department.objects.get(code="PHED"), by=cast.doit, active=False)
    assert not [c for c in codes("water") if c.startswith("PHED")]


def test_a_new_service_is_found_at_once(catalogue, cast):
    assert codes("camel safari") == []
    services.create_service(
        by=cast.doit, code="TOUR-CAMEL", name_en="Camel Safari Permit", name_hi="ऊंट सफारी परमिट",
        department=Department.objects.get(code="LSG"), kind="application", amount_rule="fixed",
        government_fee=10000, service_charge=5000, cancellation_window_hours=2,
    )
    assert codes("camel safari")[0] == "TOUR-CAMEL"
    assert codes("ऊंट")[0] == "TOUR-CAMEL"


def test_nonsense_finds_nothing(catalogue):
    assert codes("qqqzzz xxyy") == []
