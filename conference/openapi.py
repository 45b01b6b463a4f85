"""The JSON API described as OpenAPI 3.1, served at /api/openapi.json (and fuzzed in the tests).

Each wing describes its own routes beside them (`<wing>/openapi.py` calls `describe`); the
foundation keeps the helpers, its own routes and the assembly."""
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


def op(summary: str, ok: dict[int, dict[str, Any] | None], body: dict[str, Any] | None = None,
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


def obj(**properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
NULLABLE_STRING = {"type": ["string", "null"]}
ARRAY = {"type": "array"}

_PATHS: dict[str, dict[str, Any]] = {}


def describe(paths: dict[str, dict[str, Any]]) -> None:
    """A wing adds the description of its routes (at import, beside its routes)."""
    for path, operations in paths.items():
        _PATHS.setdefault(path, {}).update(operations)


describe({
    "/api/session": {
        "post": op("Log in", {200: OBJECT}, obj(username=STRING, password=STRING)),
        "delete": op("Log out", {204: None}),
    },
    "/api/me": {"get": op("Who is logged in", {200: OBJECT})},
    "/api/health": {"get": op("Database and message queue state", {200: OBJECT})},
})


def spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Đối thoại", "version": "1",
                 "description": "Errors are {\"error\", \"message\"}; the message is a Vietnamese sentence."},
        "paths": dict(sorted(_PATHS.items())),
    }


