"""The attention words: a question holding one is marked **cần chú ý** for the chairman.
It never publishes or hides anything by itself. The list is the room's setting."""
from __future__ import annotations

from sqlite_utils import Database

from conference.text import contains_word, fold

from .settings import room_settings


def flagged(database: Database, conference_id: int, text: str) -> bool:
    """Whether the text holds one of this conference's attention words, as whole words."""
    folded = fold(text)
    return any(contains_word(folded, word) for word in room_settings(database, conference_id)["attention_words"])
