"""Catalogue fixtures: the demo catalogue on top of the suite's fixed cast (STYLE 10)."""
import pytest

from emitra.catalogue import services
from emitra.catalogue.demo import load_demo_catalogue


@pytest.fixture(autouse=True)
def fresh_index():
    services.forget_index()
    yield
    services.forget_index()


@pytest.fixture
def catalogue(db):
    load_demo_catalogue()
