"""The door's routes in the OpenAPI description (`/api/openapi.json`)."""
from __future__ import annotations

from conference.openapi import BOOLEAN, ID, INTEGER, OBJECT, STRING, describe, obj, op

describe({
    "/api/invitees/{id}/undo-checkin": {"post": op("Take back an admission", {200: OBJECT}, None, [ID])},
    "/api/checkins": {"post": op("A kiosk scanned a code or picked a name", {200: OBJECT, 201: OBJECT},
                                 obj(code={}, invitee_id=INTEGER, scan_id=STRING, offline_at=STRING))},
    "/api/checkins/{id}/undo": {"post": op("Undo an admission", {200: OBJECT}, None, [ID])},
    "/api/walkins": {"post": op("Register and admit a walk-in", {201: OBJECT}, obj(
        name=STRING, group_id=INTEGER, position=STRING, phone=STRING, confirm=BOOLEAN, scan_id=STRING))},
    "/api/board": {"get": op("The arrivals board", {200: OBJECT})},
    "/api/kiosk/roster": {"get": op(
        "The kiosk's offline copy: whole, or what changed since its rev (410: reload whole)", {200: OBJECT}, None,
        [{"name": "since", "in": "query", "schema": INTEGER}, {"name": "epoch", "in": "query", "schema": STRING}])},
})
