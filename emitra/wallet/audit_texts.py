"""The words of the wallet's audit rows (issue 12 req. 6; registered from WalletConfig.ready, shown
by core.audit_texts in the reader's language, amounts in rupees)."""
from django.utils.translation import gettext_lazy as _

from emitra.wallet.models import CreditLimitRequest

TEXTS = {
    "wallet.topup.recorded": _("Top-up of %(amount_paise)s by bank transfer recorded, UTR %(utr)s"),
    "wallet.topup.confirmed": _("Top-up of %(amount_paise)s credited, reference %(reference)s"),
    "wallet.topup.rejected": _("Top-up of %(amount_paise)s rejected: %(reason)s"),
    "wallet.topup.started": _("Online top-up of %(amount_paise)s started, reference %(reference)s"),
    "wallet.topup.failed": _("Online top-up of %(amount_paise)s failed: %(reason)s"),
    "wallet.deposit.recorded": _("Security deposit of %(amount_paise)s recorded, reference %(reference)s"),
    "wallet.limit.requested": _("Credit limit of %(amount_paise)s asked for: %(state)s; the limit then %(limit_paise)s"),
    "wallet.limit.granted": _("Credit limit of %(amount_paise)s granted; the limit then %(limit_paise)s"),
    "wallet.limit.refused": _("Credit limit of %(amount_paise)s refused: %(reason)s"),
    "wallet.limit.withdrawn": _("Request for a credit limit of %(amount_paise)s withdrawn"),
    "wallet.credit_rule.added": _("Credit rule from %(valid_from)s: %(deposit_percent)s%% of the deposit, "
                                  "%(volume_days)s days of payments, up to %(auto_max_paise)s at once, "
                                  "up to %(lsp_max_paise)s by the LSP"),
}
LABELS = {"state": CreditLimitRequest.State.choices}
