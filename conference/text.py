"""Text as people type it: NFC on the way in, folded for search."""
from __future__ import annotations

import re
import unicodedata

# C0/C1 controls, zero-width and bidirectional marks: invisible, and a way to disguise text.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"\s+")


def clean(value: object) -> str:
    """One line of text: NFC, no invisible characters, single spaces, trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def fold(value: object) -> str:
    """The search key: lower case, no diacritics (đ → d), whatever the input's form."""
    text = unicodedata.normalize("NFD", clean(value).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")


def name_identity(value: object) -> str:
    """How people tell two names apart: case and spacing aside, every mark kept (Hùng is not
    Hưng, Hà is not Hạ, An is not Ân)."""
    return unicodedata.normalize("NFC", clean(value).casefold())


def same_name(a: object, b: object) -> bool:
    """Whether two names on one group's list are one person: written alike but for case and
    spacing; or one typed with no marks at all ("Nguyen Van An", a keyboard without
    Vietnamese) and the other's letters the same ("Nguyễn Văn An"). Two names that both carry
    marks and differ in them are two people."""
    first, second = name_identity(a), name_identity(b)
    if first == second:
        return True
    return fold(a) == fold(b) and (first == fold(a) or second == fold(b))


_LINE_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: object) -> str:
    """A paragraph or more: like clean(), but line breaks kept (at most one blank line)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()

