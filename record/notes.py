"""The minutes' and the report's free-text parts, written by the secretary: number, times,
names, programme, the report's summary, other remarks, the council's session date, the
report's recipients. One transaction, audited by field name."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.errors import invalid
from conference.i18n import _
from conference.inputs import json_object
from conference.text import clean, clean_text

PARAGRAPHS = ("programme", "report_summary", "other_notes")


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key in store.RECORD_FIELDS:
        if key not in body:
            continue
        value = body[key]
        if key == "recipients":
            if not isinstance(value, list) or len(value) > 30 or not all(isinstance(v, str) for v in value):
                raise invalid(_("Danh sách nơi nhận không hợp lệ."))
            fields[key] = json.dumps([clean(v)[:200] for v in value if clean(v)], ensure_ascii=False)
        elif key == "council_session_on":
            try:
                fields[key] = date.fromisoformat(value).isoformat() if value else None
            except (TypeError, ValueError):
                raise invalid(_("Ngày kỳ họp không hợp lệ (dạng NNNN-TT-NN)."))
        else:
            if not isinstance(value, str) or len(value) > 20_000:
                raise invalid(_("Nội dung '%(f)s' không hợp lệ hoặc quá dài.", f=key))
            fields[key] = clean_text(value) if key in PARAGRAPHS else clean(value)[:200]
    return fields


def update(database: Database, conference_id: int, body: Any, actor: str) -> None:
    """Save what the record page sent; unknown keys are ignored."""
    fields = _fields(json_object(body))
    with store.write(database):
        store.record_notes_update(database, conference_id, fields)
        store.audit(database, actor, "record.update", str(conference_id), fields=sorted(fields))
