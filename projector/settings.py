"""The room's settings: submissions open, paused or closed; the attention words; who may
answer; where a matter is referred; the topics; the projector's mode and zoom; the speaking timer. One transaction."""
from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.answers import Answer
from conference.errors import active_conference, invalid
from conference.i18n import _
from conference.inputs import is_id, is_int, json_object
from conference.staff import User
from conference.text import clean

from . import topics as fields_of_talk
from .vocabulary import PUBLIC

MAX_SHORT = 120
# A question's text: at most MAX_TEXT characters once cleaned; a body beyond MAX_RAW is refused
# before it is even cleaned. Here, a module the office's petitions import without the room's.
MAX_TEXT = 1000
MAX_RAW = 20_000

DEFAULT_ATTENTION_WORDS = (
    "tham nhũng", "hối lộ", "ăn chặn", "lừa đảo", "bảo kê", "đánh người",
    # The insult, not the animal: "chó thả rông" (loose dogs) is a ward's everyday question.
    "đồ ngu", "ngu", "khốn nạn", "mẹ kiếp", "đồ chó", "chó má", "thằng chó", "cút", "đéo", "địt", "đm", "vcl",
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
# Where a matter not the ward's to decide is referred ("hướng dẫn chuyển cơ quan có thẩm
# quyền"): the moderator's suggestions until the ward writes its own list. Written into the
# record as they are, so not translated.
DEFAULT_AUTHORITIES = (
    "UBND tỉnh, thành phố",
    "Tòa án nhân dân khu vực",
    "Văn phòng đăng ký đất đai",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Cơ quan bảo hiểm xã hội",
    "Công ty điện lực",
    "Công ty cấp nước",
)
MAX_AUTHORITIES = 50


def room_settings(database: Database, conference_id: int) -> dict[str, Any]:
    room = store.room_get(database, conference_id)
    words = json.loads(room["attention_words"]) or list(DEFAULT_ATTENTION_WORDS)
    responders = json.loads(room["responders"]) or list(DEFAULT_RESPONDERS)
    return {
        "submissions": room["submissions"], "attention_words": words, "responders": responders,
        "screen_mode": room["screen_mode"], "zoom": room["zoom"],
        "timer": {"started_at": room["timer_started_at"], "seconds": room["timer_seconds"]},
        "topics": store.topics_list(database, conference_id),
        "authorities": json.loads(store.room_authorities(database, conference_id)) or list(DEFAULT_AUTHORITIES),
        "current_topic": current_topic(database, conference_id, room["current_topic_id"]),
        "ended": bool(room["ended_at"]),  # "Kết thúc hội nghị": closed for good, not paused or closed a while
    }


def current_topic(database: Database, conference_id: int, topic_id: int | None) -> dict[str, Any] | None:
    """The field being taken now and how many of its questions the hall has seen (in the
    queue, on screen or done: never a pending one); None when the chairman takes them all."""
    if topic_id is None:
        return None
    topic = next((t for t in store.topics_list(database, conference_id) if t["id"] == topic_id), None)
    if topic is None:
        return None
    count = store.topic_shown_count(database, conference_id, topic_id, [s.value for s in PUBLIC])
    return {"id": topic["id"], "name": topic["name"], "count": count}


ROOM_FIELDS = ("submissions", "attention_words", "responders", "authorities", "topics", "current_topic_id",
               "screen_mode", "zoom", "timer_seconds", "timer")


def update_room(database: Database, body: Any, user: User) -> Answer:
    """The chairman opens, pauses or closes submissions; edits words, responders, topics;
    picks the field being taken now; sets the projector's mode and zoom; starts and stops the
    speaking timer."""
    body = json_object(body, need_fields=True, fields=ROOM_FIELDS)
    fields: dict[str, Any] = {}
    if "submissions" in body:
        if body["submissions"] not in ("open", "paused", "closed"):
            raise invalid(_("Trạng thái nhận câu hỏi không hợp lệ."))
        fields["submissions"] = body["submissions"]
        if body["submissions"] != "closed":
            fields["ended_at"] = None  # opened again after the end: the meeting goes on
    for key, limit in (("attention_words", 200), ("responders", 50), ("authorities", MAX_AUTHORITIES)):
        if key in body:
            values = body[key]
            if not isinstance(values, list) or len(values) > limit or not all(isinstance(v, str) for v in values):
                raise invalid(_("Danh sách không hợp lệ."))
            cleaned = [clean(v)[:MAX_SHORT] for v in values if clean(v)]
            fields[key] = json.dumps(cleaned, ensure_ascii=False)
    topics = body.get("topics")
    if "topics" in body and topics is None:
        raise invalid(_("Danh sách lĩnh vực không hợp lệ (1 đến 20 lĩnh vực)."))
    current_topic_id = body.get("current_topic_id")
    if current_topic_id is not None and not is_id(current_topic_id):
        raise invalid(_("Lĩnh vực đã chọn không hợp lệ."))
    if "screen_mode" in body:
        if body["screen_mode"] not in ("questions", "arrivals"):
            raise invalid(_("Chế độ màn chiếu không hợp lệ."))
        fields["screen_mode"] = body["screen_mode"]
    if "zoom" in body:
        zoom = body["zoom"]
        if not isinstance(zoom, (int, float)) or isinstance(zoom, bool) or not 0.5 <= zoom <= 2.5:
            raise invalid(_("Cỡ chữ phải từ 0,5 đến 2,5."))
        fields["zoom"] = float(zoom)
    if "timer_seconds" in body:
        seconds = body["timer_seconds"]
        if not is_int(seconds) or not 10 <= seconds <= 1800:
            raise invalid(_("Thời gian phát biểu phải từ 10 đến 1800 giây."))
        fields["timer_seconds"] = seconds
    if "timer" in body:
        if body["timer"] not in ("start", "stop"):
            raise invalid(_("Đồng hồ chỉ có 'start' hoặc 'stop'."))
        fields["timer_started_at"] = store.now() if body["timer"] == "start" else None
    with store.write(database):
        conference = active_conference(database, 409)
        named = None
        if topics is not None:
            named = fields_of_talk.plan(topics, store.topics_list(database, conference["id"]), MAX_SHORT,
                                        store.topics_retired(database, conference["id"]))
            store.topics_save(database, conference["id"], named)
        if "current_topic_id" in body:
            # A field of this conference, still on offer; null: the chairman takes every field.
            if current_topic_id is not None and current_topic_id not in {
                    t["id"] for t in store.topics_list(database, conference["id"])}:
                raise invalid(_("Lĩnh vực đã chọn không có trong hội nghị này."))
            fields["current_topic_id"] = current_topic_id
        store.room_update(database, conference["id"], fields)
        if "authorities" in fields:  # an empty list brings back the default suggestions
            store.room_authorities_update(database, conference["id"], fields["authorities"])
        topics = [name for _id, name in named] if named is not None else None
        store.audit(database, user.actor, "room.update", str(conference["id"]), **_audited(body, fields, topics))
        settings = room_settings(database, conference["id"])
    return Answer(200, settings, changed=True)


def _audited(body: dict[str, Any], fields: dict[str, Any], topics: list[str] | None) -> dict[str, Any]:
    """What the audit keeps of a change: the settings people set (not the word list), as
    they were stored. Never the body itself: its keys and its sizes are the sender's."""
    kept = {k: fields[k] for k in ("submissions", "screen_mode", "zoom", "timer_seconds", "current_topic_id")
            if k in fields}
    for key in ("responders", "authorities"):
        if key in fields:
            kept[key] = json.loads(fields[key])
    if topics is not None:
        kept["topics"] = topics
    if "timer" in body:
        kept["timer"] = body["timer"]
    return kept
