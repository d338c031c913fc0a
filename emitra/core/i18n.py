"""Names from data in the page's language (issue 9 item 17; issue 12 req. 6).

Every row that carries a name in English and in Hindi (name_en, name_hi) shows
one of them, the one of the page: `in_page_language(en, hi)` is the rule,
`BilingualName.name` (and its str()) gives it for a model, and the template
filter `local_name` for a row read with .values() (`{{ row|local_name:"service__name" }}`).
An older table whose English name is its `name` column (a revenue head, a ledger account, a
commission rule) has `name_hi` beside it and gives `local_name` (`HindiName`).
A Hindi name left empty falls back to the English one.
"""
from django.utils.translation import get_language


def hindi_page():
    return (get_language() or "").startswith("hi")


def in_page_language(en, hi):
    """`hi` on a Hindi page when it has one, else `en`."""
    return hi if hi and hindi_page() else en


class BilingualName:
    """A model with name_en and name_hi: `name` and str() in the page's language."""

    @property
    def name(self):
        return in_page_language(self.name_en, self.name_hi)

    def __str__(self):
        return self.name


class HindiName:
    """A model whose English name is `name` with `name_hi` beside it: `local_name` in the page's language."""

    @property
    def local_name(self):
        return in_page_language(self.name, self.name_hi)
