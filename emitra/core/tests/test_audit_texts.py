"""An audit row's words are made when a page shows it, in the reader's language (issue 12 req. 6):
the row stores its action and parameters, core.audit_texts says them with the text the action's
app registered; the English words are stored as the summary, which a row without a text shows."""
import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from emitra.core import audit, audit_texts

pytestmark = pytest.mark.django_db


def test_a_row_is_described_in_the_readers_language_and_its_english_words_are_stored():
    event = audit.record("applications.submitted", number="AP-2612-0000007", office="REV-JPR")
    with translation.override("hi"):
        assert event.details == "आवेदन AP-2612-0000007 कार्यालय REV-JPR को भेजा गया"
    with translation.override("en"):
        assert event.details == "Application AP-2612-0000007 submitted to office REV-JPR"
    event.refresh_from_db()
    assert event.summary == "Application AP-2612-0000007 submitted to office REV-JPR"
    assert event.detail == {"number": "AP-2612-0000007", "office": "REV-JPR"}


def test_an_amount_is_shown_in_rupees_and_a_choice_by_its_label():
    audit_texts.register({"test.audit_texts.paid": "Paid %(total_paise)s by %(mode)s"},
                         labels={"mode": [("cheque", "a cheque")]})
    event = audit.record("test.audit_texts.paid", total_paise=12345650, mode="cheque")
    assert event.details == "Paid ₹1,23,456.50 by a cheque"
    assert audit.record("test.audit_texts.paid", total_paise=5, mode="cash").details == "Paid ₹0.05 by cash"


def test_a_count_chooses_the_singular_or_the_plural():
    with translation.override("en"):
        assert audit.record("payouts.neft.batch", payouts=1).details == "NEFT file of 1 payout made"
        assert audit.record("payouts.neft.batch", payouts=3).details == "NEFT file of 3 payouts made"
    with translation.override("hi"):
        assert audit.record("payouts.neft.batch", payouts=3).details == "3 भुगतानों की NEFT फ़ाइल बनाई गई"


def test_a_name_stored_in_both_languages_is_shown_in_the_page_language():
    event = audit.record("documents.viewed", kind_en="Affidavit", kind_hi="शपथ पत्र", locker=4)
    with translation.override("hi"):
        assert event.details == "लॉकर 4 का शपथ पत्र देखा गया"
    with translation.override("en"):
        assert event.details == "Affidavit of locker 4 viewed"


def test_a_row_without_a_text_or_missing_a_parameter_shows_its_stored_summary():
    old = audit.record("test.audit_texts.unregistered", summary="written before texts", number="X1")
    assert old.details == "written before texts"
    short = audit.record("applications.submitted", summary="AP-1 -> REV-JPR", number="AP-1")  # no office
    with translation.override("hi"):
        assert short.details == "AP-1 -> REV-JPR"


def test_the_audit_log_shows_its_details_in_hindi(cast, client_as):
    audit.record("applications.withdrawn", actor=cast.holder, kiosk=cast.kiosk, number="AP-2612-0000009",
                 reason="उपभोक्ता ने मना किया")
    doit = client_as(cast.doit)
    doit.cookies["django_language"] = "hi"
    html = doit.get("/doit/audit/", {"action": "applications.withdrawn"}).content.decode()
    cells = [td.get_text() for td in BeautifulSoup(html, "html.parser").select("tbody tr td:last-child")]
    assert cells == ["आवेदन AP-2612-0000009 वापस लिया गया: उपभोक्ता ने मना किया"]


def written_actions():
    """Every action the code passes to audit.record: its literal first argument (both sides of a
    conditional), the officers' moves of an application and of a kiosk application (written as
    f"applications.{action}", f"kiosk_application.{action}"), and the actions passed in a name."""
    import re
    from pathlib import Path

    from emitra.applications.workflow import OFFICER_ACTIONS
    from emitra.network.models import ApplicationStep
    from emitra.sso.services import SIGN_IN_FAILED, SIGN_IN_REFUSED

    found = {SIGN_IN_FAILED, SIGN_IN_REFUSED, "kiosk_user.activated", "kiosk_user.deactivated",
             "kiosk_user.may_cancel", "kiosk_user.may_not_cancel"}  # _change_kiosk_user(..., event)
    found |= {f"applications.{a}" for a in OFFICER_ACTIONS}
    found |= {f"kiosk_application.{a}" for a in (ApplicationStep.Action.VERIFIED, ApplicationStep.Action.RETURNED,
                                                 ApplicationStep.Action.REJECTED, ApplicationStep.Action.APPROVED)}
    package = Path(__file__).resolve().parents[2]
    call = re.compile(r"audit\.record\(\s*(.*?)(?:,\s*\w+=|\))", re.S)
    for path in package.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for first in call.findall(path.read_text(encoding="utf-8")):
            found |= set(re.findall(r'(?<!f)"([a-z_]+\.[a-z_.]+)"', first))
    return found


def test_every_action_the_code_writes_has_its_words():
    actions = written_actions()
    assert len(actions) > 90, sorted(actions)
    assert not {a for a in actions if not audit_texts.known(a)}, "actions with no registered text"
