"""Payment-gateway adapters for online top-ups (issue 3 req. 5).

An adapter starts a payment for a TopUp and later says what became of it.
The portal never trusts the browser's return from a gateway: a top-up is
credited only when status() says it was paid, asked by the background
reconciliation (emitra.wallet.tasks). Choose the adapter with the setting
EMITRA_PAYMENT_GATEWAY (a dotted path); the default is the demo gateway.
"""
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

PAID = "paid"
FAILED = "failed"
PENDING = "pending"


@dataclass(frozen=True)
class GatewayStatus:
    state: str  # PAID, FAILED or PENDING
    amount: int = 0  # paise the gateway says it received
    detail: str = ""


class PaymentGateway:
    """The interface every adapter implements."""

    name = "gateway"

    def start(self, topup):
        """Register the payment with the gateway; return the gateway's reference for it."""
        raise NotImplementedError

    def payment_url(self, topup, return_url):
        """Where to send the holder's browser to pay, or None when nothing is to be done there."""
        return None

    def status(self, topup):
        """A GatewayStatus for the top-up's gateway_ref."""
        raise NotImplementedError


class DemoGateway(PaymentGateway):
    """Confirms every payment by itself, for demos and tests: no money, no network."""

    name = "demo"

    def start(self, topup):
        return f"DEMO{topup.pk:012d}"

    def status(self, topup):
        return GatewayStatus(PAID, topup.amount, "demo gateway: paid")


def get_gateway(name=None):
    """The configured adapter (or, for a top-up already started, the one with that name)."""
    gateway = import_string(getattr(settings, "EMITRA_PAYMENT_GATEWAY", "emitra.wallet.gateways.DemoGateway"))()
    if name and name != gateway.name:
        if name == DemoGateway.name:
            return DemoGateway()
        raise LookupError(f"no payment gateway named {name!r} is configured")
    return gateway
