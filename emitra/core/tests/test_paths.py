"""Every path part of the portal has a shape (issue 9 item 6): a request whose path holds a
NUL, a control character, `../`, letters no code has or far too many characters is the
portal's own 404 page, never a 500 (on PostgreSQL a NUL in a query is a DataError)."""
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from emitra.conftest import sign_in
from emitra.core import converters

HOSTILE = ["\x00", "\x01\x07\x1b[31m\r\n", "\u202e", "../", "A" * 300, "9" * 300, "नमस्ते"]
PARAMETER = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")
API_PREFIX = "api/dept/v1/"
# The public pages a QR code opens check the token's signature before any look-up, and answer
# anything else with their own "unknown receipt/certificate" 404 page.
SIGNED = {"v/<str:token>/", "c/<str:token>/"}


def routes(resolver=None, prefix=""):
    """Every route of the project as its full pattern string ('k/<kiosk:code>/receipts/<receipt:number>/')."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from routes(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def valid_value(converter, name, cast):
    """A value of the right shape for the other path parts, so the hostile one is the only wrong one."""
    return {"kiosk": cast.kiosk.code, "receipt": f"{cast.kiosk.code}-2612-000001", "code": "PHED-BILL",
            "application": "AP-2612-0000001", "payout": "EMP0000000000001", "account": f"wallet:{cast.kiosk.code}",
            "word": "confirm", "token": "x.y", "id": "1",
            "ticket": "TK-2612-000001"}.get(converter or "str", "x")


def person_for(route, cast):
    """The person whose page the route is: the kiosk's holder, the LSP, DoIT, the department, a citizen."""
    first = route.split("/", 1)[0]
    return {"k": cast.holder, "lsp": cast.lsp_jaipur, "doit": cast.doit, "dept": cast.dept,
            "citizen": cast.citizen, "me": cast.citizen, "apply": cast.citizen,
            "applications": cast.citizen}.get(first, cast.holder)


def hostile_paths(cast):
    """(route, path, signed-in person) for each path part of each route, filled with each hostile value."""
    for route in routes():
        if route.startswith("^") or "(?P" in route:
            continue
        params = list(PARAMETER.finditer(route))
        for target in params:
            for value in HOSTILE:
                path = route
                for m in reversed(params):
                    text = value if m is target else valid_value(m.group("converter"), m.group("name"), cast)
                    path = path[:m.start()] + quote(text, safe="") + path[m.end():]
                yield route, target.group("converter"), "/" + path, person_for(route, cast)


def test_every_route_names_its_path_parts_by_a_shape():
    """No `<str:...>`, `<path:...>` or `<int:...>` (any number of digits) is left: every part of a path that names something has a converter."""
    loose = [r for r in routes() if not r.startswith(API_PREFIX) and r not in SIGNED
             and any(m.group("converter") in (None, "str", "path", "int") for m in PARAMETER.finditer(r))]
    assert loose == []


@pytest.mark.parametrize("converter", sorted(converters.CONVERTERS))
def test_a_converter_refuses_every_hostile_value(converter):
    regex = re.compile(converters.CONVERTERS[converter].regex)
    assert [v for v in HOSTILE if regex.fullmatch(v)] == []


def test_the_codes_the_portal_makes_have_their_converters_shape(cast):
    from emitra.catalogue.models import Department, Service
    from emitra.demo.loaders import load_catalogue, load_wallets
    from emitra.ledger.models import Account
    from emitra.network.models import Kiosk

    load_catalogue()
    load_wallets()
    shape = {name: re.compile(c.regex) for name, c in converters.CONVERTERS.items()}
    codes = [("kiosk", k) for k in Kiosk.objects.values_list("code", flat=True)]
    codes += [("code", c) for c in Service.objects.values_list("code", flat=True)]
    codes += [("code", c) for c in Department.objects.values_list("code", flat=True)]
    codes += [("account", c) for c in Account.objects.values_list("code", flat=True)]
    assert len(codes) > 10
    assert [(n, c) for n, c in codes if not shape[n].fullmatch(c)] == []


@pytest.mark.django_db(transaction=False)
def test_a_hostile_path_part_anywhere_is_the_portals_404_never_a_500(cast):
    """Walks every pattern of the resolver; each path part in turn gets each hostile value, the
    others a value of the right shape, requested by the person whose page it is."""
    clients = {}
    failures, seen = [], 0
    for route, converter, path, person in hostile_paths(cast):
        client = clients.get(person.pk)
        if client is None:
            client = clients[person.pk] = sign_in(Client(raise_request_exception=False), person)
        if route.startswith(API_PREFIX):
            # the department API checks its path parameters by pattern itself (422), after the token (401)
            send = client.post if route.endswith("/moves") else client.get
            response = send(path)
            ok = response.status_code in (401, 404, 422)
        else:
            response = client.get(path)
            ok = response.status_code == 404 and (route in SIGNED or "There is no such page" in response.content.decode())
        if not ok:
            failures.append((path, response.status_code))
        seen += 1
    assert seen > 500
    assert failures == [], failures
