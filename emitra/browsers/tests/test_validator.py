"""The W3C Nu validator of the page check (emitra.validator, issue 12 req 5): it finds the
errors the portal's pages once had, passes a valid page, and keeps one copy of a page
rendered twice (the CSRF token aside) so that the session's one Java run stays short."""
import pytest

from emitra import validator

pytestmark = pytest.mark.needs("java")

HEAD = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'


def page(body):
    return (HEAD + body + "</body></html>").encode()


def test_it_reports_the_errors_with_the_page_and_the_test_that_rendered_it(tmp_path):
    store = validator.PageStore(tmp_path)
    store.keep("/k/X/wallet/statement/", page('<form method="get" action=""><label>Q <input name="q"></label></form>'),
               "emitra/wallet/tests/test_x.py::test_statement")
    store.keep("/k/X/receipts/1/print/", page("<p>receipt</p><style>p{color:red}</style>"), "t2")
    store.keep("/fine/", page("<p>fine</p>"), "t3")
    lines = validator.report(store)
    text = "\n".join(lines)
    assert "/k/X/wallet/statement/ (rendered by emitra/wallet/tests/test_x.py::test_statement):" in lines
    assert "Bad value “” for attribute “action” on element “form”" in text
    assert "/k/X/receipts/1/print/ (rendered by t2):" in lines and "“style”" in text
    assert "/fine/" not in text


def test_a_valid_store_reports_nothing_and_a_page_rendered_twice_is_kept_once(tmp_path):
    store = validator.PageStore(tmp_path)
    for token in ("a" * 32, "b" * 32):
        body = page(f'<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" '
                    f'value="{token}"><button>Go</button></form>')
        store.keep("/x/", body, "t")
    assert len(store.pages()) == 1
    assert validator.report(store) == []
