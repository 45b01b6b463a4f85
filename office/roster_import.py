"""The roster import from Excel or CSV: all or nothing.

The whole file is read and checked first, every bad row is reported with its row number
and a reason in Vietnamese, and only a clean file is written, in one transaction. A file
without a "Loại" column has its TDP officers told by their "Chức vụ" (`office.officers`);
with `replace`, the file becomes the conference's list (see `import_roster`).

Reading is bounded whatever the file says about itself. An .xlsx is a zip of XML that can
claim 1,048,576 rows × 16,384 columns in its `<dimension>`, unpack 2 MB into 2 GB of
spaces, or nest tags without end; a CSV can hold one 5 MB cell. `read_rows` checks the
zip's directory before unpacking a byte, streams the sheet through expat without building
a tree or padding a row, keeps at most MAX_ROWS × MAX_COLUMNS cells of MAX_CELL_CHARS, and
gives up after READ_SECONDS. It needs no Flask, so `import_roster` runs it off the event
loop (`conference.offload`) and the hall goes on while a file is read.
"""
from __future__ import annotations

import bisect
import csv
import io
import posixpath
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from xml.parsers import expat

from sqlite_utils import Database

from conference import store
from conference.errors import Refusal
from conference.i18n import N_, _, ngettext, number as thousands
from conference.offload import let_others_in, off_loop
from conference.text import clean, fold, loose

from . import officers
from .attendance import DEFAULT_QUOTA
from .codes import new_codes
from .conferences import ensure_active_conference
from .groups import MAX_NAME, WARD_GROUP_NAME, GroupKeys, group_key, is_ward, key_letters, refused, unclear_group
from .invitees import MAX_POSITION, _category, _mismatch, _phone, issue_invitations, name_index, namesakes, ward_role_for

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
# A ward has tens of TDPs; hundreds of new groups in one file means the wrong column (and
# each new group costs the write on the event loop more than the last).
MAX_NEW_GROUPS = 500
_MAX_HEADER_CHARS = 60  # a longer cell is a title or data, never a column's name

# What any roster needs, many times over; past these a file is cut or refused.
MAX_COLUMNS = 30  # columns read per row (a roster has 6); the rest of a wide sheet is ignored
MAX_CELL_CHARS = 1_000  # a longer cell is cut here; no field we check allows a quarter of it
READ_SECONDS = 4.0  # wall clock to read one file, so even a refusal comes within 5 s

# An .xlsx, judged by its zip directory before anything is unpacked. A 20,000-row roster
# as openpyxl writes it is 7.6 MB of sheet XML packed 9×; Excel's parts pack 2–15×.
MAX_MEMBERS = 1_000
MAX_UNPACKED = 64 * 1024 * 1024  # all members together, as their directory declares them
MAX_RATIO = 100  # unpacked ÷ packed, for a member past RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
# The XML inside, as it streams: SpreadsheetML nests ~6 deep, and no tag of a sheet nor a
# cell's text (32,767 characters at most in Excel) comes near a megabyte between two '<'.
MAX_DEPTH = 64
MAX_TOKEN = 1024 * 1024
MAX_MERGES = 20_000
_CHUNK = 64 * 1024


_FIELDS = ("name", "group", "position", "category", "phone")


@dataclass(frozen=True)
class SheetLayout:
    """What one kind of sheet looks like, for `read_table`: its fields' header words (folded,
    Vietnamese or English), the fields a row must have a column for to be the header, the
    longest cell kept (a longer one is cut here, so a field allowing N characters keeps N + 1
    to tell a too-long cell), and what to say when the header or the rows are missing."""

    headers: dict[str, set[str]]
    required: tuple[str, ...]
    no_header: str  # msgid, marked with N_
    no_rows: str  # msgid, marked with N_
    cell_chars: int = MAX_CELL_CHARS


@dataclass
class SheetRow:
    """One data row of a sheet: its number in the file, each field's raw value (None when
    empty or without a column), and the fields the file has a column for."""

    row: int
    values: dict[str, Any]
    columns: frozenset[str]


@dataclass
class ParsedRow:
    row: int
    name: str
    group: str
    position: str
    category_text: str
    phone: Any
    columns: frozenset[str] = frozenset(_FIELDS)  # the fields the file has a column for


@dataclass
class ImportSummary:
    conference_id: int
    imported: int = 0  # the file's people now on the list (with `replace`, kept ones too)
    groups_created: list[str] = field(default_factory=list)
    replace: bool = False
    added: int = 0  # new people, each with a new invitation
    kept: int = 0  # already on the list: same id, code and check-in (`replace`)
    updated: int = 0  # of those kept, the ones the file changed (name's spelling, position…)
    removed: int = 0  # no longer in the file, their invitations revoked (`replace`)
    kept_checked_in: list[str] = field(default_factory=list)  # not in the file, but in the hall
    moved: list[str] = field(default_factory=list)  # in the file under another group: moved, card kept (`replace`)
    reissued: list[str] = field(default_factory=list)  # new cards for names someone taken off the list had (`replace`)
    groups_emptied: list[str] = field(default_factory=list)  # TDPs left with nobody (`replace`)
    inferred_officers: int = 0  # TDP officers told by "Chức vụ" in a file without "Loại"
    ward_unplaced: list[str] = field(default_factory=list)  # ward delegates whose "Chức vụ" names no sub-category
    notes: list[str] = field(default_factory=list)  # the above in sentences, for people

    def as_dict(self) -> dict[str, Any]:
        return {
            "conference_id": self.conference_id,
            "imported": self.imported,
            "groups_created": self.groups_created,
            "replace": self.replace,
            "added": self.added,
            "kept": self.kept,
            "updated": self.updated,
            "removed": self.removed,
            "kept_checked_in": self.kept_checked_in,
            "moved": self.moved,
            "reissued": self.reissued,
            "groups_emptied": self.groups_emptied,
            "inferred_officers": self.inferred_officers,
            "ward_unplaced": self.ward_unplaced,
            "notes": self.notes,
        }


class Unreadable(Exception):
    """A file that cannot be read: its message (a msgid, marked with N_) and the values.

    `read_rows` raises it without Flask, on whatever thread it runs; `import_roster`
    translates it into the Refusal the person sees."""

    def __init__(self, message: str, **values: Any):
        super().__init__(message)
        self.message = message
        self.values = values


def _file_error(message: str) -> Refusal:
    return refused(message, [{"row": None, "message": message}])


_XLSX_UNREADABLE = N_("Không đọc được tệp Excel này. Hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại.")
_XLSX_TOO_BIG = N_(
    "Tệp Excel này khi giải nén quá lớn hoặc nén bất thường, không giống một danh sách. Hãy chép "
    "danh sách sang một tệp Excel mới, lưu lại dạng .xlsx rồi thử lại."
)
_TOO_SLOW = N_(
    "Tệp này quá phức tạp, không đọc xong trong thời gian cho phép. Hãy chép danh sách sang một "
    "tệp Excel mới, lưu lại dạng .xlsx rồi thử lại."
)


def read_rows(data: bytes, filename: str = "", seconds: float = READ_SECONDS) -> list[ParsedRow]:
    """The roster's data rows, by header; raises Unreadable for a file that cannot be read."""
    return [ParsedRow(r.row, *(r.values.get(f) for f in _FIELDS), columns=r.columns)
            for r in read_table(data, filename, ROSTER_LAYOUT, seconds)]


def _holds_a_person(rows: list[ParsedRow], listed_groups: Iterable[str]) -> Callable[[ParsedRow], bool]:
    """Whether a row holds the list's own data, not the sheet's footer: a name with a group, a
    phone, or a group the list uses (a file's other rows, the conference's groups — their keys,
    `listed_groups` —, any 'TDP N') — a person whose name is missing is a row error, never a signature."""
    def text(value: Any) -> str:
        return clean(value) if value is not None else ""

    known = {key_letters(group_key(text(r.group))) for r in rows if text(r.name) and text(r.group)} \
        | {key_letters(key) for key in listed_groups}

    def holds(row: ParsedRow) -> bool:
        group = key_letters(group_key(text(row.group))) if text(row.group) else ""
        return bool((text(row.name) and group) or text(row.phone) or group in known
                    or group.startswith("tdp ") or is_ward(text(row.group)))
    return holds


def trailing_footer(rows: list[Any], filled: Callable[[Any], bool]) -> int:
    """How many rows at the end of a sheet are its footer ("Người lập biểu", a name to sign, a
    date): after the last row that holds the list's own field (`filled`), past at least one empty
    row, none of them holding it. 0 when no empty row parts them from the list."""
    last = max((index for index, row in enumerate(rows) if filled(row)), default=-1)
    if last < 0 or last == len(rows) - 1 or rows[last + 1].row <= rows[last].row + 1:
        return 0
    return len(rows) - last - 1


def read_table(data: bytes, filename: str, layout: SheetLayout, seconds: float = READ_SECONDS) -> list[SheetRow]:
    """Any sheet's data rows by `layout`'s headers (the roster's, the petitions'); raises
    Unreadable for a file that cannot be read.

    Pure and bounded: no Flask, at most MAX_ROWS × MAX_COLUMNS cells kept, and `seconds`
    of wall clock, so it can run on a worker thread while the event loop serves the hall."""
    deadline = time.monotonic() + seconds
    if not data or not data.strip():
        raise Unreadable(N_("Tệp rỗng, không có dữ liệu."))
    if data.startswith(b"%PDF"):
        raise Unreadable(N_("Đây là tệp PDF, không phải bảng tính. Hãy chọn tệp Excel (.xlsx) hoặc CSV."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(N_("Đây là tệp Excel đời cũ (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx."))
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data, deadline, layout)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise Unreadable(N_("Tệp có đuôi .xlsx nhưng không phải bảng tính Excel hợp lệ."))
    table = _csv_table(data, deadline, layout.cell_chars)
    return _rows_at(table, *_find_header(table, layout), layout)


def _in_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise Unreadable(_TOO_SLOW)


# ---------------------------------------------------------------- CSV


def _csv_table(data: bytes, deadline: float, cap: int = MAX_CELL_CHARS) -> list[tuple[int, list[Any]]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")  # Excel's "Unicode text"; strict: a lone surrogate is an error
        except UnicodeDecodeError:
            raise Unreadable(N_(
                "Tệp văn bản Unicode (UTF-16) này bị hỏng: có ký tự không đọc được. Hãy lưu lại "
                "dạng 'CSV UTF-8 (Comma delimited)' hoặc gửi tệp .xlsx."
            )) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Unreadable(N_(
                "Tệp CSV không dùng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel, chọn "
                "Lưu thành → 'CSV UTF-8 (Comma delimited)', hoặc gửi tệp .xlsx."
            )) from None
    if "\x00" in text:
        raise Unreadable(N_("Tệp không phải bảng tính CSV hay Excel."))
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    delimiter = max([",", ";", "\t"], key=first.count)
    # The csv module's own limit on a field (131,072 characters unless someone raised it)
    # bounds a cell while it is read; it is process-wide, so it is read here, not set.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[tuple[int, list[Any]]] = []
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS + _HEADER_SCAN_ROWS:
                raise _too_many()
            if number % 1000 == 0:
                _in_time(deadline)
            table.append((number, [cell[:cap] for cell in row[:MAX_COLUMNS]]))
    except csv.Error as error:
        if "field limit" in str(error):
            raise Unreadable(N_(
                "Dòng %(n)d có một ô dài hơn %(limit)s ký tự; danh sách không có ô nào dài như vậy "
                "(có thể một dấu ngoặc kép mở mà không đóng). Hãy sửa ô đó rồi thử lại.",
            ), n=number + 1, limit=thousands(csv.field_size_limit())) from None
        raise Unreadable(N_("Tệp CSV bị lỗi định dạng (dấu ngoặc kép không đóng).")) from None
    return table


def _too_many() -> Unreadable:
    return Unreadable(N_(
        "Tệp có quá nhiều dòng (tối đa %(n)s dòng). Hãy kiểm tra lại có đúng tệp danh sách không."
    ), n=thousands(MAX_ROWS))


# ---------------------------------------------------------------- Excel


def _xlsx_rows(data: bytes, deadline: float, layout: SheetLayout) -> list[SheetRow]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            sheet_path, strings_path = _first_sheet(archive, deadline)
            sheet = _Sheet()
            sheet.cap = layout.cell_chars
            sheet.read(archive, sheet_path, deadline)
            if sheet.names_strings and strings_path is None:
                raise Unreadable(_XLSX_UNREADABLE)
            strings = _Strings.reader(archive, strings_path, deadline, layout.cell_chars)
            return _by_header(sheet.filled(deadline), strings, layout)
    except expat.ExpatError:
        raise Unreadable(N_(
            "Tệp Excel này bị hỏng: nội dung trang tính không đúng định dạng. Hãy mở bằng Excel, "
            "lưu lại dạng .xlsx rồi thử lại."
        )) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError, OSError,
            ValueError, KeyError, IndexError, NotImplementedError, RuntimeError):
        # Whatever zipfile, zlib or expat say about broken bytes (a bad CRC, a part the
        # package names but lacks, a cell number that is not one), one sentence for people.
        raise Unreadable(_XLSX_UNREADABLE) from None


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse from the zip's directory alone a file that would unpack too big.

    The declared sizes are a real bound: CPython's ZipExtFile hands out at most a member's
    declared `file_size` (zipfile.py, `_read1`: `data = data[:self._left]`), inflates at
    most `n` bytes per call (`decompress(data, n)`), and a member holding more than it
    declares fails its CRC. Tried on CPython 3.11: 400 MB of spaces declared as 1,000 bytes
    gave BadZipFile and no memory. bzip2 and lzma are inflated without that bound
    (`decompress(data)`; a 449-byte bzip2 member took 795 MB before the cut), so only
    stored and deflated members, all Excel and LibreOffice write, are read."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Unreadable(_XLSX_TOO_BIG)
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise Unreadable(N_("Tệp Excel này có mật khẩu. Hãy bỏ mật khẩu, lưu lại rồi thử lại."))
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Unreadable(_XLSX_UNREADABLE)
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * member.compress_size:
            raise Unreadable(_XLSX_TOO_BIG)
        total += member.file_size
    if total > MAX_UNPACKED:
        raise Unreadable(_XLSX_TOO_BIG)


class _Xml:
    """One zip member fed to expat in chunks: no tree is built; only what a subclass's
    `open`, `close` and `text` keep is kept. A DOCTYPE (the door to entity expansion) is
    refused, nesting is bounded, and so is any stretch without a '<' (a tag with a million
    attributes would be read whole). Parts are read as UTF-8, as every producer writes
    them, so a '<' byte is always a '<'."""

    depth = 0

    def read(self, archive: zipfile.ZipFile, name: str, deadline: float) -> None:
        parser = expat.ParserCreate("UTF-8", " ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self.text
        gap = 0  # bytes since the last '<', carried from chunk to chunk
        with archive.open(name) as source:
            while chunk := source.read(_CHUNK):
                _in_time(deadline)
                stretches = [len(piece) for piece in chunk.split(b"<")]
                stretches[0] += gap
                gap = stretches[-1]
                if max(stretches) > MAX_TOKEN:
                    raise Unreadable(_XLSX_UNREADABLE)
                parser.Parse(chunk, False)
            parser.Parse(b"", True)

    def _doctype(self, *_args: Any) -> None:
        raise Unreadable(_XLSX_UNREADABLE)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unreadable(_XLSX_UNREADABLE)
        self.open(name.rpartition(" ")[2], attrs)

    def _end(self, name: str) -> None:
        self.depth -= 1
        self.close(name.rpartition(" ")[2])

    def open(self, tag: str, attrs: dict[str, str]) -> None:
        pass

    def close(self, tag: str) -> None:
        pass

    pieces: list[str] | None = None  # where character data goes now, if anywhere
    size = 0  # characters in `pieces`, which stops growing at `cap`
    cap = MAX_CELL_CHARS  # the longest cell kept (a sheet layout's `cell_chars`)

    def text(self, data: str) -> None:
        if self.pieces is not None and self.size < self.cap:
            self.pieces.append(data[:self.cap - self.size])
            self.size += len(data)


_WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


class _Parts(_Xml):
    """The attributes `keys` of each `tag` element, at most MAX_MEMBERS of them: the
    package's map ([Content_Types].xml, a .rels file, the workbook's list of sheets)."""

    def __init__(self, tag: str, keys: tuple[str, ...]):
        self.tag, self.keys = tag, keys
        self.found: list[tuple[str, ...]] = []

    def open(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == self.tag and len(self.found) < MAX_MEMBERS:
            # An attribute in a namespace (the sheet's r:id) arrives as "uri id".
            local = {key.rpartition(" ")[2]: value for key, value in attrs.items()}
            self.found.append(tuple(local.get(key, "") for key in self.keys))


def _first_sheet(archive: zipfile.ZipFile, deadline: float) -> tuple[str, str | None]:
    """The first worksheet's part and the shared strings' part (see _worksheets)."""
    sheets, strings = _worksheets(archive, deadline)
    if not sheets:
        raise Unreadable(_XLSX_UNREADABLE)
    return sheets[0][1], strings


def _worksheets(archive: zipfile.ZipFile, deadline: float) -> tuple[list[tuple[str, str]], str | None]:
    """The worksheets as (name, part) in the workbook's order, and the shared strings' part,
    found as Excel finds them: the content types name the workbook, the workbook lists its
    sheets in order, and the workbook's relationships say where each part is."""
    names = set(archive.namelist())
    overrides = _Parts("Override", ("PartName", "ContentType"))
    overrides.read(archive, "[Content_Types].xml", deadline)
    types = {content: part.lstrip("/") for part, content in reversed(overrides.found)}
    workbook = next((types[kind] for kind in _WORKBOOK_TYPES if kind in types), "xl/workbook.xml")
    folder, base = posixpath.split(workbook)
    relations = _Parts("Relationship", ("Id", "Type", "Target"))
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels in names:
        relations.read(archive, rels, deadline)
    targets = {rid: (kind, _part(folder, target)) for rid, kind, target in relations.found}
    listed = _Parts("sheet", ("name", "id"))
    listed.read(archive, workbook, deadline)
    sheets = []
    for name, rid in listed.found:
        kind, path = targets.get(rid, ("", ""))
        if kind.endswith("/worksheet") and path in names:
            sheets.append((clean(name)[:60], path))
    strings = next((p for kind, p in targets.values() if kind.endswith("/sharedStrings") and p in names),
                   types.get(_STRINGS_TYPE))
    return sheets, strings if strings in names else None


class _AnyValue(_Xml):
    """Whether a worksheet holds a cell with a value (`<v>` or an inline string's `<t>` with
    text): reading stops at the first one."""

    class Found(Exception):
        pass

    def __init__(self) -> None:
        self.inside = False

    def open(self, tag: str, attrs: dict[str, str]) -> None:
        self.inside = tag in ("v", "t")

    def close(self, tag: str) -> None:
        self.inside = False

    def text(self, data: str) -> None:
        if self.inside and data.strip():
            raise self.Found


def other_sheets(data: bytes, seconds: float = READ_SECONDS) -> tuple[list[str], bool]:
    """The names of the worksheets after the first that hold any value, and whether every one
    was looked at (False when the time ran out: said too, never a clean result). The import
    reads the first sheet only (the list, as the template has it); a clerk who put a TDP on a
    sheet of its own must be told it was not read. ([], True) for anything but a readable
    .xlsx: the import itself says what is wrong with a file."""
    if not data.startswith(b"PK\x03\x04"):
        return [], True
    deadline = time.monotonic() + seconds
    found: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            sheets, _strings = _worksheets(archive, deadline)
            for name, path in sheets[1:MAX_MEMBERS]:
                try:
                    _AnyValue().read(archive, path, deadline)
                except _AnyValue.Found:
                    found.append(name or path)
    except Unreadable as problem:
        return found, problem.message != _TOO_SLOW
    except (expat.ExpatError, zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error,
            EOFError, OSError, ValueError, KeyError, IndexError, NotImplementedError, RuntimeError):
        return found, True
    return found, True


def _part(folder: str, target: str) -> str:
    """A relationship's target as a name in the zip: absolute, or relative to its part."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _cell(ref: str) -> tuple[int, int] | None:
    """'B12' → (12, 2); None for anything else."""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        return None
    column = 0
    for letter in match[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(match[2]), column


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Shared(int):
    """A cell that names a shared string (by its number), until the strings are read."""

    __slots__ = ()


class _Formula:
    """A formula cell whose value Excel never computed: say so rather than read it empty."""

    def __init__(self, coordinate: str):
        self.coordinate = coordinate


class _Sheet(_Xml):
    """The first worksheet's values as they stream past. A row is kept only when it holds a
    value in its first MAX_COLUMNS columns, under the number the sheet gives it: a row at
    1,048,576 is one more row, never a million empty ones, and `<dimension>` is not read."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, list[Any]]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self.names_strings = False  # whether any cell names a shared string
        self.number = 0  # the row being read
        self.cells: list[Any] = []
        self.column = 0  # the cell being read
        self.in_cell = False
        self.kind = "n"
        self.formula = False
        self.value: list[str] | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0  # inside <rPh>, the reading aid, which is not the text

    def open(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "c":
            at = _cell(attrs.get("r", ""))
            self.column = at[1] if at else self.column + 1
            self.in_cell, self.kind, self.formula = True, attrs.get("t", "n"), False
            self.value = self.inline = None
        elif not self.in_cell:
            if tag == "row":
                number = attrs.get("r")
                self.number = int(number) if number else self.number + 1
                self.cells, self.column = [], 0
            elif tag == "mergeCell":
                self._merge(attrs.get("ref", ""))
        elif tag == "v":
            self.value = self.pieces = []
            self.size = 0
        elif tag == "f":
            self.formula = True
        elif tag == "is":
            self.inline, self.size = [], 0
        elif tag == "t" and self.inline is not None and not self.phonetic:
            self.pieces = self.inline
        elif tag == "rPh":
            self.phonetic += 1

    def close(self, tag: str) -> None:
        if tag == "c":
            self.in_cell, self.pieces = False, None
            if self.column <= MAX_COLUMNS:
                value = self._cell_value()
                if value is not None and value != "":
                    if len(self.cells) < self.column:
                        self.cells.extend([None] * (self.column - len(self.cells)))
                    self.cells[self.column - 1] = value
        elif tag in ("v", "t"):
            self.pieces = None
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row" and self.cells:
            self.rows.append((self.number, self.cells))
            self.cells = []
            if len(self.rows) > MAX_ROWS + _HEADER_SCAN_ROWS:
                raise _too_many()

    def _cell_value(self) -> Any:
        text = "".join(self.value) if self.value is not None else None
        if self.formula and not text:
            return _Formula(f"{_letters(self.column)}{self.number}")
        if self.kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        if not text:
            return None
        if self.kind == "s":
            self.names_strings = True
            return _Shared(text)
        if self.kind == "n":
            try:
                return float(text) if any(ch in text for ch in ".eE") else int(text)
            except ValueError:
                return text
        if self.kind == "b":
            return text.strip() in ("1", "true")
        return text  # "str" (a formula's text), "e" (#N/A…), "d" (an ISO date)

    def _merge(self, ref: str) -> None:
        first, _colon, last = ref.partition(":")
        top, bottom = _cell(first), _cell(last or first)
        if top is None or bottom is None or top[1] > MAX_COLUMNS:
            return
        if len(self.merges) >= MAX_MERGES:
            raise Unreadable(_XLSX_TOO_BIG)
        self.merges.append((top[0], top[1], bottom[0], min(bottom[1], MAX_COLUMNS)))

    def filled(self, deadline: float) -> list[tuple[int, list[Any]]]:
        """The rows, every merged cell holding its range's top-left value (a group name
        merged down its people); shared strings are still their numbers."""
        if self.merges:
            by_number = {number: cells for number, cells in self.rows}
            numbers = sorted(by_number)
            tops = [_at(by_number, row, column) for row, column, _r, _c in self.merges]
            for (row, column, last_row, last_column), top in zip(self.merges, tops):
                _in_time(deadline)
                for number in numbers[bisect.bisect_left(numbers, row):bisect.bisect_right(numbers, last_row)]:
                    cells = by_number[number]
                    if len(cells) < last_column:
                        cells.extend([None] * (last_column - len(cells)))
                    for c in range(column, last_column + 1):
                        if (number, c) != (row, column):
                            cells[c - 1] = top
        return self.rows


def _at(by_number: dict[int, list[Any]], row: int, column: int) -> Any:
    cells = by_number.get(row, [])
    return cells[column - 1] if column <= len(cells) else None


class _Done(Exception):
    """Every shared string wanted is found: stop reading the table."""


_Lookup = Callable[[set[int], bool], dict[int, str]]  # shared strings by number


class _Strings(_Xml):
    """The shared strings some kept cells name, and no others: a table of 600,000 strings
    costs the few hundred a roster's columns use. With `blanks_only`, only which of them
    are blank is kept (all that matters of a column that is not read)."""

    def __init__(self, wanted: set[int], blanks_only: bool = False):
        self.wanted, self.blanks_only = wanted, blanks_only
        self.found: dict[int, str] = {}
        self.seen = 0
        self.index = -1
        self.item: list[str] | None = None
        self.phonetic = 0

    @classmethod
    def reader(cls, archive: zipfile.ZipFile, name: str | None, deadline: float,
               cap: int = MAX_CELL_CHARS) -> _Lookup:
        """Each call reads the part again, for just the strings asked for."""
        def strings(wanted: set[int], blanks_only: bool = False) -> dict[int, str]:
            if not wanted:
                return {}
            table = cls(wanted, blanks_only)
            table.cap = cap
            try:
                table.read(archive, name or "", deadline)
            except _Done:
                pass
            if table.seen < len(wanted):
                raise Unreadable(_XLSX_UNREADABLE)  # a cell names a string the table lacks
            return table.found
        return strings

    def open(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "si":
            self.index += 1
            self.item, self.size = ([] if self.index in self.wanted else None), 0
        elif tag == "t" and self.item is not None and not self.phonetic:
            self.pieces = self.item
        elif tag == "rPh":
            self.phonetic += 1

    def close(self, tag: str) -> None:
        if tag == "t":
            self.pieces = None
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si" and self.item is not None:
            text = "".join(self.item).replace("x005F_", "")
            if not self.blanks_only or not text.strip():
                self.found[self.index] = text
            self.item = None
            self.seen += 1
            if self.seen == len(self.wanted):
                raise _Done


def _by_header(table: list[tuple[int, list[Any]]], strings: _Lookup, layout: SheetLayout) -> list[SheetRow]:
    """The sheet's rows by header, reading from the shared strings only the header's words,
    the read columns' values, and whether the rest of a row with nothing read is blank."""
    _resolve([cells for _number, cells in table[:_HEADER_SCAN_ROWS]], range(MAX_COLUMNS), strings)
    header_at, columns = _find_header(table, layout)
    body = [cells for _number, cells in table[header_at + 1:]]
    read = sorted(set(columns.values()))
    _resolve(body, read, strings)
    unsure = [cells for cells in body if all(c >= len(cells) or _blank(cells[c]) for c in read)]
    blanks = strings({v for cells in unsure for v in cells if isinstance(v, _Shared)}, True)
    for cells in unsure:
        for c, value in enumerate(cells):
            if isinstance(value, _Shared) and value in blanks:
                cells[c] = None
    return _rows_at(table, header_at, columns, layout)


def _resolve(rows: list[list[Any]], columns: Iterable[int], strings: _Lookup) -> None:
    """Shared strings in place of their numbers, in these rows' `columns`."""
    columns = list(columns)
    wanted = {cells[c] for cells in rows for c in columns if c < len(cells) and isinstance(cells[c], _Shared)}
    found = strings(wanted, False)
    for cells in rows:
        for c in columns:
            if c < len(cells) and isinstance(cells[c], _Shared):
                cells[c] = found[cells[c]]


def _blank(value: Any) -> bool:
    """An empty cell; a shared string not yet read is not one."""
    return value is None or (isinstance(value, str) and not value.strip())


def _header_words(cells: list[Any], layout: SheetLayout) -> dict[str, int]:
    """The fields whose header word a row has, each at its first column."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) <= _MAX_HEADER_CHARS:
            key = fold(cell).rstrip(" :*")
            for field_name, names in layout.headers.items():
                if key in names and field_name not in found:
                    found[field_name] = position
    return found


def _find_header(table: list[tuple[int, list[Any]]], layout: SheetLayout) -> tuple[int, dict[str, int]]:
    """Where the header ends among the first rows, and each field's column.

    A header may take two rows: "Họ và tên", "Đơn vị" merged down both, "Liên hệ" merged
    across and "Điện thoại" under it. The row under the header belongs to it when it names no
    person (each required column blank or its own header word again, as a merged cell reads)
    and is not blank; its words add the fields the first row lacked."""
    scan = table[:_HEADER_SCAN_ROWS]
    for index, (_number, cells) in enumerate(scan):
        found = _header_words(cells, layout)
        if not all(name in found for name in layout.required):
            continue
        while index + 1 < len(scan) and (words := _header_below(scan[index + 1][1], found, layout)):
            for field_name, position in words.items():
                found.setdefault(field_name, position)
            index += 1
        return index, found
    raise Unreadable(layout.no_header)


def _header_below(cells: list[Any], found: dict[str, int], layout: SheetLayout) -> dict[str, int]:
    """The header words of the row under the header, when it is part of it: it has some, and
    each required column is blank or its own word again (a merged cell); else {} (a person)."""
    words = _header_words(cells, layout)
    for name in layout.required:
        column = found[name]
        if column < len(cells) and not _blank(cells[column]) and words.get(name) != column:
            return {}
    return words


def _rows_at(table: list[tuple[int, list[Any]]], header_at: int, columns: dict[str, int],
             layout: SheetLayout) -> list[SheetRow]:
    """The rows under the header that are not blank, by field."""
    rows = []
    present = frozenset(columns)
    for number, cells in table[header_at + 1:]:
        if all(_blank(v) for v in cells):
            continue
        values = {f: cells[c] if c < len(cells) else None for f, c in columns.items()}
        rows.append(SheetRow(number, values, present))
    if len(rows) > MAX_ROWS:  # the file's lines were counted with room for title rows; people are not
        raise _too_many()
    if not rows:
        raise Unreadable(layout.no_rows)
    return rows


ROSTER_LAYOUT = SheetLayout(
    headers=_HEADERS,
    required=("name", "group"),
    no_header=N_(
        "Không tìm thấy dòng tiêu đề có cột 'Họ và tên' và cột 'Đơn vị'. Dòng tiêu đề cần "
        "các cột: Họ và tên, Đơn vị, và có thể thêm Chức vụ, Loại, Điện thoại."
    ),
    no_rows=N_("Tệp chỉ có dòng tiêu đề, chưa có ai trong danh sách."),
)


# The checks below run on the event loop, for up to MAX_ROWS rows: a cell still longer than
# any field allows once its ends are stripped is too long before it is tidied, and a text far
# longer than every category word is no category before it is folded.
_MAX_FIELD_CHARS = 250
_MAX_CATEGORY_CHARS = 40


def _too_long(value: Any) -> bool:
    return isinstance(value, str) and len(value) > _MAX_FIELD_CHARS and len(value.strip()) > _MAX_FIELD_CHARS


def unsaved_formula(value: Any) -> str | None:
    """A cell's coordinate when it holds a formula Excel never computed (no value to read)."""
    return value.coordinate if isinstance(value, _Formula) else None


def _text_cell(value: Any, label: str, errors: list[str]) -> str:
    if isinstance(value, _Formula):
        errors.append(_("ô %(cell)s (%(label)s) là công thức chưa có giá trị; hãy dán dạng giá trị", cell=value.coordinate, label=label))
        return ""
    if _too_long(value):
        errors.append(_("ô %(label)s dài hơn %(n)d ký tự", label=label, n=_MAX_FIELD_CHARS))
        return ""
    if isinstance(value, bool):  # an Excel TRUE/FALSE cell: no name, group or position is one
        errors.append(_("ô %(label)s là giá trị đúng/sai (TRUE/FALSE) của Excel, không phải chữ", label=label))
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


@dataclass
class _CleanRow:
    name: str
    group_name: str
    kind: str
    position: str
    category: str
    phone: str
    category_given: bool  # the file's "Loại", or an officer its "Chức vụ" names
    inferred: bool  # tdp_officer from "Chức vụ", in a file without "Loại"
    # Folded while the rows are checked, so the write transaction only writes.
    group_key: str = ""
    name_key: str = ""
    ward_role: str = ""


CHECKS_BETWEEN_PAUSES = 200  # rows checked between two turns given to the door's scans


def import_roster(
    database: Database, data: bytes, filename: str, actor: str, replace: bool = False
) -> ImportSummary:
    """Check the whole file, then add every row in one transaction, or add nothing.

    With `replace`, the file becomes the conference's list: the same person (same folded
    name in the same group) keeps their invitation code and check-in and takes the file's
    position, category and phone (a column the file lacks leaves that field as it was);
    people not in the file are removed (their cards revoked), except anyone already checked
    in, who stays on the list and is named in the result. A bad row refuses it all, as the
    import does.

    The file is read off the event loop (a worker thread under eventlet or gevent), so
    scans and websockets go on meanwhile; the checks stay on it (they speak the request's
    language) but hand it over every `CHECKS_BETWEEN_PAUSES` rows; the write is one short
    transaction."""
    try:
        rows = off_loop(read_rows, data, filename)
    except Unreadable as problem:
        raise _file_error(_(problem.message, **problem.values)) from None
    unread, looked_at_all = off_loop(other_sheets, data)
    conference = store.conference_active(database)
    groups = {g["name_key"]: g for g in store.groups_list(database, conference["id"])} if conference else {}
    footer = trailing_footer(rows, _holds_a_person(rows, groups))
    footer_rows = [row.row for row in rows[len(rows) - footer:]] if footer else []
    rows = rows[:len(rows) - footer]
    # Who is already listed: for an import, a namesake is a row error; for a replace, the
    # person the row is (their card kept), or a row error when it could be more than one.
    existing = name_index(store.invitee_names(database, conference["id"])) if conference and not replace else {}
    listed_now = name_index(store.roster_people(database, conference["id"]), group="group_key") \
        if conference and replace else {}
    columns = rows[0].columns
    infer = "category" not in columns  # no "Loại": officers are told by their "Chức vụ"
    errors: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], list[dict[str, Any]]] = {}  # name_index of the file's rows so far: {"id": row, "name"}
    new_groups: set[str] = set()
    # Which group each row means: the conference's, then the file's new ones as they come.
    known_groups = GroupKeys(groups)
    group_names = {key: group["name"] for key, group in groups.items()}  # and as the file first writes a new one
    clean_rows: list[_CleanRow] = []
    already_listed = 0
    labels = {"name": _("Họ và tên"), "group": _("Đơn vị"), "position": _("Chức vụ"),
              "category": _("Loại"), "phone": _("Điện thoại")}
    for index, parsed in enumerate(rows):
        if index % CHECKS_BETWEEN_PAUSES == 0:
            let_others_in()  # before the transaction: the checks of a long file share the loop
        problems: list[str] = []
        name = _text_cell(parsed.name, labels["name"], problems)
        group_name = _text_cell(parsed.group, labels["group"], problems)
        position = _text_cell(parsed.position, labels["position"], problems)
        category_text = _text_cell(parsed.category_text, labels["category"], problems)
        if isinstance(parsed.phone, _Formula) or _too_long(parsed.phone):
            phone = _text_cell(parsed.phone, labels["phone"], problems)  # "", the problem said
        else:
            phone = _phone(parsed.phone)
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
        category = _category(category_text, kind) if len(category_text) <= _MAX_CATEGORY_CHARS else None
        inferred = infer and kind == "tdp" and not problems and officers.is_tdp_officer(position)
        if inferred:
            category = "tdp_officer"
        if category is None:
            problems.append(_(
                "Loại '%(v)s' không hợp lệ (dùng: đại biểu phường, cán bộ TDP, đại diện nhân dân)",
                v=category_text[:40],
            ))
        elif name and group_name:
            mismatch = _mismatch(category, kind)
            if mismatch:
                problems.append(mismatch)
        meant = known_groups.meant(group_key(key)) if name and group_name and not problems else []
        if len(meant) > 1:
            problems.append(unclear_group(group_name, (group_names[k] for k in meant)))
        if name and group_name and not problems:
            pair = (meant[0] if meant else group_key(key), fold(name))
            known_groups.add(pair[0])
            group_names.setdefault(pair[0], key)
            group = groups.get(pair[0])
            # One person twice: the same name but for case, spacing or where a tone sits, or
            # typed once without marks; "Nguyễn Văn Hùng" and "Nguyễn Văn Hưng" are two people.
            earlier = namesakes(seen, pair[0], name)
            twins = namesakes(existing, group["id"], name) if group is not None else []
            maybe = namesakes(listed_now, pair[0], name)
            if earlier:
                problems.append(_("trùng với dòng %(n)d (cùng họ tên, cùng đơn vị)", n=earlier[0]["id"]))
            elif twins:
                problems.append(_("'%(name)s' đã có trong danh sách của %(group)s", name=twins[0]["name"], group=group["name"]))
                already_listed += 1
            elif len(maybe) > 1:
                problems.append(_("'%(name)s' có thể là %(who)s trong danh sách: hãy ghi tên có dấu để biết là ai",
                                  name=name, who=_(" hoặc ").join(f"'{p['name']}'" for p in maybe)))
            seen.setdefault((pair[0], loose(name)), []).append({"id": parsed.row, "name": name})
            if group is None:
                new_groups.add(pair[0])
        if problems:
            message = "; ".join(problems)
            errors.append({"row": parsed.row, "message": _("Dòng %(n)d: %(m)s.", n=parsed.row, m=message[0].upper() + message[1:])})
        else:
            clean_rows.append(_CleanRow(name, key, kind, position, category, phone or "",
                                        category_given=not infer or inferred, inferred=inferred,
                                        group_key=pair[0], name_key=pair[1],
                                        ward_role=ward_role_for(category, position)))
    if len(new_groups) > MAX_NEW_GROUPS:
        raise _file_error(_(
            "Tệp có %(n)s đơn vị chưa có trong hội nghị, nhiều hơn %(limit)s. Hãy kiểm tra cột 'Đơn vị': "
            "mỗi dòng ghi tổ dân phố của người đó, hoặc 'Đại biểu phường'.",
            n=thousands(len(new_groups)), limit=MAX_NEW_GROUPS,
        ))
    if errors and not clean_rows and already_listed == len(errors):
        # Everyone in the file is already on the list: most likely this very file, sent again
        # after its answer was lost (the Wi-Fi, a restart). Said so, not "nobody imported".
        raise refused(_(
            "Mọi người trong tệp (%(n)d người) đã có trong danh sách: tệp này có lẽ đã được nhập rồi, "
            "không cần nhập lại. Nếu đây là danh sách đã sửa, hãy chọn 'Thay toàn bộ danh sách'.", n=len(errors)), errors)
    if errors:
        message = _("Tệp có %(n)d dòng lỗi nên chưa nhập ai. Sửa các dòng dưới đây rồi nhập lại.", n=len(errors))
        if already_listed:
            message += " " + _(
                "Nếu đây là danh sách đã sửa của hội nghị này, hãy chọn 'Thay toàn bộ danh sách': người có "
                "trong tệp giữ nguyên mã giấy mời.")
        raise refused(message, errors)

    # The new people's cards, made off the loop: 20,000 random codes are a third of a second.
    cards = off_loop(new_codes, len(clean_rows))
    with store.write(database):
        # A fresh install gets a default conference, in the same transaction as the rows.
        conference_id = ensure_active_conference(database, actor)["id"]
        if not groups:
            groups = {g["name_key"]: g for g in store.groups_list(database, conference_id)}
        summary = ImportSummary(conference_id, replace=replace)
        listed = name_index(store.roster_people(database, conference_id), group="group_key") if replace else {}
        in_file: set[int] = set()
        invitee_ids = []
        at = store.now()
        def group_of(row: _CleanRow) -> dict[str, Any]:
            if row.group_key not in groups:
                group_id = store.group_insert(database, conference_id, row.group_name, row.group_key, row.kind,
                                              DEFAULT_QUOTA if row.kind == "tdp" else 0)
                groups[row.group_key] = {"id": group_id, "name": row.group_name, "name_key": row.group_key, "kind": row.kind}
                summary.groups_created.append(row.group_name)
            return groups[row.group_key]

        unmatched: list[_CleanRow] = []
        for row in clean_rows:
            # The same person keeps their card: by the same test as a duplicate, never by
            # letters alone (Hùng's card does not go to Hưng; an unmarked name that could be
            # two people was refused above).
            person = next((p for p in namesakes(listed, row.group_key, row.name) if p["id"] not in in_file), None)
            if person is not None:
                in_file.add(person["id"])
                summary.updated += _refresh(database, person, row, columns)
            else:
                unmatched.append(row)
        # Someone the file lists under another group of the same kind (moved from TDP 2 to TDP 3)
        # is the one person of that name no longer in their old group's rows, with no other phone:
        # moved, their card kept (a card already handed out still opens the door). Two candidates,
        # or two phones, and nobody is guessed: a new card, as before.
        anywhere = name_index(({**p, "anywhere": ""} for people in listed.values() for p in people), group="anywhere")
        candidates = {id(row): [p for p in namesakes(anywhere, "", row.name)
                                if p["id"] not in in_file and groups.get(p["group_key"], {}).get("kind") == row.kind]
                      for row in unmatched}
        # One person claimed by two rows (two namesakes in other groups): neither takes the card.
        claims = Counter(p["id"] for found in candidates.values() for p in found)
        for row in unmatched:
            found = candidates[id(row)]
            person = found[0] if len(found) == 1 and claims[found[0]["id"]] == 1 else None
            if person is not None and (not row.phone or not person["phone"] or row.phone == person["phone"]):
                in_file.add(person["id"])
                store.invitee_update(database, person["id"], {"group_id": group_of(row)["id"]})
                _refresh(database, person, row, columns)
                summary.moved.append(row.name)
                continue
            invitee_ids.append(store.invitee_insert(
                database, conference_id, group_of(row)["id"], row.name, row.name_key, row.position, row.category, row.phone,
                ward_role=row.ward_role, at=at,
            ))
            if any(p["id"] not in in_file for p in namesakes(anywhere, "", row.name)):
                summary.reissued.append(row.name)  # a namesake taken off the list below: their printed card stops working
        issue_invitations(database, conference_id, invitee_ids, cards)
        for person in (p for people in listed.values() for p in people):
            if person["id"] in in_file:
                continue
            if person["checked_in_at"]:  # in the hall: never taken off the list by a file
                summary.kept_checked_in.append(person["name"])
            else:
                store.invitee_remove(database, person["id"])
                summary.removed += 1
        summary.added = len(invitee_ids)
        summary.kept = len(in_file)
        summary.imported = len(clean_rows)
        summary.inferred_officers = sum(row.inferred for row in clean_rows)
        summary.ward_unplaced = [row.name for row in clean_rows if row.category == "ward_delegate"
                                 and officers.ward_role(row.position) == officers.OTHER]
        if replace:
            still = {p["group_id"] for p in store.roster_people(database, conference_id)}
            summary.groups_emptied = [g["name"] for g in store.groups_list(database, conference_id)
                                      if g["kind"] == "tdp" and g["id"] not in still]
            store.audit(database, actor, "roster.replace", filename, rows=summary.imported, added=summary.added,
                        kept=summary.kept, updated=summary.updated, removed=summary.removed,
                        kept_checked_in=len(summary.kept_checked_in), groups_created=summary.groups_created)
        else:
            store.audit(database, actor, "roster.import", filename, rows=summary.imported,
                        groups_created=summary.groups_created)
    summary.notes = _notes(summary, columns) + _spelling_notes(clean_rows)
    if footer_rows:
        summary.notes.insert(0, ngettext(
            "Bỏ qua dòng %(rows)s ở cuối tệp: sau một dòng trống, không có họ tên kèm đơn vị (người lập biểu, chữ ký…).",
            "Bỏ qua các dòng %(rows)s ở cuối tệp: sau một dòng trống, không có họ tên kèm đơn vị (người lập biểu, chữ ký…).",
            len(footer_rows), rows=_listed(footer_rows)))
    if not looked_at_all:
        summary.notes.insert(0, _(
            "Chỉ trang tính đầu tiên của tệp được đọc. Tệp có nhiều trang tính lớn nên chưa kiểm tra hết các trang "
            "khác: nếu có người ở trang khác, hãy chép sang trang đầu rồi nhập tiếp."))
    if unread:
        summary.notes.insert(0, ngettext(
            "Chỉ trang tính đầu tiên của tệp được đọc. Trang “%(names)s” cũng có dữ liệu nhưng chưa được nhập: "
            "nếu có người ở đó, hãy chép sang trang đầu (hoặc lưu thành tệp riêng) rồi nhập tiếp.",
            "Chỉ trang tính đầu tiên của tệp được đọc. Các trang “%(names)s” cũng có dữ liệu nhưng chưa được nhập: "
            "nếu có người ở đó, hãy chép sang trang đầu (hoặc lưu thành tệp riêng) rồi nhập tiếp.",
            len(unread), names=_listed(unread, "”, “", 10)))
    return summary


def _refresh(database: Database, person: dict[str, Any], row: _CleanRow, columns: frozenset[str]) -> int:
    """A re-imported person keeps their id, code and check-in; the file's spelling of the name
    and its columns' values replace what was kept. 1 when anything changed."""
    fields: dict[str, Any] = {}
    if row.name != person["name"]:
        fields["name"] = row.name
    if "position" in columns and row.position != person["position"]:
        fields["position"] = row.position
    if "phone" in columns and row.phone != person["phone"]:
        fields["phone"] = row.phone
    if row.category_given and row.category != person["category"]:
        fields["category"] = row.category
    # A ward delegate's sub-category follows a new position, unless the office chose it by hand.
    category, position = fields.get("category", person["category"]), fields.get("position", person["position"])
    automatic = not person["ward_role"] or person["ward_role"] == officers.ward_role(person["position"])
    role = ward_role_for(category, position) if automatic or category != "ward_delegate" else person["ward_role"]
    if role != person["ward_role"]:
        fields["ward_role"] = role
    if fields:
        store.invitee_update(database, person["id"], fields)
    return 1 if fields else 0


def _listed(items: list[Any], separator: str = ", ", most: int = 20) -> str:
    """At most `most` of the items, joined; "…" when there are more."""
    return separator.join(str(item) for item in items[:most]) + ("…" if len(items) > most else "")


def _spelling_notes(rows: list[_CleanRow]) -> list[str]:
    """What the invitations would print as the file wrote it, worth a look before printing: names
    in capitals, names without a single mark, and one name with one phone in two groups (one
    person invited twice). Said, never changed: the file may be right."""
    notes = []
    capitals = [r.name for r in rows if r.name == r.name.upper() and any(c.isalpha() for c in r.name)]
    unmarked = [r.name for r in rows if r.name not in capitals and fold(r.name) == r.name.casefold()
                and any(c.isalpha() for c in r.name)]
    places: dict[tuple[str, str], list[_CleanRow]] = {}
    for r in rows:
        if r.phone:
            places.setdefault((r.name_key, r.phone), []).append(r)
    twice = [f"{found[0].name} ({', '.join(dict.fromkeys(x.group_name for x in found))})"
             for found in places.values() if len({x.group_key for x in found}) > 1]
    if capitals:
        notes.append(ngettext(
            "%(n)d tên viết hoa toàn bộ (%(names)s): giấy mời sẽ in đúng như vậy; sửa trong danh sách nếu cần.",
            "%(n)d tên viết hoa toàn bộ (%(names)s): giấy mời sẽ in đúng như vậy; sửa trong danh sách nếu cần.",
            len(capitals), n=len(capitals), names=_listed(capitals, most=10)))
    if unmarked:
        notes.append(ngettext(
            "%(n)d tên không có dấu (%(names)s): giấy mời sẽ in đúng như vậy; sửa trong danh sách nếu cần.",
            "%(n)d tên không có dấu (%(names)s): giấy mời sẽ in đúng như vậy; sửa trong danh sách nếu cần.",
            len(unmarked), n=len(unmarked), names=_listed(unmarked, most=10)))
    if twice:
        notes.append(ngettext(
            "%(n)d người có cùng họ tên và số điện thoại ở hai đơn vị, có thể là một người được mời hai lần: %(names)s.",
            "%(n)d người có cùng họ tên và số điện thoại ở hai đơn vị, có thể là một người được mời hai lần: %(names)s.",
            len(twice), n=len(twice), names=_listed(twice, "; ", 10)))
    return notes


def _notes(summary: ImportSummary, columns: frozenset[str]) -> list[str]:
    """What the office should know about how the file was read, in sentences."""
    notes = []
    if "category" not in columns:
        if "position" in columns and not summary.inferred_officers:
            notes.append(_(
                "Tệp không có cột 'Loại', và cột 'Chức vụ' không cho thấy ai ở tổ dân phố là cán bộ TDP (Bí thư chi bộ, "
                "Trưởng ban công tác Mặt trận, Tổ trưởng TDP…): mọi người ở tổ dân phố được xếp là đại diện nhân dân. "
                "Hãy xem lại cột Loại trong danh sách."))
        elif "position" in columns:
            notes.append(ngettext(
                "Tệp không có cột 'Loại': %(n)d người ở tổ dân phố được xếp là cán bộ TDP theo cột 'Chức vụ' "
                "(Bí thư chi bộ, Trưởng ban công tác Mặt trận, Tổ trưởng TDP, tổ phó, chi hội trưởng…); "
                "những người khác ở tổ dân phố là đại diện nhân dân. Hãy xem lại cột Loại trong danh sách.",
                "Tệp không có cột 'Loại': %(n)d người ở tổ dân phố được xếp là cán bộ TDP theo cột 'Chức vụ' "
                "(Bí thư chi bộ, Trưởng ban công tác Mặt trận, Tổ trưởng TDP, tổ phó, chi hội trưởng…); "
                "những người khác ở tổ dân phố là đại diện nhân dân. Hãy xem lại cột Loại trong danh sách.",
                summary.inferred_officers, n=summary.inferred_officers,
            ))
        else:
            notes.append(_(
                "Tệp không có cột 'Loại' và cột 'Chức vụ': mọi người ở tổ dân phố được xếp là đại diện nhân dân. "
                "Hãy sửa Loại của Bí thư chi bộ, Trưởng ban công tác Mặt trận và Tổ trưởng TDP trong danh sách."
            ))
    if summary.ward_unplaced:
        notes.append(ngettext(
            "%(n)d đại biểu phường có Chức vụ không cho biết thành phần (Đảng ủy, UBND, Ủy ban MTTQ, Công an…) nên "
            "được xếp vào 'Khác': %(names)s. Hãy chọn thành phần của họ ở cột Thành phần trong danh sách.",
            "%(n)d đại biểu phường có Chức vụ không cho biết thành phần (Đảng ủy, UBND, Ủy ban MTTQ, Công an…) nên "
            "được xếp vào 'Khác': %(names)s. Hãy chọn thành phần của họ ở cột Thành phần trong danh sách.",
            len(summary.ward_unplaced), n=len(summary.ward_unplaced), names=_listed(summary.ward_unplaced),
        ))
    if summary.replace:
        notes.append(_(
            "Đã thay danh sách: %(k)d người giữ nguyên mã giấy mời (%(u)d người được cập nhật thông tin), "
            "%(a)d người mới, %(r)d người bị xoá khỏi danh sách (giấy mời của họ không còn hiệu lực).",
            k=summary.kept, u=summary.updated, a=summary.added, r=summary.removed,
        ))
        if summary.moved:
            notes.append(ngettext(
                "%(n)d người có tên ở đơn vị khác trong tệp nên được chuyển đơn vị, giữ nguyên mã giấy mời: %(names)s.",
                "%(n)d người có tên ở đơn vị khác trong tệp nên được chuyển đơn vị, giữ nguyên mã giấy mời: %(names)s.",
                len(summary.moved), n=len(summary.moved), names=_listed(summary.moved),
            ))
        if summary.reissued:
            notes.append(ngettext(
                "%(n)d người trong tệp được cấp giấy mời mới vì không chắc là người cùng tên đã bị xoá (chuyển giữa "
                "đại biểu phường và tổ dân phố, khác số điện thoại, hay có hai người trùng tên): %(names)s. Giấy mời cũ của người bị xoá không còn "
                "hiệu lực: hãy in và phát lại giấy mời cho họ.",
                "%(n)d người trong tệp được cấp giấy mời mới vì không chắc là người cùng tên đã bị xoá (chuyển giữa "
                "đại biểu phường và tổ dân phố, khác số điện thoại, hay có hai người trùng tên): %(names)s. Giấy mời cũ của người bị xoá không còn "
                "hiệu lực: hãy in và phát lại giấy mời cho họ.",
                len(summary.reissued), n=len(summary.reissued), names=_listed(summary.reissued),
            ))
        if summary.kept_checked_in:
            notes.append(ngettext(
                "%(n)d người đã điểm danh nhưng không có trong tệp nên vẫn được giữ trong danh sách: %(names)s.",
                "%(n)d người đã điểm danh nhưng không có trong tệp nên vẫn được giữ trong danh sách: %(names)s.",
                len(summary.kept_checked_in), n=len(summary.kept_checked_in), names=_listed(summary.kept_checked_in),
            ))
        if summary.groups_emptied:
            notes.append(_(
                "Đơn vị không còn ai trong danh sách: %(g)s. Có thể xoá đơn vị ở bảng Các đơn vị nếu không dùng nữa.",
                g=_listed(summary.groups_emptied),
            ))
    return notes
