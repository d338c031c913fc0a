"""Template filters loaded on every template (settings TEMPLATES builtins)."""
from django import template

from emitra.core.i18n import in_page_language
from emitra.core.money import format_paise

register = template.Library()


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
    ``<auto_id>-error`` in components/field.html; in a table of forms (row given) the help
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
