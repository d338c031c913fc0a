"""The kiosk's main job: cart, pay, receipt, cheque, duplicate alert, cancellation
(issue 4 req. 4-10; F20-F24; DESIGN "How a payment flows").

Every function that moves money runs in one transaction and calls the ledger,
the only code that changes a balance. A receipt has ONE ledger entry (or, while a
department has still to confirm, one hold that becomes that entry); its legs are
emitra.payments.entries'. Delivery to departments goes through the outbox of
emitra.payments.settlement: the receipt lines are written pending in the payment's
transaction and sent after commit. Every undo of a paid line (cancellation, a
dishonoured cheque, and in settlement a refusal or a held line given up on) goes
through emitra.payments.undo.undo_lines.
"""
import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from emitra.billers import services as billers
from emitra.catalogue.models import AmountNotAllowed, Service
from emitra.catalogue.services import record_use
from emitra.core import audit, confirmation
from emitra.core.database import insert_once, planned_cursor
from emitra.core.money import ABSURD_PAISE
from emitra.core.prepared import Prepared
from emitra.ledger import services as ledger
from emitra.ledger.errors import InsufficientFunds
from emitra.ledger.memos import Memo
from emitra.ledger.models import Account
from emitra.payments.errors import (
    AlreadyCancelled,
    CancelNotConfirmed,
    CannotCancel,
    CartChanged,
    CartFull,
    ChequeChanged,
    ChequeNotAllowed,
    DuplicateWarning,
    EmptyCart,
    InvalidInput,
    NotAllowed,
    NotConfirmed,
    NotEnoughInWallet,
    ReceiptChanged,
)
from emitra.payments import cancellation, consumer_messages, line_hooks, settlement
from emitra.payments.entries import (
    entry_written,
    network_account,
    provider_postings,
    receipt_postings,
    source_code,
)
from emitra.payments.models import Cart, CartLine, Receipt, ReceiptCounter, ReceiptLine
from emitra.payments.undo import undo_lines
from emitra.wallet import accounts as network_accounts
from emitra.wallet.services import wallet_summary

CONSUMER_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/-]{3,19}$")
MOBILE = re.compile(r"^[0-9]{10}$")
MAX_LINES = 20
DUPLICATE_WINDOW = datetime.timedelta(days=30)
CHEQUE_MAX_AGE_DAYS = 90  # a cheque is valid for three months from its date
PAY = "payments.pay"  # the pay page's kind of confirmation (emitra.core.confirmation)
CANCEL = "payments.cancel"  # the cancellation page's


# ---------------------------------------------------------------- cart

def open_cart_pk(kiosk_id, person_id):
    """The pk of the person's open cart at the kiosk (None when there is none) as a subquery, for a
    view to read with the row it reads anyway and hand to current_cart(known=...): adding a line
    reads it with the service (issue 14: one statement fewer an add). Written out as RawSQL (one
    probe of the one-open-cart index): as a Subquery the ORM spent ~0.3 ms compiling it."""
    qn = connection.ops.quote_name
    meta = Cart._meta

    def col(name):
        return f"c.{qn(meta.get_field(name).column)}"

    return RawSQL(f"SELECT {col('id')} FROM {qn(meta.db_table)} c WHERE {col('kiosk')} = %s "
                  f"AND {col('created_by')} = %s AND {col('state')} = %s LIMIT 1",
                  [kiosk_id, person_id, Cart.State.OPEN.value], output_field=Cart._meta.pk)


def _service_for_sale(code, kiosk_id, person_id):
    return (Service.objects.select_related("department")
            .annotate(**line_hooks.service_annotations(), open_cart_pk=open_cart_pk(kiosk_id, person_id))
            .filter(code=code, active=True, department__active=True))


_SERVICE_FOR_SALE = Prepared(_service_for_sale, str, int, int)


def service_for_sale(code, kiosk, person):
    """The active service `code` of an active department, as a line added to the person's cart at
    the kiosk reads it, in one statement: with its department, what the apps' refusal of a plain
    line reads (line_hooks.service_annotations) and the pk of the person's open cart there
    (`open_cart_pk`, for current_cart(known=...)); None when there is no such service. Built once
    a process (emitra.core.prepared: the ORM's query building was ~1.1 ms of every add; issue 14)."""
    found = _SERVICE_FOR_SALE(code, kiosk.pk, person.pk)
    return found[0] if found else None


_UNREAD = object()


def current_cart(kiosk, person, *, known=_UNREAD):
    """The person's open cart at the kiosk, made on first use (one open cart each).
    known: its pk (or None for none) as the caller read it in this request (open_cart_pk), so
    it is not read again; the cart is then that pk's, open as it was read."""
    if known is _UNREAD:
        cart = Cart.objects.filter(kiosk=kiosk, created_by=person, state=Cart.State.OPEN).first()
    elif known is not None:
        cart = Cart(pk=known, kiosk=kiosk, created_by=person)
        cart._state.adding, cart._state.db = False, connection.alias
    else:
        cart = None
    if cart is None:
        pk = ensure_cart(kiosk, person)
        if pk is not None:
            cart = Cart(pk=pk, kiosk=kiosk, created_by=person)
            cart._state.adding, cart._state.db = False, connection.alias
        else:  # made at the same moment by another request of this person
            cart = Cart.objects.get(kiosk=kiosk, created_by=person, state=Cart.State.OPEN)
    cart.kiosk, cart.created_by = kiosk, person  # already at hand: no query when the cart's kiosk is read
    return cart


def ensure_cart(kiosk, person):
    """Make the person's open cart at the kiosk unless there is one, in one INSERT ... ON CONFLICT
    DO NOTHING (the one-open-cart index) and no transaction of its own; the new cart's pk, or None
    when it was there."""
    new = Cart(kiosk=kiosk, created_by=person)
    pk, _created = insert_once(Cart, {f.attname: getattr(new, f.attname) for f in Cart._meta.concrete_fields
                                      if not f.primary_key}, unique=None)
    return pk


def clean_consumer_no(service, consumer_no):
    """A bill needs a consumer number of 4-20 letters, digits, '/' or '-'; an application may name one."""
    consumer_no = (consumer_no or "").strip().upper()
    if not consumer_no:
        if service.is_bill:
            raise InvalidInput(_("Enter the consumer number printed on the bill."), field="consumer_no")
        return ""
    if len(consumer_no) > 20:
        raise InvalidInput(_("A consumer number has at most 20 characters."), field="consumer_no")
    if not CONSUMER_NO.match(consumer_no):
        raise InvalidInput(_("A consumer number has 4 to 20 letters and digits (and / or -) only."),
                           field="consumer_no")
    return consumer_no


def add_to_cart(cart, service, consumer_no="", amount=None, *, by, linked=None):
    """Fetch the bill (for a bill service) and add a line to the cart (F22); a bill already in
    the cart (its service and consumer number) is refused beside the consumer number.

    amount (paise) is what the operator typed, or None for "the bill's amount";
    the service's amount rule decides if it may differ. An unknown consumer or a
    department that is down or slow raises a BillerError; nothing is added.
    linked=(kind, ref): a line another app adds for something of its own
    (payments.line_hooks); a service whose fee such an app owns is refused as a
    plain line.
    """
    if cart.state != Cart.State.OPEN:
        raise InvalidInput(_("This cart has been paid already."))
    if not service.active:
        raise InvalidInput(_("This service is not offered any more."))
    if linked is None:
        refused = line_hooks.plain_line_refused(service)
        if refused:
            raise InvalidInput(refused)
    consumer_no = clean_consumer_no(service, consumer_no)
    if amount is not None and not 0 < amount < ABSURD_PAISE:
        raise InvalidInput(_("Enter an amount above zero."), field="amount")
    bill = None
    if service.is_bill:
        bill = billers.fetch_bill(service, consumer_no)
    try:
        charges = service.charges(bill_amount=bill.amount_due if bill else None,
                                  amount=amount if service.is_bill else None)
    except AmountNotAllowed as e:
        raise InvalidInput(str(e), field="amount") from None
    if charges.total <= 0:
        raise InvalidInput(_("There is nothing to pay for this bill."), field="consumer_no")
    line = CartLine(
        cart=cart, service=service, consumer_no=consumer_no,
        bill_consumer_name=bill.consumer_name if bill else "", bill_number=bill.bill_number if bill else "",
        bill_due_date=bill.due_date if bill else None, bill_amount=bill.amount_due if bill else None,
        government_amount=charges.government_amount, service_charge=charges.service_charge,
        linked_kind=linked[0] if linked else "", linked_ref=linked[1] if linked else "",
    )
    if not _insert_into_open_cart(line, once=service.is_bill):
        if service.is_bill and CartLine.objects.filter(cart=cart, service=service, consumer_no=consumer_no).exists():
            # the same bill twice would be paid twice in one receipt
            raise InvalidInput(_("This bill is already in the cart: consumer number %(number)s.")
                               % {"number": consumer_no}, field="consumer_no")
        if Cart.objects.filter(pk=cart.pk, state=Cart.State.OPEN).exists():
            raise CartFull()
        raise InvalidInput(_("This cart has been paid already."))
    return line


def remove_line(cart, line_id):
    """Take a line out of an open cart; a line of a paid cart stays (the cart's row is locked
    as in add_to_cart, so a payment never pays a line taken out meanwhile)."""
    with transaction.atomic():
        try:
            _lock_open_cart(cart)
        except InvalidInput:
            return
        CartLine.objects.filter(pk=line_id, cart=cart).delete()


def _insert_into_open_cart(line, *, once=False):
    """Write the line if its cart is open and holds fewer than MAX_LINES lines (and, once=True,
    no line of the same service and consumer number: a bill is in a cart once), in one statement
    and no transaction of its own (issue 14): INSERT ... SELECT from the cart's row, locked as
    pay_cart locks it (PostgreSQL: FOR UPDATE OF the cart, so a payment taking the cart makes
    this wait and then find it paid; SQLite: a writing statement holds the database's write
    lock from its start). A line is thus added before a payment reads the lines (and the pay
    page's seal then no longer fits), or not at all (issue 9 item 1). True when written."""
    meta, cart_meta = CartLine._meta, Cart._meta
    qn = connection.ops.quote_name
    cart_field = meta.get_field("cart")
    fields = [f for f in meta.concrete_fields if not f.primary_key and f is not cart_field]
    table, cart_col, cart_pk = qn(meta.db_table), qn(cart_field.column), qn(cart_meta.pk.column)
    lock = " FOR UPDATE OF c" if connection.features.has_select_for_update_of else ""
    sql = (f"INSERT INTO {table} ({cart_col}, {', '.join(qn(f.column) for f in fields)}) "
           f"SELECT c.{cart_pk}, {', '.join(['%s'] * len(fields))} FROM {qn(cart_meta.db_table)} c "
           f"WHERE c.{cart_pk} = %s AND c.{qn(cart_meta.get_field('state').column)} = %s "
           f"AND (SELECT COUNT(*) FROM {table} l WHERE l.{cart_col} = c.{cart_pk}) < %s"
           + (f" AND NOT EXISTS (SELECT 1 FROM {table} d WHERE d.{cart_col} = c.{cart_pk} "
              f"AND d.{qn(meta.get_field('service').column)} = %s AND d.{qn(meta.get_field('consumer_no').column)} = %s)"
              if once else "")
           + f"{lock} RETURNING {qn(meta.pk.column)}")
    params = [f.get_db_prep_save(getattr(line, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, line.cart_id, Cart.State.OPEN.value, MAX_LINES,
                             *((line.service_id, line.consumer_no) if once else ())])
        row = cursor.fetchone()
    if row is None:
        return False
    line.pk, line._state.adding, line._state.db = row[0], False, connection.alias
    return True


def _lock_open_cart(cart):
    """Lock the cart's row for this transaction and return how many lines it has, in one
    statement; InvalidInput when it is paid already."""
    count = CartLine.objects.filter(cart=OuterRef("pk")).order_by().annotate(n=Func(F("id"), function="COUNT"))
    found = list(Cart.objects.select_for_update(of=("self",)).filter(pk=cart.pk, state=Cart.State.OPEN)
                 .annotate(line_count=Subquery(count.values("n"))).values_list("line_count", flat=True))
    if not found:
        raise InvalidInput(_("This cart has been paid already."))
    return found[0]


# ---------------------------------------------------------------- what the pay page confirms

@dataclass(frozen=True)
class PayPage:
    """What the pay page shows of a cart, and the seal its form carries (issue 9 item 1)."""

    lines: list
    government: int
    service_charge: int
    total: int
    seal: str
    # the kiosk's wallet (a WalletSummary) as read in the lines' own statement (open_cart_page),
    # or None: then the header's lazy read (emitra.wallet.context_processors) shows it
    wallet: object = None


def pay_facts(cart, lines):
    """The facts a payment is bound to: the cart, each line (its id, service, consumer
    number and amounts, in order) and the total. A line added or taken out changes them."""
    return {"cart": cart.pk, "total": sum(line.total for line in lines),
            "lines": [[line.pk, line.service_id, line.consumer_no, line.government_amount, line.service_charge]
                      for line in lines]}


def pay_page(cart, lines=None, wallet=None):
    """The cart's lines and sums as the pay page shows them, with the seal of exactly those
    (lines: the cart's lines if the caller has just read them, as open_cart_page does, and
    wallet the kiosk's wallet read with them)."""
    if lines is None:
        lines = cart_lines(cart)
    government = sum(line.government_amount for line in lines)
    charge = sum(line.service_charge for line in lines)
    return PayPage(lines=lines, government=government, service_charge=charge, total=government + charge,
                   wallet=wallet,
                   seal=confirmation.seal(PAY, pay_facts(cart, lines)))


def open_cart_page(kiosk, person):
    """(the person's open cart at the kiosk, its pay_page): the cart read with its lines and the
    kiosk's wallet (the page's "Wallet available" and its header) in one query when it holds any
    (issue 14: the lines and the wallet they are paid from as of one moment), else
    current_cart's (made on first use), and the wallet then read by the header."""
    lines = _OPEN_CART_LINES(kiosk.pk, person.pk, network_accounts.wallet_code(kiosk),
                             timezone.now() - DUPLICATE_WINDOW)
    if not lines:
        cart = current_cart(kiosk, person)
        return cart, pay_page(cart, [])
    cart = current_cart(kiosk, person, known=lines[0].cart_id)
    for line in lines:
        line.cart = cart
    first = lines[0]
    wallet = wallet_summary(kiosk, row=(first.wallet_balance, first.wallet_held, first.wallet_floor))
    return cart, pay_page(cart, lines, wallet=wallet)


def _wallet_sql(column):
    """One column of a ledger account's row by its code, as a subquery of another statement."""
    qn = connection.ops.quote_name
    return (f"SELECT a.{qn(Account._meta.get_field(column).column)} FROM {qn(Account._meta.db_table)} a "
            f"WHERE a.{qn(Account._meta.get_field('code').column)} = %s")


def _check_pay_seal(cart, lines, seen):
    try:
        confirmation.check(PAY, seen, pay_facts(cart, lines))
    except confirmation.Changed:
        raise CartChanged() from None
    except confirmation.Forged:
        raise NotConfirmed() from None


# ---------------------------------------------------------------- duplicate alert (F24)

def cart_lines(cart, now=None):
    """The cart's lines as the payment reads them, in one query: in order, with their service and
    department, each with `earlier_id`: the latest live receipt line of the same service, consumer
    number and amount in the last 30 days, anywhere in the state, or None (the duplicate alert's
    lookup, F24, as a subquery of the same statement, issue 14). Built once a process
    (emitra.core.prepared: the ORM's building of it was ~1.5 ms of Python a read)."""
    lines = _LINES_OF_CART(cart.pk, (now or timezone.now()) - DUPLICATE_WINDOW)
    for line in lines:
        line.cart = cart
    return lines


def _with_earlier(lines, since):
    """Cart lines with their service and department and the duplicate alert's `earlier_id`."""
    return (lines.select_related("service__department")
            .annotate(earlier_id=RawSQL(_earlier_sql(), [connection.ops.adapt_datetimefield_value(since),
                                                         ReceiptLine.State.ACTIVE.value]))
            .order_by("id"))


_LINES_OF_CART = Prepared(lambda cart_id, since: _with_earlier(CartLine.objects.filter(cart_id=cart_id), since),
                          int, datetime.datetime)
# the lines of the cart open_cart_pk names (one open cart a person at a kiosk, its partial unique
# index), with the row of the wallet account `code` names: no join of the cart, whose row the page
# needs nothing of but its pk (the ORM's select_related of it cost ~1.5 ms of Python more a page)
_OPEN_CART_LINES = Prepared(
    lambda kiosk_id, person_id, code, since: _with_earlier(
        CartLine.objects.filter(cart_id=open_cart_pk(kiosk_id, person_id)), since).annotate(
        **{f"wallet_{name}": RawSQL(_wallet_sql(name), [code]) for name in ("balance", "held", "floor")}),
    int, int, str, datetime.datetime)


_EARLIER_SQL = []


def _earlier_sql():
    """The duplicate alert's lookup (F24) as a correlated subquery of a cart line's row: one range
    scan of payments_line_duplicate (service, consumer number, amount, then paid_at), written out
    once from the models' names. Built by the ORM (Subquery of OuterRefs) it cost ~2 ms of Python a query, more
    than the rest of the lines' query; as RawSQL it is ~1 ms less, twice a receipt (issue 14)."""
    if not _EARLIER_SQL:
        qn = connection.ops.quote_name
        line, cart_line = ReceiptLine._meta, CartLine._meta

        def col(meta, name):
            return qn(meta.get_field(name).column)

        outer = qn(cart_line.db_table)
        _EARLIER_SQL.append(
            f"SELECT e.{qn(line.pk.column)} FROM {qn(line.db_table)} e "
            f"WHERE e.{col(line, 'paid_at')} >= %s AND e.{col(line, 'state')} = %s AND e.{col(line, 'consumer_no')} <> '' "
            f"AND e.{col(line, 'service')} = {outer}.{col(cart_line, 'service')} "
            f"AND e.{col(line, 'consumer_no')} = {outer}.{col(cart_line, 'consumer_no')} "
            f"AND e.{col(line, 'government_amount')} = {outer}.{col(cart_line, 'government_amount')} "
            f"ORDER BY e.{col(line, 'paid_at')} DESC LIMIT 1")
    return _EARLIER_SQL[0]


def duplicates(lines):
    """[(cart line, earlier receipt line)] for each cart line that was paid within 30 days (F24),
    of lines read by cart_lines: no query unless one was (then one, for all of them)."""
    ids = [line.earlier_id for line in lines if line.earlier_id is not None]
    if not ids:
        return []
    earlier = ReceiptLine.objects.select_related("receipt", "kiosk").in_bulk(ids)
    return [(line, earlier[line.earlier_id]) for line in lines if line.earlier_id is not None]


# ---------------------------------------------------------------- pay

def clean_consumer(name, mobile, email):
    name, mobile, email = (name or "").strip(), (mobile or "").strip(), (email or "").strip()
    if not name:
        raise InvalidInput(_("Enter the consumer's name."), field="consumer_name")
    if not MOBILE.match(mobile):
        raise InvalidInput(_("A mobile number has exactly 10 digits."), field="mobile")
    return name[:120], mobile, email


def check_cheque(number, bank, date, today=None):
    """A cheque: six digits, a bank, dated today or in the last three months (not post-dated, not stale)."""
    today = today or timezone.localdate()
    if not re.fullmatch(r"[0-9]{6}", number or ""):
        raise InvalidInput(_("A cheque number has 6 digits."), field="cheque_no")
    if not (bank or "").strip():
        raise InvalidInput(_("Enter the bank the cheque is drawn on."), field="cheque_bank")
    if date is None:
        raise InvalidInput(_("Enter the date written on the cheque."), field="cheque_date")
    if date > today:
        raise InvalidInput(_("A post-dated cheque cannot be taken: its date is after today."), field="cheque_date")
    if date < today - datetime.timedelta(days=CHEQUE_MAX_AGE_DAYS):
        raise InvalidInput(_("This cheque is older than three months and is no longer valid."),
                           field="cheque_date")


def cheque_payee(lines):
    """F20: the name a cheque for these lines must be drawn in, their one department's payee name
    (issue 9 item 23); None when they are of several departments (one cheque cannot pay them)."""
    departments = {line.service.department_id: line.service.department for line in lines}
    return next(iter(departments.values())).cheque_payee if len(departments) == 1 else None


def pay_cart(cart, *, by, idempotency_key, seen, consumer_name, mobile, email="", language="hi",
             mode=Receipt.Mode.WALLET, cheque_no="", cheque_bank="", cheque_date=None,
             confirm_duplicate=False, now=None):
    """Pay every line of the cart with one receipt and one ledger entry (F17, F20-F22, F24).

    seen is the pay page's seal (pay_page(cart).seal): the payment is of exactly
    the lines and total that page showed. A cart changed since (a line added or
    taken out in another tab) raises CartChanged, a missing or altered seal
    NotConfirmed; the lines are read once, under the cart's lock, so a line added
    at the same moment is either refused by the paid cart or makes the payment
    refused (issue 9 item 1). idempotency_key comes from the pay form: the same
    key again (a double click, a re-send) returns the first receipt and moves
    nothing; so does paying a cart that is paid already. The cart's kiosk is read
    here with its state (the caller hands just the cart, or an unsaved Cart naming its
    pk, kiosk and creator, as the pay view does); Cart.DoesNotExist when no cart of
    that pk, kiosk and creator exists. Wallet: the total is
    debited, or held where a department must confirm first. Cheque: nothing
    leaves the wallet; the cheque is in hand until the department clears or
    dishonours it. Raises DuplicateWarning unless confirm_duplicate (then the payment is audited as
    a warning overridden, for DoIT's report; issue 13),
    NotEnoughInWallet, EmptyCart, InvalidInput; on any error nothing is written.
    The receipt returned has `written`: a Written of what this call wrote, or None when the
    receipt was written before (a re-send), for the caller to show it without reading it
    again (issue 14).
    """
    if not idempotency_key or len(idempotency_key) > 64:
        raise InvalidInput(_("The form has expired; open the pay page again."))
    consumer_name, mobile, email = clean_consumer(consumer_name, mobile, email)
    if mode == Receipt.Mode.CHEQUE:
        check_cheque(cheque_no, cheque_bank, cheque_date)
    elif mode != Receipt.Mode.WALLET:
        raise InvalidInput(_("Choose wallet or cheque."), field="mode")
    now = now or timezone.now()
    # the caller's kiosk (the pay view's is its membership's, read with its LSP by the session's
    # statement): no query of the cart before the one that takes it (issue 14)
    kiosk = cart.kiosk
    try:
        # Any error below rolls the whole payment back: nothing is written (so the ledger's
        # entry needs no savepoint of its own).
        with transaction.atomic():
            # The cart row is the lock: of two payments of one cart, the second waits here and
            # then finds it paid. The lines are read once, under it, and must be those the pay
            # page showed (its seal).
            # A key that made a receipt already (a re-send, even naming another cart) takes no cart.
            if not _take_cart(cart, idempotency_key, consumer_name=consumer_name, mobile=mobile, email=email,
                              language=language):
                raise _CartTaken()
            lines = cart_lines(cart, now)
            _check_pay_seal(cart, lines, seen)
            if not lines:
                raise EmptyCart()
            if mode == Receipt.Mode.CHEQUE and len({line.service.department_id for line in lines}) > 1:
                raise ChequeNotAllowed()
            found = duplicates(lines)
            if found and not confirm_duplicate:
                raise DuplicateWarning(found)
            government = sum(line.government_amount for line in lines)
            charge = sum(line.service_charge for line in lines)
            total = government + charge
            hold_first = mode == Receipt.Mode.WALLET and any(line.service.needs_department_confirmation
                                                             for line in lines)
            number = f"{kiosk.code}-{timezone.localtime(now):%y%m}-{_next_serial(kiosk):06d}"
            receipt_lines = [
                ReceiptLine(
                    position=i, service=line.service, kiosk=kiosk, paid_at=now,
                    consumer_no=line.consumer_no, bill_consumer_name=line.bill_consumer_name,
                    bill_number=line.bill_number, bill_due_date=line.bill_due_date,
                    government_amount=line.government_amount, service_charge=line.service_charge,
                    total=line.total,
                    dept_state=(ReceiptLine.DeptState.PENDING if line.service.biller_code
                                else ReceiptLine.DeptState.NOT_NEEDED),
                    dept_next_attempt_at=now, linked_kind=line.linked_kind, linked_ref=line.linked_ref,
                )
                for i, line in enumerate(lines, start=1)
            ]
            # the money first: the receipt is written once, with its entry or hold (issue 14)
            memo = Memo("receipt", number=number)
            entry = hold = None
            if hold_first:
                hold = ledger.hold(network_accounts.wallet_account(kiosk), total,
                                   idempotency_key=f"receipt-hold:{number}", memo=memo, actor_ref=by.sso_id,
                                   ref=number)
            else:
                by_wallet = mode == Receipt.Mode.WALLET
                # the wallet is found in the same one query as the other accounts of the entry
                source = kiosk if by_wallet else network_account(network_accounts.CHEQUES_IN_HAND)
                # a cheque's lines earn their commission when it clears (clear_cheque)
                entry = ledger.post(
                    "receipt" if by_wallet else "receipt_cheque",
                    receipt_postings(source, receipt_lines, sign=1, now=now, providers=by_wallet),
                    idempotency_key=f"receipt:{number}", memo=memo, actor_ref=by.sso_id, ref=number,
                    savepoint=False)
            receipt = Receipt.objects.create(
                number=number, kiosk=kiosk, cart=cart, idempotency_key=idempotency_key, created_by=by,
                created=now, consumer_name=consumer_name, mobile=mobile, email=email, language=language,
                mode=mode, state=Receipt.State.AWAITING if hold_first else Receipt.State.PAID,
                government_total=government, service_charge_total=charge, total=total, entry=entry, hold=hold,
                cheque_no=cheque_no if mode == Receipt.Mode.CHEQUE else "",
                cheque_bank=cheque_bank.strip()[:100] if mode == Receipt.Mode.CHEQUE else "",
                cheque_date=cheque_date if mode == Receipt.Mode.CHEQUE else None,
                cheque_state=Receipt.ChequeState.IN_HAND if mode == Receipt.Mode.CHEQUE else "",
            )
            for rl in receipt_lines:
                rl.receipt = receipt
            ReceiptLine.objects.bulk_create(receipt_lines)
            if entry is not None and mode == Receipt.Mode.WALLET:
                entry_written(entry, receipt_lines, now=now)
            line_hooks.lines_paid(receipt_lines)
            # a service's ranking counts the lines paid, not lines added (F19)
            record_use(kiosk, *(line.service_id for line in lines), when=now)
            audit.record("payments.paid", actor=by, kiosk=kiosk, target=receipt, number=number,
                         total_paise=total, mode=mode, lines=len(lines))
            if found:  # paid although warned (F24): DoIT's report of warnings overridden (issue 13)
                audit.record("payments.duplicate_overridden", actor=by, kiosk=kiosk, target=receipt, number=number,
                             earlier=", ".join(sorted({earlier.receipt.number for _line, earlier in found})),
                             summary=number)  # the report's receipt column
            told = consumer_messages.tell_paid(receipt, total)
            if any(rl.dept_state == ReceiptLine.DeptState.PENDING for rl in receipt_lines):
                # the pending lines are the outbox; the task only makes the delivery quick
                settlement.enqueue_after_commit(receipt.pk)
    except _CartTaken:
        return _written_before(_receipt_of_taken_cart(cart, idempotency_key))
    except IntegrityError:
        # the same key committed by a concurrent request: the one receipt it made
        existing = Receipt.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _written_before(existing)
    except InsufficientFunds:
        raise NotEnoughInWallet(total, ledger.available(network_accounts.wallet_code(kiosk))) from None
    source = source_code(receipt)
    receipt.written = Written(
        lines=receipt_lines, messages=told,
        posted={entry.pk: entry.posted[source]} if entry is not None else {},
        wallet=entry.balances.get(source) if entry is not None and mode == Receipt.Mode.WALLET else None)
    return receipt


def _take_cart(cart, idempotency_key, **details):
    """The payment's first statement: mark the cart paid with the consumer's details, only if it
    is open, this person's at this kiosk, and no receipt was made with the key (a re-send, even
    naming another cart). True when taken; the row is then locked until the payment's end.
    Written out in SQL from the models' names: the ORM's UPDATE with an Exists cost ~1.2 ms of
    Python to build on every payment (issue 14)."""
    qn = connection.ops.quote_name
    meta, receipts = Cart._meta, Receipt._meta

    def col(name):
        return qn(meta.get_field(name).column)

    sets = ", ".join(f"{col(name)} = %s" for name in ("state", *details))
    sql = (f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {col('id')} = %s AND {col('kiosk')} = %s "
           f"AND {col('created_by')} = %s AND {col('state')} = %s AND NOT EXISTS (SELECT 1 FROM "
           f"{qn(receipts.db_table)} r WHERE r.{qn(receipts.get_field('idempotency_key').column)} = %s)")
    params = [Cart.State.PAID.value, *details.values(), cart.pk, cart.kiosk_id, cart.created_by_id,
              Cart.State.OPEN.value, idempotency_key]
    with planned_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


@dataclass(frozen=True)
class Written:
    """What pay_cart just wrote, as it wrote it, for the payment's answer (the receipt page) to
    show without reading it again (issue 14 req. 2): the receipt's lines with their services
    (each wallet line with `commission_written`, emitra.commissions.accrual), the messages
    queued to the consumer, {entry id: amount} the entry posted on the receipt's source account
    (figures.receipt_figures' one read), and the wallet's (balance, held, floor) after the entry
    (the header's read; None for a cheque or a hold)."""

    lines: list
    messages: list
    posted: dict
    wallet: tuple | None


def _written_before(receipt):
    if receipt is not None:
        receipt.written = None
    return receipt


class _CartTaken(Exception):
    pass


def _receipt_of_taken_cart(cart, idempotency_key):
    """A cart that was not open to pay: the receipt this form's key made (a double click, a
    re-send), else the receipt that paid the cart; Cart.DoesNotExist when the kiosk and person
    have no cart of that pk. Looked up only when the payment's UPDATE took no cart (issue 14)."""
    keyed = Receipt.objects.filter(idempotency_key=idempotency_key).first()
    if keyed is not None:
        return keyed if keyed.kiosk_id == cart.kiosk_id else None
    state = (Cart.objects.filter(pk=cart.pk, kiosk_id=cart.kiosk_id, created_by_id=cart.created_by_id)
             .values_list("state", flat=True).first())
    if state is None:
        raise Cart.DoesNotExist()
    if state == Cart.State.PAID:
        return Receipt.objects.filter(cart_id=cart.pk).first()
    return None


def _next_serial(kiosk):
    """The kiosk's next receipt serial: one UPDATE ... RETURNING on the kiosk's counter row
    (SQLite >= 3.35 and PostgreSQL both have it); the kiosk's first receipt makes the row."""
    serial = _bump_counter(kiosk.pk)
    if serial is None:
        ReceiptCounter.objects.bulk_create([ReceiptCounter(kiosk=kiosk, last=0)], ignore_conflicts=True)
        serial = _bump_counter(kiosk.pk)
    return serial


def _bump_counter(kiosk_id):
    qn = connection.ops.quote_name
    meta = ReceiptCounter._meta
    last, kiosk = qn(meta.get_field("last").column), qn(meta.get_field("kiosk").column)
    with planned_cursor() as cursor:
        cursor.execute(f"UPDATE {qn(meta.db_table)} SET {last} = {last} + 1 WHERE {kiosk} = %s RETURNING {last}",
                       [kiosk_id])
        row = cursor.fetchone()
    return row[0] if row else None


# ---------------------------------------------------------------- cancellation

def cancel_facts(receipt, lines, by):
    """What the cancellation page shows and a cancellation is bound to: the receipt's state and
    each of its lines (id, position, state, amount), for this person (issue 9 item 1)."""
    return {"receipt": receipt.pk, "state": receipt.state, "by": by.pk,
            "lines": [[line.pk, line.position, line.state, line.total] for line in lines]}


def cancel_seal(receipt, by):
    """The seal the cancellation page's form carries, of the receipt as it shows it."""
    return confirmation.seal(CANCEL, cancel_facts(receipt, list(receipt.lines.order_by("position")), by))


def cancel_receipt(receipt, *, by, reason, seen, positions=None, now=None):
    """Cancel a receipt, or some of its lines, within the services' windows, with a reason
    (who may and until when: emitra.payments.cancellation, which the receipt page states).

    seen is the cancellation page's seal (cancel_seal): under the receipt's lock the
    receipt and its lines must be what that page showed, or nothing is cancelled
    (ReceiptChanged; CancelNotConfirmed for a missing or altered seal; issue 9 item 1).
    One reversing entry refunds the wallet; a cancelled receipt shows CANCELLED
    everywhere; each line that was posted (or is being posted) to a department
    gets a cancellation notice through the same outbox (emitra.payments.settlement).
    Cancelling what is cancelled already raises AlreadyCancelled and changes nothing.
    """
    reason = (reason or "").strip()
    if not cancellation.may_cancel(by, receipt.kiosk):
        raise NotAllowed()
    if len(reason) < 5:
        raise InvalidInput(_("Give the reason for cancelling (at least 5 characters)."), field="reason")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        receipt.state = locked.state
        if receipt.state == Receipt.State.CANCELLED:
            raise AlreadyCancelled()
        refusal = cancellation.receipt_refusal(receipt)
        if refusal:
            raise CannotCancel(refusal)
        every = list(receipt.lines.select_related("service__department").order_by("position"))
        lines = [line for line in every if line.state == ReceiptLine.State.ACTIVE]
        if positions:
            chosen = [line for line in lines if line.position in set(positions)]
            if len(chosen) != len(set(positions)):
                raise AlreadyCancelled(_("That line is already cancelled."), field="what")
            lines = chosen
        if not lines:
            raise AlreadyCancelled()
        try:
            confirmation.check(CANCEL, seen, cancel_facts(receipt, every, by))
        except confirmation.Changed:
            raise ReceiptChanged() from None
        except confirmation.NotConfirmed:
            raise CancelNotConfirmed() from None
        closed = cancellation.window_refusal(receipt, lines, now)
        if closed:
            raise CannotCancel(closed)
        positions_text = ",".join(str(line.position) for line in lines)
        undone = undo_lines(receipt, lines, state=ReceiptLine.State.CANCELLED, reason=reason,
                            memo=Memo("receipt_cancelled", number=receipt.number, reason=reason),
                            key=f"cancel:{receipt.number}:{positions_text}", now=now)
        if undone.told:
            settlement.enqueue_after_commit(receipt.pk)
        line_hooks.lines_cancelled(lines, by=by, reason=reason)
        if not receipt.lines.filter(state=ReceiptLine.State.ACTIVE).exists():
            Receipt.objects.filter(pk=receipt.pk).update(state=Receipt.State.CANCELLED, cancelled_at=now,
                                                          cancelled_by=by, cancel_reason=reason[:300])
        audit.record("payments.cancelled", actor=by, kiosk=receipt.kiosk, target=receipt,
                     number=receipt.number, positions=positions_text,
                     reason=reason, entry=undone.entry.pk)
        still_paid = list(receipt.lines.filter(state=ReceiptLine.State.ACTIVE).values_list("total", flat=True))
        consumer_messages.tell_cancelled(receipt, lines, all_lines=len(lines) == receipt.lines.count(),
                                         net=sum(still_paid))
    receipt.refresh_from_db()
    return receipt


# ---------------------------------------------------------------- cheques

CHEQUE = "payments.cheque"  # the cheques list's kind of confirmation (emitra.core.confirmation)


def cheque_facts(receipt, lines, by):
    """What the cheques list shows of a cheque and a decision on it is bound to (issue 9 items
    1-2): the receipt, the cheque, its total, each line's state and amount, for this officer."""
    return {"receipt": receipt.pk, "cheque": [receipt.cheque_no, receipt.cheque_bank, str(receipt.cheque_date)],
            "total": receipt.total, "by": by.pk, "lines": [[line.pk, line.state, line.total] for line in lines]}


def cheque_seal(receipt, by):
    """The seal a cheque's row on the list carries, of the cheque as the list shows it."""
    return confirmation.seal(CHEQUE, cheque_facts(receipt, sorted(receipt.lines.all(), key=lambda line: line.pk), by))


def _check_cheque_seen(receipt, seen, by):
    """Under the receipt's lock (the conditional update took it): the cheque as the list showed it."""
    try:
        confirmation.check(CHEQUE, seen, cheque_facts(receipt, list(receipt.lines.order_by("pk")), by))
    except confirmation.NotConfirmed:
        raise ChequeChanged() from None


def clear_cheque(receipt, *, by, seen):
    """The department's officer marks a cheque in hand cleared: the money has reached the bank (F20),
    and the lines still live earn their commission in the same entry (issue 10 req. 3). seen is
    the seal of the cheque's row on the list (cheque_seal): a cheque changed since, or a form
    without it, raises ChequeChanged and nothing is written."""
    now = timezone.now()
    with transaction.atomic():
        if not Receipt.objects.filter(pk=receipt.pk, cheque_state=Receipt.ChequeState.IN_HAND).update(
                cheque_state=Receipt.ChequeState.CLEARED, cheque_decided_by=by, cheque_decided_at=now):
            raise CannotCancel(_("This cheque has been decided already."))
        _check_cheque_seen(receipt, seen, by)
        live = list(receipt.lines.select_related("service__department", "kiosk__lsp")
                    .filter(state=ReceiptLine.State.ACTIVE))
        amount = sum(line.total for line in live)
        if amount:
            entry = ledger.post(
                "cheque_cleared", [(network_account(network_accounts.CHEQUES_IN_HAND), amount),
                                   (network_account(network_accounts.BANK), -amount),
                                   *provider_postings(live, 1, now=now)],
                idempotency_key=f"cheque-cleared:{receipt.number}", actor_ref=by.sso_id, ref=receipt.number,
                memo=Memo("cheque_cleared", cheque_no=receipt.cheque_no))
            entry_written(entry, live, now=now)
        audit.record("payments.cheque_cleared", actor=by, kiosk=receipt.kiosk, target=receipt, number=receipt.number)
    receipt.refresh_from_db()
    return receipt


def dishonour_cheque(receipt, *, by, seen):
    """The cheque bounced: its lines are undone (emitra.payments.undo: one reversing entry, and the
    department told to cancel what it recorded) and the receipt shows it (F20, F29). seen: as
    for clear_cheque."""
    with transaction.atomic():
        if not Receipt.objects.filter(pk=receipt.pk, cheque_state=Receipt.ChequeState.IN_HAND).update(
                cheque_state=Receipt.ChequeState.DISHONOURED, cheque_decided_by=by,
                cheque_decided_at=timezone.now(), state=Receipt.State.DISHONOURED):
            raise CannotCancel(_("This cheque has been decided already."))
        _check_cheque_seen(receipt, seen, by)
        lines = list(receipt.lines.select_related("service__department").filter(state=ReceiptLine.State.ACTIVE))
        if lines:
            if undo_lines(receipt, lines, state=ReceiptLine.State.DISHONOURED,
                          reason=f"cheque {receipt.cheque_no} dishonoured", key=f"dishonoured:{receipt.number}",
                          memo=Memo("cheque_dishonoured", cheque_no=receipt.cheque_no)).told:
                settlement.enqueue_after_commit(receipt.pk)
        audit.record("payments.cheque_dishonoured", actor=by, kiosk=receipt.kiosk, target=receipt,
                     number=receipt.number)
    receipt.refresh_from_db()
    return receipt
