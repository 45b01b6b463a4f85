"""The room's settings: submissions open, paused or closed; the attention words; who may
answer; the topics; the projector's mode and zoom; the speaking timer. One transaction."""
from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.answers import Answer
from conference.errors import active_conference, invalid
from conference.i18n import _
from conference.inputs import is_int, json_object
from conference.staff import User
from conference.text import clean

MAX_SHORT = 120

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


def update_room(database: Database, body: Any, user: User) -> Answer:
    """The chairman opens, pauses or closes submissions; edits words, responders, topics;
    sets the projector's mode and zoom; starts and stops the speaking timer."""
    body = json_object(body, need_fields=True)
    fields: dict[str, Any] = {}
    if "submissions" in body:
        if body["submissions"] not in ("open", "paused", "closed"):
            raise invalid(_("Trạng thái nhận câu hỏi không hợp lệ."))
        fields["submissions"] = body["submissions"]
    for key, limit in (("attention_words", 200), ("responders", 50)):
        if key in body:
            values = body[key]
            if not isinstance(values, list) or len(values) > limit or not all(isinstance(v, str) for v in values):
                raise invalid(_("Danh sách không hợp lệ."))
            cleaned = [clean(v)[:MAX_SHORT] for v in values if clean(v)]
            fields[key] = json.dumps(cleaned, ensure_ascii=False)
    topics = body.get("topics")
    if topics is not None:
        if not isinstance(topics, list) or not 1 <= len(topics) <= 20 or not all(isinstance(t, str) and clean(t) for t in topics):
            raise invalid(_("Danh sách lĩnh vực không hợp lệ (1 đến 20 lĩnh vực)."))
        topics = [clean(t)[:MAX_SHORT] for t in topics]
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
        store.room_update(database, conference["id"], fields)
        if topics is not None:
            store.topics_reorder(database, conference["id"], topics)
        store.audit(database, user.actor, "room.update", str(conference["id"]), **_audited(body, fields, topics))
        settings = room_settings(database, conference["id"])
    return Answer(200, settings, changed=True)


def _audited(body: dict[str, Any], fields: dict[str, Any], topics: list[str] | None) -> dict[str, Any]:
    """What the audit keeps of a change: the settings people set (not the word list), as
    they were stored. Never the body itself: its keys and its sizes are the sender's."""
    kept = {k: fields[k] for k in ("submissions", "screen_mode", "zoom", "timer_seconds") if k in fields}
    if "responders" in fields:
        kept["responders"] = json.loads(fields["responders"])
    if topics is not None:
        kept["topics"] = topics
    if "timer" in body:
        kept["timer"] = body["timer"]
    return kept
