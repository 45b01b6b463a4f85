"""The attention words: a question holding one is marked **cần chú ý** for the chairman.
It never publishes or hides anything by itself. The list is the room's setting.

Vietnamese words differ by their marks alone ("chó" a dog, "cho" to give, "chợ" a market),
so a word matches with its marks, ignoring only case and Unicode form. A resident who types
without marks at all is still heard for phrases of two words or more ("tham nhung" for
"tham nhũng"), where leaving the marks out cannot turn an everyday word into an insult.
"""
from __future__ import annotations

import re
import unicodedata

from sqlite_utils import Database

from conference.text import fold

from .settings import room_settings

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _unmarked(word: str) -> bool:
    return fold(word) == word


def contains(text_words: list[str], phrase: str, text_unmarked: bool) -> bool:
    """Whether the words of a text hold this phrase as whole words (see the module's note)."""
    wanted = _words(phrase)
    if not wanted:
        return False
    loose = text_unmarked and len(wanted) > 1
    if loose:
        wanted = [fold(w) for w in wanted]
    for start in range(len(text_words) - len(wanted) + 1):
        window = text_words[start:start + len(wanted)]
        if window == wanted:
            return True
    return False


def flagged(database: Database, conference_id: int, text: str) -> bool:
    """Whether the text holds one of this conference's attention words, as whole words."""
    words = _words(text)
    unmarked = all(_unmarked(w) for w in words)
    return any(contains(words, phrase, unmarked) for phrase in room_settings(database, conference_id)["attention_words"])
