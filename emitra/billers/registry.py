"""Biller adapters by code (a Service names its biller by `biller_code`).

settings.BILLERS may map a code to {"url": ..., "timeout": seconds} to reach a
department over HTTP; otherwise "demo" is the in-process demo department.
"""
from django.conf import settings

from emitra.billers.demo import DemoBiller
from emitra.billers.http_adapter import HttpBiller
from emitra.billers.interfaces import UnknownBiller

BUILT_IN = {"demo": DemoBiller}


def get_biller(code):
    """The adapter for this biller code, or UnknownBiller."""
    configured = getattr(settings, "BILLERS", {}).get(code)
    if configured:
        return HttpBiller(code, configured["url"], timeout=configured.get("timeout", 5.0))
    if code in BUILT_IN:
        return BUILT_IN[code]()
    raise UnknownBiller()


def biller_for(service):
    """The adapter that fetches this service's bills; None for a service without a biller."""
    return get_biller(service.biller_code) if service.biller_code else None


def sample_consumers(service):
    """[(consumer number, behaviour)] a new user may try on this bill service: only a demo
    department offers them (issue 9 item 16); a real department's adapter has none."""
    if not service.is_bill:
        return []
    try:
        adapter = biller_for(service)
    except UnknownBiller:
        return []
    offer = getattr(adapter, "sample_consumers", None)
    return offer(service) if offer else []
