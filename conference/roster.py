"""Groups, invitees, quotas and invitation codes; the roster import from Excel or CSV.

The import is all-or-nothing: the whole file is read and checked first, every bad row is
reported with its row number and a reason in Vietnamese, and only a clean file is written,
in one transaction.
"""
from __future__ import annotations

import functools
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from . import store
from .codes import format_short_code, new_code, new_short_code  # noqa: F401 (re-exported)
from .i18n import N_, _
from .migrations import DEFAULT_TOPICS
from .text import clean, fold

DEFAULT_QUOTA = 10  # the plan: at least 10 resident representatives per TDP
MAX_ROWS = 20_000  # a ward invites ~120; anything far larger is the wrong file
MAX_NAME = 100
MAX_POSITION = 120
WARD_GROUP_NAME = "Đại biểu phường"

CATEGORIES = ("ward_delegate", "tdp_officer", "resident")
CATEGORY_LABELS = {
    "ward_delegate": N_("Đại biểu phường"),
    "tdp_officer": N_("Cán bộ TDP"),
    "resident": N_("Đại diện nhân dân"),
}
_CATEGORY_WORDS = {
    "dai bieu phuong": "ward_delegate",
    "dai bieu": "ward_delegate",
    "ward_delegate": "ward_delegate",
    "ward delegate": "ward_delegate",
    "can bo tdp": "tdp_officer",
    "can bo to dan pho": "tdp_officer",
    "tdp_officer": "tdp_officer",
    "tdp officer": "tdp_officer",
    "officer": "tdp_officer",
    "dai dien nhan dan": "resident",
    "nhan dan": "resident",
    "resident": "resident",
    "resident representative": "resident",
}
_WARD_WORDS = {"dai bieu phuong", "ward", "ward delegates"}

# Headers, folded: Vietnamese or English, any order.
_HEADERS = {
    "name": {"ho va ten", "ho ten", "name", "full name", "ten"},
    "group": {"don vi", "to dan pho", "tdp", "group"},
    "position": {"chuc vu", "position"},
    "category": {"loai", "category", "thanh phan"},
    "phone": {"dien thoai", "so dien thoai", "sdt", "phone"},
}
_HEADER_SCAN_ROWS = 15  # title rows above the header are common in ward spreadsheets

class RosterError(ValueError):
    """A roster change that cannot be made. `errors` lists rows for a file import."""

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


# ---------------------------------------------------------------- codes


def issue_invitations(database: Database, conference_id: int, invitee_ids: list[int]) -> None:
    """Give each invitee a fresh code and short code; inside the caller's transaction."""
    shorts: set[str] = set()
    while len(shorts) < len(invitee_ids):
        wanted = {new_short_code() for _ in range(len(invitee_ids) - len(shorts))} - shorts
        shorts |= wanted - store.short_codes_taken(database, sorted(wanted))
    for invitee_id, short in zip(invitee_ids, list(shorts)):
        store.invitation_insert(database, invitee_id, conference_id, new_code(), short)


def reissue(database: Database, invitee_id: int, actor: str) -> dict[str, Any]:
    """Revoke the invitee's card and print a new one."""
    with store.write(database):
        invitee = _existing_invitee(database, invitee_id)
        store.invitation_revoke(database, invitee_id)
        issue_invitations(database, invitee["conference_id"], [invitee_id])
        store.audit(database, actor, "invitation.reissue", str(invitee_id), name=invitee["name"])
    return store.invitee_get(database, invitee_id) or {}


def revoke(database: Database, invitee_id: int, actor: str) -> dict[str, Any]:
    """Make the invitee's card invalid, without a new one."""
    with store.write(database):
        invitee = _existing_invitee(database, invitee_id)
        store.invitation_revoke(database, invitee_id)
        store.audit(database, actor, "invitation.revoke", str(invitee_id), name=invitee["name"])
    return store.invitee_get(database, invitee_id) or {}


# ---------------------------------------------------------------- conferences


def default_conference_fields(today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    return {
        "title": f"Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm {today.year}",
        "organization": "UBND phường",
        "held_on": (today + timedelta(days=14)).isoformat(),
        "starts_at": "08:00",
        "venue": "Hội trường UBND phường",
        "chair": "Chủ tịch UBND phường",
        "capacity": 120,
        "announced_on": today.isoformat(),
    }


def validate_conference(data: Any, partial: bool = False) -> dict[str, Any]:
    """Checked conference fields from a form or JSON body; raises RosterError."""
    if not isinstance(data, dict):
        raise RosterError(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    out: dict[str, Any] = {}
    for key, limit in (("title", 200), ("organization", 120), ("venue", 200), ("chair", 120)):
        if key in data:
            value = clean(data[key]) if isinstance(data[key], (str, int)) else None
            if value is None or len(value) > limit:
                raise RosterError(_("Trường '%(f)s' không hợp lệ (tối đa %(n)d ký tự).", f=key, n=limit))
            out[key] = value
    if not partial and not out.get("title"):
        raise RosterError(_("Cần nhập tên hội nghị."))
    for key in ("held_on", "announced_on"):
        if key in data:
            value = data[key]
            if key == "announced_on" and value in (None, ""):
                out[key] = None
                continue
            try:
                out[key] = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise RosterError(_("Ngày '%(v)s' không hợp lệ (dạng NNNN-TT-NN).", v=clean(value)[:20]))
    if not partial and "held_on" not in out:
        raise RosterError(_("Cần nhập ngày tổ chức hội nghị."))
    if "starts_at" in data:
        value = clean(data["starts_at"])
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise RosterError(_("Giờ bắt đầu không hợp lệ (dạng GG:PP, ví dụ 08:00)."))
        out["starts_at"] = value
    if "capacity" in data:
        value = data["capacity"]
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5000:
            raise RosterError(_("Sức chứa phải là số nguyên từ 1 đến 5000."))
        out["capacity"] = value
    return out


def announcement_warning(conference: dict[str, Any]) -> str | None:
    """The plan: announce at least seven days before the conference."""
    held_on, announced_on = conference.get("held_on"), conference.get("announced_on")
    if not held_on:
        return None
    if not announced_on:
        return _("Chưa có ngày thông báo. Kế hoạch yêu cầu thông báo chậm nhất 7 ngày trước hội nghị.")
    days = (date.fromisoformat(held_on) - date.fromisoformat(announced_on)).days
    if days < 7:
        return _(
            "Ngày thông báo chỉ trước hội nghị %(d)d ngày; kế hoạch yêu cầu thông báo "
            "chậm nhất 7 ngày trước.", d=days,
        )
    return None


def create_conference(database: Database, data: Any, actor: str, activate: bool = True) -> int:
    fields = validate_conference(data)
    with store.write(database):
        conference_id = store.conference_insert(database, fields)
        if activate or store.conference_active(database) is None:
            store.conference_activate(database, conference_id)
        store.group_insert(database, conference_id, WARD_GROUP_NAME, group_key(WARD_GROUP_NAME), "ward", 0)
        store.topics_insert(database, conference_id, DEFAULT_TOPICS)
        store.room_update(database, conference_id, {})
        store.audit(database, actor, "conference.create", str(conference_id), title=fields["title"])
    return conference_id


def ensure_active_conference(database: Database, actor: str) -> dict[str, Any]:
    """The active conference; a fresh install gets a default one to fill in later."""
    conference = store.conference_active(database)
    if conference is None:
        create_conference(database, default_conference_fields(), actor)
        conference = store.conference_active(database)
    assert conference is not None
    return conference


def conference_summary(database: Database, conference: dict[str, Any]) -> dict[str, Any]:
    """The shape of `GET /api/conference` and of the `attendance` event."""
    groups = []
    for row in store.groups_with_counts(database, conference["id"]):
        group = dict(row)
        group.pop("sort_order", None)
        group.pop("conference_id", None)
        group["short_of_quota"] = max(0, group["quota"] - group["residents_invited"]) if group["kind"] == "tdp" else 0
        groups.append(group)
    return {
        "id": conference["id"],
        "title": conference["title"],
        "organization": conference["organization"],
        "held_on": conference["held_on"],
        "starts_at": conference["starts_at"],
        "venue": conference["venue"],
        "chair": conference["chair"],
        "capacity": conference["capacity"],
        "announced_on": conference["announced_on"],
        "announcement_warning": announcement_warning(conference),
        "groups": groups,
        "invited": sum(g["invited"] for g in groups),
        "present": sum(g["present"] for g in groups),
    }


# ---------------------------------------------------------------- groups


@functools.lru_cache(maxsize=1024)
def group_key(name: str) -> str:
    """'Tổ dân phố số 3', 'TDP số 3' and 'tdp so 3' are one group."""
    key = fold(name)
    key = re.sub(r"^to dan pho\b", "tdp", key)
    key = re.sub(r"^tdp so\b", "tdp", key)
    return key


def _is_ward(name: str) -> bool:
    return fold(name) in _WARD_WORDS


def _quota(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
        raise RosterError(_("Chỉ tiêu phải là số nguyên từ 0 đến 1000."))
    return value


def add_group(database: Database, conference_id: int | None, data: Any, actor: str) -> dict[str, Any]:
    """A new group in the conference (the active one, made on a fresh install, when None)."""
    if not isinstance(data, dict):
        raise RosterError(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    name = clean(data.get("name")) if isinstance(data.get("name"), str) else ""
    if not name or len(name) > MAX_NAME:
        raise RosterError(_("Cần nhập tên tổ dân phố (tối đa %(n)d ký tự).", n=MAX_NAME))
    kind = "ward" if _is_ward(name) else "tdp"
    quota = _quota(data.get("quota", DEFAULT_QUOTA if kind == "tdp" else 0))
    with store.write(database):
        conference_id = conference_id or ensure_active_conference(database, actor)["id"]
        if any(g["name_key"] == group_key(name) for g in store.groups_list(database, conference_id)):
            raise RosterError(_("Đã có đơn vị '%(name)s'.", name=name))
        group_id = store.group_insert(database, conference_id, name, group_key(name), kind, quota)
        store.audit(database, actor, "group.add", str(group_id), name=name, quota=quota)
    return store.group_get(database, group_id) or {}


def update_group(database: Database, group_id: int, data: Any, actor: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RosterError(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    with store.write(database):
        group = store.group_get(database, group_id)
        if group is None:
            raise LookupError(group_id)
        name = group["name"]
        if "name" in data:
            name = clean(data["name"]) if isinstance(data["name"], str) else ""
            if not name or len(name) > MAX_NAME:
                raise RosterError(_("Cần nhập tên tổ dân phố (tối đa %(n)d ký tự).", n=MAX_NAME))
            if group["kind"] == "ward":
                raise RosterError(_("Không đổi tên nhóm Đại biểu phường."))
            clash = [
                g for g in store.groups_list(database, group["conference_id"])
                if g["name_key"] == group_key(name) and g["id"] != group_id
            ]
            if clash or _is_ward(name):
                raise RosterError(_("Đã có đơn vị '%(name)s'.", name=name))
        quota = _quota(data["quota"]) if "quota" in data else group["quota"]
        store.group_update(database, group_id, name, group_key(name), quota)
        store.audit(database, actor, "group.update", str(group_id), name=name, quota=quota)
    return store.group_get(database, group_id) or {}


# ---------------------------------------------------------------- invitees


def _category(value: str, group_kind: str) -> str | None:
    """The category a cell names, or the group's default when empty; None when unknown."""
    if not value:
        return "ward_delegate" if group_kind == "ward" else "resident"
    return _CATEGORY_WORDS.get(fold(value).replace("-", " ").strip())


def _phone(value: Any) -> str | None:
    """Digits as typed, or as Excel kept them (a number loses its leading 0); None when bad."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean(value)
    digits = re.sub(r"[\s.\-()]", "", text)
    if not re.fullmatch(r"\+?\d{8,15}", digits):
        return None
    if isinstance(value, int) and len(digits) == 9:
        digits = "0" + digits
    return digits


def _mismatch(category: str, group_kind: str) -> str | None:
    if group_kind == "ward" and category != "ward_delegate":
        return _("nhóm Đại biểu phường chỉ gồm đại biểu phường")
    if group_kind == "tdp" and category == "ward_delegate":
        return _("đại biểu phường phải thuộc đơn vị 'Đại biểu phường'")
    return None


def _existing_invitee(database: Database, invitee_id: int) -> dict[str, Any]:
    invitee = store.invitee_get(database, invitee_id)
    if invitee is None:
        raise LookupError(invitee_id)
    return invitee


def _invitee_fields(database: Database, conference_id: int, data: Any, partial: bool) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RosterError(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    out: dict[str, Any] = {}
    if "name" in data or not partial:
        name = clean(data.get("name")) if isinstance(data.get("name"), str) else ""
        if not name:
            raise RosterError(_("Cần nhập họ và tên."))
        if len(name) > MAX_NAME:
            raise RosterError(_("Họ và tên quá dài (tối đa %(n)d ký tự).", n=MAX_NAME))
        out["name"], out["name_key"] = name, fold(name)
    if "group_id" in data or not partial:
        group_id = data.get("group_id")
        group = store.group_get(database, group_id) if isinstance(group_id, int) and not isinstance(group_id, bool) else None
        if group is None or group["conference_id"] != conference_id:
            raise RosterError(_("Đơn vị không tồn tại trong hội nghị này."))
        out["group_id"], out["_group_kind"] = group_id, group["kind"]
    if "position" in data:
        position = clean(data["position"]) if isinstance(data["position"], str) else None
        if position is None or len(position) > MAX_POSITION:
            raise RosterError(_("Chức vụ không hợp lệ (tối đa %(n)d ký tự).", n=MAX_POSITION))
        out["position"] = position
    if "phone" in data:
        phone = _phone(data["phone"]) if isinstance(data["phone"], (str, int)) else None
        if phone is None:
            raise RosterError(_("Số điện thoại không hợp lệ."))
        out["phone"] = phone
    if "category" in data:
        value = data["category"]
        category = value if value in CATEGORIES else (_category(clean(value), "tdp") if isinstance(value, str) and value else None)
        if category is None:
            raise RosterError(_("Loại đại biểu không hợp lệ."))
        out["category"] = category
    return out


def add_invitee(
    database: Database, conference_id: int, data: Any, actor: str, walk_in: bool = False
) -> dict[str, Any]:
    """One invitee typed in the roster page (or registered at the door), with a fresh invitation."""
    with store.write(database):
        fields = _invitee_fields(database, conference_id, data, partial=False)
        kind = fields.pop("_group_kind")
        fields.setdefault("category", "ward_delegate" if kind == "ward" else "resident")
        problem = _mismatch(fields["category"], kind)
        if problem:
            raise RosterError(problem[0].upper() + problem[1:] + ".")
        if (fields["group_id"], fields["name_key"]) in store.invitee_keys(database, conference_id):
            raise RosterError(_("'%(name)s' đã có trong danh sách của đơn vị này.", name=fields["name"]))
        invitee_id = store.invitee_insert(
            database, conference_id, fields["group_id"], fields["name"], fields["name_key"],
            fields.get("position", ""), fields["category"], fields.get("phone", ""), walk_in,
        )
        issue_invitations(database, conference_id, [invitee_id])
        store.audit(database, actor, "invitee.add", str(invitee_id), name=fields["name"], walk_in=walk_in)
    return store.invitee_get(database, invitee_id) or {}


def update_invitee(database: Database, invitee_id: int, data: Any, actor: str) -> dict[str, Any]:
    with store.write(database):
        invitee = _existing_invitee(database, invitee_id)
        fields = _invitee_fields(database, invitee["conference_id"], data, partial=True)
        kind = fields.pop("_group_kind", invitee["group_kind"])
        problem = _mismatch(fields.get("category", invitee["category"]), kind)
        if problem:
            raise RosterError(problem[0].upper() + problem[1:] + ".")
        key = (fields.get("group_id", invitee["group_id"]), fields.get("name_key", fold(invitee["name"])))
        if ("name_key" in fields or "group_id" in fields) and key != (invitee["group_id"], fold(invitee["name"])):
            if key in store.invitee_keys(database, invitee["conference_id"]):
                raise RosterError(_("'%(name)s' đã có trong danh sách của đơn vị này.", name=fields.get("name", invitee["name"])))
        store.invitee_update(database, invitee_id, fields)
        store.audit(database, actor, "invitee.update", str(invitee_id), **{k: v for k, v in fields.items() if k != "name_key"})
    return store.invitee_get(database, invitee_id) or {}


def remove_invitee(database: Database, invitee_id: int, actor: str) -> None:
    with store.write(database):
        invitee = _existing_invitee(database, invitee_id)
        store.invitee_remove(database, invitee_id)
        store.audit(database, actor, "invitee.remove", str(invitee_id), name=invitee["name"])


def public_invitee(row: dict[str, Any], with_phone: bool = False) -> dict[str, Any]:
    """The contract's invitee shape; the phone only for those allowed to see it."""
    out = {
        "id": row["id"],
        "name": row["name"],
        "group_id": row["group_id"],
        "group_name": row["group_name"],
        "position": row["position"],
        "category": row["category"],
        "code": row["code"],
        "short_code": row["short_code"],
        "checked_in_at": row["checked_in_at"],
    }
    if with_phone:
        out["phone"] = row["phone"]
    return out


# ---------------------------------------------------------------- import

@dataclass
class ParsedRow:
    row: int
    name: str
    group: str
    position: str
    category_text: str
    phone: Any


@dataclass
class ImportSummary:
    conference_id: int
    imported: int = 0
    groups_created: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "conference_id": self.conference_id,
            "imported": self.imported,
            "groups_created": self.groups_created,
        }


def _file_error(message: str) -> RosterError:
    return RosterError(message, [{"row": None, "message": message}])


def read_rows(data: bytes, filename: str = "") -> list[ParsedRow]:
    """The file's data rows, by header; raises RosterError for a file that cannot be read."""
    if not data or not data.strip():
        raise _file_error(_("Tệp rỗng, không có dữ liệu."))
    if data.startswith(b"%PDF"):
        raise _file_error(_("Đây là tệp PDF, không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc CSV."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_error(_("Đây là tệp Excel đời cũ (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx."))
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx_table(data)
    else:
        if filename.lower().endswith((".xlsx", ".xlsm")):
            raise _file_error(_("Tệp có đuôi .xlsx nhưng không phải bảng tính Excel hợp lệ."))
        table = _csv_table(data)
    return _rows_by_header(table)


def _csv_table(data: bytes) -> list[tuple[int, list[Any]]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")  # Excel's "Unicode text"
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _file_error(_(
                "Tệp CSV không dùng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel, chọn "
                "Lưu thành → 'CSV UTF-8 (Comma delimited)', hoặc gửi tệp .xlsx."
            ))
    if "\x00" in text:
        raise _file_error(_("Tệp không phải bảng tính CSV hay Excel."))
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS + _HEADER_SCAN_ROWS:
                raise _too_many()
            table.append((number, row))
    except csv.Error:
        raise _file_error(_("Tệp CSV bị lỗi định dạng (dấu ngoặc kép không đóng)."))
    return table


def _too_many() -> RosterError:
    limit = f"{MAX_ROWS:,}".replace(",", ".")  # Vietnamese groups thousands with dots
    return _file_error(_(
        "Tệp có quá nhiều dòng (tối đa %(n)s dòng). Hãy kiểm tra lại có đúng tệp danh sách không.",
        n=limit,
    ))


def _xlsx_table(data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
        raise _file_error(_("Không đọc được tệp Excel này. Hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại."))
    try:
        # One streaming pass: refuses a huge sheet before holding it, and is all a plain
        # sheet needs.
        table, count = [], 0
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if any(v not in (None, "") for v in row):
                count += 1
                if count > MAX_ROWS + _HEADER_SCAN_ROWS:
                    raise _too_many()
            table.append((number, list(row)))
        with workbook._archive.open(sheet._worksheet_path) as raw:
            xml = raw.read()
    finally:
        workbook.close()
    if b"<mergeCell " not in xml and b"<f>" not in xml and b"<f " not in xml:
        return table
    return _xlsx_table_whole(data)


def _xlsx_table_whole(data: bytes) -> list[tuple[int, list[Any]]]:
    """Merged cells (a group name merged down its rows) and formulas need the whole sheet."""
    import openpyxl

    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False).worksheets[0]
    has_formula = any(c.data_type == "f" for row in formulas.iter_rows() for c in row)
    values = (
        openpyxl.load_workbook(io.BytesIO(data), data_only=True).worksheets[0]
        if has_formula else formulas
    )
    fill: dict[tuple[int, int], Any] = {}
    for merged in values.merged_cells.ranges:
        top_left = values.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                fill[(r, c)] = top_left
    table = []
    for r, (row_f, row_v) in enumerate(zip(formulas.iter_rows(), values.iter_rows()), start=1):
        cells = []
        for c, (cell_f, cell_v) in enumerate(zip(row_f, row_v), start=1):
            value = fill.get((r, c), cell_v.value)
            if cell_f.data_type == "f" and (value is None or value is cell_f.value):
                value = _Formula(cell_f.coordinate)
            cells.append(value)
        table.append((r, cells))
    return table


class _Formula:
    """A formula cell whose value Excel never computed: say so rather than read it empty."""

    def __init__(self, coordinate: str):
        self.coordinate = coordinate


def _rows_by_header(table: list[tuple[int, list[Any]]]) -> list[ParsedRow]:
    header_at, columns = None, {}
    for index, (_number, cells) in enumerate(table[:_HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for position, cell in enumerate(cells):
            if isinstance(cell, str):
                key = fold(cell).rstrip(" :*")
                for field_name, names in _HEADERS.items():
                    if key in names and field_name not in found:
                        found[field_name] = position
        if "name" in found and "group" in found:
            header_at, columns = index, found
            break
    if header_at is None:
        raise _file_error(_(
            "Không tìm thấy dòng tiêu đề có cột 'Họ và tên' và cột 'Đơn vị'. Dòng tiêu đề cần "
            "các cột: Họ và tên, Đơn vị, và có thể thêm Chức vụ, Loại, Điện thoại."
        ))
    rows = []
    fields = ("name", "group", "position", "category", "phone")
    for number, cells in table[header_at + 1:]:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        values = [cells[columns[f]] if f in columns and columns[f] < len(cells) else None for f in fields]
        rows.append(ParsedRow(number, *values))
    if not rows:
        raise _file_error(_("Tệp chỉ có dòng tiêu đề, chưa có ai trong danh sách."))
    return rows


def _text_cell(value: Any, label: str, errors: list[str]) -> str:
    if isinstance(value, _Formula):
        errors.append(_("ô %(cell)s (%(label)s) là công thức chưa có giá trị; hãy dán dạng giá trị", cell=value.coordinate, label=label))
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


def import_roster(database: Database, data: bytes, filename: str, actor: str) -> ImportSummary:
    """Check the whole file, then add every row in one transaction, or add nothing."""
    rows = read_rows(data, filename)
    conference = store.conference_active(database)
    groups = {g["name_key"]: g for g in store.groups_list(database, conference["id"])} if conference else {}
    existing = store.invitee_keys(database, conference["id"]) if conference else set()
    errors: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    clean_rows = []
    labels = {"name": _("Họ và tên"), "group": _("Đơn vị"), "position": _("Chức vụ"),
              "category": _("Loại"), "phone": _("Điện thoại")}
    for parsed in rows:
        problems: list[str] = []
        name = _text_cell(parsed.name, labels["name"], problems)
        group_name = _text_cell(parsed.group, labels["group"], problems)
        position = _text_cell(parsed.position, labels["position"], problems)
        category_text = _text_cell(parsed.category_text, labels["category"], problems)
        phone = _phone(parsed.phone) if not isinstance(parsed.phone, _Formula) else _text_cell(parsed.phone, labels["phone"], problems)
        if not name and not problems:
            problems.append(_("thiếu Họ và tên"))
        elif len(name) > MAX_NAME:
            problems.append(_("Họ và tên quá dài (tối đa %(n)d ký tự)", n=MAX_NAME))
        if not group_name and not problems:
            problems.append(_("thiếu Đơn vị (tên tổ dân phố, hoặc 'Đại biểu phường')"))
        elif len(group_name) > MAX_NAME:
            problems.append(_("tên Đơn vị quá dài (tối đa %(n)d ký tự)", n=MAX_NAME))
        if len(position) > MAX_POSITION:
            problems.append(_("Chức vụ quá dài (tối đa %(n)d ký tự)", n=MAX_POSITION))
        if phone is None:
            problems.append(_("số điện thoại '%(v)s' không hợp lệ", v=clean(parsed.phone)[:30]))
        kind = "ward" if _is_ward(group_name) else "tdp"
        key = WARD_GROUP_NAME if kind == "ward" else group_name
        category = _category(category_text, kind)
        if category is None:
            problems.append(_(
                "Loại '%(v)s' không hợp lệ (dùng: đại biểu phường, cán bộ TDP, đại diện nhân dân)",
                v=category_text[:40],
            ))
        elif name and group_name:
            mismatch = _mismatch(category, kind)
            if mismatch:
                problems.append(mismatch)
        if name and group_name and not problems:
            pair = (group_key(key), fold(name))
            group = groups.get(pair[0])
            if pair in seen:
                problems.append(_("trùng với dòng %(n)d (cùng họ tên, cùng đơn vị)", n=seen[pair]))
            elif group is not None and (group["id"], pair[1]) in existing:
                problems.append(_("'%(name)s' đã có trong danh sách của %(group)s", name=name, group=group["name"]))
            seen.setdefault(pair, parsed.row)
        if problems:
            message = "; ".join(problems)
            errors.append({"row": parsed.row, "message": _("Dòng %(n)d: %(m)s.", n=parsed.row, m=message[0].upper() + message[1:])})
        else:
            clean_rows.append((parsed.row, name, key, kind, position, category, phone or ""))
    if errors:
        raise RosterError(
            _("Tệp có %(n)d dòng lỗi nên chưa nhập ai. Sửa các dòng dưới đây rồi nhập lại.", n=len(errors)),
            errors,
        )

    with store.write(database):
        # A fresh install gets a default conference, in the same transaction as the rows.
        conference_id = ensure_active_conference(database, actor)["id"]
        if not groups:
            groups = {g["name_key"]: g for g in store.groups_list(database, conference_id)}
        summary = ImportSummary(conference_id)
        invitee_ids = []
        for _row, name, group_name, kind, position, category, phone in clean_rows:
            key = group_key(group_name)
            if key not in groups:
                group_id = store.group_insert(
                    database, conference_id, group_name, key, kind, DEFAULT_QUOTA if kind == "tdp" else 0
                )
                groups[key] = {"id": group_id, "name": group_name, "name_key": key}
                summary.groups_created.append(group_name)
            invitee_ids.append(store.invitee_insert(
                database, conference_id, groups[key]["id"], name, fold(name), position, category, phone
            ))
        issue_invitations(database, conference_id, invitee_ids)
        summary.imported = len(invitee_ids)
        store.audit(database, actor, "roster.import", filename, rows=summary.imported, groups_created=summary.groups_created)
    return summary
