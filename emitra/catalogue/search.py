"""Service search without a search server (F19).

The rule: one box finds a service by its English name, its Hindi name in
Devanagari or typed in Roman letters ("aay praman", "bijli", "jal"), its code,
its department and its keywords, forgives a small typo ("electrcity",
"incom certificat"), and puts the services this kiosk used lately first.

How it stays fast at 5,000 services (p95 well under 20 ms, see `bench_search`):

1. Every word is *folded* to a spelling skeleton, the same way on both sides:
   Devanagari is transliterated (`translit.py`), accents are dropped,
   aspirates lose their "h" (kh->k, sh->s), look-alike letters merge
   (w->v, z->j, f->p, ee->i, oo->u), doubled letters collapse, and every
   "a" after the first letter is dropped. So "aadhaar", "aadhar", "adhar" and
   आधार all become "adr", and "bijli", "bijlee" and बिजली all "bijli". The
   Roman spellings of Hindi differ mostly in vowels, which is why vowel "a"
   carries no weight.
2. `Service.search_text` stores each service's folded words, precomputed on
   save, in four fields: names | code | keywords | department.
3. Each process keeps an inverted index in memory: folded word -> {service:
   field weight}, a sorted vocabulary for prefix matches ("elec") and a
   trigram index over the vocabulary for typos (Dice similarity >= 0.5).
   A query costs a few dictionary look-ups per word, not a scan of services.
4. The index is tagged with `CatalogueStamp.stamp`, a random token that every
   catalogue change replaces in the same transaction. Each search reads the
   stamp (one primary-key query) and rebuilds the index when it differs, so
   a DoIT edit is seen by every process on its next search and nothing is
   shared between processes (DESIGN: growing past one machine). A random
   token rather than a counter, because a rolled-back change would otherwise
   let a counter value be reused for a different catalogue.
5. The kiosk's use in the last 30 days (`ServiceUseDay`, written by
   `record_use`) adds up to 0.25 to a score of at most about 1.0; one indexed
   query per search.
"""
import bisect
import math
import re
import unicodedata
import uuid
from collections import Counter

from emitra.catalogue.translit import devanagari_to_roman

# Field order in Service.search_text, and how much a match in each counts.
FIELDS = ("names", "code", "keywords", "department")
FIELD_WEIGHTS = (1.0, 0.95, 0.9, 0.7)
FIELD_SEPARATOR = " | "

# Words that say nothing about which service is meant (folded forms are
# computed below, so the list is written as people type them).
STOP_WORDS_TYPED = {
    "of", "the", "and", "for", "to", "in", "a", "an", "by", "with", "&",
    "ka", "ki", "ke", "ko", "se", "me", "mein", "evam", "tatha", "aur",
    "का", "की", "के", "को", "से", "में", "एवं", "तथा", "और", "व",
}

USE_BOOST = 0.25
USE_SATURATION = 30  # uses in the window that earn the whole boost
RELATIVE_CUTOFF = 0.55  # results scoring below this share of the best are dropped
MIN_FUZZY_LENGTH = 4
FUZZY_THRESHOLD = 0.5
PREFIX_LIMIT = 300

_ASPIRATE = re.compile(r"([bcdgjkpst])h")
_DOUBLES = re.compile(r"(.)\1+")
_SPLIT = re.compile(r"[^0-9a-z]+")
_LOOKALIKE = str.maketrans({"w": "v", "z": "j", "q": "k", "f": "p"})


def fold_word(word):
    """One lowercase Roman word -> its spelling skeleton ('aadhaar' -> 'adr')."""
    w = word.replace("x", "ks").replace("ck", "k").translate(_LOOKALIKE)
    w = _ASPIRATE.sub(r"\1", w)
    w = w.replace("ee", "i").replace("oo", "u").replace("au", "o").replace("ou", "o")
    w = _DOUBLES.sub(r"\1", w)
    if len(w) > 1 and w.endswith("y"):
        w = w[:-1] + "i"
    if len(w) > 1:
        w = w[0] + w[1:].replace("a", "")
    return w


def _roman(text):
    text = devanagari_to_roman(str(text))
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(text):
    """Text in any script -> folded words, without stop words, in order."""
    return [fold_word(w) for w in _SPLIT.split(_roman(text)) if w and w not in STOP_WORDS]


STOP_WORDS = {w for t in STOP_WORDS_TYPED for w in _SPLIT.split(_roman(t)) if w}


def search_text(*, names, code, keywords, department):
    """The stored, folded search text of a service: four fields, see FIELDS."""
    parts = (names, code, keywords, department)
    return FIELD_SEPARATOR.join(" ".join(dict.fromkeys(words(p))) for p in parts)


def new_stamp():
    return uuid.uuid4().hex


def trigrams(word):
    padded = f"$${word}$"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class SearchIndex:
    """An in-memory inverted index over all services of one catalogue stamp."""

    def __init__(self, stamp, rows):
        """rows: (service id, code, active, search_text) for every service."""
        self.stamp = stamp
        self.ids = []
        self.active = []
        self.by_code = {}
        self.postings = {}
        for position, (service_id, code, active, text) in enumerate(rows):
            self.ids.append(service_id)
            self.active.append(bool(active))
            self.by_code[code.strip().lower()] = position
            for field, weight in zip(text.split(FIELD_SEPARATOR), FIELD_WEIGHTS):
                for word in field.split():
                    posting = self.postings.setdefault(word, {})
                    if posting.get(position, 0) < weight:
                        posting[position] = weight
        self.vocabulary = sorted(self.postings)
        self.by_trigram = {}
        for word in self.vocabulary:
            if len(word) >= MIN_FUZZY_LENGTH - 1:
                for gram in trigrams(word):
                    self.by_trigram.setdefault(gram, []).append(word)

    def similar_words(self, word):
        """{vocabulary word: similarity 0..1} for one folded query word."""
        found = {}
        if word in self.postings:
            found[word] = 1.0
        start = bisect.bisect_left(self.vocabulary, word)
        for candidate in self.vocabulary[start:start + PREFIX_LIMIT]:
            if not candidate.startswith(word):
                break
            if candidate != word:
                found[candidate] = 0.75 + 0.2 * len(word) / len(candidate)
        if len(word) >= MIN_FUZZY_LENGTH:
            grams = trigrams(word)
            shared = Counter()
            for gram in grams:
                shared.update(self.by_trigram.get(gram, ()))
            for candidate, count in shared.items():
                dice = 2 * count / (len(grams) + len(candidate) + 1)
                if dice >= FUZZY_THRESHOLD:
                    score = 0.8 * dice
                    if score > found.get(candidate, 0):
                        found[candidate] = score
        return found

    def scores(self, query_words, include_inactive=False):
        """{position: text score 0..1}: the mean over query words of each word's best match."""
        totals = {}
        for word in query_words:
            best = {}
            for candidate, similarity in self.similar_words(word).items():
                for position, weight in self.postings[candidate].items():
                    value = similarity * weight
                    if value > best.get(position, 0):
                        best[position] = value
            for position, value in best.items():
                totals[position] = totals.get(position, 0) + value
        count = len(query_words)
        return {
            position: total / count
            for position, total in totals.items()
            if include_inactive or self.active[position]
        }

    def rank(self, query, uses=None, limit=20, include_inactive=False):
        """Service ids, best first, for a raw query and {service id: recent uses}."""
        uses = uses or {}
        query_words = words(query)
        if not query_words:
            positions = {i: 0.0 for i, sid in enumerate(self.ids) if sid in uses}
        else:
            positions = self.scores(query_words, include_inactive)
            if positions:
                cutoff = RELATIVE_CUTOFF * max(positions.values())
                positions = {p: s for p, s in positions.items() if s >= cutoff}
        exact = self.by_code.get(query.strip().lower())
        if exact is not None and (include_inactive or self.active[exact]):
            positions[exact] = positions.get(exact, 0) + 10
        ranked = []
        for position, score in positions.items():
            if not include_inactive and not self.active[position]:
                continue
            service_id = self.ids[position]
            used = uses.get(service_id, 0)
            if used:
                score += USE_BOOST * min(1.0, math.log1p(used) / math.log1p(USE_SATURATION))
            ranked.append((-score, position, service_id))
        ranked.sort()
        return [service_id for _, _, service_id in ranked[:limit]]
