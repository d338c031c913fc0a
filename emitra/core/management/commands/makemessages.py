"""`emitra makemessages`: Django's, writing a catalogue that merges cleanly.

The Hindi catalogue is edited on many branches at once. Django's default output
carries each string's file and line (`#: payments/views.py:123`) and wraps long
strings, so every refresh rewrites hundreds of unrelated lines and every merge
conflicts. Here the catalogue is written sorted by message, without locations
and unwrapped, with no creation date in its header: two branches that add
different strings touch different lines.
"""
import re
from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages

SORTED = ["--sort-output"]
CREATED = re.compile(r'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)


class Command(makemessages.Command):
    msgmerge_options = makemessages.Command.msgmerge_options + SORTED
    msguniq_options = makemessages.Command.msguniq_options + SORTED
    msgattrib_options = makemessages.Command.msgattrib_options + SORTED

    def handle(self, *args, **options):
        options["no_location"] = True
        options["no_wrap"] = True
        options["add_location"] = None
        result = super().handle(*args, **options)
        for folder in [Path("locale"), *map(Path, settings.LOCALE_PATHS)]:
            for po in folder.glob("*/LC_MESSAGES/django.po"):
                text = po.read_text(encoding="utf-8")
                po.write_text(CREATED.sub("", text), encoding="utf-8")
        return result
