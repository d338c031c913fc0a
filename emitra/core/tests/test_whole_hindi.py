"""Whole Hindi (issue 12 req. 6): every page of every role, rendered in Hindi with the demo data
loaded and with data in it (a receipt, a cancelled one and one paid by cheque, a wallet statement
with top-ups, a deposit, payments and a reversal, an application sent to an office), has no English word left
in its visible text (an element marked lang="en" aside: the switch to English) outside a short
list: codes (a word with a digit, all capitals or an identifier's marks: PHED, UTR,
AP-2026-0000001, wallet:KJPR00001, cheques_in_hand; and whatever is in <code> or <kbd>), the
portal's own names (e-Mitra, DoIT, DigiLocker), and the proper names people typed (a person's,
a kiosk's or an LSP's name, an address).

The pages are every GET address of the URL resolver, its parameters filled from the data (a
kiosk's code, a receipt's number, an application's number ...), asked for by each role (in its
own parts of the portal: AREAS) with the Django test client (no browser: the whole walk takes seconds). A page that answers other
than 200 with HTML (a form that only posts, a page the role may not see) is not read."""
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from emitra.documents.tests.conftest import storage_dir  # noqa: F401 - a fixture of the locker's

pytestmark = pytest.mark.django_db

# Latin words a Hindi page may carry besides codes (all capitals: SSO, PDF, UTR, IFSC ...): the
# portal's and its partners' own names, and the search box's example of Hindi in Roman letters.
ALLOWED = {"e-Mitra", "DoIT", "DigiLocker", "bijli"}
# How a visible text splits into words: a token with a digit or all in capitals is a code.
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9@._:/+-]*[A-Za-z0-9]|[A-Za-z]")
URL = re.compile(r"https?://\S+")
CODE = re.compile(r".*\d|[A-Z0-9_./+-]+$|.*[@/_:]|.+\..")  # a digit, all capitals, or an identifier's marks
NOT_READ = ("script", "style", "code", "kbd", "samp", "var", "textarea")  # codes, keys, what was typed
READ_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


def english_words(html, names=frozenset()):
    """{visible text (or announced attribute): its English words}, a web address left out."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(NOT_READ):
        tag.decompose()
    assert soup.html.get("lang") == "hi", soup.html.get("lang")
    for tag in soup.find_all(attrs={"lang": "en"}):  # marked as English: the switch to English
        tag.decompose()
    texts = list(soup.stripped_strings)
    for tag in soup.find_all(True):
        texts += [tag[a] for a in READ_ATTRIBUTES if tag.get(a)]
        if tag.name == "input" and tag.get("type") in ("submit", "button", "reset") and tag.get("value"):
            texts.append(tag["value"])
    words = {}
    for text in texts:
        for token in TOKEN.findall(URL.sub("", text)):
            token = token.strip(".-/")
            if token and not CODE.match(token) and token not in ALLOWED and token not in names:
                words.setdefault(text.strip()[:80], []).append(token)
    return words


# ------------------------------------------------------------------ every page of the resolver

PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
SKIPPED = {  # not pages: files, API answers, the sign-in hops and the language switch
    "set_language", "healthz", "logout", "login", "callback", "authorize", "token", "revoke-token",
    "oidc-connect-discovery-info", "oauth-server-metadata", "jwks-info", "user-info", "rp-initiated-logout"}


def routes():
    """(pattern, 'namespace:name') of every address the resolver knows."""
    found = []

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                found.append((prefix + str(p.pattern), f"{namespace}:{p.name}"))

    walk(get_resolver(), "", None)
    return found


def addresses_of(value):
    """Every page's address with its parameters filled by `value(route name, parameter)` (a list:
    one address for each); an address with a parameter it leaves None is left out."""
    paths = []
    for pattern, name in routes():
        if name.split(":")[1] in SKIPPED or pattern.startswith("api/") or pattern.endswith((".csv", ".pdf")):
            continue
        if any(part in pattern for part in ("/pdf/", "/escp/")):
            continue
        filled = [pattern]
        for _conv, param in PARAMETER.findall(pattern):
            given = value(name, param)
            if given is None:
                break
            filled = [f.replace(PARAMETER.search(f).group(0), str(g), 1) for f in filled
                      for g in (given if isinstance(given, list) else [given])]
        else:
            paths += ["/" + f for f in filled]
    return paths


# ------------------------------------------------------------------ the data and the walk

HINDI_APPLICATION = {"a-applicant_name": "कमला देवी", "father_name": "रमेश चंद", "address__line": "वार्ड 12, चाकसू"}
HINDI_REASON = "उपभोक्ता ने दो बार भुगतान किया"


@pytest.fixture
def hindi_data(cast, storage_dir, client_as):
    """The demo, plus a paid receipt, a cancelled one, one paid by cheque and a submitted
    application, all made through the pages by the demo kiosk's operator and holder."""
    from emitra.applications.tests.conftest import file_and_pay
    from emitra.demo.loaders import load_demo
    from emitra.payments.models import Receipt
    from emitra.payments.tests.conftest import add, cancel, pay, pay_form, shown_receipt

    load_demo()
    kiosk, operator = cast.kiosk, client_as(cast.operator)
    add(operator, kiosk, "PHED-BILL", "PH1234567")
    assert shown_receipt(pay(operator, kiosk, pay_form(operator, kiosk, consumer_name="सीता देवी")))
    kept = Receipt.objects.filter(kiosk=kiosk).order_by("-number").first()
    add(operator, kiosk, "PHED-BILL", "PH7654321")
    assert shown_receipt(pay(operator, kiosk, pay_form(operator, kiosk, consumer_name="गीता देवी")))
    cancelled = Receipt.objects.filter(kiosk=kiosk).order_by("-number").first()
    assert cancel(client_as(cast.holder), kiosk, cancelled, reason=HINDI_REASON).status_code == 302
    add(operator, kiosk, "PHED-NEWCONN")  # by cheque: the department's cheques in hand
    assert shown_receipt(pay(operator, kiosk, pay_form(operator, kiosk, consumer_name="सीता देवी", mode="cheque", cheque_no="004512",
                                         cheque_bank="भारतीय स्टेट बैंक",
                                         cheque_date=timezone.localdate().isoformat())))
    application = file_and_pay(operator, kiosk, **HINDI_APPLICATION)
    return cast, kept, application


def parameter_values(cast, receipt, application):
    from emitra.commissions.models import CommissionRule
    from emitra.documents.models import DocumentKind
    from emitra.payments.models import Receipt
    from emitra.payouts.models import BankAccount
    from emitra.reports import registry as reports
    from emitra.wallet import accounts
    from emitra.wallet.models import CreditLimitRequest, TopUp

    rule = CommissionRule.objects.order_by("pk").first()
    version = rule.versions.order_by("number").first() if rule else None
    pks = {"wallet:lsp_topup": TopUp.objects.filter(kiosk=cast.kiosk).order_by("pk").last(),
           "wallet:lsp_limit": CreditLimitRequest.objects.filter(kiosk=cast.kiosk).first(),
           "payouts:lsp_account": BankAccount.objects.filter(kiosk=cast.kiosk).first(),
           "commissions:rule": rule, "commissions:version": rule}

    def value(name, param):
        app = name.split(":")[0]
        if param == "code":
            return accounts.wallet_code(cast.kiosk) if name == "wallet:doit_account" else cast.kiosk.code
        if param == "number":
            if app == "commissions":
                return version and version.number
            if name == "payments:dept_cheque_decide":
                return Receipt.objects.filter(kiosk=cast.kiosk, mode=Receipt.Mode.CHEQUE).order_by("-number")[0].number
            return application.number if app == "applications" else receipt.number
        if param == "service_code":
            return "REV-INCOME" if app == "applications" else "PHED-BILL"
        if param == "department_code":
            return "PHED"
        if param == "kind_code":
            return DocumentKind.objects.order_by("code").first().code
        if param == "slug":  # every report of the role the address is for
            return [r.slug for r in reports.of_role(name.split(":")[1].split("_")[0])]
        if param == "pk":
            row = pks.get(name)
            return row.pk if row else None
        return None

    return value


# The parts of the portal each role reads (by an address's first segment; "" is the rest, the
# public and personal pages): a page another role also reaches is read once, by its own role,
# so that the walk stays short (about 40% fewer requests). Every role reads its home page.
AREAS = {"anonymous": {""}, "holder": {"k", ""}, "operator": {"k"}, "lsp": {"lsp"}, "doit": {"doit"},
         "dept": {"dept"}, "citizen": {""}}


def area(path):
    first = path.strip("/").split("/")[0]
    return first if first in ("k", "lsp", "doit", "dept") else ""


def role_clients(cast, client, client_as):
    people = {"anonymous": None, "holder": cast.holder, "operator": cast.operator, "lsp": cast.lsp_jaipur,
              "doit": cast.doit, "dept": cast.dept, "citizen": cast.citizen}
    for role, person in people.items():
        browser = client_as(person) if person else client
        browser.cookies["django_language"] = "hi"
        yield role, browser


def proper_names():
    """The words of names people typed: a person's, a kiosk's, its address, an LSP's, a consumer's."""
    from emitra.accounts.models import Person
    from emitra.network.models import LSP, Kiosk
    from emitra.payments.models import Receipt

    texts = (list(Person.objects.values_list("name", flat=True)) + list(LSP.objects.values_list("name", flat=True))
             + list(Receipt.objects.values_list("consumer_name", flat=True).distinct()))
    for name, address, bank_name in Kiosk.objects.values_list("name", "address", "bank_account_name"):
        texts += [name, address, bank_name]
    return frozenset(w.strip(".-/") for t in texts for w in TOKEN.findall(t))


def test_every_page_of_every_role_reads_wholly_in_hindi(hindi_data, client, client_as):
    cast, receipt, application = hindi_data
    value = parameter_values(cast, receipt, application)
    paths = addresses_of(value)
    names = proper_names()
    english, read = {}, 0
    for role, browser in role_clients(cast, client, client_as):
        for path in paths:
            if path != "/" and area(path) not in AREAS[role]:
                continue
            r = browser.get(path)
            if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
                continue
            read += 1
            html = r.content.decode()
            words = english_words(html, names)
            if words:
                english[f"{role} {path}"] = words
    assert read > 100, read
    assert not english, f"{len(english)} of {read} Hindi pages carry English words:\n" + "\n".join(
        f"  {page}: " + " | ".join(f"{' '.join(w)} ({text!r})" for text, w in words.items())
        for page, words in sorted(english.items()))
