"""The one piece that binds a confirmation to what was seen (emitra.core.confirmation; issue 9 items 1-2)."""
import datetime

import pytest

from emitra.core import confirmation

FACTS = {"cart": 7, "lines": [[1, 3, "PH1234567", 150000, 2000]], "total": 152000}


def test_a_seal_checks_against_the_same_facts():
    token = confirmation.seal("pay", FACTS)
    confirmation.check("pay", token, {"total": 152000, "cart": 7, "lines": [[1, 3, "PH1234567", 150000, 2000]]})


@pytest.mark.parametrize("facts", [
    {**FACTS, "total": 152001},
    {**FACTS, "lines": FACTS["lines"] + [[2, 4, "", 5000, 0]]},
    {**FACTS, "lines": []},
    {**FACTS, "cart": 8},
])
def test_a_seal_of_other_facts_is_changed(facts):
    with pytest.raises(confirmation.Changed):
        confirmation.check("pay", confirmation.seal("pay", FACTS), facts)


@pytest.mark.parametrize("token", ["", None, "abc", "abc:def", "x" * 1000])
def test_no_seal_or_a_made_up_one_is_forged(token):
    with pytest.raises(confirmation.Forged):
        confirmation.check("pay", token, FACTS)


def test_an_altered_digest_is_forged_not_changed():
    digest, sep, signed = confirmation.seal("pay", FACTS).partition(":")
    other = confirmation.digest({**FACTS, "total": 1})
    with pytest.raises(confirmation.Forged):
        confirmation.check("pay", f"{other}:{signed}", {**FACTS, "total": 1})


def test_a_seal_older_than_max_age_is_expired(monkeypatch):
    token = confirmation.seal("pay", FACTS)
    confirmation.check("pay", token, FACTS, max_age=60)
    import time

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)  # the clock, not a wait
    with pytest.raises(confirmation.Expired):
        confirmation.check("pay", token, FACTS, max_age=60)
    confirmation.check("pay", token, FACTS)  # no max_age: the facts alone decide


def test_a_seal_of_one_kind_of_confirmation_is_no_use_for_another():
    with pytest.raises(confirmation.Forged):
        confirmation.check("deposit", confirmation.seal("pay", FACTS), FACTS)


def test_a_seal_made_with_a_retired_key_still_checks(settings):
    token = confirmation.seal("pay", FACTS)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    confirmation.check("pay", token, FACTS)
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(confirmation.Forged):
        confirmation.check("pay", token, FACTS)


def test_dates_and_hindi_text_are_facts_like_any_other():
    facts = {"on": datetime.date(2026, 12, 2), "name": "सीता देवी"}
    confirmation.check("x", confirmation.seal("x", facts), {"on": datetime.date(2026, 12, 2), "name": "सीता देवी"})
    assert not confirmation.is_sealed("x", confirmation.seal("x", facts), {**facts, "on": datetime.date(2026, 12, 3)})
