"""The field component ({% form_field field %}, issue 12 req 8): a field's label names its
input, and aria-describedby names exactly the ids of the help text and the error shown
beside it; the page check refuses a page whose references point nowhere."""
import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from emitra import pagecheck
from emitra.core.templatetags.emitra import form_field


class Sample(forms.Form):
    mobile = forms.CharField(label="Mobile", help_text="Ten digits.", max_length=10)
    name = forms.CharField(label="Name")


def rendered(form):
    return BeautifulSoup(render_to_string("components/form.html", {"form": form}), "html.parser")


def test_help_text_and_error_carry_the_ids_the_field_names():
    soup = rendered(Sample(data={"mobile": "12345678901", "name": ""}))
    mobile = soup.find("input", attrs={"name": "mobile"})
    assert mobile["aria-describedby"].split() == ["id_mobile-help", "id_mobile-error"]
    assert soup.find(id="id_mobile-help").get_text() == "Ten digits."
    assert "10" in soup.find(id="id_mobile-error").get_text()
    name = soup.find("input", attrs={"name": "name"})
    assert name["aria-describedby"] == "id_name-error" and soup.find(id="id_name-error")
    assert soup.find("label", attrs={"for": "id_mobile"}) and soup.find("label", attrs={"for": "id_name"})
    assert pagecheck.check_references(soup) == []


# the template {% form_field %} took the place of (issue 14), as it was
FIELD_TEMPLATE = (
    '<p class="field{% if field.errors %} invalid{% endif %}"><label for="{{ field.id_for_label }}">{{ field.label }}</label>\n'
    '{{ field|described }}{% if field.help_text %}<small id="{{ field.auto_id }}-help">{{ field.help_text }}</small>{% endif %}'
    '{% if field.errors %}<strong class="error" id="{{ field.auto_id }}-error">{{ field.errors|join:" " }}</strong>{% endif %}</p>\n')


class Varied(forms.Form):
    when = forms.DateField(label=gettext_lazy("Date"), help_text=mark_safe("Day <b>first</b>"))
    kind = forms.ChoiceField(label="Kind & type", choices=[("a", "A <1>"), ("b", "B")])
    agree = forms.BooleanField(label="I agree", required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea, help_text="At most 5 <chars>", max_length=5)


@pytest.mark.parametrize("data", [None, {"when": "x", "kind": "z", "note": "<script>toolong"}, {"when": "2026-12-01", "kind": "a"}])
@pytest.mark.parametrize("auto_id", ["id_%s", "f-%s", False])
def test_form_field_draws_the_bytes_the_template_drew(data, auto_id):
    template = Template(FIELD_TEMPLATE)
    for form in (Varied(data=data, auto_id=auto_id), Sample(data=data, auto_id=auto_id)):
        for field in form:
            assert form_field(field) == template.render(Context({"field": field}))


def test_a_field_without_help_or_error_names_nothing():
    soup = rendered(Sample())
    assert not soup.find("input", attrs={"name": "name"}).get("aria-describedby")
    assert soup.find("input", attrs={"name": "mobile"})["aria-describedby"] == "id_mobile-help"


@pytest.mark.parametrize("html, problem", [
    ('<input id="a" aria-describedby="a_helptext"><label for="a">A</label>', "aria-describedby names ids"),
    ('<label for="b">B</label><input id="c" aria-label="C">', "a label for an id no element has"),
    ('<input type="text" name="q">', "a form control without a label"),
    ('<select name="s"><option>1</option></select>', "a form control without a label"),
])
def test_the_page_check_refuses_broken_references_and_unlabelled_fields(html, problem):
    problems = pagecheck.check_references(BeautifulSoup(html, "html.parser"))
    assert any(problem in p for p in problems), problems


def test_labelled_controls_pass_the_page_check():
    html = ('<label>Q <input name="q"></label><input name="r" aria-label="R"><input type="hidden" name="h">'
            '<button>Go</button><span id="l">S</span><select name="s" aria-labelledby="l"></select>')
    assert pagecheck.check_references(BeautifulSoup(html, "html.parser")) == []
