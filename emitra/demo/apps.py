from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo (issue 2 req. 10; issue 13 req. 8): `emitra demo`, `emitra up` and the generated
    volume. It sits above every app and imports them; no app imports it (issue 14 req. 3)."""

    name = "emitra.demo"
    label = "demo"
    verbose_name = "Demo"
