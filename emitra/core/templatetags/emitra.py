"""Template filters loaded on every template (settings TEMPLATES builtins)."""
from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from emitra.core import reversing
from emitra.core.i18n import in_page_language
from emitra.core.money import format_paise

register = template.Library()


class URLNode(defaulttags.URLNode):
    """Django's {% url %}, its reverse remembered (emitra.core.reversing; issue 14)."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reversing.reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """{% url %} as Django parses it, rendered by URLNode above; a builtin of every template, so
    it takes the place of Django's own."""
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.filter
def rupees(paise):
    """Paise as ₹1,23,456.00 with Indian digit grouping."""
    if paise is None or paise == "":
        return ""
    return format_paise(paise)


@register.filter
def local_name(row, field="name"):
    """The name in the page's language of a row read with .values(): `{{ r|local_name:"service__name" }}`
    reads r["service__name_en"] and r["service__name_hi"] (emitra.core.i18n; issue 9 item 17)."""
    return in_page_language(row.get(f"{field}_en", ""), row.get(f"{field}_hi", ""))


def described_by(field, row=None):
    """The ids a field's help text and error carry (issue 12 req 8): ``<auto_id>-help`` and
    ``<auto_id>-error`` beside it (form_field); in a table of forms (row given) the help
    is shown once, in the column's header, as ``<name>-help``."""
    ids = []
    if field.help_text:
        ids.append(f"{field.name}-help" if row is not None else f"{field.auto_id}-help")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def described(field, row=None):
    """The field's widget with aria-describedby naming exactly the help text and error
    rendered beside it (issue 12 req 8: Django's own default names ``_helptext``/``_error``
    ids that our templates do not use). With a row number (a formset drawn as a table, the
    label in the column's header) the widget is labelled "<label> <row>" as well."""
    attrs = {}
    if field.auto_id and (ids := described_by(field, row)):
        attrs["aria-describedby"] = ids
    if row is not None:
        attrs["aria-label"] = f"{field.label} {row}"
    return field.as_widget(attrs=attrs) if attrs else field.as_widget()


@register.simple_tag
def form_field(field):
    """`{% form_field field %}`: one form field with its label, help and error beside it, the
    widget's aria-describedby naming the help text's and the error's ids (issue 12 req 8):

        <p class="field[ invalid]"><label for="ID">LABEL</label>
        WIDGET[<small id="AUTO_ID-help">HELP</small>][<strong class="error" id="AUTO_ID-error">ERRORS</strong>]</p>

    Drawn in Python, to the bytes the template it replaced drew (components/field.html, whose
    include cost ~0.1 ms a field, eight fields on the pay page; issue 14; test_field_component)."""
    errors = field.errors
    parts = [format_html('<p class="field{}"><label for="{}">{}</label>\n', " invalid" if errors else "",
                         field.id_for_label, field.label), described(field)]
    if field.help_text:
        parts.append(format_html('<small id="{}-help">{}</small>', field.auto_id, field.help_text))
    if errors:
        parts.append(format_html('<strong class="error" id="{}-error">{}</strong>', field.auto_id,
                                 mark_safe(" ".join(conditional_escape(e) for e in errors))))
    parts.append("</p>\n")
    return mark_safe("".join(parts))
