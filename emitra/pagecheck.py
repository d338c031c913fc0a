"""The page budget and structure check applied to every page the suite renders
(issue 2, req. 8; STYLE 11).

A page's HTML must be at most 8 KB gzip-compressed, and all that a first visit
downloads (HTML plus its stylesheets and scripts) at most 14 KB; it must
parse as HTML5 without errors, have a title, give every form an action and
every POST form a CSRF token, and repeat no id. Nothing in it may run or style
inline (no style attribute, <style>, inline <script> or on... handler), and
its response carries the strict Content-Security-Policy, `Cache-Control: no-store`
and, where it can act, the Permissions-Policy (issue 9 item 9, check_headers).

Budgets for a GPRS link (issue 12 req. 2): after the first visit a page costs at
most 2 requests (its HTML, and at most one stylesheet or script beyond the
SHARED_ASSETS every page links and the first visit fetched); every stylesheet
and script is a same-site static file (hashed and served cached for a year,
immutable, pre-compressed gzip and brotli: core/tests/test_budgets.py); no web
fonts (no @font-face, no font preload); no images in the page's chrome (none in
header, nav or footer, and no url() in a stylesheet).

Every form control has a label, and every id that aria-describedby,
aria-labelledby or a label's for names is on the page (issue 12 req 8,
check_references). Each page is also kept for the W3C Nu validator, which
checks all of a session's pages in one Java run at its end (issue 12 req 5,
emitra.validator).
"""
import gzip
import re
from pathlib import Path

import html5lib
from bs4 import BeautifulSoup

HTML_BUDGET = 8 * 1024
FIRST_VISIT_BUDGET = 14 * 1024
REQUESTS_AFTER_FIRST_VISIT = 2
# what base.html links on every page: fetched by the first visit, then from the cache
SHARED_ASSETS = ("emitra/emitra.css",)


def gz_size(data):
    return len(gzip.compress(data, compresslevel=6))


def static_name(url):
    """The static file's name ("emitra/emitra.css") a page's URL names, or None if it names none."""
    from django.conf import settings

    if not url.startswith(settings.STATIC_URL):
        return None
    name = url[len(settings.STATIC_URL):].split("?")[0]
    return re.sub(r"\.[0-9a-f]{12}(\.[^./]+)$", r"\1", name)  # the manifest's hash, where there is one


def asset_bytes(url):
    from django.contrib.staticfiles import finders

    name = static_name(url)
    path = finders.find(name) if name else None
    return Path(path).read_bytes() if path else b""


def asset_size(url):
    """Compressed size of a same-site static asset named in a page."""
    data = asset_bytes(url)
    return gz_size(data) if data else 0


def budget_problems(soup, assets):
    """What breaks issue 12's budgets in a page (see the module's docstring)."""
    problems = []
    names = [static_name(a) for a in assets]
    outside = [a for a, n in zip(assets, names) if n is None]
    if outside:
        problems.append(f"not a static file of the site (no year-long cache): {outside[:3]}")
    own = sorted({n for n in names if n and n not in SHARED_ASSETS})
    if 1 + len(own) > REQUESTS_AFTER_FIRST_VISIT:
        problems.append(f"{1 + len(own)} requests after the first visit (the page and {own}), "
                        f"over {REQUESTS_AFTER_FIRST_VISIT}")
    if soup.find("link", rel="preload", attrs={"as": "font"}):
        problems.append("a web font is preloaded")
    for a in assets:
        css = asset_bytes(a)
        if b"@font-face" in css:
            problems.append(f"a web font in {a}")
        if b"url(" in css:
            problems.append(f"an image or font fetched by {a} (url())")
    chrome = [t for part in soup.find_all(["header", "nav", "footer"])
              for t in part.find_all(["img", "picture", "svg", "image", "input"])
              if t.name != "input" or t.get("type") == "image"]
    if chrome:
        problems.append(f"an image in the page's chrome: {str(chrome[0])[:80]}")
    return problems


class PageProblem(AssertionError):
    pass


def check_page(path, body):
    """Raise PageProblem listing what is wrong with one rendered page; return its sizes."""
    problems = []
    html_gz = gz_size(body)
    if html_gz > HTML_BUDGET:
        problems.append(f"HTML is {html_gz} bytes gzipped, over {HTML_BUDGET}")
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(body)
    errors = [e for e in parser.errors if e[1] not in ("unexpected-end-tag-before-html",)]
    if errors:
        problems.append(f"HTML parse errors: {errors[:3]}")
    soup = BeautifulSoup(body, "html.parser")
    if not (soup.title and soup.title.get_text(strip=True)):
        problems.append("no <title>")
    for form in soup.find_all("form"):
        if not form.get("action"):  # an empty action is invalid HTML5 (issue 12 req 5)
            problems.append(f"a form without action: {str(form)[:80]}")
        if (form.get("method") or "get").lower() == "post" and not form.find("input", attrs={"name": "csrfmiddlewaretoken"}):
            problems.append(f"a POST form without CSRF token: {str(form)[:80]}")
    for tag in soup.find_all(True):
        inline = [a for a in tag.attrs if a == "style" or a.startswith("on")]
        if inline or tag.name == "style" or (tag.name == "script" and not tag.get("src")):
            problems.append(f"inline style or script (the CSP refuses it): {str(tag)[:80]}")
            break
    if any(str(a).lower().lstrip().startswith("javascript:") for t in soup.find_all(href=True) for a in [t["href"]]):
        problems.append("a javascript: link")
    ids = [t["id"] for t in soup.find_all(id=True)]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"duplicate ids: {dupes}")
    problems += check_references(soup)
    assets = [link.get("href", "") for link in soup.find_all("link", rel="stylesheet")]
    assets += [s.get("src", "") for s in soup.find_all("script", src=True)]
    problems += budget_problems(soup, assets)
    first_visit = html_gz + sum(asset_size(a) for a in assets)
    if first_visit > FIRST_VISIT_BUDGET:
        problems.append(f"first visit is {first_visit} bytes compressed, over {FIRST_VISIT_BUDGET}")
    if problems:
        raise PageProblem(f"{path}: " + "; ".join(problems))
    return html_gz, first_visit


UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


def check_references(soup):
    """Problems with labels and id references (issue 12 req 8): an id named by
    aria-describedby, aria-labelledby or <label for> that no element has, and a
    visible form control with no label (a <label for>, a wrapping <label>,
    aria-label or aria-labelledby)."""
    ids = {t["id"] for t in soup.find_all(id=True)}
    problems = []
    for attr in ("aria-describedby", "aria-labelledby"):
        for tag in soup.find_all(attrs={attr: True}):
            missing = [i for i in tag[attr].split() if i not in ids]
            if missing:
                problems.append(f"{attr} names ids no element has {missing}: {str(tag)[:80]}")
    labelled = {label["for"] for label in soup.find_all("label", attrs={"for": True})}
    for label in soup.find_all("label", attrs={"for": True}):
        if label["for"] not in ids:
            problems.append(f"a label for an id no element has: {str(label)[:80]}")
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.name == "input" and (control.get("type") or "text").lower() in UNLABELLED_TYPES:
            continue
        if not (control.get("id") in labelled or control.find_parent("label")
                or control.get("aria-label") or control.get("aria-labelledby")):
            problems.append(f"a form control without a label: {str(control)[:80]}")
    return problems


def check_headers(path, response, *, page):
    """Raise PageProblem unless a response carries the portal's security headers.

    A page (page=True): a Content-Security-Policy that allows nothing inline or
    from elsewhere, and `no-store`; so does any response to someone signed in (the
    caller says which responses to check). A Permissions-Policy on every response
    where it can act: all but a redirect (never rendered) and a page whose CSP runs
    no script (the features it turns off are a script's; core.middleware).
    """
    problems = []
    redirect = 300 <= response.status_code < 400 and response.has_header("Location")
    csp = {d.split()[0]: d.split()[1:] for d in response.get("Content-Security-Policy", "").split(";") if d.strip()}
    scriptless_html = (response.get("Content-Type", "").startswith("text/html")
                       and csp.get("default-src") == ["'none'"] and "script-src" not in csp)
    if not (redirect or scriptless_html) and not response.get("Permissions-Policy"):
        problems.append("no Permissions-Policy")
    if response.get("Cache-Control") != "no-store":
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r}, not no-store")
    if page:
        if csp.get("default-src") != ["'none'"]:
            problems.append(f"Content-Security-Policy default-src is {csp.get('default-src')}, not 'none'")
        for directive, sources in csp.items():
            if {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(sources):
                problems.append(f"Content-Security-Policy {directive} allows {sources}")
        if csp.get("frame-ancestors") != ["'none'"]:
            problems.append("Content-Security-Policy lets other sites frame the page")
    if problems:
        raise PageProblem(f"{path}: " + "; ".join(problems))


def is_html(response):
    return (not getattr(response, "streaming", False)
            and re.match(r"text/html", response.get("Content-Type", "")) is not None
            and response.content)
