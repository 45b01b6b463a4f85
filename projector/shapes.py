"""What each audience sees of a question and of the room, the one door out for each:

- `staff_question`: the chairman and the secretary, everything but the phone's id;
- `public_question`: phones and the projector, only an approved question's public part
  (never a pending one, a device id, a phone number or a hidden name); `shown` says which;
- `own_question`: the asker's own phone, its question pending too;
- `exchange`: the chairman's question back and the asker's answer ("Hỏi lại"), in the
  staff's and the asker's shapes only, never in the public one;
- `screen`: what the projector shows now (the field being taken with its count too), and
  what phones need to know of the room.
"""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from conference import clock, store

from .settings import room_settings
from .vocabulary import OUTCOMES, follow_up_state, is_public

NEXT_SHOWN = 3  # what the projector lists under the question on screen
_OUTCOME_VALUES = frozenset(s.value for s in OUTCOMES)


def staff_question(row: dict[str, Any]) -> dict[str, Any]:
    """What the chairman and the secretary see: everything but the device."""
    return {
        "id": row["id"], "number": row["number"], "created_at": row["created_at"], "source": row["source"],
        "group_id": row["group_id"], "group_name": row["group_name"] or row["group_other"],
        "asker_name": row["asker_name"], "asker_phone": row["asker_phone"], "show_name": bool(row["show_name"]),
        "topic_id": row["topic_id"], "topic_name": row["topic_name"],
        "text": row["text"], "original_text": row["original_text"], "edited": row["text"] != row["original_text"],
        "status": row["status"], "attention": bool(row["attention"]), "reject_reason": row["reject_reason"],
        "interest": row["interest"], "queue_order": row["queue_order"],
        "responder": row["responder"], "answer_summary": row["answer_summary"], "conclusion": row["conclusion"],
        "reply_by": row["reply_by"], "reply_due": row["reply_due"], "referred_to": row["referred_to"],
        "merged_into": row["merged_into"], "shown_at": row["shown_at"], "closed_at": row["closed_at"],
        "ask_back": exchange(row),
        # A petition gathered before the day: the answer an official prepared, for the
        # chairman and the secretary only (never in the public or the asker's shape).
        "prepared_by": row.get("prepared_by") or "", "prepared_answer": row.get("prepared_answer") or "",
        "prepared_at": row.get("prepared_at"),
    }


def exchange(row: dict[str, Any]) -> dict[str, Any] | None:
    """"Hỏi lại": the chairman's question back and the asker's answer with their times; None
    when the chairman has not asked back. For the staff and the asker's own phone only."""
    if not row.get("ask_back"):
        return None
    return {"text": row["ask_back"], "at": row["ask_back_at"],
            "answer": row["ask_back_answer"], "answered_at": row["ask_back_answered_at"]}


def shown(row: dict[str, Any]) -> bool:
    """Whether phones and the projector may see this question: a public status, and the
    chairman let it into the hall (it had a place in the queue). One sent to a written reply
    or a referral straight from pending never did: it stays with the staff."""
    return is_public(row["status"]) and row["queue_order"] is not None


def public_question(row: dict[str, Any]) -> dict[str, Any]:
    """What phones and the projector may see. A question that is not (or no longer) public
    is only its id and status, so screens can drop it."""
    if not shown(row):
        return {"id": row["id"], "status": row["status"] if row["status"] != "pending" else "hidden"}
    return {
        "id": row["id"], "number": row["number"], "status": row["status"], "text": row["text"],
        # What the asker typed as their group ("Khác: …") may be their address: shown with their
        # name, when they chose to be named; /results never shows it.
        "group_name": row["group_name"] or (row["group_other"] if row["show_name"] else ""),
        "asker_name": row["asker_name"] if row["show_name"] else "",
        "topic_name": row["topic_name"], "interest": row["interest"],
        "responder": row["responder"],
        "conclusion": row["conclusion"] if row["status"] in _OUTCOME_VALUES else "",
    }


def own_question(row: dict[str, Any]) -> dict[str, Any]:
    """What the asker's own phone sees of its question: its text and status, pending too, and
    the chairman's question back with its answer."""
    return {
        "id": row["id"], "number": row["number"], "status": row["status"], "text": row["text"],
        # The chairman may reword a question for the hall: the asker sees that, and their own words.
        "original_text": row["original_text"] if row["text"] != row["original_text"] else "",
        "created_at": row["created_at"],
        "interest": row["interest"], "responder": row["responder"],
        "conclusion": row["conclusion"] if row["status"] in _OUTCOME_VALUES else "",
        "reject_reason": row["reject_reason"] if row["status"] == "rejected" else "",
        # A duplicate: the number of the question it joined, whose outcome is its own.
        "merged_into_number": row.get("merged_into_number") if row["status"] == "merged" else None,
        "ask_back": exchange(row),
        # After the meeting: what was promised, by whom and by when, and where it stands.
        **follow_up(row),
    }


def follow_up(row: dict[str, Any]) -> dict[str, Any]:
    """A resolution's, written reply's or referral's who, due date, done date and state
    ('done', 'in_progress', 'overdue'; None when nothing is owed), for the asker's phone."""
    state = follow_up_state(row, clock.hall_today().isoformat())
    owed = state is not None
    return {
        "reply_by": row.get("reply_by") or "" if owed else "", "reply_due": row.get("reply_due") if owed else None,
        "referred_to": row.get("referred_to") or "" if owed else "",
        "followup_done_on": row.get("followup_done_on") if owed else None,
        "followup": state.value if state else None,
    }


def screen(database: Database, conference: dict[str, Any], join_url: str) -> dict[str, Any]:
    """What the projector shows now, and what phones need to know of the room."""
    settings = room_settings(database, conference["id"])
    current = store.question_on_screen(database, conference["id"])
    return {
        "conference": {"id": conference["id"], "title": conference["title"]},
        "mode": settings["screen_mode"], "zoom": settings["zoom"], "submissions": settings["submissions"],
        "ended": settings["ended"],
        "timer": settings["timer"], "join_url": join_url,
        "question": public_question(current) if current else None,
        # The field taken now comes first in what is next; its name and how many of its
        # questions the hall has seen (`settings.current_topic`), never a pending one.
        "next": [public_question(row) for row in store.questions_up_next(
            database, conference["id"], (settings["current_topic"] or {}).get("id"), NEXT_SHOWN)],
        "topics": settings["topics"],
        "topic": settings["current_topic"],
    }
