"""F19 through the pages: the kiosk's search box and service page, without JavaScript."""
import pytest

from emitra.catalogue import services
from emitra.catalogue.models import Service

pytestmark = pytest.mark.django_db


def test_the_search_page_finds_hindi_in_roman_letters_and_shows_the_name_and_fees(catalogue, cast, client_as):
    page = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/", {"q": "aay praman"})
    assert page.status_code == 200
    html = page.content.decode()
    assert ">Income Certificate</a>" in html
    assert "₹50.00" in html
    assert f'href="/k/{cast.kiosk.code}/services/REV-INCOME/"' in html


def test_an_empty_search_lists_what_the_kiosk_uses_most(catalogue, cast, client_as):
    services.record_use(cast.kiosk, Service.objects.get(code="PHED-BILL"))
    html = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/").content.decode()
    assert "Water Bill (PHED)" in html


def test_the_service_page_shows_the_fee_breakdown(catalogue, cast, client_as):
    page = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/RTO-LL/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "₹350.00" in html and "₹50.00" in html and "₹400.00" in html
    assert "0041-00-102" in html


def test_another_kiosks_search_is_404(catalogue, cast, client_as):
    assert client_as(cast.operator).get(f"/k/{cast.other_kiosk.code}/services/").status_code == 404
    assert client_as(cast.operator).get(f"/k/{cast.other_kiosk.code}/services/REV-INCOME/").status_code == 404


def test_an_inactive_service_has_no_kiosk_page(catalogue, cast, client_as):
    services.set_service_active(Service.objects.get(code="REV-EWS"), False, by=cast.doit)
    assert client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/REV-EWS/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(catalogue, cast, client):
    r = client.get(f"/k/{cast.kiosk.code}/services/")
    assert r.status_code == 302 and r["Location"].startswith("/auth/login/")


# --- browsing with an empty search (issue 9 item 19) ---------------------------

def browse_sections(html):
    """[(department heading, [service link texts])] of the browse list, in page order."""
    import re
    from html import unescape

    return [(unescape(h), [unescape(name) for name in re.findall(r'<li><a href="/k/[^"]+">([^<]+)</a></li>', items)])
            for h, items in re.findall(r'<section class="browse"><h3>([^<]+)</h3><ul>(.*?)</ul></section>', html)]


def test_an_empty_search_lists_every_department_with_its_services_to_browse(catalogue, cast, client_as):
    from emitra.catalogue.models import Department

    services.set_service_active(Service.objects.get(code="REV-EWS"), False, by=cast.doit)
    html = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/").content.decode()
    sections = dict(browse_sections(html))
    with_services = Department.objects.filter(active=True, services__active=True).distinct()
    assert set(sections) == {d.name_en for d in with_services}
    revenue = Department.objects.get(code="REVENUE")
    listed = sections[revenue.name_en]
    assert "Income Certificate" in listed
    assert Service.objects.get(code="REV-EWS").name_en not in listed  # inactive


def test_the_kiosks_most_used_department_and_service_come_first(catalogue, cast, client_as):
    licence = Service.objects.get(code="RTO-LL")
    for _ in range(3):
        services.record_use(cast.kiosk, licence)
    services.record_use(cast.other_kiosk, Service.objects.get(code="PHED-BILL"))  # another kiosk's use counts not
    html = client_as(cast.operator).get(f"/k/{cast.kiosk.code}/services/").content.decode()
    sections = browse_sections(html)
    assert sections[0][0] == licence.department.name_en and sections[0][1][0] == licence.name_en
    used = html.index("<h2>", html.index('role="search"'))
    from django.utils.html import escape

    assert html.index(escape(licence.name_en), used) < html.index('<section class="browse">')  # most used above
    rest = [name for name, _ in sections[1:]]
    assert rest == sorted(rest)


def test_a_department_with_many_services_shows_some_and_links_to_all(catalogue, cast, client_as):
    from emitra.catalogue.models import Department

    department = Department.objects.create(code="MANY", name_en="Many Services Department", name_hi="अनेक सेवा विभाग")
    for n in range(services.BROWSE_PER_DEPARTMENT + 3):
        Service.objects.create(code=f"MANY-{n:02d}", department=department, name_en=f"Many service {n:02d}",
                               name_hi=f"अनेक सेवा {n:02d}", kind=Service.Kind.APPLICATION,
                               amount_rule=Service.AmountRule.FIXED, government_fee=100, service_charge=0)
    operator = client_as(cast.operator)
    html = operator.get(f"/k/{cast.kiosk.code}/services/").content.decode()
    listed = dict(browse_sections(html))["Many Services Department"]
    assert len(listed) == services.BROWSE_PER_DEPARTMENT
    assert 'href="?department=MANY">and 3 more</a>' in html
    whole = dict(browse_sections(operator.get(f"/k/{cast.kiosk.code}/services/", {"department": "MANY"})
                                 .content.decode()))
    assert list(whole) == ["Many Services Department"]
    assert len(whole["Many Services Department"]) == services.BROWSE_PER_DEPARTMENT + 3


def test_browsing_asks_the_database_the_same_few_times_however_many_departments(
        catalogue, cast, client_as, django_assert_num_queries):
    """One query for the browse list: more departments and services add no query (no N+1)."""
    from emitra.catalogue.models import Department

    operator = client_as(cast.operator)
    url = f"/k/{cast.kiosk.code}/services/"
    services.record_use(cast.kiosk, Service.objects.get(code="PHED-BILL"))
    operator.get(url)  # the search index and the session warm
    with django_assert_num_queries(BROWSE_PAGE_QUERIES):
        operator.get(url)
    for d in range(5):
        department = Department.objects.create(code=f"D{d}", name_en=f"Department {d}", name_hi=f"विभाग {d}")
        for n in range(4):
            Service.objects.create(code=f"D{d}-{n}", department=department, name_en=f"Service {d}.{n}",
                                   name_hi=f"सेवा {d}.{n}", kind=Service.Kind.APPLICATION,
                                   amount_rule=Service.AmountRule.FIXED, government_fee=100, service_charge=0)
    operator.get(url)
    with django_assert_num_queries(BROWSE_PAGE_QUERIES) as ctx:
        page = operator.get(url)
    assert "Department 4" in page.content.decode()
    browse = [q["sql"] for q in ctx.captured_queries if "ROW_NUMBER" in q["sql"].upper()]
    assert len(browse) == 1


# the session with its person, memberships and own kiosk (one statement, emitra.accounts.session;
# issue 14: the kiosk is no query of its own), the catalogue stamp, and the browse list
BROWSE_PAGE_QUERIES = 3
