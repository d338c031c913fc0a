"""Security headers (issue 9 item 9): a strict Content-Security-Policy without
'unsafe-inline' on every page, a Permissions-Policy on every response where it
can act (not on a redirect, nor on a page whose CSP runs no script), and
`Cache-Control: no-store` on every page and on whatever a signed-in person is
sent (emitra/payments/tests/test_no_store.py: receipts and their formats,
statements).

The page check (emitra/pagecheck.py, run by emitra/conftest.py on every page
any test renders) asserts the same headers everywhere; these tests name the rule."""
import re
from pathlib import Path

import pytest

from emitra import pagecheck

PACKAGE = Path(__file__).resolve().parents[2]


def csp(response):
    return dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))


@pytest.mark.django_db
def test_every_page_has_a_csp_that_allows_nothing_inline_and_nothing_from_elsewhere(client):
    response = client.get("/")
    policy = csp(response)
    assert policy["default-src"] == "'none'"
    assert policy["style-src"] == "'self'"
    assert "script-src" not in policy  # default-src 'none': no script at all
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    # the features a Permissions-Policy turns off are asked for by a script, and this page runs none
    # nor loads a frame (default-src 'none'): the header would be 190 bytes a page on GPRS for nothing
    assert "Permissions-Policy" not in response
    assert "Vary" not in response  # no-store: in no cache, so nothing for a cache to vary on


@pytest.mark.django_db
def test_whatever_is_not_a_page_without_script_has_the_permissions_policy(client):
    for response in (client.get("/healthz"), client.get("/sso/.well-known/openid-configuration")):
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_a_redirect_carries_no_header_that_only_a_rendered_page_reads(client):
    response = client.get("/auth/login/")
    assert response.status_code == 302
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Content-Language", "Vary",
                   "Content-Type"):
        assert header not in response, header
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "strict-origin"  # it acts on the request the redirect makes


@pytest.mark.django_db
def test_the_sign_out_form_may_go_on_to_an_external_issuer(client, settings):
    settings.OIDC_ISSUER = "https://sso.example.gov.in/realms/state"
    assert csp(client.get("/"))["form-action"] == "'self' https://sso.example.gov.in"


@pytest.mark.django_db
def test_the_bundled_providers_sign_in_page_may_send_its_form_on_to_any_client(client):
    # its answer is a redirect to the redirect URI of whichever client asked
    response = client.get("/sso/login/")
    assert response.status_code == 200
    assert "form-action" not in csp(response)
    assert csp(response)["default-src"] == "'none'"


INLINE = re.compile(r"""<style\b|<script(?![^>]*\bsrc=)|\sstyle\s*=|\son[a-z]+\s*=|javascript:""", re.I)


def test_no_template_has_inline_style_or_script():
    offenders = [f"{path.relative_to(PACKAGE)}:{n}" for path in PACKAGE.rglob("templates/**/*.html")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if INLINE.search(line)]
    assert not offenders, "move these to a static stylesheet (the CSP refuses them): " + ", ".join(offenders)


@pytest.mark.parametrize("body", [
    b'<p style="color:red">x</p>', b"<style>p{}</style>", b"<script>alert(1)</script>",
    b'<a href="#" onclick="x()">x</a>', b'<a href="javascript:x()">x</a>'])
def test_the_page_check_refuses_a_page_that_runs_or_styles_inline(body):
    page = b"<!doctype html><html lang=en><head><title>t</title></head><body>" + body + b"</body></html>"
    with pytest.raises(pagecheck.PageProblem, match="inline|javascript"):
        pagecheck.check_page("/x/", page)
