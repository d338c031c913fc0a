"""The Hindi catalogue (issue 2: every user-facing string in Hindi and English).

emitra/locale/hi/LC_MESSAGES/django.po (sorted, no locations: our makemessages
command, emitra.core.management.commands.makemessages) is refreshed from inside emitra/ with

    emitra makemessages -l hi --no-obsolete --ignore 'tests/*' --ignore '*/tests/*'

then every new or fuzzy entry is translated, and `emitra compilemessages`
writes django.mo, which is committed so that an install needs no gettext.
These tests fail when a string in the code or templates is not in the
catalogue, when an entry is empty or fuzzy, when a translation breaks a
placeholder or an HTML tag, or when django.mo is older than django.po.
"""
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[2]  # emitra/
PO = PACKAGE / "locale" / "hi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
MAKEMESSAGES = dict(locale=["hi"], no_obsolete=True, ignore_patterns=["tests/*", "*/tests/*"], verbosity=0)

needs_gettext = pytest.mark.needs("gettext")


# --- a small .po reader (polib is not a dependency) ---------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text):
    text = text.strip()
    assert text[0] == '"' and text[-1] == '"', text
    return re.sub(r'\\(.)', lambda m: _ESCAPES[m.group(1)], text[1:-1])


def read_po(path):
    """[{'msgctxt', 'msgid', 'msgid_plural', 'msgstr' | 'msgstr[n]', 'flags', 'refs'}] without the header."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", Path(path).read_text(encoding="utf-8").strip()):
        entry, field = {"flags": set(), "refs": ""}, None
        for line in block.splitlines():
            if line.startswith("#~"):  # obsolete entry
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#:"):
                entry["refs"] += line[2:]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[field] += _unquote(line)
            else:
                field, _, rest = line.partition(" ")
                entry[field] = _unquote(rest)
        if entry and entry.get("msgid"):
            entries.append(entry)
    return entries


def key(entry):
    return (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))


def translations(entry):
    return {f: v for f, v in entry.items() if f.startswith("msgstr")}


def show(keys):
    return "\n".join(f"  {k[1]!r}" + (f" (context {k[0]!r})" if k[0] else "") for k in sorted(keys, key=str))


# --- (a) every entry translated, nothing fuzzy, placeholders and HTML kept ----

def test_every_entry_of_the_catalogue_is_translated():
    entries = read_po(PO)
    assert len(entries) > 300
    fuzzy = {key(e) for e in entries if "fuzzy" in e["flags"]}
    empty = {key(e) for e in entries if not all(translations(e).values())}
    plurals_missing = {key(e) for e in entries if "msgid_plural" in e and set(translations(e)) != {"msgstr[0]", "msgstr[1]"}}
    assert not fuzzy, f"fuzzy entries in {PO}: translate them and drop the fuzzy flag:\n{show(fuzzy)}"
    assert not empty, f"untranslated entries in {PO}:\n{show(empty)}"
    assert not plurals_missing, f"plural entries without both forms (Hindi has nplurals=2):\n{show(plurals_missing)}"


PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def test_translations_keep_placeholders_and_html():
    broken = []
    for e in read_po(PO):
        for field, text in translations(e).items():
            source = e["msgid_plural"] if field == "msgstr[1]" else e["msgid"]
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                broken.append(f"{source!r}: placeholders differ in {text!r}")
            if sorted(TAG.findall(text)) != sorted(TAG.findall(source)):
                broken.append(f"{source!r}: HTML differs in {text!r}")
    assert not broken, "\n".join(broken)


@needs_gettext
def test_msgfmt_accepts_the_catalogue():
    out = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "untranslated" not in out.stderr and "fuzzy" not in out.stderr, out.stderr


# --- (b) the catalogue holds every string of the code and templates -----------

@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Run makemessages on a copy of the package with a copy of the committed .po."""
    root = tmp_path_factory.mktemp("makemessages") / "emitra"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns(
        "tests", "locale", "__pycache__", "node_modules", "*.pyc"))
    copy = root / "locale" / "hi" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(PO, copy)
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    try:
        with override_settings(LOCALE_PATHS=[str(root / "locale")]):
            call_command("makemessages", **MAKEMESSAGES)
    finally:
        mp.undo()
    return read_po(copy)


@needs_gettext
def test_every_string_in_code_and_templates_is_in_the_catalogue(extracted):
    committed = {key(e) for e in read_po(PO)}
    missing = {key(e) for e in extracted} - committed
    assert not missing, (
        f"strings marked for translation that {PO.relative_to(PACKAGE.parent)} lacks; from emitra/ run "
        f"`emitra makemessages -l hi --no-obsolete --ignore 'tests/*' --ignore '*/tests/*'`, "
        f"translate them and run `emitra compilemessages`:\n{show(missing)}")
    untranslated = {key(e) for e in extracted if "fuzzy" in e["flags"] or not all(translations(e).values())}
    assert not untranslated, f"entries left untranslated after makemessages:\n{show(untranslated)}"


@needs_gettext
def test_the_catalogue_has_no_stale_strings(extracted):
    stale = {key(e) for e in read_po(PO)} - {key(e) for e in extracted}
    assert not stale, f"entries no code or template uses any more; re-run makemessages:\n{show(stale)}"


# --- (c) pages in Hindi ------------------------------------------------------

@pytest.mark.django_db
def test_the_language_switch_shows_the_home_page_in_hindi(client):
    english = client.get("/").content.decode()
    assert "e-Mitra: government services at your nearest kiosk" in english
    assert '<html lang="en">' in english

    r = client.post("/i18n/setlang/", {"language": "hi", "next": "/"}, follow=True)
    body = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="hi">' in body
    assert "ई-मित्र: आपके निकटतम कियोस्क पर सरकारी सेवाएँ" in body
    assert "एसएसओ से साइन इन करें" in body
    assert "e-Mitra: government services" not in body
    # and back
    body = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True).content.decode()
    assert "e-Mitra: government services at your nearest kiosk" in body


@pytest.mark.django_db
def test_a_signed_in_kiosk_page_is_in_hindi(cast, client_as):
    holder = client_as(cast.holder)
    holder.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    body = holder.get("/").content.decode()
    assert "नमस्ते" in body and "मेरा कियोस्क" in body and "साइन आउट" in body


DEVANAGARI = re.compile(r"[\u0900-\u097F]")

# Each role's pages (K is the demo kiosk's code); in Hindi each must render,
# pass the page check (budget, HTML) and carry a Hindi title and heading.
HINDI_PAGES = {
    None: ["/", "/sso/login/", "/sso/register/", "/sso/reset/", "/status/"],
    "holder": ["/", "/auth/me/", "/apply/", "/applications/", "/favourites/", "/k/K/", "/k/K/users/",
               "/k/K/services/", "/k/K/services/?q=bijli", "/k/K/cart/", "/k/K/receipts/",
               "/k/K/wallet/", "/k/K/reports/wallet/", "/k/K/reports/", "/k/K/reports/transactions/", "/k/K/wallet/commission/",
               "/k/K/wallet/topup/", "/k/K/wallet/limit/", "/k/K/applications/", "/k/K/applications/?show=sent_back",
               "/k/K/services/REV-INCOME/apply/", "/citizen/"],
    "lsp_jaipur": ["/lsp/", "/lsp/applications/", "/lsp/wallet/topups/", "/lsp/wallet/limits/",
                   "/lsp/wallet/deposits/"],
    "doit": ["/doit/", "/doit/applications/", "/doit/audit/", "/doit/services/", "/doit/services/new/",
             "/doit/departments/", "/doit/wallet/accounts/", "/doit/wallet/rules/", "/doit/wallet/deposits/",
             "/doit/payments/rejected/", "/doit/messages/", "/doit/forms/", "/doit/forms/REV-INCOME/",
             "/doit/commissions/", "/doit/commissions/new/", "/doit/commissions/tiers/"],
    "dept": ["/dept/cheques/", "/dept/collections/", "/dept/applications/"],
}
NAMED_BY_DATA = {"/k/K/"}  # the title and heading are the kiosk's own name


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(HINDI_PAGES), ids=lambda r: r or "anonymous")
def test_every_page_of_a_role_is_in_hindi(role, cast, client, client_as):
    from bs4 import BeautifulSoup

    from emitra.catalogue.demo import load_demo_catalogue
    from emitra.demo.loaders import load_demo

    load_demo()
    load_demo_catalogue()
    browser = client_as(getattr(cast, role)) if role else client
    browser.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    not_hindi = []
    for url in HINDI_PAGES[role]:
        r = browser.get(url.replace("/K/", f"/{cast.kiosk.code}/"))
        assert r.status_code == 200, f"{url}: {r.status_code}"
        soup = BeautifulSoup(r.content, "html.parser")
        assert soup.html["lang"] == "hi", url
        title = soup.title.get_text().rsplit(" · ", 1)[0]  # less the site name
        if url not in NAMED_BY_DATA and not DEVANAGARI.search(title):
            not_hindi.append(f"{url}: <title> {title!r}")
        if soup.h1 is not None and url not in NAMED_BY_DATA and not DEVANAGARI.search(soup.h1.get_text()):
            not_hindi.append(f"{url}: <h1> {soup.h1.get_text(strip=True)!r}")
    assert not not_hindi, "pages whose title or heading is not in Hindi:\n" + "\n".join(not_hindi)


@pytest.mark.django_db
def test_the_error_page_is_in_hindi(client):
    client.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    assert "क्षमा करें" in r.content.decode()


# --- (d) the committed .mo is compiled from the committed .po -----------------

def load_mo(path):
    with open(path, "rb") as f:
        catalog = dict(gettext.GNUTranslations(f)._catalog)
    catalog.pop("", None)  # the header
    return catalog


def po_catalog():
    """What msgfmt would put in the .mo, in gettext's own keys."""
    catalog = {}
    for e in read_po(PO):
        if "fuzzy" in e["flags"]:
            continue
        msgid = e["msgid"] if e.get("msgctxt") is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            for field, text in translations(e).items():
                if text:
                    catalog[(msgid, int(field[7:-1]))] = text
        elif e["msgstr"]:
            catalog[msgid] = e["msgstr"]
    return catalog


def test_the_compiled_catalogue_matches_the_po():
    assert MO.exists(), f"{MO} is missing: run `emitra compilemessages` in emitra/ and commit it"
    assert load_mo(MO) == po_catalog(), f"{MO} is out of date: run `emitra compilemessages` in emitra/"


@needs_gettext
def test_the_compiled_catalogue_is_what_msgfmt_makes(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(PO)], check=True)
    assert load_mo(MO) == load_mo(fresh), f"{MO} is out of date: run `emitra compilemessages` in emitra/"
