"""The roster import from Excel or CSV: all or nothing.

The whole file is read and checked first, every bad row is reported with its row number
and a reason in Vietnamese, and only a clean file is written, in one transaction.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.errors import Refusal
from conference.i18n import _
from conference.text import clean, fold

from .attendance import DEFAULT_QUOTA
from .conferences import ensure_active_conference
from .groups import MAX_NAME, WARD_GROUP_NAME, group_key, is_ward, refused
from .invitees import MAX_POSITION, _category, _mismatch, _phone, issue_invitations

MAX_ROWS = 20_000  # a ward invites ~120; anything far larger is the wrong file
# Headers, folded: Vietnamese or English, any order.
_HEADERS = {
    "name": {"ho va ten", "ho ten", "name", "full name", "ten"},
    "group": {"don vi", "to dan pho", "tdp", "group"},
    "position": {"chuc vu", "position"},
    "category": {"loai", "category", "thanh phan"},
    "phone": {"dien thoai", "so dien thoai", "sdt", "phone"},
}
_HEADER_SCAN_ROWS = 15  # title rows above the header are common in ward spreadsheets


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


def _file_error(message: str) -> Refusal:
    return refused(message, [{"row": None, "message": message}])


def read_rows(data: bytes, filename: str = "") -> list[ParsedRow]:
    """The file's data rows, by header; raises Refusal for a file that cannot be read."""
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


def _too_many() -> Refusal:
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
        kind = "ward" if is_ward(group_name) else "tdp"
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
        raise refused(
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
