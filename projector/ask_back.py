""""Hỏi lại" (the plan: "người chủ trì đối thoại có thể hỏi lại Nhân dân"): the chairman sends
a short question back to the asker of a phone question, and the asker answers it in one line
from the same phone. One exchange per question, kept on the question for the record.

Who may do what:
- the chairman or the secretary asks back, while the question is still undecided (pending, in
  the queue, on screen) and came from a phone that can still be reached (a question raised
  aloud has no phone; the retention purge forgets it); asking again replaces a question not
  yet answered, never one that was;
- only the asker's own phone answers (its device cookie, the key the question holds), once;
  to any other caller the question does not exist (404);
- neither once the chairman has ended the meeting: the record is finished (409 meeting_ended).

The exchange goes to the moderator and to the asker's own phone, never to the public rooms
(`events.ask_back_changed`). No Flask here; a request that cannot be honoured raises `Refusal`.
"""
from __future__ import annotations

import hmac
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.answers import Answer
from conference.errors import Refusal, active_conference, invalid, meeting_ended, meeting_not_ended, not_found
from conference.i18n import _
from conference.inputs import json_object
from conference.staff import User
from conference.text import clean

from .shapes import own_question, staff_question
from .vocabulary import UNDECIDED

MAX_ASK_BACK = 300  # the chairman's question back: short, read on a phone
MAX_ASK_BACK_ANSWER = 500  # the asker's answer: one line
MAX_RAW = 5000  # beyond this a body is refused before it is even cleaned
_ASKABLE = frozenset(s.value for s in UNDECIDED)


def _line(raw: Any, limit: int, empty: str, too_long: str) -> str:
    """One line of text, cleaned, not empty, at most `limit` characters."""
    if not isinstance(raw, str) or len(raw) > MAX_RAW:
        raise invalid(empty if not isinstance(raw, str) else too_long)
    text = clean(raw)
    if not text:
        raise invalid(empty)
    if len(text) > limit:
        raise invalid(too_long)
    return text


def ask(database: Database, question_id: int, body: Any, user: User) -> tuple[Answer, dict[str, Any]]:
    """The chairman (or the secretary) asks the asker back; returns the answer and the row."""
    body = json_object(body)
    text = _line(body.get("text"), MAX_ASK_BACK, _("Hãy viết câu hỏi lại."),
                 _("Câu hỏi lại dài quá %(n)d ký tự.", n=MAX_ASK_BACK))
    with store.write(database):
        conference = active_conference(database, 409)
        row = store.question_get(database, question_id)
        if row is None or row["conference_id"] != conference["id"]:
            raise not_found(_("Không tìm thấy câu hỏi này."))
        meeting_not_ended(database, conference, _("câu hỏi lại"))
        if not row["device"]:
            raise Refusal(409, "no_asker", _(
                "Câu hỏi này không gửi từ điện thoại nên không hỏi lại được. Hãy hỏi trực tiếp tại hội trường."))
        if row["status"] not in _ASKABLE:
            raise Refusal(409, "conflict", _("Câu hỏi đã xử lý xong nên không hỏi lại được nữa."))
        if not store.question_ask_back(database, question_id, text, store.now()):
            raise Refusal(409, "already_answered", _("Người hỏi đã trả lời câu hỏi lại này; không thay được nữa."))
        store.audit(database, user.actor, "question.ask_back", str(question_id), text=text)
        row = store.question_get(database, question_id) or {}
    return Answer(200, staff_question(row), changed=True), row


def reply(database: Database, question_id: int, body: Any, device: str | None) -> tuple[Answer, dict[str, Any]]:
    """The asker's own phone answers the question back, once; returns the answer and the row."""
    body = json_object(body)
    text = _line(body.get("text"), MAX_ASK_BACK_ANSWER, _("Hãy viết câu trả lời."),
                 _("Câu trả lời dài quá %(n)d ký tự.", n=MAX_ASK_BACK_ANSWER))
    with store.write(database):
        row = store.question_get(database, question_id)
        # Another phone, or a caller with no phone at all, is not told the question exists.
        if row is None or not device or not row["device"] or not hmac.compare_digest(row["device"], device):
            raise not_found(_("Không tìm thấy câu hỏi này."))
        if not row["ask_back"]:
            raise Refusal(409, "no_ask_back", _("Chủ trì chưa hỏi lại về câu hỏi này."))
        if not row["ask_back_answer"] and meeting_ended(database, row["conference_id"]):
            # The record is finished (and may be signed): a late answer would change it.
            raise Refusal(409, "meeting_ended", _("Hội nghị đã kết thúc nên không nhận thêm câu trả lời hỏi lại."))
        if not store.question_ask_back_answer(database, question_id, text, store.now()):
            raise Refusal(409, "already_answered", _("Bạn đã trả lời câu hỏi lại này rồi."))
        store.audit(database, f"phone:{device[:8]}", "question.ask_back_answer", str(question_id))
        row = store.question_get(database, question_id) or {}
    return Answer(200, own_question(row), changed=True), row


def record_line(question: dict[str, Any]) -> str:
    """The exchange as the record writes it after "Hỏi lại:" (the minutes, questions.xlsx):
    "<question> — Trả lời: <answer>"; empty when the chairman did not ask back. The record's
    own words, Vietnamese whatever the page's language."""
    if not question.get("ask_back"):
        return ""
    return f"{question['ask_back']} — Trả lời: {question.get('ask_back_answer') or '(chưa trả lời)'}"
