"""What an identity provider claims is made safe before it is stored and shown (issue 9 item 7)."""
import pytest

from emitra.accounts.services import person_from_claims


@pytest.mark.django_db
def test_a_providers_hostile_name_is_stored_without_its_control_and_direction_characters():
    claims = {"sub": "s-1", "sso_id": " ram.\u202emeena\x00 ", "name": "\x1b[31mRam\u202e Meena\r\n\x07",
              "email": "ram@example.in\x00", "phone_number": "9414\x0000001"}
    person = person_from_claims("https://sso.example", claims, "sso_id")
    assert (person.sso_id, person.name, person.email, person.mobile) == (
        "RAM.MEENA", "Ram Meena", "ram@example.in", "941400001")
    claims["name"] = "Ram \u2066Lal\u2069 Meena"
    assert person_from_claims("https://sso.example", claims, "sso_id").name == "Ram Lal Meena"
