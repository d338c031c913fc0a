"""The portal's {% url %} and reversing.reverse give what Django's reverse gives, however the
URLconf, the script prefix or the arguments change (issue 14; emitra.core.reversing)."""
from django.http import HttpResponse
from django.template import Context, Template, engines
from django.test import override_settings
from django.urls import include, path, reverse, set_script_prefix

from emitra.core import reversing
from emitra.core.templatetags.emitra import URLNode


def _view(request, code):
    return HttpResponse(code)


# this module is a URLconf of its own too: the same name at another address
urlpatterns = [path("", include(([path("elsewhere/<str:code>/pay/", _view, name="pay")], "payments")))]


def draw(text, **context):
    return engines["django"].from_string(text).render(context)


def test_the_templates_url_tag_is_the_portals():
    template = engines["django"].from_string("{% url 'payments:pay' code %}")
    assert any(isinstance(node, URLNode) for node in template.template.nodelist)
    reversing._reversed.cache_clear()
    for _ in range(2):
        assert template.render({"code": "KJPR00001"}) == reverse("payments:pay", args=["KJPR00001"])
    assert reversing._reversed.cache_info().hits == 1  # remembered, the view name being a literal


def test_the_same_arguments_under_another_urlconf_give_that_urlconfs_address(settings):
    first = reversing.reverse("payments:pay", args=["KJPR00001"])
    assert first == reverse("payments:pay", args=["KJPR00001"]) == "/k/KJPR00001/cart/pay/"
    with override_settings(ROOT_URLCONF=__name__):
        assert reversing.reverse("payments:pay", args=["KJPR00001"]) == "/elsewhere/KJPR00001/pay/"
        assert draw("{% url 'payments:pay' 'K1' %}") == "/elsewhere/K1/pay/"
    assert reversing.reverse("payments:pay", args=["KJPR00001"]) == first


def test_the_script_prefix_is_part_of_the_address():
    plain = reversing.reverse("payments:pay", args=["KJPR00002"])
    set_script_prefix("/portal/")
    try:
        assert reversing.reverse("payments:pay", args=["KJPR00002"]) == "/portal" + plain
        assert draw("{% url 'payments:pay' 'KJPR00002' %}") == "/portal" + plain
    finally:
        set_script_prefix("/")
    assert reversing.reverse("payments:pay", args=["KJPR00002"]) == plain


def test_other_arguments_and_misses_are_djangos():
    class Code:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    code = Code("KJPR00003")
    assert reversing.reverse("payments:pay", args=[code]) == reverse("payments:pay", args=["KJPR00003"])
    code.text = "KJPR00004"  # the same object, another address: not remembered
    assert reversing.reverse("payments:pay", args=[code]) == reverse("payments:pay", args=["KJPR00004"])
    assert reversing.reverse("payments:receipt", args=["K", True]) != reversing.reverse("payments:receipt", args=["K", 1])
    assert draw("{% url 'payments:pay' kwargs_code as there %}[{{ there }}]") == "[]"  # as var: no error
    assert Template("{% url 'accounts:home' %}").render(Context()) == reverse("accounts:home")
