"""The words of the catalogue's audit rows (issue 12 req. 6; registered from CatalogueConfig.ready,
shown by core.audit_texts in the reader's language). A starred service is named in the page's
language (title_en/title_hi)."""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

TEXTS = {
    "catalogue.favourite_added": _("Added to favourites: %(title)s"),
    "catalogue.favourite_removed": _("Removed from favourites: %(title)s"),
    "catalogue.department_created": _("Department %(code)s added"),
    "catalogue.department_updated": _("Department %(code)s changed (%(active)s)"),
    "catalogue.service_created": _("Service %(code)s added"),
    "catalogue.service_updated": ngettext_lazy("Service %(code)s changed: %(count)s field",
                                                 "Service %(code)s changed: %(count)s fields", "count"),
    "catalogue.service_activated": _("Service %(code)s offered again"),
    "catalogue.service_deactivated": _("Service %(code)s withdrawn"),
}
LABELS = {"active": [(True, _("active")), (False, _("inactive"))]}
