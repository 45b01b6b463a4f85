"""A full backup of one conference as JSON, and its restore into an empty database.

The file carries its format, its version and a SHA-256 of its data: a truncated file, a file
of another version or a hand-edited one is refused with a clear message, and the database is
left exactly as it was (the restore is one transaction).
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

FORMAT = "doithoai-backup"
VERSION = 1


def _refused(message: str) -> Refusal:
    """A backup that cannot be restored; the message is for a person."""
    return Refusal(422, "invalid_backup", message)


def _digest(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def export(database: Database, conference_id: int) -> bytes:
    data = store.backup_rows(database, conference_id)
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
    except UnicodeDecodeError:
        raise _refused(_("Tệp sao lưu không phải văn bản UTF-8."))
    except json.JSONDecodeError:
        raise _refused(_("Tệp sao lưu bị hỏng hoặc không đầy đủ (có thể bị cắt ngang khi chép)."))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refused(_("Đây không phải tệp sao lưu của Đối thoại."))
    if document.get("version") != VERSION:
        raise _refused(_("Tệp sao lưu thuộc phiên bản %(v)s; phiên bản này chỉ khôi phục được phiên bản %(w)d.",
                            v=str(document.get("version"))[:20], w=VERSION))
    data = document.get("data")
    if not isinstance(data, dict) or document.get("sha256") != _digest(data):
        raise _refused(_("Tệp sao lưu đã bị sửa hoặc hỏng (mã kiểm tra không khớp); không khôi phục."))
    if set(data) != set(store.BACKUP_TABLES) or len(data.get("conferences") or []) != 1:
        raise _refused(_("Tệp sao lưu thiếu dữ liệu."))
    return data


def restore(database: Database, raw: bytes) -> dict[str, Any]:
    """Write a backup into a database that has no conference yet; returns the conference."""
    data = read(raw)
    with store.write(database):
        if store.conferences_count(database):
            raise _refused(_("Cơ sở dữ liệu đã có hội nghị. Chỉ khôi phục vào cơ sở dữ liệu trống "
                                "(đặt DOITHOAI_DATABASE sang tệp mới)."))
        try:
            for table in store.BACKUP_TABLES:  # in order: a row's references come first
                store.restore_rows(database, table, data[table])
        except (ValueError, TypeError, KeyError) as exc:
            raise _refused(_("Tệp sao lưu có bảng %(t)s không đúng cấu trúc.", t=str(exc)[:40]))
        except sqlite3.Error as exc:  # a constraint: the data contradicts itself
            raise _refused(_("Dữ liệu trong tệp sao lưu mâu thuẫn nhau (%(e)s).", e=str(exc)[:80]))
        conference = data["conferences"][0]
        store.audit(database, "cli", "backup.restore", str(conference["id"]), title=conference["title"])
    return conference
