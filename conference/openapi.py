"""The JSON API described as OpenAPI 3.1, served at /api/openapi.json (and fuzzed in the tests)."""
from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string", "minLength": 1}},
}
OBJECT = {"type": "object"}
LIST = {"type": "array", "items": {"type": "object"}}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _op(summary: str, ok: dict[int, dict[str, Any] | None], body: dict[str, Any] | None = None,
        params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, schema in ok.items():
        responses[str(status)] = {"description": "ok"} if schema is None else {"description": "ok", **_json(schema)}
    responses["4XX"] = {"description": "a clear error, in Vietnamese", **_json(ERROR)}
    responses["503"] = {"description": "the disk refuses writes; nothing was written", **_json(ERROR)}
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if body is not None:
        operation["requestBody"] = {"required": True, **_json(body)}
    if params:
        operation["parameters"] = params
    return operation


def _object(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
NULLABLE_STRING = {"type": ["string", "null"]}


def spec() -> dict[str, Any]:
    checkin = _object(code={}, invitee_id=INTEGER, scan_id=STRING, offline_at=STRING)
    question = _object(text=STRING, group_id={}, group_other=STRING, name=STRING, show_name=BOOLEAN, topic_id={})
    change = _object(status=STRING, responder=STRING, conclusion=STRING, merged_into=INTEGER, text=STRING,
                     answer_summary=STRING, reply_by=STRING, reply_due=NULLABLE_STRING, referred_to=STRING,
                     reject_reason=STRING, show_name=BOOLEAN)
    conference = _object(title=STRING, organization=STRING, held_on=STRING, starts_at=STRING, venue=STRING,
                         chair=STRING, capacity=INTEGER, announced_on=NULLABLE_STRING, activate=BOOLEAN)
    invitee = _object(name=STRING, group_id=INTEGER, position=STRING, category=STRING, phone=STRING)
    paths = {
        "/api/session": {
            "post": _op("Log in", {200: OBJECT}, _object(username=STRING, password=STRING)),
            "delete": _op("Log out", {204: None}),
        },
        "/api/me": {"get": _op("Who is logged in", {200: OBJECT})},
        "/api/health": {"get": _op("Database and message queue state", {200: OBJECT})},
        "/api/conference": {"get": _op("The active conference with per-group counts", {200: OBJECT})},
        "/api/conferences": {
            "get": _op("Every conference", {200: LIST}),
            "post": _op("Create a conference", {201: OBJECT}, conference),
        },
        "/api/conferences/{id}": {"patch": _op("Edit a conference", {200: OBJECT}, conference, [ID])},
        "/api/conferences/{id}/activate": {"post": _op("Make a conference active", {200: OBJECT}, None, [ID])},
        "/api/groups": {"post": _op("Add a residential group", {201: OBJECT}, _object(name=STRING, quota=INTEGER))},
        "/api/groups/{id}": {"patch": _op("Rename a group or set its quota", {200: OBJECT}, _object(name=STRING, quota=INTEGER), [ID])},
        "/api/invitees": {
            "get": _op("Invitees; q ignores case and diacritics", {200: LIST}, None, [
                {"name": "q", "in": "query", "schema": STRING}, {"name": "group", "in": "query", "schema": INTEGER}]),
            "post": _op("Add an invitee", {201: OBJECT}, invitee),
        },
        "/api/invitees/{id}": {
            "patch": _op("Edit an invitee", {200: OBJECT}, invitee, [ID]),
            "delete": _op("Remove an invitee (the card is revoked)", {204: None}, None, [ID]),
        },
        "/api/invitees/{id}/reissue": {"post": _op("A new code for a lost card", {200: OBJECT}, None, [ID])},
        "/api/invitees/{id}/revoke": {"post": _op("Invalidate a card", {200: OBJECT}, None, [ID])},
        "/api/invitees/{id}/undo-checkin": {"post": _op("Take back an admission", {200: OBJECT}, None, [ID])},
        "/api/checkins": {"post": _op("A kiosk scanned a code or picked a name", {200: OBJECT, 201: OBJECT}, checkin)},
        "/api/checkins/{id}/undo": {"post": _op("Undo an admission", {200: OBJECT}, None, [ID])},
        "/api/walkins": {"post": _op("Register and admit a walk-in", {201: OBJECT}, _object(
            name=STRING, group_id=INTEGER, position=STRING, phone=STRING, confirm=BOOLEAN, scan_id=STRING))},
        "/api/board": {"get": _op("The arrivals board", {200: OBJECT})},
        "/api/questions": {
            "get": _op("Every question", {200: LIST}),
            "post": _op("A phone sends a question", {201: OBJECT}, question),
        },
        "/api/questions/{id}": {"patch": _op("Move or edit a question", {200: OBJECT}, change, [ID])},
        "/api/questions/{id}/interest": {"post": _op("Tôi cũng quan tâm", {200: OBJECT}, None, [ID])},
        "/api/questions/{id}/followup": {"patch": _op("A written reply or referral done", {200: OBJECT},
                                                      _object(done_on=NULLABLE_STRING, reply=STRING), [ID])},
        "/api/questions/reorder": {"post": _op("Reorder the queue", {200: OBJECT}, _object(order={"type": "array"}))},
        "/api/floor-questions": {"post": _op("A question raised aloud", {201: OBJECT}, question)},
        "/api/room": {
            "get": _op("The room's settings", {200: OBJECT}),
            "patch": _op("Change the room's settings", {200: OBJECT}, _object(
                submissions=STRING, attention_words={"type": "array"}, responders={"type": "array"},
                topics={"type": "array"}, screen_mode=STRING, zoom={"type": "number"}, timer=STRING,
                timer_seconds=INTEGER)),
        },
        "/api/screen": {"get": _op("What the projector shows", {200: OBJECT})},
        "/api/ask": {"get": _op("The ask page's snapshot", {200: OBJECT})},
        "/api/record": {
            "get": _op("The record's state", {200: OBJECT}),
            "patch": _op("Save the minutes' free text", {200: OBJECT}, _object(
                document_number=STRING, place=STRING, opened_at=STRING, closed_at=STRING, chair_name=STRING,
                secretary_name=STRING, programme=STRING, report_summary=STRING, other_notes=STRING,
                council_session_on=NULLABLE_STRING, recipients={"type": "array"})),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Đối thoại", "version": "1",
                 "description": "Errors are {\"error\", \"message\"}; the message is a Vietnamese sentence."},
        "paths": paths,
    }
