"""Text as people type it: NFC on the way in, folded for search."""
from __future__ import annotations

import re
import unicodedata

# C0/C1 controls, zero-width and bidirectional marks, and the blanks that draw nothing (the
# braille blank, the Hangul fillers, Khmer's inherent vowels): invisible, a way to disguise text.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2800"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)
_SPACES = re.compile(r"\s+")


def first_invisible(value: str) -> str | None:
    """The first character `clean` would take out (a line break and a tab are kept), or None."""
    found = _INVISIBLE.search(value)
    return found.group() if found else None


def clean(value: object) -> str:
    """One line of text: NFC, no invisible characters, single spaces, trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _INVISIBLE.sub("", text)
    return _visible(_SPACES.sub(" ", text).strip())


def _visible(text: str) -> str:
    """The text, or nothing when no letter, digit, punctuation or symbol is left to read (marks
    with nothing under them): such a name or question would print as a blank."""
    return text if any(unicodedata.category(ch)[0] in "LNPS" for ch in text) else ""


def fold(value: object) -> str:
    """The search key: lower case, no diacritics (đ → d), whatever the input's form."""
    text = unicodedata.normalize("NFD", clean(value).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")


# Vietnamese tones: the one mark a syllable carries, written over one vowel or another by
# custom ("hoà" and "hòa" are one name); the vowels' own marks (â ă ê ô ơ ư) are letters.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VARIANTS = re.compile("[\ufe00-\ufe0f]")


def _compatible(value: object) -> str:
    """A name as its letters read: width (fullwidth Ｎ), variation selectors and an Eth for Đ aside."""
    return _VARIANTS.sub("", unicodedata.normalize("NFKC", clean(value))).replace("Ð", "Đ").replace("ð", "đ")


def name_identity(value: object) -> str:
    """How people tell two names apart: case, spacing, width (fullwidth Ｎ) and where a tone
    sits aside; every letter and tone kept (Hùng is not Hưng, Hà is not Hạ, An is not Ân)."""
    text = _compatible(value).casefold()
    words = []
    for word in unicodedata.normalize("NFD", text).split(" "):
        tones = "".join(sorted(ch for ch in word if ch in _TONES))
        words.append(unicodedata.normalize("NFC", "".join(ch for ch in word if ch not in _TONES)) + tones)
    return " ".join(words)


def loose(value: object) -> str:
    """A name's letters alone, to find who might be the same person (`same_name` decides):
    every mark, case, width and spacing aside."""
    return fold(_compatible(value))


def same_name(a: object, b: object) -> bool:
    """Whether two names on one group's list are one person: written alike but for case,
    spacing, width or where a tone sits; or one typed with no marks at all ("Nguyen Van An",
    a keyboard without Vietnamese) and the other's letters the same ("Nguyễn Văn An"). Two
    names that both carry marks and differ in them are two people."""
    first, second = name_identity(a), name_identity(b)
    if first == second:
        return True
    letters = loose(a)
    return letters == loose(b) and letters in (first, second)


_LINE_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: object) -> str:
    """A paragraph or more: like clean(), but line breaks kept (at most one blank line)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _visible(_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip())

