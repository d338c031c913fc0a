"""The CSRF cookie is sent once, not on every page with a form (issue 12 req. 1: ~130 bytes a
page on GPRS), and the CSRF check is still Django's (emitra.core.middleware.CsrfCookieOnceMiddleware)."""
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def set_cookies(response):
    return set(response.cookies.keys())


def test_the_csrf_cookie_is_set_on_a_first_visit_and_not_again(cast):
    browser = Client(enforce_csrf_checks=True)
    first = browser.get("/")
    assert "csrftoken" in set_cookies(first)
    again = browser.get("/")
    assert 'name="csrfmiddlewaretoken"' in again.content.decode()  # a page with a form
    assert "csrftoken" not in set_cookies(again)
    browser.cookies["csrftoken"] = "not-a-secret"  # a cookie Django cannot use: a new secret, set
    assert "csrftoken" in set_cookies(browser.get("/"))


def test_a_post_without_the_token_is_still_refused_and_with_it_accepted(cast):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    refused = browser.post("/i18n/setlang/", {"language": "hi", "next": "/status/"})
    assert refused.status_code == 403 and "Nothing was saved" in refused.content.decode()  # the portal's page
    assert browser.post("/i18n/setlang/", {"language": "hi", "next": "/status/",
                                           "csrfmiddlewaretoken": token}).status_code == 302
