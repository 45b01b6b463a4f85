"""The follow-up after the meeting: for each written reply and referral, the date it was
done and the reply's text. It runs for weeks, after the conference is over."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.errors import invalid, not_found
from conference.i18n import _
from conference.inputs import json_object
from conference.text import clean_text

from .data import FOLLOW_UP_STATUSES


def change(database: Database, question_id: int, body: Any, actor: str) -> dict[str, Any]:
    """A written reply or referral done (or its date or text corrected); returns the question."""
    body = json_object(body)
    fields: dict[str, Any] = {}
    if "done_on" in body:
        try:
            fields["followup_done_on"] = date.fromisoformat(body["done_on"]).isoformat() if body["done_on"] else None
        except (TypeError, ValueError):
            raise invalid(_("Ngày hoàn thành không hợp lệ (dạng NNNN-TT-NN)."))
    if "reply" in body:
        if not isinstance(body["reply"], str) or len(body["reply"]) > 20_000:
            raise invalid(_("Nội dung trả lời không hợp lệ hoặc quá dài."))
        fields["followup_text"] = clean_text(body["reply"])
    with store.write(database):
        question = store.question_get(database, question_id)
        if question is None or question["status"] not in FOLLOW_UP_STATUSES:
            raise not_found(_("Không có câu hỏi cần theo dõi này."))
        store.question_update(database, question_id, fields)
        store.audit(database, actor, "question.followup", str(question_id), **fields)
        return store.question_get(database, question_id) or {}
