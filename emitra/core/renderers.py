"""The portal's form renderer (settings.FORM_RENDERER; issue 14 req. 2: lighter templates for the
hottest pages).

Django draws every widget by rendering a template, a few hundred microseconds each (the pay page's
twelve cost ~2.5 ms, a tenth of the page's Python). `WidgetRenderer` draws the commonest widgets,
the <input> of every type, <select> with its options and <textarea>, in Python, to exactly the
bytes Django's own templates make of the same context (the escaping, the boolean attributes, the
select's line breaks): `core/tests/test_renderers.py` holds each one equal to Django's rendering. It does so only for a template whose source is, as this renderer's engine
finds it, Django's own (checked once a name): a widget template overridden by an app is rendered
as written, and every other template (radio lists, multi-widgets, form and field layouts) is
rendered by Django as before.
"""
from functools import lru_cache
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

_DJANGO = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"


def _text(value):
    """{{ value|stringformat:'s' }} under autoescape: the string of the value, escaped unless safe."""
    text = "%s" % value
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs):
    """django/forms/widgets/attrs.html: ' name="value"' each, a True value as the bare name, a
    False one left out."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items() if value is not False)


def _input(widget):
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{shown}{_attrs(widget["attrs"])}>')


def _option(option):
    if not isinstance(option["label"], (str, Promise)):
        return None  # a number or date label Django's template would localize: Django draws it
    return (f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
            f'{conditional_escape(option["label"])}</option>')


def _select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != "django/forms/widgets/select_option.html":
                return None  # an option of its own template: Django draws the whole select
            html = _option(option)
            if html is None:
                return None
            parts.append(f"\n  {html}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget):
    value = widget["value"]
    if value and not isinstance(value, (str, Promise)):
        return None  # Django's template would localize it
    return (f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
            f'{conditional_escape(value) if value else ""}</textarea>')


# how each template drawn here is drawn: every input type's template is Django's one include of input.html
_DRAWN = {
    **{f"django/forms/widgets/{name}.html": _input for name in (
        "text", "email", "hidden", "number", "password", "date", "datetime", "time", "url", "tel",
        "search", "color", "checkbox", "input")},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
}
# the templates those include, which must be Django's as well
_USED = ("django/forms/widgets/input.html", "django/forms/widgets/attrs.html",
         "django/forms/widgets/select_option.html")


class WidgetRenderer(DjangoTemplates):
    """DjangoTemplates, with the commonest widgets drawn in Python (see the module's docstring)."""

    def render(self, template_name, context, request=None):
        draw = self._drawer(template_name)
        widget = context.get("widget") if draw is not None else None
        if widget is not None:
            html = draw(widget)
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request=request)

    @lru_cache(maxsize=None)  # one renderer a process (django.forms.renderers.get_default_renderer)
    def _drawer(self, template_name):
        """The Python drawing of template_name, or None when the template this renderer's engine
        would use is not Django's own (an app's override) or is not one drawn here."""
        draw = _DRAWN.get(template_name)
        if draw is None or not all(self._is_djangos(name) for name in (template_name, *_USED)):
            return None
        return draw

    def _is_djangos(self, template_name):
        own = (_DJANGO / template_name.rsplit("/", 1)[1]).read_text()
        return self.engine.get_template(template_name).template.source == own
