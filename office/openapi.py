"""The office's routes in the OpenAPI description (`/api/openapi.json`)."""
from __future__ import annotations

from conference.openapi import BOOLEAN, ID, INTEGER, LIST, NULLABLE_STRING, OBJECT, STRING, describe, obj, op

_conference = obj(title=STRING, organization=STRING, held_on=STRING, starts_at=STRING, venue=STRING,
                  chair=STRING, capacity=INTEGER, announced_on=NULLABLE_STRING,
                  announcement_channel=NULLABLE_STRING, activate=BOOLEAN)
_invitee = obj(name=STRING, group_id=INTEGER, position=STRING, category=STRING, phone=STRING)
_group = obj(name=STRING, quota=INTEGER, quota_reason=NULLABLE_STRING)
_petition = obj(text=STRING, group_id=INTEGER, name=STRING, topic_id=INTEGER, prepared_by=STRING,
                prepared_answer=STRING, show_name=BOOLEAN)
# `was`: the official and the answer as the editor opened them (409 `changed_meanwhile`).
_petition_update = {**_petition, "properties": {
    **_petition["properties"], "was": obj(prepared_by=STRING, prepared_answer=STRING)}}

describe({
    "/api/conference": {"get": op("The active conference with per-group counts", {200: OBJECT})},
    "/api/conferences": {
        "get": op("Every conference", {200: LIST}),
        "post": op("Create a conference", {201: OBJECT}, _conference),
    },
    "/api/conferences/{id}": {"patch": op("Edit a conference", {200: OBJECT}, _conference, [ID])},
    "/api/conferences/{id}/activate": {"post": op("Make a conference active", {200: OBJECT}, None, [ID])},
    "/api/groups": {"post": op("Add a residential group", {201: OBJECT}, _group)},
    "/api/groups/{id}": {
        "patch": op("Rename a group or set its quota (under 10 with quota_reason)", {200: OBJECT}, _group, [ID]),
        "delete": op("Remove a group nothing names yet (409 otherwise)", {204: None}, None, [ID]),
    },
    "/api/invitees": {
        "get": op("Invitees; q ignores case and diacritics", {200: LIST}, None, [
            {"name": "q", "in": "query", "schema": STRING}, {"name": "group", "in": "query", "schema": INTEGER}]),
        "post": op("Add an invitee", {201: OBJECT}, _invitee),
    },
    "/api/invitees/{id}": {
        "patch": op("Edit an invitee", {200: OBJECT}, _invitee, [ID]),
        "delete": op("Remove an invitee (the card is revoked)", {204: None}, None, [ID]),
    },
    "/api/invitees/{id}/reissue": {"post": op("A new code for a lost card", {200: OBJECT}, None, [ID])},
    "/api/invitees/{id}/revoke": {"post": op("Invalidate a card", {200: OBJECT}, None, [ID])},
    "/api/petitions": {
        "get": op("Petitions gathered before the day, the preparation board, the forms' choices", {200: OBJECT}, None, [
            {"name": "topic", "in": "query", "schema": INTEGER}, {"name": "official", "in": "query", "schema": STRING},
            {"name": "prepared", "in": "query", "schema": STRING}]),
        "post": op("Type in a petition (pending, numbered now)", {201: OBJECT}, _petition),
    },
    "/api/petitions/{id}": {
        "patch": op("Assign the official, save the prepared answer, or correct a pending petition",
                    {200: OBJECT}, _petition_update, [ID]),
    },
    "/api/petitions/import": {
        "post": op("Import a TDP summary sheet (.xlsx/.csv, multipart `file`): all rows or none", {201: OBJECT},
                   None),
    },
})
