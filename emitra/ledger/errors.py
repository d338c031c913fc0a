"""The ledger's domain errors. Each says in plain words why nothing was posted."""


class LedgerError(Exception):
    """Base class: the operation was refused and nothing was written."""


class InvalidAmount(LedgerError):
    """An amount that is not a non-zero integer number of paise below ABSURD_PAISE."""


class InvalidPostings(LedgerError):
    """Postings that do not make an entry: fewer than two, or one account twice."""


class UnbalancedEntry(InvalidPostings):
    """Postings that do not sum to zero."""


class UnknownAccount(LedgerError):
    """No account with that code or id."""


class InsufficientFunds(LedgerError):
    """The debit or hold would take the account below its floor (F16)."""

    def __init__(self, account_code, amount):
        self.account_code = account_code
        self.amount = amount
        super().__init__(f"{account_code}: not enough available for {amount} paise")


class IdempotencyConflict(LedgerError):
    """The idempotency key was already used for a different operation."""


class AlreadyReversed(LedgerError):
    """The entry has been reversed already; an entry is reversed at most once."""


class CannotReverseReversal(LedgerError):
    """A reversal is never reversed: post a new entry instead."""


class HoldNotPending(LedgerError):
    """The hold was already posted, voided or expired."""


class NotFloored(LedgerError):
    """The operation needs an account with a floor (a wallet), and this one has none."""


class BalanceBelowNewFloor(LedgerError):
    """The new floor would be above what the account holds now (F16)."""
