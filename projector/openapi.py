"""The room's routes in the OpenAPI description (`/api/openapi.json`)."""
from __future__ import annotations

from conference.openapi import (
    ARRAY, BOOLEAN, ID, INTEGER, LIST, NULLABLE_STRING, OBJECT, STRING, describe, obj, op,
)

_question = obj(text=STRING, group_id={}, group_other=STRING, name=STRING, phone=STRING, show_name=BOOLEAN,
                topic_id={}, send_id=STRING)  # send_id: a repeat after a lost answer is answered 200, not written
_change = obj(status=STRING, responder=STRING, conclusion=STRING, merged_into=INTEGER, text=STRING,
              answer_summary=STRING, reply_by=STRING, reply_due=NULLABLE_STRING, referred_to=STRING,
              reject_reason=STRING, show_name=BOOLEAN, topic_id={"type": ["integer", "null"]},
              # the text fields as the page opened them: 409 `changed_meanwhile` if another saved since
              was=obj(text=STRING, conclusion=STRING, answer_summary=STRING, responder=STRING, reply_by=STRING,
                      reply_due=NULLABLE_STRING, referred_to=STRING, reject_reason=STRING))

describe({
    "/api/questions": {
        "get": op("Every question", {200: LIST}),
        "post": op("A phone sends a question", {201: OBJECT}, _question),
    },
    "/api/questions/{id}": {"patch": op("Move or edit a question", {200: OBJECT}, _change, [ID])},
    "/api/questions/{id}/interest": {"post": op("Tôi cũng quan tâm", {200: OBJECT}, None, [ID])},
    "/api/questions/{id}/ask-back": {"post": op("Hỏi lại: the chairman asks the asker back (to the asker's phone only)",
                                                {200: OBJECT}, obj(text=STRING), [ID])},
    "/api/questions/{id}/ask-back/answer": {"post": op("The asker's own phone answers the question back, once",
                                                       {200: OBJECT}, obj(text=STRING), [ID])},
    "/api/questions/{id}/similar": {"get": op(
        "Similar matters: likely duplicates here (`here`) and the same matter in earlier conferences with its "
        "outcome and follow-up (`earlier`), best first, score 0-1", {200: OBJECT}, None, [ID])},
    "/api/questions/reorder": {"post": op("Reorder the queue", {200: OBJECT}, obj(order=ARRAY))},
    "/api/floor-questions": {"post": op("A question raised aloud", {201: OBJECT}, _question)},
    "/api/room": {
        "get": op("The room's settings", {200: OBJECT}),
        "patch": op("Change the room's settings", {200: OBJECT}, obj(
            submissions=STRING, attention_words=ARRAY, responders=ARRAY, authorities=ARRAY, topics=ARRAY, screen_mode=STRING,
            zoom={"type": "number"}, timer=STRING, timer_seconds=INTEGER,
            current_topic_id={"type": ["integer", "null"]})),
    },
    "/api/room/close": {"post": op("End the meeting: the questions not reached become written replies",
                                   {200: OBJECT}, obj(confirm=BOOLEAN))},
    "/api/screen": {"get": op("What the projector shows", {200: OBJECT})},
    "/api/ask": {"get": op("The ask page's snapshot", {200: OBJECT})},
})
