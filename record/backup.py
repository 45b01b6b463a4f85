"""A full backup of one conference as JSON, and its restore into an empty database.

The file carries its format, its version and a SHA-256 of its data: a truncated file, a file
of another version or a hand-edited one is refused with a clear message, and the database is
left exactly as it was (the restore is one transaction). A file whose checksum holds is then
read against `backup_schema.SCHEMA`, field by field: a wrong type, a date that does not parse,
a status outside the vocabulary, a reference to a row not in the file, a number out of range,
a string too long or with a control character, a ring of merges or an unknown column is
refused before anything is written, naming the table, the row and the field — what the pages
could not show never reaches the database.

The file keeps only the personal data the record needs: never a phone's LAN address or device
id (votes keep their count under a pseudonym); see `retention`.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from sqlite_utils import Database

from conference import clock, store
from conference.errors import Refusal
from conference.i18n import _
from office.groups import group_key

from . import backup_schema, retention

FORMAT = "doithoai-backup"
VERSION = 1


def _refused(message: str) -> Refusal:
    """A backup that cannot be restored; the message is for a person."""
    return Refusal(422, "invalid_backup", message)


def _digest(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def export(database: Database, conference_id: int) -> bytes:
    """The backup of one conference, without the phones' traces."""
    data = retention.without_traces(store.backup_rows(database, conference_id))
    document = {
        "format": FORMAT, "version": VERSION,
        "exported_at": clock.now(),
        "sha256": _digest(data), "data": data,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def read(raw: bytes) -> dict[str, Any]:
    """The checked data of a backup file, or a Refusal saying what is wrong with it."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":  # cut in the middle of a letter: a short copy
            raise _refused(_("Tệp sao lưu bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi chép)."))
        raise _refused(_("Tệp sao lưu không phải văn bản UTF-8."))
    except (json.JSONDecodeError, RecursionError):
        raise _refused(_("Tệp sao lưu bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi chép)."))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refused(_("Đây không phải tệp sao lưu của Đối thoại."))
    if document.get("version") != VERSION:
        raise _refused(_("Tệp sao lưu thuộc phiên bản %(v)s; phiên bản này chỉ khôi phục được phiên bản %(w)d.",
                            v=str(document.get("version"))[:20], w=VERSION))
    data = document.get("data")
    if not isinstance(data, dict) or document.get("sha256") != _digest(data):
        raise _refused(_("Tệp sao lưu đã bị sửa hoặc hỏng (mã kiểm tra không khớp); không khôi phục."))
    if set(data) != set(store.BACKUP_TABLES) or not isinstance(data["conferences"], list) \
            or len(data["conferences"]) != 1:
        raise _refused(_("Tệp sao lưu thiếu dữ liệu."))
    found = backup_schema.problems(data)
    if found:
        raise Refusal(422, "invalid_backup", found[0].message(), errors=[p.as_dict() for p in found])
    return data


def restore(database: Database, raw: bytes) -> dict[str, Any]:
    """Write a backup into a database that has no conference yet; returns the conference."""
    data = retention.without_traces(read(raw))  # an older file may still carry a phone's traces
    with store.write(database):
        if store.conferences_count(database):
            raise _refused(_("Cơ sở dữ liệu đã có hội nghị. Chỉ khôi phục vào cơ sở dữ liệu trống "
                                "(đặt DOITHOAI_DATABASE sang tệp mới)."))
        store.defer_foreign_keys(database)  # a question may be merged into a later one
        try:
            for table in store.BACKUP_TABLES:  # in order: a row's references come first
                store.restore_rows(database, table, data[table])
            if store.foreign_key_problems(database):  # checked above; this is the last guard
                raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")
        except (ValueError, TypeError, KeyError) as exc:
            raise _refused(_("Tệp sao lưu có bảng %(t)s không đúng cấu trúc.", t=str(exc)[:40]))
        except sqlite3.Error as exc:  # a constraint the schema does not know: two on screen, a code twice
            raise _refused(_("Dữ liệu trong tệp sao lưu mâu thuẫn nhau (%(e)s).", e=str(exc)[:80]))
        conference = data["conferences"][0]
        store.groups_rekey(database, group_key, conference["id"])  # a file an older version wrote
        store.questions_number_missing(database, conference["id"])
        store.audit(database, "cli", "backup.restore", str(conference["id"]), title=conference["title"])
    return conference
