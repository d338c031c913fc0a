"""Devanagari to plain Roman letters, the way a kiosk operator types Hindi (F19).

Why our own: the libraries on PyPI (indic-transliteration, aksharamukha)
produce scholarly schemes (IAST, ITRANS, ISO 15919: "pramāṇa", "pramANa")
that nobody types at a counter, and every one of them would still need the
folding in `emitra.catalogue.search` on top. What search needs is small: a
table of letters, the inherent vowel, the virama and the vowel signs, and the
dropping of the word-final inherent "a" (प्रमाण -> "pramaan", not "pramaana").
Anything finer (medial schwa deletion: सरकार -> "sarkaar") is left to the
folding, which drops the vowel "a" inside words on both sides anyway.
"""

VOWELS = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri",
    "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e",
}
VOWEL_SIGNS = {
    "ा": "aa", "ि": "i", "ी": "ee", "ु": "u", "ू": "oo", "ृ": "ri",
    "े": "e", "ै": "ai", "ो": "o", "ौ": "au", "ॉ": "o", "ॅ": "e",
}
CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n",
    "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n",
    "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m",
    "य": "y", "र": "r", "ल": "l", "ळ": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h",
    "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f", "य़": "y",
}
# The nukta written as a separate mark after the letter.
NUKTA_FORMS = {"क": "q", "ख": "kh", "ग": "g", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f"}
NUKTA = "़"
VIRAMA = "्"
NASALS = {"ं": "n", "ँ": "n"}
OTHER_SIGNS = {"ः": "h", "ऽ": "", "।": " ", "॥": " ", "ॐ": "om"}
DIGITS = {chr(0x0966 + i): str(i) for i in range(10)}


def is_devanagari(char):
    return "\u0900" <= char <= "\u097f"


def devanagari_to_roman(text):
    """'आय प्रमाण पत्र' -> 'aay pramaan patr'. Other characters pass through."""
    # ज्ञ is said, and typed, "gy" (ज्ञान: gyaan), not "jn"
    text = text.replace("ज्ञ", "ग्य")
    out = []
    pending_a = False  # a consonant was written and still carries its inherent "a"

    def settle(at_word_end):
        nonlocal pending_a
        if pending_a and not at_word_end:
            out.append("a")
        pending_a = False

    chars = list(text)
    for i, char in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if char == NUKTA:
            continue
        if char in CONSONANTS:
            settle(False)
            roman = NUKTA_FORMS.get(char, CONSONANTS[char]) if nxt == NUKTA else CONSONANTS[char]
            out.append(roman)
            pending_a = True
        elif char in VOWEL_SIGNS:
            pending_a = False
            out.append(VOWEL_SIGNS[char])
        elif char == VIRAMA:
            pending_a = False
        elif char in NASALS:
            settle(False)
            out.append(NASALS[char])
        elif char in VOWELS:
            settle(False)
            out.append(VOWELS[char])
        elif char in DIGITS:
            settle(True)
            out.append(DIGITS[char])
        elif char in OTHER_SIGNS:
            settle(True)
            out.append(OTHER_SIGNS[char])
        elif is_devanagari(char):
            settle(False)
        else:
            # a space, a hyphen, a Latin letter: the word ends, its last "a" is silent
            settle(True)
            out.append(char)
    settle(True)
    return "".join(out)
