"""The record's routes in the OpenAPI description (`/api/openapi.json`)."""
from __future__ import annotations

from conference.openapi import ARRAY, BOOLEAN, ID, NULLABLE_STRING, OBJECT, STRING, describe, obj, op

SIGNER_TITLE = {"type": "string", "enum": ["chairman", "deputy"]}
DATE = {"type": ["string", "null"], "format": "date"}

describe({
    "/api/questions/{id}/followup": {"patch": op("A written reply or referral done", {200: OBJECT},
                                                 obj(done_on=NULLABLE_STRING, reply=STRING), [ID])},
    "/api/record": {
        "get": op("The record's state", {200: OBJECT}),
        "patch": op("Save the minutes' and the report's free text and the documents' settings", {200: OBJECT}, obj(
            document_number=STRING, place=STRING, opened_at=STRING, closed_at=STRING, chair_name=STRING,
            secretary_name=STRING, presenter=STRING, programme=STRING, report_summary=STRING, other_notes=STRING,
            council_session_on=DATE, recipients=ARRAY,
            report_number=STRING, report_issued_on=DATE, signer_title=SIGNER_TITLE, signer_name=STRING,
            assessment=STRING, proposals=STRING, passed_at_meeting=BOOLEAN,
            issuing_body=STRING, superior_body=STRING, invitation_number=STRING)),
    },
})
