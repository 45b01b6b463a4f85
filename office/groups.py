"""Groups of a conference: the ward delegates' group and the residential groups (TDP),
their names and quotas. No Flask.

A TDP's quota under the plan's minimum of 10 resident representatives (`attendance.
below_minimum`, 0 included) is kept only with the reason the ward accepted it; raised back to
the minimum, the reason goes. A group is removed only while nothing names it."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Iterable

from sqlite_utils import Database

from conference import store
from conference.errors import Refusal, not_found
from conference.i18n import _, ngettext
from conference.inputs import json_object, whole_number
from conference.text import clean, fold, name_identity

from .attendance import DEFAULT_QUOTA, MINIMUM_RESIDENTS, below_minimum

MAX_NAME = 100
MAX_REASON = 200
WARD_GROUP_NAME = "Đại biểu phường"
# How a clerk's file names the ward delegates' group, as keys (group_key).
_WARD_KEYS = {"dai bieu phuong", "db phuong", "dbp", "dai bieu cap phuong", "dai bieu ubnd phuong", "ward",
              "ward delegates"}


def refused(message: str, errors: list[dict[str, Any]] | None = None) -> Refusal:
    """A roster change that cannot be made; `errors` lists the rows of a refused file."""
    return Refusal(422 if errors else 400, "invalid", message, errors=errors or [])


# Words whose marks never tell two groups apart: what a group is ("Tổ dân phố số", "Khu phố",
# "Thôn"); a group's own name keeps its marks ("TDP 1 Đông" is not "TDP 1 Đồng").
_PLAIN_WORDS = frozenset({"to", "dan", "pho", "so", "khu", "thon", "xom", "ap", "ban", "khom", "cum", "doi"})
_MARKS_AT = "  "  # between a key's letters and its marked words: the letters never hold two spaces
# A word's tone as VIQR writes it, after its letters ("Đồng" is "đông`"): a key one can read.
_TONE_SIGNS = str.maketrans({"\u0300": "`", "\u0301": "'", "\u0303": "~", "\u0309": "?", "\u0323": "."})
_SEPARATORS = r"[.,:;_/\-\u2010-\u2015]+"


def _letters_key(name: str) -> str:
    """A group name's letters as one key: case, marks, dots and dashes, a number's leading zeros
    aside, and the ways a ward writes "Tổ dân phố số" made one."""
    key = re.sub(r"\s+", " ", re.sub(_SEPARATORS, " ", fold(unicodedata.normalize("NFKC", name)))).strip()
    key = re.sub(r"^([a-z])((?: [a-z])+)(?= |$)", lambda m: m.group(0).replace(" ", ""), key)  # "T.D.P", "Đ.B.P"
    key = re.sub(r"^to dp\b", "tdp", key)  # "Tổ DP số 9"
    key = re.sub(r"(\d) ([a-z])$", r"\1\2", key)  # "Tổ 1 A" is "Tổ 1A"
    key = re.sub(r"^to dan pho\b ?", "tdp ", key)
    key = re.sub(r"^to (?=(so ?)?\d+[a-z]?$)", "tdp ", key)
    key = re.sub(r"^tdp ?so\b ?", "tdp ", key)
    key = re.sub(r"^tdp ?(?=\d)", "tdp ", key)
    key = re.sub(r"(?<!\d)0+(?=\d)", "", key)
    return key.strip()


def _ward_letters(key: str) -> bool:
    return key in _WARD_KEYS or bool(re.match(r"^(dai bieu|db)( \w+)* phuong\b", key)) and "nhan dan" not in key


@functools.lru_cache(maxsize=1024)
def group_key(name: str) -> str:
    """One key for the ways a ward writes one group: 'Tổ dân phố số 3', 'TDP số 03', 'Tổ 3',
    'TDP3', 'tdp so 3' and 'TDP. 3' are one group (case, dots and dashes, a number's leading
    zeros aside); 'Tổ' only before a number ('Tổ 3', not 'Tô Hiến Thành'). A name's own words
    keep their marks, where a tone sits aside: 'TDP 1 Đông' and 'TDP 1 Đồng' are two groups,
    'Tổ Hoà Bình' and 'Tổ Hòa Bình' one; the letters come first, then two spaces and the
    marked words. Which group a name typed without marks means: `GroupKeys`."""
    letters = _letters_key(name)
    if _ward_letters(letters):
        return letters
    words = re.split(r"\s+|" + _SEPARATORS, name_identity(name))
    marked = [w.translate(_TONE_SIGNS) for w in words if w and fold(w) != w and fold(w) not in _PLAIN_WORDS]
    return f"{letters}{_MARKS_AT}{' '.join(marked)}" if marked else letters


def key_letters(key: str) -> str:
    """A group key's letters alone, marks aside."""
    return key.partition(_MARKS_AT)[0]


def same_group(a: str, b: str) -> bool:
    """Whether two keys name one group: alike, or alike in letters where one of the two was
    written without marks (a keyboard without Vietnamese)."""
    if a == b:
        return True
    letters_a, _, marks_a = a.partition(_MARKS_AT)
    letters_b, _, marks_b = b.partition(_MARKS_AT)
    return letters_a == letters_b and not (marks_a and marks_b)


class GroupKeys:
    """The groups' keys a conference (and a file as it is read) knows, to tell which group a
    name means."""

    def __init__(self, keys: Iterable[str] = ()):
        self._by_letters: dict[str, list[str]] = {}
        for key in keys:
            self.add(key)

    def add(self, key: str) -> None:
        same = self._by_letters.setdefault(key_letters(key), [])
        if key not in same:
            same.append(key)

    def meant(self, key: str) -> list[str]:
        """The known keys `key` may mean: itself when known as written; else those alike in
        letters where one of the two has no marks. One: that group; two or more: a name that
        cannot tell them apart ('TDP Dong' with 'TDP Đông' and 'TDP Đồng'); none: a new group."""
        same = self._by_letters.get(key_letters(key), [])
        return [key] if key in same else [k for k in same if same_group(key, k)]


def unclear_group(written: str, names: Iterable[str]) -> str:
    """A file's row whose group, written without marks, could be any of `names` (`GroupKeys.meant`)."""
    return _("đơn vị '%(g)s' có thể là %(which)s: hãy ghi tên đơn vị có dấu để biết là tổ nào",
             g=written, which=_(" hoặc ").join(f"'{name}'" for name in names))


def is_ward(name: str) -> bool:
    """The ward delegates' group, however the file writes it ("Đại biểu phường", "ĐB phường", "ĐBP",
    "Đại biểu phường Đồng Mai", "Đại biểu HĐND phường")."""
    return _ward_letters(_letters_key(name))


def _quota(value: Any) -> int:
    quota = whole_number(value, 0, 1000)
    if quota is None:
        raise refused(_("Chỉ tiêu phải là số nguyên từ 0 đến 1000."))
    return quota


def _reason(data: dict[str, Any], kept: str = "") -> str:
    """The reason a body gives for a quota under the minimum, or the one already kept."""
    if "quota_reason" not in data:
        return kept
    value = data["quota_reason"]
    reason = "" if value is None else (clean(value) if isinstance(value, str) else None)
    if reason is None or len(reason) > MAX_REASON:
        raise refused(_("Lý do chỉ tiêu không hợp lệ (tối đa %(n)d ký tự).", n=MAX_REASON))
    return reason


def _checked_quota(name: str, kind: str, quota: int, reason: str) -> str:
    """The reason to keep with this quota: none at or above the minimum; refused when a
    quota under it comes without one."""
    if not below_minimum(kind, quota):
        return ""
    if reason:
        return reason
    if quota == 0:
        raise refused(_(
            "Chỉ tiêu 0 nghĩa là %(name)s không cử đại diện nhân dân nào, trong khi kế hoạch yêu cầu "
            "ít nhất %(min)d người mỗi tổ dân phố. Nếu đúng là vậy, hãy ghi lý do.", name=name, min=MINIMUM_RESIDENTS,
        ))
    raise refused(_(
        "Chỉ tiêu %(q)d của %(name)s thấp hơn mức tối thiểu %(min)d đại diện nhân dân mỗi tổ dân phố "
        "theo kế hoạch. Hãy ghi lý do, hoặc để chỉ tiêu từ %(min)d trở lên.", q=quota, name=name, min=MINIMUM_RESIDENTS,
    ))


GROUP_FIELDS = ("name", "quota", "quota_reason")


def _not_taken(groups: list[dict[str, Any]], name: str) -> None:
    """Refused when `name` means a group already there ('TDP so 3' is 'TDP số 3'), naming it."""
    by_key = {g["name_key"]: g for g in groups}
    taken = GroupKeys(by_key).meant(group_key(name))
    if taken:
        raise refused(_("Đã có đơn vị '%(name)s'.", name=by_key[taken[0]]["name"]))


def add_group(database: Database, conference_id: int, data: Any, actor: str) -> dict[str, Any]:
    """A new group in this conference; a TDP's quota under the minimum needs `quota_reason`."""
    if not isinstance(data, dict):
        raise refused(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    json_object(data, fields=GROUP_FIELDS)  # a misspelt "quotaa" is named, never dropped
    name = clean(data.get("name")) if isinstance(data.get("name"), str) else ""
    if not name or len(name) > MAX_NAME:
        raise refused(_("Cần nhập tên tổ dân phố (tối đa %(n)d ký tự).", n=MAX_NAME))
    kind = "ward" if is_ward(name) else "tdp"
    quota = _quota(data.get("quota", DEFAULT_QUOTA if kind == "tdp" else 0))
    reason = _checked_quota(name, kind, quota, _reason(data))
    with store.write(database):
        _not_taken(store.groups_list(database, conference_id), name)
        group_id = store.group_insert(database, conference_id, name, group_key(name), kind, quota, reason)
        store.audit(database, actor, "group.add", str(group_id), name=name, quota=quota, quota_reason=reason)
    return store.group_get(database, group_id) or {}


def update_group(database: Database, group_id: int, data: Any, actor: str) -> dict[str, Any]:
    """Rename a TDP or set its quota (and the reason for one under the minimum)."""
    if not isinstance(data, dict):
        raise refused(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    json_object(data, fields=GROUP_FIELDS)
    with store.write(database):
        group = store.group_get(database, group_id)
        if group is None:
            raise not_found()
        name = group["name"]
        if "name" in data:
            name = clean(data["name"]) if isinstance(data["name"], str) else ""
            if not name or len(name) > MAX_NAME:
                raise refused(_("Cần nhập tên tổ dân phố (tối đa %(n)d ký tự).", n=MAX_NAME))
            if group["kind"] == "ward":
                raise refused(_("Không đổi tên nhóm Đại biểu phường."))
            if is_ward(name):
                raise refused(_("Đã có đơn vị '%(name)s'.", name=name))
            _not_taken([g for g in store.groups_list(database, group["conference_id"]) if g["id"] != group_id], name)
        quota = _quota(data["quota"]) if "quota" in data else group["quota"]
        reason = group["quota_reason"]
        if "quota" in data or "quota_reason" in data:  # a rename alone leaves an older quota as it was
            reason = _checked_quota(name, group["kind"], quota, _reason(data, reason))
        store.group_update(database, group_id, name, group_key(name), quota, reason)
        store.audit(database, actor, "group.update", str(group_id), name=name, quota=quota, quota_reason=reason)
    return store.group_get(database, group_id) or {}


def remove_group(database: Database, group_id: int, actor: str) -> dict[str, Any]:
    """Remove a group added by mistake (a wrong file's "Đơn vị" row, a TDP typed twice): only a
    TDP with nobody on its list, no question sent under it, and nobody removed from it who ever
    came in; the people removed from it (a replaced file's) go with it. 409 otherwise."""
    with store.write(database):
        group = store.group_get(database, group_id)
        if group is None:
            raise not_found()
        if group["kind"] == "ward":
            raise Refusal(409, "group_in_use", _("Không xoá được nhóm Đại biểu phường."))
        usage = store.group_usage(database, group_id)
        if usage["listed"]:
            raise Refusal(409, "group_in_use", ngettext(
                "%(name)s còn %(n)d người trong danh sách. Hãy chuyển họ sang đơn vị khác hoặc xoá họ "
                "khỏi danh sách trước khi xoá đơn vị.",
                "%(name)s còn %(n)d người trong danh sách. Hãy chuyển họ sang đơn vị khác hoặc xoá họ "
                "khỏi danh sách trước khi xoá đơn vị.", usage["listed"], name=group["name"], n=usage["listed"],
            ))
        if usage["removed_came"] or usage["questions"]:
            raise Refusal(409, "group_in_use", _(
                "%(name)s đã có dữ liệu được lưu (người đã đến dự rồi rút khỏi danh sách hoặc ý kiến gửi "
                "theo đơn vị này) nên không xoá được; có thể đổi tên đơn vị.", name=group["name"],
            ))
        store.group_delete(database, group_id)
        store.audit(database, actor, "group.remove", str(group_id), name=group["name"], removed_people=usage["removed"])
    return group
