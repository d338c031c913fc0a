"""The words of commissions' audit rows (issue 12 req. 6; registered from CommissionsConfig.ready,
shown by core.audit_texts in the reader's language). A rule version's formula is stored as its
terms (services.version_detail) and said in the reader's language as commissions.services.describe says it."""
from django.utils.translation import ngettext
from django.utils.translation import gettext_lazy as _

from emitra.commissions.models import TierScale
from emitra.commissions.services import formula_words


def _formula(v):
    """The formula's words as commissions.services.describe says them, from the row's shown values."""
    return formula_words(v["formula"], flat=v.get("flat_paise"), percent=v.get("percent"), low=v.get("min_paise"),
                         high=v.get("max_paise"), slabs=v.get("slabs"))


def _with_formula(text):
    return lambda v: str(text) % {**v, "formula": _formula(v)}


def _recomputed(v):
    if v.get("valid_from"):
        return ngettext("%(month)s: %(kiosks)s kiosk by the tiers from %(valid_from)s",
                        "%(month)s: %(kiosks)s kiosks by the tiers from %(valid_from)s", v["kiosks"]) % v
    return ngettext("%(month)s: %(kiosks)s kiosk, no tiers in force", "%(month)s: %(kiosks)s kiosks, no tiers in force",
                    v["kiosks"]) % v


DRAFT = _("%(rule)s v%(number)s (draft): %(formula)s")
TEXTS = {
    "commission.rule.created": _with_formula(DRAFT),
    "commission.version.created": _with_formula(DRAFT),
    "commission.version.changed": _with_formula(_("%(rule)s v%(number)s (draft) changed: %(formula)s")),
    "commission.version.published": _with_formula(_(
        "%(rule)s v%(number)s in force from %(valid_from)s: %(formula)s; shares: kiosk %(kiosk_percent)s%%, "
        "LSP %(lsp_percent)s%%, DoIT %(doit_percent)s%%")),
    "commission.tiers.added": _("Tiers from %(valid_from)s by %(basis)s: %(levels)s"),
    "commission.tiers.recomputed": _recomputed,
}
LABELS = {"basis": TierScale.Basis.choices}
