"""The record's routes in the OpenAPI description (`/api/openapi.json`)."""
from __future__ import annotations

from conference.openapi import ARRAY, ID, NULLABLE_STRING, OBJECT, STRING, describe, obj, op

describe({
    "/api/questions/{id}/followup": {"patch": op("A written reply or referral done", {200: OBJECT},
                                                 obj(done_on=NULLABLE_STRING, reply=STRING), [ID])},
    "/api/record": {
        "get": op("The record's state", {200: OBJECT}),
        "patch": op("Save the minutes' free text", {200: OBJECT}, obj(
            document_number=STRING, place=STRING, opened_at=STRING, closed_at=STRING, chair_name=STRING,
            secretary_name=STRING, programme=STRING, report_summary=STRING, other_notes=STRING,
            council_session_on=NULLABLE_STRING, recipients=ARRAY)),
    },
})
