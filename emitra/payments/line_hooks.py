"""Hooks of the apps that put their own lines in the cart (issue 11 req. 5).

payments imports none of the apps above it. An app whose lines stand for
something of its own (an application's fee) adds them with
`services.add_to_cart(..., linked=(kind, ref))`; the line and its receipt
line then carry `linked_kind` and `linked_ref`, and the app registers, once,
in its AppConfig.ready:

    line_hooks.register(LineHooks(kind="application", paid=..., cancelled=..., plain_line_refused=...))

- paid(receipt_lines): called inside the payment's transaction with the
  receipt's lines of that kind. Raising a PaymentError refuses the payment:
  nothing is written, nothing charged.
- cancelled(receipt_lines, *, by, reason): called inside the cancellation's
  transaction, after the refund is written. Raising CannotCancel refuses the
  cancellation as a whole: the refund is rolled back with it, so the guard and
  the cancellation are one atomic step.
- plain_line_refused(service): a message when the service may not be sold as
  a plain line (its fee belongs with something the app makes first), else None.
- service_annotations(): {name: expression} the add-to-cart view's query of the
  service is annotated with, so that plain_line_refused reads what it needs from
  the service it is handed instead of a query of its own (issue 14).
"""
from dataclasses import dataclass
from typing import Callable

_HOOKS = {}


@dataclass(frozen=True)
class LineHooks:
    kind: str
    paid: Callable = None
    cancelled: Callable = None
    plain_line_refused: Callable = None
    service_annotations: Callable = None


def register(hooks):
    """Register (or replace, for the same kind) one app's hooks."""
    _HOOKS[hooks.kind] = hooks


def _by_kind(lines):
    groups = {}
    for line in lines:
        if line.linked_kind:
            groups.setdefault(line.linked_kind, []).append(line)
    return groups


def lines_paid(receipt_lines):
    for kind, lines in _by_kind(receipt_lines).items():
        hooks = _HOOKS.get(kind)
        if hooks is not None and hooks.paid is not None:
            hooks.paid(lines)


def lines_cancelled(receipt_lines, *, by, reason):
    for kind, lines in _by_kind(receipt_lines).items():
        hooks = _HOOKS.get(kind)
        if hooks is not None and hooks.cancelled is not None:
            hooks.cancelled(lines, by=by, reason=reason)


def plain_line_refused(service):
    for hooks in _HOOKS.values():
        if hooks.plain_line_refused is not None:
            message = hooks.plain_line_refused(service)
            if message:
                return message
    return None


def service_annotations():
    """{name: expression} of every app's service_annotations, for the query of a service sold as a line."""
    found = {}
    for hooks in _HOOKS.values():
        if hooks.service_annotations is not None:
            found.update(hooks.service_annotations())
    return found
