"""What a JSON body may hold, checked the same way everywhere.

Every JSON body passes one gate as it is parsed (`GatedJSON`, the app's JSON provider):
nesting deeper than `MAX_DEPTH` and lone surrogates (which no file or database can store)
are refused there with a 400, whatever the route. Then each rule asks for what it needs:
an object (`json_object`), a whole number that is not a boolean (`is_int`), a row's id that
SQLite can look up (`is_id`), a count typed as a number or as digits (`whole_number`).
"""
from __future__ import annotations

import re
from datetime import date
from collections.abc import Collection, Mapping
from typing import Any, Callable

from flask.json.provider import DefaultJSONProvider

from .errors import invalid
from .i18n import _

MAX_DEPTH = 20  # the deepest body any route takes is 2
_SURROGATE = re.compile("[\ud800-\udfff]")


class GatedJSON(DefaultJSONProvider):
    """Flask's JSON, refusing what no rule could use before any rule sees it."""

    ensure_ascii = False  # Vietnamese stays readable and short on the wire

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = super().loads(s, parse_int=_whole, **kwargs)
        except RecursionError:
            raise invalid(_("Dữ liệu JSON lồng nhau quá sâu."))
        _check(value)
        return value


MAX_DIGITS = 100  # no field takes a number this long; Python's own limit (4,300) would be a ValueError,
# which a lenient get_json() turns into "not an object" instead of saying what is wrong


def _whole(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise invalid(_("Dữ liệu gửi lên có một số quá dài (hơn %(n)d chữ số).", n=MAX_DIGITS))
    return int(digits)


def _check(value: Any) -> None:
    """Walk the parsed body without recursion: depth, and every string and key."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise invalid(_("Nội dung gửi lên có ký tự không hợp lệ (mã Unicode lẻ)."))
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise invalid(_("Dữ liệu JSON lồng nhau quá sâu."))
            children = list(item.keys()) + list(item.values()) if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer: a bigger one cannot even be looked up


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# The years a day of the service may fall in: what a conference, a due date or a council's
# session can be. Outside them the arithmetic the pages do (a report due 7 days before, a day
# shown in the hall's time zone) would leave Python's calendar (year 1 minus a week).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def iso_day(value: Any) -> date:
    """A day written NNNN-TT-NN, as every message says, in FIRST_YEAR..LAST_YEAR; ValueError
    for anything else (Python alone also reads 20261231, a JSON number, and 2026-W01-1, a week)."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError(value)
    day = date.fromisoformat(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(value)
    return day


def is_int(value: Any) -> bool:
    """A whole number from JSON: `true` and `false` are not numbers here."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_id(value: Any) -> bool:
    """A row's id from JSON: a whole number from 1 to SQLite's largest (`[1]`, `"1"`, `1.0`,
    `true` and 2**64 are not ids)."""
    return is_int(value) and 1 <= value <= MAX_ROW_ID


def whole_number(value: Any, low: int, high: int) -> int | None:
    """A count from JSON or a form: a whole number, or ASCII digits with spaces around
    (`"12"`); None when it is anything else or outside low..high. Only ASCII digits: `"²"`
    passes `str.isdigit` and `int` refuses it; `"1" * 5000` is too long for `int`."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            return None
        value = int(text)
    return value if is_int(value) and low <= value <= high else None


def query_id(args: Mapping[str, str], name: str) -> int | None:
    """A row's id from the query string (`?group=16`): None when not given; a 400 naming the
    parameter when it is anything but digits ("abc", "16.0", "-1"): a filter that cannot be
    read must not answer with the whole list as if it had been applied."""
    if name not in args:
        return None
    value = whole_number(args[name], 1, MAX_ROW_ID)
    if value is None:
        raise invalid(_("Tham số %(name)s phải là mã số (số nguyên dương).", name=name))
    return value


def json_object(body: Any, need_fields: bool = False, fields: Collection[str] | None = None) -> dict[str, Any]:
    """The body as an object, or a 400 saying it must be one (with a field, if asked). With
    `fields`, a key outside them is a 400 naming it: a misspelt field ("prepared_answr") would
    otherwise be answered 200 and its words silently dropped."""
    if not isinstance(body, dict) or (need_fields and not body):
        if need_fields:
            raise invalid(_("Dữ liệu gửi lên phải là một đối tượng JSON có ít nhất một trường."))
        raise invalid(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    if fields is not None:
        unknown = sorted(str(k)[:40] for k in body if k not in fields)
        if unknown:
            raise invalid(_("Trường không hợp lệ: %(f)s.", f=", ".join(unknown)[:200]))
    return body


def keep_others_edits(body: dict[str, Any], row: dict[str, Any], fields: dict[str, Any],
                      cleaners: dict[str, Callable[[Any], Any]], refusal: Callable[[], Exception]) -> None:
    """Two people editing one thing lose neither's words. `was` in a body holds some of the
    fields in `cleaners` as the editor's page showed them when the editing began. A field
    sent as it was is dropped from `fields` (the editor left it alone: another's save since
    stays); a field the editor changed that someone else also saved differently since raises
    `refusal()` (a 409 with what is stored now), so nothing is written over unseen. A body
    without `was` (a script, an older page) writes as it always did."""
    if "was" not in body:
        return
    was = body["was"]
    if not isinstance(was, dict) or any(
        k not in cleaners or (v is not None and not isinstance(v, str)) for k, v in was.items()
    ):
        raise invalid(_("Ô “was” phải là một đối tượng chỉ gồm các ô đang sửa (%(f)s), mỗi ô một chuỗi.",
                        f=", ".join(cleaners)))
    opened = {name: cleaners[name](value or "") or None for name, value in was.items()}  # each checked, used or not
    for name, value in opened.items():
        if name not in fields:
            continue
        if (fields[name] or None) == value:
            del fields[name]
        elif (row.get(name) or None) not in (value, fields[name] or None):
            raise refusal()


def clashing_fields(body: dict[str, Any], row: dict[str, Any], fields: dict[str, Any],
                    cleaners: dict[str, Callable[[Any], Any]]) -> list[str]:
    """For the 409 `keep_others_edits` asks for: the fields of `was` this editor changed (not as
    opened) that someone else also saved differently since; the page names them."""
    was = body.get("was") or {}

    def differ(a: Any, b: Any) -> bool:
        return (a or None) != (b or None)

    return [key for key, cleaner in cleaners.items() if key in was and key in fields
            and differ(fields[key], cleaner(was[key] or "")) and differ(cleaner(was[key] or ""), row.get(key))
            and differ(fields[key], row.get(key))]
