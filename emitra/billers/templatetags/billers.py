"""Template tags of the billers (issue 9 item 16)."""
from django import template

from emitra.billers.registry import sample_consumers

register = template.Library()


@register.simple_tag
def demo_consumers(service):
    """The demo department's consumer numbers to try on this service's page: [(number, behaviour)],
    empty unless the service is served by the in-process demo department."""
    return sample_consumers(service)
