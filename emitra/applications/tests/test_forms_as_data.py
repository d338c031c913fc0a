"""Forms as data (issue 11 req. 1): DoIT edits a form in the portal, the definition itself is
checked, and a new version leaves older applications rendering with their own."""
import pytest

from emitra.applications import formdefs
from emitra.applications.models import FormDefinition
from emitra.applications.tests.conftest import file_and_pay, fill
from emitra.catalogue.models import Service


def rows_post(definition, **meta):
    """The DoIT editor's POST for a definition (one row per field, no empty rows)."""
    from emitra.applications.forms import row_initial

    data = {"f-TOTAL_FORMS": str(len(definition)), "f-INITIAL_FORMS": "0", "f-MIN_NUM_FORMS": "0",
            "f-MAX_NUM_FORMS": "40", "output_en": meta.get("output_en", "Income Certificate"),
            "output_hi": meta.get("output_hi", "आय प्रमाण पत्र"), "sla_days": str(meta.get("sla_days", 7))}
    for i, field in enumerate(definition):
        for name, value in row_initial(field).items():
            if isinstance(value, bool):
                if value:
                    data[f"f-{i}-{name}"] = "on"
            else:
                data[f"f-{i}-{name}"] = value
    return data


def current_fields():
    return list(FormDefinition.objects.filter(service__code="REV-INCOME").order_by("-version").first().fields)


def test_a_new_version_applies_to_new_applications_and_older_ones_keep_their_own(apps_demo, client_as):
    operator, kiosk = client_as(apps_demo.operator), apps_demo.kiosk
    old = file_and_pay(operator, kiosk)
    fields = current_fields()
    fields[0] = {**fields[0], "label_en": "Name of father or husband (as in Jan Aadhaar)"}
    fields.insert(1, {"key": "caste_category", "type": "choice", "label_en": "Category", "label_hi": "वर्ग",
                      "required": True, "choices": [["general", "General", "सामान्य"], ["obc", "OBC", "ओबीसी"]]})
    doit = client_as(apps_demo.doit)
    r = doit.post("/doit/forms/REV-INCOME/", rows_post(fields))
    assert r.status_code == 302, r.content.decode()[:3000]
    assert FormDefinition.objects.filter(service__code="REV-INCOME").count() == 2

    old_page = operator.get(f"/k/{kiosk.code}/applications/{old.number}/").content.decode()
    assert "Father&#x27;s or husband&#x27;s name" in old_page and "as in Jan Aadhaar" not in old_page
    assert "form version 1" in old_page
    new_form = operator.get(f"/k/{kiosk.code}/services/REV-INCOME/apply/").content.decode()
    assert "as in Jan Aadhaar" in new_form and 'name="caste_category"' in new_form
    new = file_and_pay(operator, kiosk, caste_category="obc")
    assert new.form.version == 2 and old.form.version == 1
    assert new.answers["caste_category"] == "obc" and "caste_category" not in old.answers
    # the older one is still corrected against its own version
    dept_page = client_as(apps_demo.doit).get("/doit/forms/REV-INCOME/").content.decode()
    assert "version 2" in dept_page


@pytest.mark.parametrize("change, field, message", [
    ({"pattern": "[0-9"}, "pattern", "not a valid regular expression"),
    ({"min": "10", "max": "5"}, "min", "larger than the maximum"),
    ({"type": "choice", "choices": [], "min": None, "max": None, "pattern": ""}, "options", "at least two options"),
    ({"key": "Father Name"}, "key", "lower-case letters"),
    ({"label_hi": ""}, "label_hi", "Hindi"),
])
def test_a_definition_at_fault_is_refused_beside_the_row_and_nothing_is_saved(apps_demo, client_as, change, field,
                                                                                message):
    fields = current_fields()
    fields[0] = {**fields[0], **change}
    r = client_as(apps_demo.doit).post("/doit/forms/REV-INCOME/", rows_post(fields))
    page = r.content.decode()
    assert r.status_code == 400 and f'id="id_f-0-{field}-error"' in page and message in page
    assert FormDefinition.objects.filter(service__code="REV-INCOME").count() == 1


def test_the_definition_check_itself(apps_demo):
    text = {"key": "name", "type": "text", "label_en": "Name", "label_hi": "नाम", "required": True}
    assert formdefs.clean_definition([text])[0]["key"] == "name"
    for bad in ([], [text, text], [{**text, "type": "photo"}], [{**text, "type": "document", "kinds": []}],
                [{**text, "type": "date", "min": "31-12-2020", "max": "01-01-2020"}],
                [{**text, "type": "number", "pattern": "[0-9]+"}]):
        with pytest.raises(formdefs.DefinitionError):
            formdefs.clean_definition(bad)


def test_a_pattern_that_backtracks_forever_is_stopped_by_its_time_limit(apps_demo, client_as):
    from emitra.applications.services import save_form

    fields = current_fields()
    fields[3] = {**fields[3], "pattern": "(a+)+$", "max": 60}  # jan_aadhaar
    service = Service.objects.get(code="REV-INCOME")
    save_form(service, by=apps_demo.doit, fields=fields, sla_days=7, output_en="Income", output_hi="आय")
    r = fill(client_as(apps_demo.operator), apps_demo.kiosk, jan_aadhaar="a" * 40 + "!")
    assert r.status_code == 400 and 'id="id_jan_aadhaar-error"' in r.content.decode()
