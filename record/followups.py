"""The follow-up after the meeting: for each written reply and referral, the date it was
done and the reply's text. It runs for weeks, after the conference is over; the change that
closes it also purges the phones' traces and the invitees' phone numbers (`retention`)."""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.errors import Refusal, invalid, not_found
from conference.i18n import _
from conference.inputs import iso_day, json_object
from conference.text import clean_text

from . import retention
from .data import FOLLOW_UP_STATUSES, vn_date

MAX_REPLY = 20_000  # the reply's text, as the ward sent it


def change(database: Database, question_id: int, body: Any, actor: str) -> tuple[dict[str, Any], dict[str, int] | None]:
    """A written reply or referral done (or its date or text corrected); returns the question
    and what the retention rule purged (None when this change did not close the follow-up).

    When this closes the conference's follow-up, its personal traces are purged in the same
    transaction; the question is returned as it was just before, so its last change still
    reaches the asker's phone (the device id then lives only in this answer, never on disk)."""
    body = json_object(body, fields=("done_on", "reply"))
    fields: dict[str, Any] = {}
    if "done_on" in body:
        try:
            done = iso_day(body["done_on"]) if body["done_on"] else None
        except (TypeError, ValueError):
            raise invalid(_("Ngày hoàn thành không hợp lệ (dạng NNNN-TT-NN)."))
        # Done is a thing that happened: a day after today (the hall's calendar) is a typo,
        # most often a month read for a day.
        if done is not None and done > clock.hall_today():
            raise Refusal(422, "future_date", _(
                "Ngày hoàn thành %(d)s chưa tới. Hãy ghi ngày đã làm xong (hôm nay hoặc trước đó).",
                d=done.strftime("%d/%m/%Y")))
        fields["followup_done_on"] = done.isoformat() if done else None
    if "reply" in body:
        if not isinstance(body["reply"], str) or len(body["reply"]) > MAX_REPLY:
            raise invalid(_("Nội dung trả lời không hợp lệ hoặc quá dài."))
        fields["followup_text"] = clean_text(body["reply"])
    with store.write(database):
        question = store.question_get(database, question_id)
        if question is None or question["status"] not in FOLLOW_UP_STATUSES:
            raise not_found(_("Không có câu hỏi cần theo dõi này."))
        done_on = fields.get("followup_done_on")
        conference = store.conference_get(database, question["conference_id"]) or {}
        if done_on and conference.get("held_on") and done_on < conference["held_on"]:
            # Taken up at the meeting, so done on its day at the earliest: an earlier day is a typo.
            raise Refusal(422, "before_meeting", _(
                "Ngày hoàn thành %(d)s trước ngày hội nghị (%(h)s), ngày việc này được nhận. Hãy ghi ngày đã làm xong "
                "(từ ngày hội nghị đến hôm nay).", d=vn_date(done_on), h=vn_date(conference["held_on"])), field="done_on")
        store.question_update(database, question_id, fields)
        store.audit(database, actor, "question.followup", str(question_id), **fields)
        changed = store.question_get(database, question_id) or {}
        purged = retention.purge_if_closed(database, question["conference_id"])
        return changed, purged
