"""The words of commission payouts' audit rows (issue 12 req. 6; registered from PayoutsConfig.ready,
shown by core.audit_texts in the reader's language, amounts in rupees)."""
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


def _pan(v):
    return gettext("PAN %(pan)s recorded") % v if v.get("pan") else gettext("PAN removed")


def _auto(v):
    if v.get("enabled"):
        return gettext("Monthly payout on from %(auto_from)s, when the balance is above %(minimum_paise)s") % v
    return gettext("Monthly payout off")


TEXTS = {
    "payouts.pan.set": _pan,
    "payouts.auto.set": _auto,
    "payouts.bank_account.requested": _("Bank account %(account)s given for payouts"),
    "payouts.bank_account.verified": _("Bank account %(account)s verified"),
    "payouts.bank_account.rejected": _("Bank account %(account)s rejected: %(reason)s"),
    "payouts.payout.requested": _("Commission payout %(reference)s: gross %(gross_paise)s, TDS %(tds_paise)s, "
                                  "net %(net_paise)s to %(account)s"),
    "payouts.payout.paid": _("Commission payout %(reference)s of %(net_paise)s paid, bank reference %(bank_ref)s"),
    "payouts.payout.failed": _("Commission payout %(reference)s failed, %(gross_paise)s given back: %(reason)s"),
    "payouts.neft.batch": ngettext_lazy("NEFT file of %(payouts)s payout made", "NEFT file of %(payouts)s payouts made",
                                         "payouts"),
    "payouts.neft.response": ngettext_lazy("NEFT response of %(lines)s line applied", "NEFT response of %(lines)s lines applied",
                                            "lines"),
}
