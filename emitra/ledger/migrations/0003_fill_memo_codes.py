"""Fill: the memo code and parameters of entries written before memo codes (issue 12 req. 6),
read from their English memo, so that old statements read in Hindi too. An entry whose memo
matches none of these keeps its text. Runs against the code already deployed (the columns came
in 0002 with database defaults; nothing here is required)."""
import re

from django.db import migrations

AMOUNT = r"₹([\d,]+\.\d\d)"
PATTERNS = [
    ("receipt", re.compile(r"^receipt (?P<number>\S+)$")),
    ("receipt_cancelled", re.compile(r"^cancelled (?P<number>\S+): (?P<reason>.*)$", re.S)),
    ("receipt_line_rejected", re.compile(r"^department rejected (?P<reference>\S+)$")),
    ("cheque_cleared", re.compile(r"^cheque (?P<cheque_no>\S+) cleared$")),
    ("cheque_dishonoured", re.compile(r"^cheque (?P<cheque_no>\S+) dishonoured$")),
    ("topup", re.compile(r"^Top-up by bank transfer, UTR (?P<utr>\S+)$")),
    ("topup_gateway", re.compile(r"^Online top-up, (?P<gateway>\S+) (?P<reference>\S+)$")),
    ("security_deposit", re.compile(r"^Security deposit, (?P<reference>.+)$")),
    ("payout", re.compile(rf"^Commission payout (?P<reference>\S+): gross {AMOUNT}, TDS {AMOUNT}, net {AMOUNT}$")),
    ("payout_paid", re.compile(r"^Commission payout (?P<reference>\S+) paid, bank ref (?P<bank_ref>.*)$")),
    ("payout_failed", re.compile(r"^Commission payout (?P<reference>\S+) failed: (?P<reason>.*)$", re.S)),
]


def paise(rupees):
    return int(rupees.replace(",", "").replace(".", ""))


def code_of(memo, ref=""):
    """(code, args) for an English memo of the portal's own, or None."""
    if memo.startswith("commission given back: "):
        return "commission_given_back", {"number": ref}
    for code, pattern in PATTERNS:
        m = pattern.match(memo)
        if m:
            if code == "payout":
                gross, tds, net = (paise(a) for a in m.groups()[1:])
                return code, {"reference": m["reference"], "gross_paise": gross, "tds_paise": tds, "net_paise": net}
            return code, m.groupdict()
    return None


def fill(apps, schema_editor):
    JournalEntry = apps.get_model("ledger", "JournalEntry")
    last = 0
    while True:
        batch = list(JournalEntry.objects.filter(pk__gt=last, memo_code="").exclude(memo="")
                     .order_by("pk").values_list("pk", "memo", "ref")[:2000])
        if not batch:
            return
        for pk, memo, ref in batch:
            found = code_of(memo, ref)
            if found:
                JournalEntry.objects.filter(pk=pk, memo_code="").update(memo_code=found[0], memo_args=found[1])
        last = batch[-1][0]


class Migration(migrations.Migration):

    dependencies = [("ledger", "0002_names_in_hindi_and_memo_codes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
