"""Merging a duplicate into another question: which question it may join, and interest as
the union of both questions' phones. The move itself (status `merged`, closed) is the state
machine's (`moves.MOVES`); `room.change` calls this when a move's effects say so."""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from conference import store
from conference.errors import Refusal, invalid
from conference.i18n import _

from .moves import can_merge_into


def target(database: Database, duplicate: dict[str, Any], merged_into: int | None) -> dict[str, Any]:
    """The question the duplicate joins: in the same conference, not itself, still live."""
    if merged_into is None:
        raise invalid(_("Cần chọn câu hỏi để gộp vào (merged_into)."))
    into = store.question_get(database, merged_into)
    if into is None or into["conference_id"] != duplicate["conference_id"] or into["id"] == duplicate["id"]:
        raise invalid(_("Câu hỏi gộp vào không hợp lệ."))
    if not can_merge_into(into["status"]):
        raise Refusal(409, "conflict", _("Không gộp vào câu hỏi đã loại hoặc đã gộp."))
    return into


def join_interest(database: Database, duplicate_id: int, into_id: int) -> None:
    """Every phone that showed interest in the duplicate now counts for the other, once."""
    store.votes_move(database, duplicate_id, into_id)
