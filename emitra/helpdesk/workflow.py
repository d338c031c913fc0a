"""A ticket's states and the moves between them, defined once (F34; issue 13 req. 6).

Every move of a ticket is one of MOVES: from which states, to which state,
and who makes it: the handling desk (the kiosk's LSP, or DoIT) or the person
who reported it. `move_for` is the only place that answers "may this move
happen now"; a move not listed is refused with MoveNotAllowed. The reporter's
reopen is allowed only within settings.TICKET_REOPEN_DAYS of the resolution
(services.reopen_until).
"""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the reporter")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


DESK, REPORTER = "desk", "reporter"


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple
    target: str
    by: str
    label: object = ""
    needs_note: bool = False


# the states in which the desk still owes an answer
WITH_DESK = (State.OPEN, State.IN_PROGRESS, State.REOPENED)
UNRESOLVED = (State.OPEN, State.IN_PROGRESS, State.WAITING, State.REOPENED)

MOVES = {m.action: m for m in [
    Move("take_up", (State.OPEN, State.REOPENED), State.IN_PROGRESS, DESK, _("Take it up")),
    Move("ask_reporter", UNRESOLVED, State.WAITING, DESK, _("Ask the reporter"), True),
    Move("resolve", UNRESOLVED, State.RESOLVED, DESK, _("Resolve"), True),
    Move("close", (State.RESOLVED,), State.CLOSED, DESK, _("Close")),
    Move("reopen", (State.RESOLVED,), State.REOPENED, REPORTER, _("Reopen: not solved"), True),
    Move("confirm", (State.RESOLVED,), State.CLOSED, REPORTER, _("Solved: close the ticket")),
]}

# the reporter's answer to the desk's question puts the ticket back with the desk
ANSWERED = {State.WAITING: State.IN_PROGRESS}


class MoveNotAllowed(Exception):
    def __init__(self, action, state):
        self.action, self.state = action, state
        super().__init__(_("This ticket cannot be changed that way now: it is %(state)s.")
                         % {"state": State(state).label if state in State.values else state})


def move_for(action, state, by):
    """The Move for `action` from `state` made by `by` (DESK or REPORTER), or MoveNotAllowed."""
    move = MOVES.get(action)
    if move is None or move.by != by or state not in move.sources:
        raise MoveNotAllowed(action, state)
    return move


def moves_from(state, by):
    """The moves `by` may make from `state`, in the order of MOVES (for the ticket page's buttons)."""
    return [m for m in MOVES.values() if m.by == by and state in m.sources]
