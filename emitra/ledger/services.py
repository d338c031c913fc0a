"""The ledger's operations: the ONLY code that changes a balance (issue 3, DESIGN "How money moves").

Every function here is atomic, takes plain values or ledger model objects, and
either does the whole thing or raises an emitra.ledger.errors.LedgerError and
writes nothing. Amounts are integers of paise.

Rules kept by every function:

* An entry's postings sum to zero and are written in one transaction.
* An idempotency key is unique; the same key twice has one effect and returns
  the first result, also when both arrive at once (the database's unique
  constraint decides, through INSERT ... ON CONFLICT DO NOTHING, and the loser
  re-reads the winner's row).
* A floored account (a wallet) is debited by ONE conditional statement,
  ``UPDATE ... SET balance = balance - x WHERE id = .. AND balance - x >= floor + held``,
  never read-then-write; accounts are updated in id order so that two entries
  touching the same accounts never deadlock (F16, F17).
* An unfloored account (department collections, DoIT, an LSP ...) has no
  running balance row at all: its balance is the sum of its postings. Every
  payment in the state credits one department's collections; a balance row
  there would serialise every payment on one row lock until commit. Posting
  rows are only inserted, so concurrent payments never wait for each other.
  Such accounts are read rarely (reports, statements) and the sum is an index
  range scan on (account, created, id); a dated checkpoint can make it cheaper
  when an account passes tens of millions of postings, without changing callers.
* An entry may ask that a debit leave a floored account at or above a minimum
  higher than its floor (``keep_at_least``): the same one conditional UPDATE
  with one more condition. A kiosk's commission account is floored far below
  zero so that a reversal always goes through (a claw-back), while a payout
  debits it with ``keep_at_least={account: 0}`` (issue 10 req. 4, 7;
  emitra.commissions.accounts).
"""
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from emitra.core.database import insert_once, planned_cursor
from emitra.core.money import ABSURD_PAISE
from emitra.ledger.errors import (
    AlreadyReversed,
    BalanceBelowNewFloor,
    CannotReverseReversal,
    HoldNotPending,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidAmount,
    InvalidPostings,
    LedgerError,
    NotFloored,
    UnbalancedEntry,
    UnknownAccount,
)
from emitra.ledger import memos
from emitra.ledger.models import Account, Hold, HoldState, JournalEntry, Posting

REVERSAL = "reversal"
DEFAULT_HOLD_TIME = datetime.timedelta(minutes=30)
MAX_KEY_LENGTH = 120


# ---------------------------------------------------------------- accounts

def open_account(code, kind, name="", owner_ref="", floor=None, name_hi=""):
    """Open an account, or return the one already open under this code (idempotent).

    floor=None opens an unfloored account (balance derived from postings);
    a number opens a floored one (a wallet: floor = -credit limit, F16).
    Whether an account has a floor is fixed for its life. An account opened
    before it had a Hindi name gets name_hi here (issue 12 req. 6).
    """
    if floor is not None:
        _check_floor_value(floor)
    account, created = Account.objects.get_or_create(
        code=code, defaults={"kind": kind, "name": name, "name_hi": name_hi, "owner_ref": owner_ref, "floor": floor}
    )
    if not created and (account.kind != kind or account.has_floor != (floor is not None)):
        raise IdempotencyConflict(f"account {code} is already open as a different kind")
    if not created and name_hi and not account.name_hi:
        Account.objects.filter(pk=account.pk, name_hi="").update(name_hi=name_hi)
        account.name_hi = name_hi
    return account


def get_account(code):
    """The account with this code, or UnknownAccount."""
    try:
        return Account.objects.get(code=code)
    except Account.DoesNotExist:
        raise UnknownAccount(f"no ledger account {code!r}") from None


def balance(account):
    """The account's balance in paise, read fresh from the database (F23).

    A floored account reads its one row; an unfloored one sums its postings.
    """
    account = _one_account(account)
    if account.has_floor:
        return Account.objects.filter(pk=account.pk).values_list("balance", flat=True).get()
    return Posting.objects.filter(account_id=account.pk).aggregate(s=Coalesce(Sum("amount"), 0))["s"]


def available(account):
    """What a floored account can still spend: balance - pending holds - floor (F16, F23).

    An account with no floor has no limit: None.
    """
    account = _one_account(account)
    if not account.has_floor:
        return None
    bal, held, floor = Account.objects.filter(pk=account.pk).values_list("balance", "held", "floor").get()
    return bal - held - floor


def set_floor(account, floor):
    """Change a floored account's floor, e.g. when its credit limit changes (F16).

    Refused (BalanceBelowNewFloor) when balance - held is already below the new
    floor: one conditional UPDATE, so a concurrent debit cannot slip between
    the check and the change. Callers keep the history of limits.
    """
    _check_floor_value(floor)
    account = _one_account(account)
    with transaction.atomic():
        changed = Account.objects.filter(
            pk=account.pk, floor__isnull=False, balance__gte=Value(floor) + F("held")
        ).update(floor=floor)
        if not changed:
            current = Account.objects.filter(pk=account.pk).first()
            if current is None:
                raise UnknownAccount(f"no ledger account {account.code!r}")
            if not current.has_floor:
                raise NotFloored(f"{current.code} has no floor to change")
            raise BalanceBelowNewFloor(
                f"{current.code}: balance {current.balance} less held {current.held} is below {floor}"
            )
    account.floor = floor
    return account


# ---------------------------------------------------------------- entries

def post(kind, postings, *, idempotency_key, memo="", actor_ref="", ref="", keep_at_least=None,
         savepoint=True):
    """Write one journal entry of postings [(account or code, signed paise), ...] (F17).

    The postings must sum to zero, name each account once and carry non-zero
    integer amounts below ABSURD_PAISE. Returns the JournalEntry; the same
    idempotency key again returns the first entry and changes nothing
    (IdempotencyConflict if it names different postings).
    keep_at_least {account or code: paise}: a debit of that floored account
    must also leave balance - held >= paise, else InsufficientFunds and nothing
    is written (a payout of commission never pays out a claw-back, F9).
    savepoint=False: the caller's transaction is rolled back whole on any error (a payment),
    so no savepoint is needed to keep it usable after one; two statements fewer (issue 14).
    A caller that goes on after catching an error here must keep the savepoint.
    """
    _check_text(kind, "kind")
    _check_key(idempotency_key)
    lines = _lines(postings)
    minimums = _minimums(keep_at_least, lines)
    with transaction.atomic(savepoint=savepoint):
        entry, _ = _write_entry(kind, lines, idempotency_key, memo, actor_ref, ref, minimums=minimums)
    return entry


def reverse(entry, *, reason, idempotency_key, actor_ref=""):
    """Cancel an entry by a new entry with every posting negated (DESIGN: never update or delete).

    An entry is reversed at most once (AlreadyReversed) and a reversal is never
    reversed (CannotReverseReversal). A reversal that debits a wallet obeys
    the wallet's floor like any debit.
    """
    _check_key(idempotency_key)
    _check_text(memos.stored(reason)[0], "reason")
    entry = JournalEntry.objects.get(pk=entry.pk if isinstance(entry, JournalEntry) else entry)
    if entry.reverses_id is not None:
        raise CannotReverseReversal(f"entry {entry.pk} is itself a reversal")
    lines = [(p.account, -p.amount) for p in entry.postings.select_related("account")]
    with transaction.atomic():
        try:
            # a savepoint, so that losing the race leaves a caller's transaction usable
            with transaction.atomic():
                new, _ = _write_entry(
                    REVERSAL, lines, idempotency_key, reason, actor_ref, entry.ref, reverses_id=entry.pk
                )
        except IntegrityError:
            raise AlreadyReversed(f"entry {entry.pk} has been reversed already") from None
    return new


# ---------------------------------------------------------------- holds

def hold(account, amount, *, idempotency_key, expires_in=DEFAULT_HOLD_TIME, memo="", actor_ref="", ref=""):
    """Reserve amount on a floored account until post_hold, void_hold or expiry (two-phase).

    The reservation is one conditional UPDATE of the account's held column, so
    available() stays one row read. Same key again: the first Hold.
    """
    _check_key(idempotency_key)
    _check_amount(amount)
    if amount < 0:
        raise InvalidAmount("a hold amount must be positive")
    if not isinstance(expires_in, datetime.timedelta) or expires_in <= datetime.timedelta(0):
        raise LedgerError("a hold needs a positive expiry time")
    account = _one_account(account)
    if not account.has_floor:
        raise NotFloored(f"{account.code} has no floor; only floored accounts take holds")
    now = timezone.now()
    with transaction.atomic():
        pk, created = insert_once(Hold, {
            "account_id": account.pk, "amount": amount, "state": HoldState.PENDING,
            "idempotency_key": idempotency_key, "memo": memos.stored(memo)[0], "actor_ref": actor_ref,
            "ref": ref, "created": now, "expires_at": now + expires_in,
        })
        if not created:
            existing = Hold.objects.get(idempotency_key=idempotency_key)
            if existing.account_id != account.pk or existing.amount != amount:
                raise IdempotencyConflict(f"key {idempotency_key!r} was used for another hold")
            return existing
        _hold_floored(account, amount)
    return Hold.objects.get(pk=pk)


def post_hold(hold, postings, *, idempotency_key, kind="hold", amount=None, memo="", actor_ref="", ref=""):
    """Turn a pending hold into an entry: debit its account, credit postings [(account, paise)].

    amount (default: the whole hold) may be less than the hold; the rest is
    released. The postings are the other side and must sum to amount.
    Refused once the hold is posted, voided or past its expiry (HoldNotPending);
    a retry with the same key returns the first entry.
    """
    _check_key(idempotency_key)
    hold = Hold.objects.select_related("account").get(pk=hold.pk if isinstance(hold, Hold) else hold)
    amount = hold.amount if amount is None else amount
    _check_amount(amount)
    if not 0 < amount <= hold.amount:
        raise InvalidAmount(f"a hold of {hold.amount} paise can post between 1 and {hold.amount}")
    lines = _lines([(hold.account, -amount), *postings])
    now = timezone.now()
    with transaction.atomic():
        closed = Hold.objects.filter(pk=hold.pk, state=HoldState.PENDING, expires_at__gt=now).update(
            state=HoldState.POSTED, closed=now
        )
        if not closed:
            current = Hold.objects.select_related("entry").get(pk=hold.pk)
            if current.state == HoldState.POSTED and current.entry.idempotency_key == idempotency_key:
                return current.entry
            raise HoldNotPending(f"hold {hold.pk} is {current.state}"
                                 + (" and past its expiry" if current.state == HoldState.PENDING else ""))
        Account.objects.filter(pk=hold.account_id).update(held=F("held") - hold.amount)
        entry, created = _write_entry(kind or "hold", lines, idempotency_key, memo or hold.memo, actor_ref,
                                      ref or hold.ref)
        if not created:
            raise IdempotencyConflict(f"key {idempotency_key!r} was used for another entry")
        Hold.objects.filter(pk=hold.pk).update(entry=entry)
    return entry


def void_hold(hold):
    """Release a pending hold (the department refused). Voiding a voided or expired hold is a no-op;
    voiding a posted one raises HoldNotPending."""
    return _close_hold(hold, HoldState.VOIDED)


def expire_holds(now=None, batch=500):
    """Release every pending hold past its expiry (run in the background, F4, F5).

    Each hold is closed in its own short transaction, so expiry never holds
    many wallet rows locked at once. Returns how many were expired.
    """
    now = now or timezone.now()
    ids = list(
        Hold.objects.filter(state=HoldState.PENDING, expires_at__lte=now)
        .order_by("expires_at").values_list("pk", flat=True)[:batch]
    )
    expired = 0
    for pk in ids:
        if _close_hold(pk, HoldState.EXPIRED, now=now).state == HoldState.EXPIRED:
            expired += 1
    return expired


# ---------------------------------------------------------------- statements

@dataclass(frozen=True)
class StatementLine:
    posting_id: int
    entry_id: int
    created: datetime.datetime
    kind: str
    memo: str
    ref: str
    amount: int
    running: int
    memo_code: str = ""
    memo_args: dict = None

    @property
    def description(self):
        """The entry's memo in the reader's language (emitra.ledger.memos)."""
        return memos.describe(self.memo_code, self.memo_args, self.memo)


@dataclass(frozen=True)
class Statement:
    account: Account
    date_from: datetime.date
    date_to: datetime.date
    opening: int
    lines: list
    closing: int


def statement(account, date_from, date_to):
    """Opening balance, each posting with its running balance, closing balance, for days
    date_from..date_to inclusive in the local time zone. Any range, any time: no day close (F5).

    Opening and running balances come from one SQL statement, so they agree
    with each other even while payments are being posted.
    """
    account = _one_account(account)
    if date_to < date_from:
        raise LedgerError("the statement's end date is before its start")
    start, end = _day_start(date_from), _day_start(date_to + datetime.timedelta(days=1))
    before = (
        Posting.objects.filter(account_id=account.pk, created__lt=start)
        .order_by().values("account_id").annotate(s=Sum("amount")).values("s")
    )
    rows = list(
        Posting.objects.filter(account_id=account.pk, created__gte=start, created__lt=end)
        .annotate(
            opening=Coalesce(Subquery(before), 0),
            running=Window(Sum("amount"), order_by=[F("created").asc(), F("id").asc()]),
        )
        .select_related("entry")
        .order_by("created", "id")
    )
    if not rows:
        opening = Posting.objects.filter(account_id=account.pk, created__lt=start).aggregate(
            s=Coalesce(Sum("amount"), 0))["s"]
        return Statement(account, date_from, date_to, opening, [], opening)
    opening = rows[0].opening
    lines = [
        StatementLine(p.pk, p.entry_id, p.created, p.entry.kind, p.entry.memo, p.entry.ref, p.amount,
                      opening + p.running, p.entry.memo_code, p.entry.memo_args)
        for p in rows
    ]
    return Statement(account, date_from, date_to, opening, lines, lines[-1].running)


# ---------------------------------------------------------------- internals

def _minimums(keep_at_least, lines):
    """{account id: minimum} for post(keep_at_least=...): accounts of the entry that have a floor."""
    if not keep_at_least:
        return {}
    by_ref = dict(keep_at_least)
    accounts = _accounts(list(by_ref))
    minimums = {}
    for account, minimum in zip(accounts, by_ref.values()):
        _check_floor_value(minimum)
        if not account.has_floor:
            raise NotFloored(f"{account.code} has no floor; keep_at_least needs a floored account")
        if account.pk not in {a.pk for a, _ in lines}:
            raise InvalidPostings(f"{account.code} is not in the entry")
        minimums[account.pk] = minimum
    return minimums


def _write_entry(kind, lines, key, memo, actor_ref, ref, reverses_id=None, minimums=None):
    """Inside a transaction: insert the entry (or find it by key), move balances, insert postings.

    The hot path of every payment, so its three statements are written out in
    SQL that both SQLite and PostgreSQL run (the ORM's query building cost
    more CPU than the database's work).
    """
    now = timezone.now()
    text, code, args = memos.stored(memo)
    # the memo by code and its words in English (made in the reader's language: emitra.ledger.memos)
    fields = {"kind": kind, "memo": text, "memo_code": code, "memo_args": args, "idempotency_key": key,
              "actor_ref": actor_ref or "", "ref": ref or "", "created": now, "reverses_id": reverses_id}
    pk, created = insert_once(JournalEntry, fields)
    if not created:
        entry = JournalEntry.objects.get(idempotency_key=key)
        wanted = sorted((a.pk, amt) for a, amt in lines)
        have = sorted(entry.postings.values_list("account_id", "amount"))
        if entry.kind != kind or entry.reverses_id != reverses_id or have != wanted:
            raise IdempotencyConflict(f"key {key!r} was used for a different entry")
        return entry, False
    sql = _statements()
    floored = sorted(((account, amount) for account, amount in lines if account.has_floor),
                     key=lambda line: line[0].pk)
    with planned_cursor() as cursor:
        balances = _move_floored(cursor, floored, minimums or {}) if floored else {}
        created_db = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(
            sql["postings"] + ", ".join(["(%s, %s, %s, %s)"] * len(lines)),
            [value for account, amount in lines for value in (pk, account.pk, amount, created_db)],
        )
    entry = JournalEntry(pk=pk, **fields)
    entry._state.adding = False
    entry._state.db = connection.alias
    # what this call wrote, for a caller that shows it at once (a payment's answer, issue 14):
    # each account's amount by code, and each floored account's row after the move
    entry.posted = {account.code: amount for account, amount in lines}
    entry.balances = {account.code: balances[account.pk] for account, _ in floored}
    return entry, True


def _move_floored(cursor, floored, minimums):
    """Move the balances of an entry's floored accounts [(Account, signed paise)] (in id order) in
    ONE statement (issue 14): each debit only if balance - held - amount stays >= floor (and >= its
    minimum of keep_at_least), never read-then-write. Returns {account id: (balance, held, floor)}
    after the move, from the UPDATE's own RETURNING (the payment's answer shows the wallet without
    reading it again). PostgreSQL locks the rows in id order first,
    in the same statement (a CTE's ORDER BY id FOR UPDATE: one UPDATE's own scan may take its rows
    in any order, and two entries taking the same two rows in opposite orders would deadlock);
    SQLite has one writer at a time. Fewer rows moved than named: the entry is refused
    (InsufficientFunds, or UnknownAccount) and the caller's transaction rolls the rest back."""
    qn = connection.ops.quote_name
    table = qn(Account._meta.db_table)
    pk, balance, held, floor = (qn(Account._meta.get_field(n).column) for n in ("id", "balance", "held", "floor"))
    ids = [account.pk for account, _ in floored]
    marks = ", ".join(["%s"] * len(ids))
    delta = "CASE " + " ".join(f"WHEN {table}.{pk} = %s THEN %s" for _ in floored) + " END"
    delta_params = [value for account, amount in floored for value in (account.pk, amount)]
    conditions, condition_params = [], []
    for account, amount in floored:
        if amount >= 0:
            continue
        keep = f" AND {table}.{balance} >= {table}.{held} + %s" if account.pk in minimums else ""
        conditions.append(f"({table}.{pk} <> %s OR ({table}.{balance} >= {table}.{floor} + {table}.{held} + %s{keep}))")
        condition_params += [account.pk, -amount, *([minimums[account.pk] - amount] if keep else [])]
    where = "".join(f" AND {c}" for c in conditions)
    returning = f" RETURNING {table}.{pk}, {table}.{balance}, {table}.{held}, {table}.{floor}"
    if connection.features.has_select_for_update:
        sql = (f"WITH locked AS (SELECT {pk} FROM {table} WHERE {pk} IN ({marks}) ORDER BY {pk} FOR UPDATE) "
               f"UPDATE {table} SET {balance} = {table}.{balance} + {delta} FROM locked "
               f"WHERE {table}.{pk} = locked.{pk}{where}{returning}")
        params = [*ids, *delta_params, *condition_params]
    else:
        sql = (f"UPDATE {table} SET {balance} = {table}.{balance} + {delta} "
               f"WHERE {table}.{pk} IN ({marks}){where}{returning}")
        params = [*delta_params, *ids, *condition_params]
    cursor.execute(sql, params)
    moved = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    if len(moved) == len(floored):
        return moved
    rows = {row[0]: row[1:] for row in Account.objects.filter(pk__in=ids).values_list("pk", "balance", "held", "floor")}
    for account, amount in floored:
        if account.pk not in rows:
            raise UnknownAccount(f"no ledger account {account.code!r}")
    debits = [(account, -amount) for account, amount in floored if amount < 0]
    for account, amount in debits:
        bal, hld, flr = rows[account.pk]
        if bal - amount < flr + hld or (account.pk in minimums and bal - amount < hld + minimums[account.pk]):
            raise InsufficientFunds(account.code, amount)
    account, amount = debits[0] if debits else (floored[0][0], 0)
    raise InsufficientFunds(account.code, amount)


def _hold_floored(account, amount):
    """The one conditional statement of a hold: add amount to held only if balance - held - amount
    stays >= floor. Never read-then-write."""
    with planned_cursor() as cursor:
        cursor.execute(_statements()["hold"], [amount, account.pk, amount])
        done = cursor.rowcount
    if not done:
        if not Account.objects.filter(pk=account.pk).exists():
            raise UnknownAccount(f"no ledger account {account.code!r}")
        raise InsufficientFunds(account.code, amount)


_SQL = {}


def _statements():
    """The hot path's SQL, built once from the models' table and column names."""
    if not _SQL:
        qn = connection.ops.quote_name
        account = qn(Account._meta.db_table)
        balance, held, floor, pk = (qn(Account._meta.get_field(n).column) for n in ("balance", "held", "floor", "id"))
        posting = Posting._meta
        columns = ", ".join(qn(posting.get_field(n).column) for n in ("entry", "account", "amount", "created"))
        _SQL.update({
            "hold": f"UPDATE {account} SET {held} = {held} + %s "
                    f"WHERE {pk} = %s AND {balance} >= {floor} + {held} + %s",
            "postings": f"INSERT INTO {qn(posting.db_table)} ({columns}) VALUES ",
        })
    return _SQL


def _close_hold(hold, state, now=None):
    """Move a pending hold to voided/expired and release its amount, in one transaction."""
    pk = hold.pk if isinstance(hold, Hold) else hold
    now = now or timezone.now()
    with transaction.atomic():
        pending = Hold.objects.filter(pk=pk, state=HoldState.PENDING)
        if state == HoldState.EXPIRED:
            pending = pending.filter(expires_at__lte=now)
        if pending.update(state=state, closed=now):
            current = Hold.objects.get(pk=pk)
            Account.objects.filter(pk=current.account_id).update(held=F("held") - current.amount)
            return current
        current = Hold.objects.get(pk=pk)
        if current.state == HoldState.POSTED:
            raise HoldNotPending(f"hold {pk} was posted; reverse its entry instead")
        return current


def _lines(postings):
    """Validate postings and resolve accounts: [(Account, amount)], or raise with nothing written."""
    postings = list(postings)
    if len(postings) < 2:
        raise InvalidPostings("an entry needs at least two postings")
    for _, amount in postings:
        _check_amount(amount)
    if sum(amount for _, amount in postings) != 0:
        raise UnbalancedEntry(f"postings sum to {sum(a for _, a in postings)} paise, not zero")
    accounts = _accounts([ref for ref, _ in postings])
    if len({a.pk for a in accounts}) != len(accounts):
        raise InvalidPostings("an entry names each account at most once")
    return [(account, amount) for account, (_, amount) in zip(accounts, postings)]


def _accounts(refs):
    """Account objects are taken as they are (their id and whether they have a floor never
    change); codes are looked up in one query."""
    codes = {ref for ref in refs if not isinstance(ref, Account)}
    for ref in codes:
        if not isinstance(ref, str):
            raise UnknownAccount(f"{ref!r} is neither an account nor an account code")
    found = {a.code: a for a in Account.objects.filter(code__in=codes).only("id", "code", "floor")} if codes else {}
    result = []
    for ref in refs:
        account = ref if isinstance(ref, Account) else found.get(ref)
        if account is None or account.pk is None:
            raise UnknownAccount(f"no ledger account {ref!r}")
        result.append(account)
    return result


def _one_account(ref):
    return _accounts([ref])[0]


def _check_amount(amount):
    if type(amount) is not int:  # noqa: E721 -- bool, float and Decimal are all refused
        raise InvalidAmount(f"{amount!r} is not a whole number of paise")
    if amount == 0:
        raise InvalidAmount("an amount of zero moves nothing")
    if abs(amount) >= ABSURD_PAISE:
        raise InvalidAmount(f"{amount} paise is beyond any real amount")


def _check_floor_value(floor):
    if type(floor) is not int or abs(floor) >= ABSURD_PAISE:  # noqa: E721
        raise InvalidAmount(f"{floor!r} is not a floor in paise")


def _check_key(key):
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise LedgerError(f"an idempotency key is a non-empty text of at most {MAX_KEY_LENGTH} characters")


def _check_text(text, what):
    if not isinstance(text, str) or not text.strip():
        raise LedgerError(f"a {what} is required")


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
