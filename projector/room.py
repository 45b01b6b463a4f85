"""The room's writes and views: questions from phones and the floor, the chairman's moves,
interest votes, the room's settings. One transaction each; events are the route's job.

Nothing a phone or the projector receives ever holds a pending question, a device id or the
name of an asker who chose not to show it: `public_question` is the one door out.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.answers import Answer, error
from conference.i18n import N_, _
from conference.staff import User
from conference.text import clean, clean_text, contains_word, fold

from .questions import OUTCOMES, Status, can_merge_into, can_move, is_public, parse_status

MAX_TEXT = 1000
MAX_RAW = 20_000  # beyond this a body is refused before it is even cleaned
MAX_SHORT = 120
RATE = ((timedelta(minutes=1), 3), (timedelta(hours=1), 20))  # per phone
RATE_PER_ADDRESS = (timedelta(minutes=1), 10)  # per LAN address, for clients that drop cookies

DEFAULT_ATTENTION_WORDS = (
    "tham nhũng", "hối lộ", "ăn chặn", "lừa đảo", "bảo kê", "đánh người",
    "đồ ngu", "ngu", "khốn nạn", "mẹ kiếp", "chó", "cút", "đéo", "địt", "đm", "vcl",
)
DEFAULT_RESPONDERS = (
    "Chủ tịch UBND phường",
    "Phó Chủ tịch UBND phường (kinh tế)",
    "Phó Chủ tịch UBND phường (văn hóa - xã hội)",
    "Trưởng Công an phường",
    "Chỉ huy trưởng Ban CHQS phường",
    "Công chức Địa chính - Xây dựng",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Văn hóa - Xã hội",
    "Công chức Tài chính - Kế toán",
    "Trưởng Trạm y tế phường",
)
STATUS_LABELS = {
    "pending": N_("chờ duyệt"),
    "approved": N_("trong hàng đợi"),
    "on_screen": N_("đang trên màn hình"),
    "answered": N_("đã trả lời"),
    "written_reply": N_("trả lời bằng văn bản"),
    "referred": N_("hướng dẫn chuyển cơ quan có thẩm quyền"),
    "rejected": N_("không đưa ra hội nghị"),
    "merged": N_("đã gộp vào câu hỏi khác"),
}
SECRETARY_FIELDS = ("text", "conclusion", "responder", "answer_summary", "reply_by", "reply_due", "referred_to")
CHAIRMAN_FIELDS = SECRETARY_FIELDS + ("status", "merged_into", "reject_reason", "topic_id", "show_name")


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# ---------------------------------------------------------------- shapes


def staff_question(row: dict[str, Any]) -> dict[str, Any]:
    """What the chairman and the secretary see: everything but the device."""
    return {
        "id": row["id"], "created_at": row["created_at"], "source": row["source"],
        "group_id": row["group_id"], "group_name": row["group_name"] or row["group_other"],
        "asker_name": row["asker_name"], "show_name": bool(row["show_name"]),
        "topic_id": row["topic_id"], "topic_name": row["topic_name"],
        "text": row["text"], "original_text": row["original_text"], "edited": row["text"] != row["original_text"],
        "status": row["status"], "attention": bool(row["attention"]), "reject_reason": row["reject_reason"],
        "interest": row["interest"], "queue_order": row["queue_order"],
        "responder": row["responder"], "answer_summary": row["answer_summary"], "conclusion": row["conclusion"],
        "reply_by": row["reply_by"], "reply_due": row["reply_due"], "referred_to": row["referred_to"],
        "merged_into": row["merged_into"], "shown_at": row["shown_at"], "closed_at": row["closed_at"],
    }


def public_question(row: dict[str, Any]) -> dict[str, Any]:
    """What phones and the projector may see. A question that is not (or no longer) public
    is only its id and status, so screens can drop it."""
    if not is_public(row["status"]):
        return {"id": row["id"], "status": row["status"] if row["status"] != "pending" else "hidden"}
    return {
        "id": row["id"], "status": row["status"], "text": row["text"],
        "group_name": row["group_name"] or row["group_other"],
        "asker_name": row["asker_name"] if row["show_name"] else "",
        "topic_name": row["topic_name"], "interest": row["interest"],
        "responder": row["responder"],
        "conclusion": row["conclusion"] if row["status"] in [s.value for s in OUTCOMES] else "",
    }


def own_question(row: dict[str, Any]) -> dict[str, Any]:
    """What the asker's own phone sees of its question: its text and status, pending too."""
    return {
        "id": row["id"], "status": row["status"], "text": row["text"], "created_at": row["created_at"],
        "interest": row["interest"], "responder": row["responder"],
        "conclusion": row["conclusion"] if row["status"] in [s.value for s in OUTCOMES] else "",
        "reject_reason": row["reject_reason"] if row["status"] == "rejected" else "",
    }


def room_settings(database: Database, conference_id: int) -> dict[str, Any]:
    room = store.room_get(database, conference_id)
    words = json.loads(room["attention_words"]) or list(DEFAULT_ATTENTION_WORDS)
    responders = json.loads(room["responders"]) or list(DEFAULT_RESPONDERS)
    return {
        "submissions": room["submissions"], "attention_words": words, "responders": responders,
        "screen_mode": room["screen_mode"], "zoom": room["zoom"],
        "timer": {"started_at": room["timer_started_at"], "seconds": room["timer_seconds"]},
        "topics": store.topics_list(database, conference_id),
    }


def screen(database: Database, conference: dict[str, Any], join_url: str) -> dict[str, Any]:
    """What the projector shows now, and what phones need to know of the room."""
    settings = room_settings(database, conference["id"])
    current = store.question_on_screen(database, conference["id"])
    queue = store.questions_list(database, conference["id"], [Status.APPROVED.value])
    return {
        "conference": {"id": conference["id"], "title": conference["title"]},
        "mode": settings["screen_mode"], "zoom": settings["zoom"], "submissions": settings["submissions"],
        "timer": settings["timer"], "join_url": join_url,
        "question": public_question(current) if current else None,
        "next": [public_question(row) for row in queue[:3]],
        "topics": settings["topics"],
    }


# ---------------------------------------------------------------- from phones and the floor


def _group_fields(database: Database, conference_id: int, body: dict[str, Any]) -> tuple[dict[str, Any], Answer | None]:
    out: dict[str, Any] = {}
    group_id = body.get("group_id")
    if group_id not in (None, "", "other"):
        group = store.group_get(database, group_id) if isinstance(group_id, int) and not isinstance(group_id, bool) else None
        if group is None or group["conference_id"] != conference_id:
            return out, error(400, "invalid", _("Tổ dân phố đã chọn không có trong hội nghị này."))
        out["group_id"] = group_id
    elif body.get("group_other") is not None:
        other = clean(body["group_other"]) if isinstance(body["group_other"], str) else None
        if other is None or len(other) > MAX_SHORT:
            return out, error(400, "invalid", _("Tên đơn vị quá dài (tối đa %(n)d ký tự).", n=MAX_SHORT))
        out["group_other"] = other
    name = body.get("name")
    if name is not None:
        if not isinstance(name, str) or len(clean(name)) > MAX_SHORT:
            return out, error(400, "invalid", _("Họ tên quá dài (tối đa %(n)d ký tự).", n=MAX_SHORT))
        out["asker_name"] = clean(name)
    if "show_name" in body:
        if not isinstance(body["show_name"], bool):
            return out, error(400, "invalid", _("Lựa chọn hiện tên không hợp lệ."))
        out["show_name"] = int(body["show_name"])
    topic_id = body.get("topic_id")
    if topic_id not in (None, ""):
        topics = {t["id"] for t in store.topics_list(database, conference_id)}
        if not isinstance(topic_id, int) or isinstance(topic_id, bool) or topic_id not in topics:
            return out, error(400, "invalid", _("Lĩnh vực đã chọn không hợp lệ."))
        out["topic_id"] = topic_id
    return out, None


def _text(raw: Any) -> tuple[str, Answer | None]:
    if not isinstance(raw, str):
        return "", error(400, "invalid", _("Hãy viết nội dung câu hỏi hoặc ý kiến."))
    if len(raw) > MAX_RAW:
        return "", error(413, "too_long", _("Nội dung dài quá %(n)s ký tự.", n="1.000"))
    text = clean_text(raw)
    if not text:
        return "", error(400, "invalid", _("Hãy viết nội dung câu hỏi hoặc ý kiến."))
    if len(text) > MAX_TEXT:
        return "", error(413, "too_long", _(
            "Nội dung dài %(len)s ký tự, quá giới hạn %(n)s ký tự. Hãy viết ngắn lại.",
            len=f"{len(text):,}".replace(",", "."), n="1.000"))
    return text, None


def _attention(database: Database, conference_id: int, text: str) -> int:
    folded = fold(text)
    return int(any(contains_word(folded, w) for w in room_settings(database, conference_id)["attention_words"]))


def _phone_may_send(database: Database, conference_id: int, device: str, address: str) -> Answer | None:
    """Submissions open, and this phone (and its address) under the rate limits."""
    submissions = store.room_get(database, conference_id)["submissions"]
    if submissions != "open":
        message = (_("Chủ trì đang tạm dừng nhận câu hỏi. Xin chờ một lát.") if submissions == "paused"
                   else _("Hội nghị đã ngừng nhận câu hỏi."))
        return error(403, f"submissions_{submissions}", message)
    now = datetime.now(timezone.utc)
    for window, limit in RATE:
        if store.submissions_since(database, "device", device, _iso(now - window)) >= limit:
            return error(429, "too_many", _(
                "Bạn đã gửi %(n)d câu hỏi trong %(w)s. Xin chờ một lát rồi gửi tiếp.",
                n=limit, w=_("1 phút") if window <= timedelta(minutes=1) else _("1 giờ")))
    window, limit = RATE_PER_ADDRESS
    if address and store.submissions_since(database, "ip", address, _iso(now - window)) >= limit:
        return error(429, "too_many", _("Máy này gửi quá nhiều câu hỏi. Xin chờ một lát rồi gửi tiếp."))
    return None


def _add(database: Database, body: Any, actor: str, device: str | None = None,
         address: str = "") -> tuple[Answer | None, dict[str, Any] | None]:
    """A new question: from a phone (pending, `device` set) or from the floor (queued)."""
    if not isinstance(body, dict):
        return error(400, "invalid", _("Dữ liệu gửi lên phải là một đối tượng JSON.")), None
    text, problem = _text(body.get("text"))
    if problem:
        return problem, None
    with store.write(database):
        conference = store.conference_active(database)
        if conference is None:
            return error(409, "no_conference", _("Chưa có hội nghị nào đang diễn ra.")), None
        if device is not None:
            problem = _phone_may_send(database, conference["id"], device, address)
            if problem:
                return problem, None
        fields, problem = _group_fields(database, conference["id"], body)
        if problem:
            return problem, None
        fields.update(original_text=text, text=text, attention=_attention(database, conference["id"], text))
        if device is not None:
            fields.update(source="phone", device=device, ip=address, status=Status.PENDING.value)
        else:
            fields.update(source="floor", status=Status.APPROVED.value,
                          queue_order=store.queue_end(database, conference["id"]))
        question_id = store.question_insert(database, conference["id"], fields)
        store.audit(database, actor, f"question.{fields['source']}", str(question_id))
        return None, store.question_get(database, question_id)


def submit(database: Database, body: Any, device: str, address: str) -> tuple[Answer, dict[str, Any] | None]:
    """A phone sends a question or opinion: it waits, pending, for the chairman."""
    problem, row = _add(database, body, f"phone:{device[:8]}", device, address)
    if problem or row is None:
        return problem, None  # type: ignore[return-value]
    return Answer(201, {"id": row["id"], "status": "pending"}, changed=True), row


def add_from_floor(database: Database, body: Any, user: User) -> tuple[Answer, dict[str, Any] | None]:
    """The secretary types a question raised aloud: it goes straight into the queue."""
    problem, row = _add(database, body, user.actor)
    if problem or row is None:
        return problem, None  # type: ignore[return-value]
    return Answer(201, staff_question(row), changed=True), row


# ---------------------------------------------------------------- the chairman's moves


def _label(status: str) -> str:
    return _(STATUS_LABELS[status])


def change(database: Database, question_id: int, body: Any, user: User) -> tuple[Answer, list[dict[str, Any]]]:
    """PATCH a question: a move of the state machine and/or its text fields.

    Returns the answer and every question row that changed (the one on screen before may
    have gone back to the queue; a merge changes the target's interest)."""
    if not isinstance(body, dict) or not body:
        return error(400, "invalid", _("Dữ liệu gửi lên phải là một đối tượng JSON có ít nhất một trường.")), []
    allowed = CHAIRMAN_FIELDS if user.role == "chairman" else SECRETARY_FIELDS
    unknown = [k for k in body if k not in CHAIRMAN_FIELDS]
    if unknown:
        return error(400, "invalid", _("Trường không hợp lệ: %(f)s.", f=", ".join(sorted(unknown))[:200])), []
    forbidden = [k for k in body if k not in allowed]
    if forbidden:
        return error(403, "forbidden", _("Chỉ chủ trì được duyệt, chuyển trạng thái hay gộp câu hỏi.")), []
    fields: dict[str, Any] = {}
    for key in ("conclusion", "answer_summary"):
        if key in body:
            if not isinstance(body[key], str) or len(body[key]) > 4000:
                return error(400, "invalid", _("Nội dung quá dài (tối đa 4.000 ký tự).")), []
            fields[key] = clean_text(body[key])
    for key in ("responder", "reply_by", "referred_to", "reject_reason"):
        if key in body:
            if not isinstance(body[key], str) or len(clean(body[key])) > 200:
                return error(400, "invalid", _("Nội dung quá dài (tối đa 200 ký tự).")), []
            fields[key] = clean(body[key])
    if "text" in body:
        text, problem = _text(body["text"])
        if problem:
            return problem, []
        fields["text"] = text
    if "reply_due" in body:
        if body["reply_due"] in (None, ""):
            fields["reply_due"] = None
        else:
            try:
                fields["reply_due"] = date.fromisoformat(str(body["reply_due"])).isoformat()
            except ValueError:
                return error(400, "invalid", _("Hạn trả lời không hợp lệ (dạng NNNN-TT-NN).")), []
    if "show_name" in body:
        if not isinstance(body["show_name"], bool):
            return error(400, "invalid", _("Lựa chọn hiện tên không hợp lệ.")), []
        fields["show_name"] = int(body["show_name"])
    target = None
    if "status" in body:
        target = parse_status(body["status"])
        if target is None or target is Status.PENDING:
            return error(400, "invalid", _("Trạng thái không hợp lệ.")), []
    merged_into = body.get("merged_into")
    if "merged_into" in body and (not isinstance(merged_into, int) or isinstance(merged_into, bool)):
        return error(400, "invalid", _("Câu hỏi gộp vào không hợp lệ.")), []
    if merged_into is not None:
        if target not in (None, Status.MERGED):
            return error(400, "invalid", _("Gộp câu hỏi thì trạng thái là 'merged'.")), []
        target = Status.MERGED

    changed: list[int] = [question_id]
    with store.write(database):
        row = store.question_get(database, question_id)
        if row is None:
            return error(404, "not_found", _("Không tìm thấy câu hỏi này.")), []
        if "topic_id" in body:
            topics = {t["id"] for t in store.topics_list(database, row["conference_id"])}
            if body["topic_id"] is not None and body["topic_id"] not in topics:
                return error(400, "invalid", _("Lĩnh vực đã chọn không hợp lệ.")), []
            fields["topic_id"] = body["topic_id"]
        current = Status(row["status"])
        if target is not None and target is not current:
            if not can_move(current, target):
                return error(409, "conflict", _(
                    "Không thể chuyển câu hỏi từ '%(a)s' sang '%(b)s'.", a=_label(current.value), b=_label(target.value))), []
            now = store.now()
            fields["status"] = target.value
            if target is Status.MERGED:
                if merged_into is None:
                    return error(400, "invalid", _("Cần chọn câu hỏi để gộp vào (merged_into).")), []
                into = store.question_get(database, merged_into)
                if into is None or into["conference_id"] != row["conference_id"] or into["id"] == question_id:
                    return error(400, "invalid", _("Câu hỏi gộp vào không hợp lệ.")), []
                if not can_merge_into(into["status"]):
                    return error(409, "conflict", _("Không gộp vào câu hỏi đã loại hoặc đã gộp.")), []
                fields["merged_into"] = merged_into
                store.votes_move(database, question_id, merged_into)
                changed.append(merged_into)
            if target is Status.APPROVED:
                fields["closed_at"] = None
                fields["merged_into"] = None
                if current is not Status.ON_SCREEN:
                    fields["queue_order"] = store.queue_end(database, row["conference_id"])
            if target is Status.ON_SCREEN:
                previous = store.question_on_screen(database, row["conference_id"])
                if previous is not None:
                    store.question_update(database, previous["id"], {"status": Status.APPROVED.value})
                    store.audit(database, user.actor, "question.move", str(previous["id"]), **{"from": "on_screen", "to": "approved"})
                    changed.append(previous["id"])
                fields["shown_at"] = now
                store.room_update(database, row["conference_id"], {"timer_started_at": None})
            if target in OUTCOMES or target in (Status.REJECTED, Status.MERGED):
                fields["closed_at"] = now
            store.audit(database, user.actor, "question.move", str(question_id), **{"from": current.value, "to": target.value})
        edits = {k: v for k, v in fields.items() if k not in ("status", "closed_at", "shown_at", "queue_order", "merged_into")}
        if edits:
            store.audit(database, user.actor, "question.edit", str(question_id), **edits)
        store.question_update(database, question_id, fields)
        rows = [store.question_get(database, q) for q in changed]
    return Answer(200, staff_question(rows[0]), changed=True), [r for r in rows if r]


def reorder(database: Database, order: Any, user: User) -> tuple[Answer, list[dict[str, Any]]]:
    """The chairman drags the queue into a new order (ids of approved questions)."""
    if not isinstance(order, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in order):
        return error(400, "invalid", _("Cần gửi danh sách mã câu hỏi theo thứ tự mới.")), []
    with store.write(database):
        conference = store.conference_active(database)
        if conference is None:
            return error(409, "no_conference", _("Chưa có hội nghị nào đang diễn ra.")), []
        queue = store.questions_list(database, conference["id"], [Status.APPROVED.value])
        ids = [row["id"] for row in queue]
        if sorted(order) != sorted(ids):
            return error(409, "conflict", _("Hàng đợi đã thay đổi; hãy tải lại rồi sắp xếp lại.")), []
        for position, question_id in enumerate(order, start=1):
            store.question_update(database, question_id, {"queue_order": float(position)})
        store.audit(database, user.actor, "question.reorder", "", order=order)
        rows = store.questions_list(database, conference["id"], [Status.APPROVED.value])
    return Answer(200, {"order": [r["id"] for r in rows]}, changed=True), rows


def vote(database: Database, question_id: int, device: str) -> tuple[Answer, dict[str, Any] | None]:
    """"Tôi cũng quan tâm": one per phone, on approved questions only."""
    with store.write(database):
        row = store.question_get(database, question_id)
        if row is None or row["status"] not in (Status.APPROVED.value, Status.ON_SCREEN.value):
            return error(404, "not_found", _("Không tìm thấy câu hỏi này.")), None
        if not store.vote_insert(database, question_id, device):
            return error(409, "already_voted", _("Bạn đã bày tỏ quan tâm tới câu hỏi này rồi.")), None
        row = store.question_get(database, question_id)
    return Answer(200, {"id": question_id, "interest": row["interest"], "voted": True}, changed=True), row


def update_room(database: Database, body: Any, user: User) -> Answer:
    """The chairman opens, pauses or closes submissions; edits words, responders, topics;
    sets the projector's mode and zoom; starts and stops the speaking timer."""
    if not isinstance(body, dict) or not body:
        return error(400, "invalid", _("Dữ liệu gửi lên phải là một đối tượng JSON có ít nhất một trường."))
    fields: dict[str, Any] = {}
    if "submissions" in body:
        if body["submissions"] not in ("open", "paused", "closed"):
            return error(400, "invalid", _("Trạng thái nhận câu hỏi không hợp lệ."))
        fields["submissions"] = body["submissions"]
    for key, limit in (("attention_words", 200), ("responders", 50)):
        if key in body:
            values = body[key]
            if not isinstance(values, list) or len(values) > limit or not all(isinstance(v, str) for v in values):
                return error(400, "invalid", _("Danh sách không hợp lệ."))
            cleaned = [clean(v)[:MAX_SHORT] for v in values if clean(v)]
            fields[key] = json.dumps(cleaned, ensure_ascii=False)
    topics = body.get("topics")
    if topics is not None:
        if not isinstance(topics, list) or not 1 <= len(topics) <= 20 or not all(isinstance(t, str) and clean(t) for t in topics):
            return error(400, "invalid", _("Danh sách lĩnh vực không hợp lệ (1 đến 20 lĩnh vực)."))
    if "screen_mode" in body:
        if body["screen_mode"] not in ("questions", "arrivals"):
            return error(400, "invalid", _("Chế độ màn chiếu không hợp lệ."))
        fields["screen_mode"] = body["screen_mode"]
    if "zoom" in body:
        zoom = body["zoom"]
        if not isinstance(zoom, (int, float)) or isinstance(zoom, bool) or not 0.5 <= zoom <= 2.5:
            return error(400, "invalid", _("Cỡ chữ phải từ 0,5 đến 2,5."))
        fields["zoom"] = float(zoom)
    if "timer_seconds" in body:
        seconds = body["timer_seconds"]
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 10 <= seconds <= 1800:
            return error(400, "invalid", _("Thời gian phát biểu phải từ 10 đến 1800 giây."))
        fields["timer_seconds"] = seconds
    if "timer" in body:
        if body["timer"] not in ("start", "stop"):
            return error(400, "invalid", _("Đồng hồ chỉ có 'start' hoặc 'stop'."))
        fields["timer_started_at"] = store.now() if body["timer"] == "start" else None
    with store.write(database):
        conference = store.conference_active(database)
        if conference is None:
            return error(409, "no_conference", _("Chưa có hội nghị nào đang diễn ra."))
        store.room_update(database, conference["id"], fields)
        if topics is not None:
            store.topics_reorder(database, conference["id"], [clean(t)[:MAX_SHORT] for t in topics])
        store.audit(database, user.actor, "room.update", str(conference["id"]), **{k: v for k, v in body.items() if k != "attention_words"})
        settings = room_settings(database, conference["id"])
    return Answer(200, settings, changed=True)
