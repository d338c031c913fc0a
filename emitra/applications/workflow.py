"""The application workflow, defined once (issue 11 req. 3, F25).

Every move of an application is one of MOVES: from which states, to which
state, and who makes it (an officer of the destination office, the kiosk
that filed it, or the payments system when the fee is paid or its receipt
line cancelled). `next_state` is the only place that answers "may this move
happen now"; a move not listed is refused with MoveNotAllowed.
"""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Filled in, fee not paid")
    SUBMITTED = "submitted", _("Submitted")
    IN_PROCESS = "in_process", _("In process")
    APPROVED = "approved", _("Approved: issued")
    REJECTED = "rejected", _("Rejected")
    SENT_BACK = "sent_back", _("Sent back for correction")
    WRONG_OFFICE = "wrong_office", _("Sent back: wrong office")
    WITHDRAWN = "withdrawn", _("Withdrawn: fee cancelled")


OFFICER, KIOSK, SYSTEM = "officer", "kiosk", "system"


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple
    target: str
    by: str
    label: object = ""
    needs_remark: bool = False


OPEN_AT_OFFICE = (State.SUBMITTED, State.IN_PROCESS)

MOVES = {m.action: m for m in [
    Move("submit", (State.DRAFT,), State.SUBMITTED, KIOSK, _("Submit")),
    Move("take_up", (State.SUBMITTED,), State.IN_PROCESS, OFFICER, _("Take up for processing"), True),
    Move("approve", OPEN_AT_OFFICE, State.APPROVED, OFFICER, _("Approve and issue"), True),
    Move("reject", OPEN_AT_OFFICE, State.REJECTED, OFFICER, _("Reject"), True),
    Move("send_back", OPEN_AT_OFFICE, State.SENT_BACK, OFFICER, _("Send back for correction"), True),
    Move("wrong_office", OPEN_AT_OFFICE, State.WRONG_OFFICE, OFFICER, _("Send back: wrong office"), True),
    Move("resubmit", (State.SENT_BACK, State.WRONG_OFFICE), State.SUBMITTED, KIOSK, _("Re-submit")),
    Move("withdraw", (State.SUBMITTED,), State.WITHDRAWN, SYSTEM, _("Withdraw")),
]}

OFFICER_ACTIONS = [a for a, m in MOVES.items() if m.by == OFFICER]
FINAL = (State.APPROVED, State.REJECTED, State.WITHDRAWN)


class MoveNotAllowed(Exception):
    def __init__(self, action, state):
        self.action, self.state = action, state
        move = MOVES.get(action)
        label = move.label if move else action
        super().__init__(_("“%(move)s” is not possible for an application that is “%(state)s”.")
                         % {"move": label, "state": State(state).label if state in State.values else state})

    @property
    def text(self):
        return str(self)


def next_state(state, action, by):
    """The state `action` by `by` leads to from `state`, or MoveNotAllowed."""
    move = MOVES.get(action)
    if move is None or move.by != by or state not in move.sources:
        raise MoveNotAllowed(action, state)
    return move.target


def officer_moves(state):
    """The moves an officer may make on an application in `state`, in display order."""
    return [MOVES[a] for a in OFFICER_ACTIONS if state in MOVES[a].sources]
