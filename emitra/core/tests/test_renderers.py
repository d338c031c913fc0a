"""The portal's form renderer draws each widget it draws in Python to exactly the bytes Django's own
templates make of it (issue 14; emitra.core.renderers), and leaves every other template, and a
widget template an app overrides, to Django."""
import datetime
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from emitra.core.renderers import WidgetRenderer

VALUES = [None, "", "plain", 'a<b>&"c\'', mark_safe("<b>safe</b>"), 0, 1234567, 12.5,
          datetime.date(2026, 12, 7), gettext_lazy("English")]
ATTRS = [{}, {"id": "id_x", "required": True, "disabled": False, "maxlength": 10, "data-x": None,
              "placeholder": 'DD-MM "YYYY" <x>', "aria-describedby": "id_x-help id_x-error"}]
INPUTS = [forms.TextInput, forms.EmailInput, forms.HiddenInput, forms.NumberInput, forms.PasswordInput,
          forms.DateInput, forms.DateTimeInput, forms.TimeInput, forms.URLInput, forms.TextInput]
CHOICES = [
    [("hi", "हिन्दी"), ("en", gettext_lazy("English")), ("x&y", 'a "<b>"')],
    [("", "---------"), ("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C")],
    [(1, 1000), (2, datetime.date(2026, 1, 2))],  # labels Django's template localizes
]


class DrawnOnly(WidgetRenderer):
    """Fails where the widget would be left to Django's template: proves the Python drawing ran."""

    def get_template(self, template_name):
        raise AssertionError(f"{template_name} was rendered by its template")


def both(widget, name, value, attrs, drawn=True):
    return (widget.render(name, value, attrs=attrs, renderer=DjangoTemplates()),
            widget.render(name, value, attrs=attrs, renderer=DrawnOnly() if drawn else WidgetRenderer()))


def test_the_portal_uses_it():
    assert isinstance(get_default_renderer(), WidgetRenderer)


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("widget_class", INPUTS + [forms.Textarea, forms.CheckboxInput, forms.SearchInput,
                                                   forms.ColorInput])
def test_each_input_is_drawn_as_djangos_template_draws_it(widget_class, value, attrs):
    localized = widget_class is forms.Textarea and not isinstance(value, (str, type(None), type(gettext_lazy(""))))
    django_html, ours = both(widget_class(), "field<1>", value, dict(attrs), drawn=not localized)
    assert ours == django_html


@pytest.mark.parametrize("value", ["en", "x&y", "b", "", None, 1, ["a", "c"]])
@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple])
def test_each_select_is_drawn_as_djangos_template_draws_it(widget_class, choices, value):
    widget = widget_class(choices=choices, attrs={"class": "wide"})
    django_html, ours = both(widget, "pick", value, {"id": "id_pick", "required": True},
                             drawn=choices is not CHOICES[2])
    assert ours == django_html


def test_a_whole_form_is_drawn_as_django_draws_it():
    from emitra.payments.forms import PayForm

    data = {"cart": "5", "key": "k", "consumer_name": "<Ram>", "mobile": "94", "mode": "cheque",
            "language": "en", "confirm_duplicate": "on", "cheque_date": "31-02-2026"}
    for form in (PayForm(initial={"cart": 5, "mode": "wallet"}), PayForm(data)):
        form.is_valid()
        djangos = PayForm(form.data if form.is_bound else None, initial=form.initial, renderer=DjangoTemplates())
        djangos.is_valid()
        mine = PayForm(form.data if form.is_bound else None, initial=form.initial, renderer=WidgetRenderer())
        mine.is_valid()
        assert str(mine) == str(djangos)  # the form's layout is Django's template; its widgets ours
        for name in form.fields:
            assert mine[name].as_widget() == djangos[name].as_widget()


def test_a_widget_template_an_app_overrides_is_rendered_as_written(tmp_path):
    widgets = Path(tmp_path, "django", "forms", "widgets")
    widgets.mkdir(parents=True)
    (widgets / "input.html").write_text('<input class="overridden" name="{{ widget.name }}">')

    class Overridden(WidgetRenderer):
        @cached_property
        def engine(self):
            return self.backend({"APP_DIRS": True, "DIRS": [tmp_path, *super().engine.dirs],
                                 "NAME": "overridden", "OPTIONS": {}})

    assert forms.TextInput().render("n", "v", renderer=Overridden()) == '<input class="overridden" name="n">'
    # a radio list is Django's template, as before
    radio = forms.RadioSelect(choices=[("a", "A")])
    assert radio.render("r", "a", renderer=WidgetRenderer()) == radio.render("r", "a", renderer=DjangoTemplates())
