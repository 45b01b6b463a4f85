"""The room's writes: questions from phones and the floor, the chairman's moves, the queue's
order, interest votes. One transaction each; each returns the answer and every question row
that changed, and the route emits them (`events.py`) after the commit.

The rules live beside this: the moves and their effects (`moves`), merging (`merge`), the
rate limits (`rate_limit`), the attention words (`attention`), what each audience sees
(`shapes`). A request that cannot be honoured raises `Refusal`.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

from sqlite_utils import Database

from conference import clock, store
from conference.answers import Answer, earlier_answer, remember
from conference.errors import Refusal, active_conference, invalid, meeting_not_ended, not_found
from conference.i18n import _, ngettext, number
from conference.inputs import MAX_ROW_ID, is_id, is_int, iso_day, json_object, keep_others_edits, whole_number
from conference.staff import User
from conference.text import clean, clean_text
from office.invitees import phone_number

from . import attention, merge
from .moves import effects, parse_status, past_due
from .rate_limit import address_may_vote, phone_may_send
from .settings import MAX_RAW, MAX_SHORT, MAX_TEXT
from .shapes import shown, staff_question
from .vocabulary import LABELS, UNDECIDED, Status

SECRETARY_FIELDS = ("text", "conclusion", "responder", "answer_summary", "reply_by", "reply_due", "referred_to", "was")
CHAIRMAN_FIELDS = SECRETARY_FIELDS + ("status", "merged_into", "reject_reason", "topic_id", "show_name")


def _opened_due(value: Any) -> str | None:
    """A due date as a page opened it: ISO (NNNN-TT-NN) or nothing; anything else is a 400."""
    if not value:
        return None
    try:
        return iso_day(value).isoformat()
    except ValueError:
        raise invalid(_("Hạn trả lời không hợp lệ (dạng NNNN-TT-NN).")) from None


# The fields a page may say it opened (`was`), and how each is cleaned to compare (inputs.keep_others_edits).
OPENED = {"text": clean_text, "conclusion": clean_text, "answer_summary": clean_text, "responder": clean,
          "reply_by": clean, "referred_to": clean, "reject_reason": clean, "reply_due": _opened_due}


# ---------------------------------------------------------------- from phones and the floor


def _group_fields(database: Database, conference_id: int, body: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    group_id = body.get("group_id")
    if group_id not in (None, "", "other"):
        group = store.group_get(database, group_id) if is_id(group_id) else None
        if group is None or group["conference_id"] != conference_id:
            raise invalid(_("Tổ dân phố đã chọn không có trong hội nghị này."))
        out["group_id"] = group_id
    elif body.get("group_other") is not None:
        other = clean(body["group_other"]) if isinstance(body["group_other"], str) else None
        if other is None or len(other) > MAX_SHORT:
            raise invalid(_("Tên đơn vị quá dài (tối đa %(n)d ký tự).", n=MAX_SHORT))
        out["group_other"] = other
    name = body.get("name")
    if name is not None:
        if not isinstance(name, str) or len(clean(name)) > MAX_SHORT:
            raise invalid(_("Họ tên quá dài (tối đa %(n)d ký tự).", n=MAX_SHORT))
        out["asker_name"] = clean(name)
    phone = body.get("phone")
    if phone not in (None, ""):
        number = phone_number(phone) if isinstance(phone, str) else None
        if number is None:
            raise invalid(_("Số điện thoại không hợp lệ (8–15 chữ số)."))
        out["asker_phone"] = number  # for a written reply: the staff's eyes only
    if "show_name" in body:
        if not isinstance(body["show_name"], bool):
            raise invalid(_("Lựa chọn hiện tên không hợp lệ."))
        out["show_name"] = int(body["show_name"])
    topic_id = body.get("topic_id")
    if topic_id not in (None, ""):
        if not is_id(topic_id) or topic_id not in _topic_ids(database, conference_id):
            raise invalid(_("Lĩnh vực đã chọn không hợp lệ."))
        out["topic_id"] = topic_id
    return out


def _topic_ids(database: Database, conference_id: int) -> set[int]:
    return {t["id"] for t in store.topics_list(database, conference_id)}


def _text(raw: Any) -> str:
    """A question's text: cleaned, not empty, at most MAX_TEXT characters."""
    if not isinstance(raw, str):
        raise invalid(_("Hãy viết nội dung câu hỏi hoặc ý kiến."))
    if len(raw) > MAX_RAW:
        raise Refusal(413, "too_long", _("Nội dung dài quá %(n)s ký tự.", n=number(MAX_TEXT)))
    text = clean_text(raw)
    if not text:
        raise invalid(_("Hãy viết nội dung câu hỏi hoặc ý kiến."))
    if len(text) > MAX_TEXT:
        raise Refusal(413, "too_long", _(
            "Nội dung dài %(len)s ký tự, quá giới hạn %(n)s ký tự. Hãy viết ngắn lại.",
            len=number(len(text)), n=number(MAX_TEXT)))
    return text


def _add(database: Database, body: Any, actor: str, device: str | None = None, address: str = "") -> dict[str, Any]:
    """A new question: from a phone (pending, `device` set) or from the floor (queued)."""
    body = json_object(body)
    text = _text(body.get("text"))
    with store.write(database):
        conference = active_conference(database, 409)
        if device is not None:
            phone_may_send(database, conference["id"], device, address)
        else:
            meeting_not_ended(database, conference, _("câu hỏi từ hội trường"))
        fields = _group_fields(database, conference["id"], body)
        fields.update(original_text=text, text=text, attention=int(attention.flagged(database, conference["id"], text)))
        if device is not None:
            fields.update(source="phone", device=device, ip=address, status=Status.PENDING.value)
        else:
            fields.update(source="floor", status=Status.APPROVED.value,
                          queue_order=store.queue_end(database, conference["id"]))
        question_id = store.question_insert(database, conference["id"], fields)
        store.audit(database, actor, f"question.{fields['source']}", str(question_id))
        return store.question_get(database, question_id) or {}


MAX_SEND_ID = 100
# The ask form's fields as a phone's browser posts them when the page's script did not arrive.
FORM_FIELDS = ("text", "name", "show_name", "phone", "group_id", "group_other", "topic_id", "send_id")


def from_form(form: dict[str, str]) -> dict[str, Any]:
    """The ask form (every FORM_FIELDS key, "" when absent) as the page's script sends it: ids
    as numbers (an unreadable one is kept, for `_group_fields` to refuse), the box ticked or not."""
    body: dict[str, Any] = {"text": form["text"], "name": form["name"], "show_name": form["show_name"] == "on"}
    if form["phone"].strip():
        body["phone"] = form["phone"].strip()
    if form["group_id"] == "other":
        body["group_other"] = form["group_other"]
    elif form["group_id"]:
        body["group_id"] = whole_number(form["group_id"], 1, MAX_ROW_ID) or form["group_id"]
    if form["topic_id"]:
        body["topic_id"] = whole_number(form["topic_id"], 1, MAX_ROW_ID) or form["topic_id"]
    if form["send_id"]:
        body["send_id"] = form["send_id"]
    return body


def submit(database: Database, body: Any, device: str, address: str) -> tuple[Answer, dict[str, Any]]:
    """A phone sends a question or opinion: it waits, pending, for the chairman.

    `send_id` (the phone's own id for this question, kept until an answer arrives): a send
    whose answer was lost on the way, sent again, gets the first answer (200) and nothing is
    written twice — the hall's Wi-Fi drops answers, and a resident told "not sent" presses
    Gửi again."""
    body = json_object(body)

    def write() -> tuple[Answer, dict[str, Any]]:
        row = _add(database, body, f"phone:{device[:8]}", device, address)
        return Answer(201, {"id": row["id"], "status": "pending"}, changed=True), row

    return _once(database, _send_key(body, f"ask:{device}"), write)


def _send_key(body: dict[str, Any], whose: str) -> str | None:
    """The key that makes a repeated send harmless: `whose` (a phone, a desk) and its `send_id`."""
    send_id = body.get("send_id")
    if send_id is not None and (not isinstance(send_id, str) or not 0 < len(send_id) <= MAX_SEND_ID):
        raise invalid(_("Mã lượt gửi (send_id) phải là chuỗi từ 1 đến %(n)d ký tự.", n=MAX_SEND_ID))
    return f"{whose}:{send_id}" if send_id else None


def _once(database: Database, key: str | None,
          write: Callable[[], tuple[Answer, dict[str, Any]]]) -> tuple[Answer, dict[str, Any]]:
    """`write()` in one transaction with its answer kept under `key`; a send already answered
    gets that answer again, as a 200, and nothing is written or emitted."""
    with store.write(database):
        earlier = earlier_answer(database, key)
        if earlier is not None:
            return Answer(200, earlier.body), {}
        answer, row = write()
        return remember(database, key, answer), row


# What the moderator's floor form sends (a script may add what a phone's question takes).
FLOOR_FIELDS = ("text", "name", "group_id", "group_other", "topic_id", "send_id", "show_name", "phone")


def add_from_floor(database: Database, body: Any, user: User) -> tuple[Answer, dict[str, Any]]:
    """The secretary types a question raised aloud: it goes straight into the queue. With
    `send_id`, as a phone's: a send whose answer was lost (the Wi-Fi, a restart), sent again,
    gets the first answer (200) and the question is written once."""
    body = json_object(body, fields=FLOOR_FIELDS)

    def write() -> tuple[Answer, dict[str, Any]]:
        row = _add(database, body, user.actor)
        return Answer(201, staff_question(row), changed=True), row

    return _once(database, _send_key(body, f"floor:{user.kind}:{user.id}"), write)


# ---------------------------------------------------------------- the chairman's moves


def _label(status: Status) -> str:
    return _(LABELS[status].page)


def _edits(body: dict[str, Any]) -> dict[str, Any]:
    """The text fields of a PATCH, checked and cleaned."""
    fields: dict[str, Any] = {}
    for key in ("conclusion", "answer_summary"):
        if key in body:
            if not isinstance(body[key], str) or len(body[key]) > 4000:
                raise invalid(_("Nội dung quá dài (tối đa 4.000 ký tự)."))
            fields[key] = clean_text(body[key])
    for key in ("responder", "reply_by", "referred_to", "reject_reason"):
        if key in body:
            if not isinstance(body[key], str) or len(clean(body[key])) > 200:
                raise invalid(_("Nội dung quá dài (tối đa 200 ký tự)."))
            fields[key] = clean(body[key])
    if "text" in body:
        fields["text"] = _text(body["text"])
    if "reply_due" in body:
        if body["reply_due"] in (None, ""):
            fields["reply_due"] = None
        else:
            try:
                fields["reply_due"] = iso_day(body["reply_due"]).isoformat()
            except ValueError:
                raise invalid(_("Hạn trả lời không hợp lệ (dạng NNNN-TT-NN)."))
    if "show_name" in body:
        if not isinstance(body["show_name"], bool):
            raise invalid(_("Lựa chọn hiện tên không hợp lệ."))
        fields["show_name"] = int(body["show_name"])
    return fields


def _target(body: dict[str, Any]) -> tuple[Status | None, int | None]:
    """The status a PATCH asks for (a `merged_into` alone means `merged`), and the merge's target."""
    target = None
    if "status" in body:
        target = parse_status(body["status"])
        if target is None or target is Status.PENDING:
            raise invalid(_("Trạng thái không hợp lệ."))
    merged_into = body.get("merged_into")
    if "merged_into" in body and not is_id(merged_into):
        raise invalid(_("Câu hỏi gộp vào không hợp lệ."))
    if merged_into is not None:
        if target not in (None, Status.MERGED):
            raise invalid(_("Gộp câu hỏi thì trạng thái là 'merged'."))
        target = Status.MERGED
    return target, merged_into


def change(database: Database, question_id: int, body: Any, user: User,
           today: date | None = None) -> tuple[Answer, list[dict[str, Any]]]:
    """PATCH a question: a move of the state machine and/or its text fields. `today` is the
    hall's date (a new due date before it is refused); the server's when not given.

    Returns the answer and every question row that changed (the one on screen before may
    have gone back to the queue; a merge changes the target's interest)."""
    body = json_object(body, need_fields=True, fields=CHAIRMAN_FIELDS)
    allowed = CHAIRMAN_FIELDS if user.role == "chairman" else SECRETARY_FIELDS
    if any(k not in allowed for k in body):
        raise Refusal(403, "forbidden", _("Chỉ chủ trì được duyệt, chuyển trạng thái hay gộp câu hỏi."))
    fields = _edits(body)
    target, merged_into = _target(body)

    changed: list[int] = [question_id]
    with store.write(database):
        row = store.question_get(database, question_id)
        if row is None:
            raise not_found(_("Không tìm thấy câu hỏi này."))
        if "topic_id" in body:
            topic_id = body["topic_id"]
            if topic_id is not None and (not is_id(topic_id) or topic_id not in _topic_ids(database, row["conference_id"])):
                raise invalid(_("Lĩnh vực đã chọn không hợp lệ."))
            fields["topic_id"] = body["topic_id"]
        # First what the page left as it opened it (not written, so not judged either), then the rest.
        keep_others_edits(body, row, fields, OPENED, lambda: Refusal(409, "changed_meanwhile", _(
            "Trong lúc bạn soạn, người khác đã lưu nội dung khác cho câu hỏi này. "
            "Bản của bạn chưa lưu và vẫn còn đây: hãy đối chiếu với bản đã lưu rồi lưu lại."), question=staff_question(row)))
        if past_due(fields.get("reply_due"), row["reply_due"], (today or clock.hall_today()).isoformat()):
            raise Refusal(422, "past_due", _("Hạn %(d)s đã qua. Hãy chọn hôm nay hoặc một ngày sau hôm nay.",
                                             d=date.fromisoformat(fields["reply_due"]).strftime("%d/%m/%Y")))
        current = Status(row["status"])
        if target is not None and target is not current:
            active = store.conference_active(database)
            if active is None or row["conference_id"] != active["id"]:
                # Another conference's record: its text may be completed, its outcomes are history.
                raise Refusal(409, "other_conference", _(
                    "Câu hỏi này thuộc một hội nghị khác hội nghị đang diễn ra: chỉ bổ sung được nội dung, "
                    "không chuyển được trạng thái."))
            changed += _move(database, row, current, target, merged_into, fields, user)
        # Each text field that really changed, old → new: the secretary fills a finished
        # question's gaps after the meeting, and the record must show who changed what.
        edits = {k: {"from": row.get(k), "to": v} for k, v in fields.items()
                 if k not in ("status", "closed_at", "shown_at", "queue_order", "merged_into")
                 and (row.get(k) or None) != (v or None)}  # an empty box over nothing is no change
        if edits:
            store.audit(database, user.actor, "question.edit", str(question_id), changes=edits)
        store.question_update(database, question_id, fields)
        rows = [store.question_get(database, q) for q in changed]
    if rows[0] is not None:  # the public rooms never hear of a question they never saw
        rows[0]["was_public"] = shown(row)
    return Answer(200, staff_question(rows[0]), changed=True), [r for r in rows if r]


def _move(database: Database, row: dict[str, Any], current: Status, target: Status, merged_into: int | None,
          fields: dict[str, Any], user: User) -> list[int]:
    """Apply one move's effects (the state machine's table says which); returns the other
    questions it changed. Inside the caller's transaction."""
    effect = effects(current, target)
    if effect is None:
        raise Refusal(409, "conflict", _(
            "Không thể chuyển câu hỏi từ '%(a)s' sang '%(b)s'.", a=_label(current), b=_label(target)))
    if target is Status.REJECTED and not clean(fields.get("reject_reason", row.get("reject_reason")) or ""):
        # The minutes say why a question was not taken up (the moderator's dialog asks for it).
        raise invalid(_("Hãy ghi lý do không đưa ra hội nghị (lý do được ghi vào biên bản)."), field="reject_reason")
    if target in (Status.REJECTED, Status.MERGED):
        # Its duplicates' outcome is this one's: it cannot leave them pointing at a question
        # not admitted, or at one itself merged away.
        joined = store.questions_merged_into(database, row["id"])
        if joined:
            raise Refusal(409, "has_merged", _(
                "Đã có câu hỏi gộp vào câu này (%(n)s), nên không thể loại hay gộp nó: kết quả của câu "
                "này cũng là kết quả của các câu đó. Hãy mở lại các câu đã gộp trước, nếu cần.",
                n=", ".join(_("Câu %(n)d", n=n) for n in joined)))
    now, others = store.now(), []
    fields["status"] = target.value
    if effect.moves_votes:
        into = merge.target(database, row, merged_into)
        fields["merged_into"] = into["id"]
        merge.join_interest(database, row["id"], into["id"])
        others.append(into["id"])
    if effect.reopens:
        fields.update(closed_at=None, merged_into=None)
    if effect.to_queue_end:
        fields["queue_order"] = store.queue_end(database, row["conference_id"])
    if effect.takes_screen:
        previous = store.question_on_screen(database, row["conference_id"])
        if previous is not None:
            store.question_update(database, previous["id"], {"status": Status.APPROVED.value})
            store.audit(database, user.actor, "question.move", str(previous["id"]), **{"from": "on_screen", "to": "approved"})
            others.append(previous["id"])
        fields["shown_at"] = now
        store.room_update(database, row["conference_id"], {"timer_started_at": None})
    if effect.closes:
        fields["closed_at"] = now
    store.audit(database, user.actor, "question.move", str(row["id"]), **{"from": current.value, "to": target.value})
    return others


def close_meeting(database: Database, body: Any, user: User) -> tuple[Answer, list[dict[str, Any]]]:
    """The chairman closes the meeting: submissions stop, and every question not reached
    (waiting, in the queue, on screen without an outcome) becomes a written reply to follow up,
    so that every question received is accounted for. Without `"confirm": true` nothing
    changes: a 409 says how many questions would, for the page to ask in place."""
    body = json_object(body, fields=("confirm",))
    confirm = body.get("confirm", False)
    if not isinstance(confirm, bool):
        raise invalid(_("Xác nhận (confirm) phải là true hoặc false."))
    with store.write(database):
        conference = active_conference(database, 409)
        undecided = store.questions_list(database, conference["id"], [s.value for s in UNDECIDED])
        if not confirm:
            raise Refusal(409, "needs_confirmation", ngettext(
                "Còn %(n)d câu hỏi chưa được trả lời hay xử lý tại hội nghị. Kết thúc hội nghị sẽ chuyển các "
                "câu này sang trả lời bằng văn bản để theo dõi.",
                "Còn %(n)d câu hỏi chưa được trả lời hay xử lý tại hội nghị. Kết thúc hội nghị sẽ chuyển các "
                "câu này sang trả lời bằng văn bản để theo dõi.", len(undecided), n=len(undecided)),
                undecided=sorted(row["number"] for row in undecided))
        changed: list[int] = []
        for row in undecided:
            fields: dict[str, Any] = {}
            changed += [row["id"]] + _move(database, row, Status(row["status"]), Status.WRITTEN_REPLY, None, fields, user)
            store.question_update(database, row["id"], fields)
        store.room_update(database, conference["id"], {"submissions": "closed", "timer_started_at": None,
                                                       "ended_at": store.now()})
        store.audit(database, user.actor, "room.close", str(conference["id"]), written_reply=len(undecided))
        rows = [store.question_get(database, q) for q in dict.fromkeys(changed)]
    before = {row["id"]: shown(row) for row in undecided}
    for row in rows:
        if row is not None:
            row["was_public"] = before.get(row["id"], True)
    return Answer(200, {"closed": True, "written_reply": len(undecided)}, changed=True), [r for r in rows if r]


def reorder(database: Database, order: Any, user: User) -> tuple[Answer, list[dict[str, Any]]]:
    """The chairman drags the queue into a new order (ids of approved questions)."""
    if not isinstance(order, list) or not all(is_int(i) for i in order):
        raise invalid(_("Cần gửi danh sách mã câu hỏi theo thứ tự mới."))
    with store.write(database):
        conference = active_conference(database, 409)
        queue = store.questions_list(database, conference["id"], [Status.APPROVED.value])
        if sorted(order) != sorted(row["id"] for row in queue):
            raise Refusal(409, "conflict", _("Hàng đợi đã thay đổi; hãy tải lại rồi sắp xếp lại."))
        for position, question_id in enumerate(order, start=1):
            store.question_update(database, question_id, {"queue_order": float(position)})
        store.audit(database, user.actor, "question.reorder", "", order=order)
        rows = store.questions_list(database, conference["id"], [Status.APPROVED.value])
    return Answer(200, {"order": [r["id"] for r in rows]}, changed=True), rows


def vote(database: Database, question_id: int, device: str, address: str) -> tuple[Answer, dict[str, Any]]:
    """"Tôi cũng quan tâm": one per phone, on approved questions only, under the address's limit."""
    with store.write(database):
        row = store.question_get(database, question_id)
        if row is None or row["status"] not in (Status.APPROVED.value, Status.ON_SCREEN.value):
            raise not_found(_("Không tìm thấy câu hỏi này."))
        address_may_vote(database, address)
        if not store.vote_insert(database, question_id, device, address):
            raise Refusal(409, "already_voted", _("Bạn đã bày tỏ quan tâm tới câu hỏi này rồi."))
        row = store.question_get(database, question_id) or {}
    return Answer(200, {"id": question_id, "interest": row["interest"], "voted": True}, changed=True), row
