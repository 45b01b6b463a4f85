"""Groups of a conference: the ward delegates' group and the residential groups (TDP),
their names and quotas. No Flask."""
from __future__ import annotations

import functools
import re
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.errors import Refusal, not_found
from conference.i18n import _
from conference.inputs import whole_number
from conference.text import clean, fold

from .attendance import DEFAULT_QUOTA

MAX_NAME = 100
WARD_GROUP_NAME = "Đại biểu phường"
_WARD_WORDS = {"dai bieu phuong", "ward", "ward delegates"}


def refused(message: str, errors: list[dict[str, Any]] | None = None) -> Refusal:
    """A roster change that cannot be made; `errors` lists the rows of a refused file."""
    return Refusal(422 if errors else 400, "invalid", message, errors=errors or [])


@functools.lru_cache(maxsize=1024)
def group_key(name: str) -> str:
    """'Tổ dân phố số 3', 'TDP số 3' and 'tdp so 3' are one group."""
    key = fold(name)
    key = re.sub(r"^to dan pho\b", "tdp", key)
    key = re.sub(r"^tdp so\b", "tdp", key)
    return key


def is_ward(name: str) -> bool:
    return fold(name) in _WARD_WORDS


def _quota(value: Any) -> int:
    quota = whole_number(value, 0, 1000)
    if quota is None:
        raise refused(_("Chỉ tiêu phải là số nguyên từ 0 đến 1000."))
    return quota


def add_group(database: Database, conference_id: int, data: Any, actor: str) -> dict[str, Any]:
    """A new group in this conference."""
    if not isinstance(data, dict):
        raise refused(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    name = clean(data.get("name")) if isinstance(data.get("name"), str) else ""
    if not name or len(name) > MAX_NAME:
        raise refused(_("Cần nhập tên tổ dân phố (tối đa %(n)d ký tự).", n=MAX_NAME))
    kind = "ward" if is_ward(name) else "tdp"
    quota = _quota(data.get("quota", DEFAULT_QUOTA if kind == "tdp" else 0))
    with store.write(database):
        if any(g["name_key"] == group_key(name) for g in store.groups_list(database, conference_id)):
            raise refused(_("Đã có đơn vị '%(name)s'.", name=name))
        group_id = store.group_insert(database, conference_id, name, group_key(name), kind, quota)
        store.audit(database, actor, "group.add", str(group_id), name=name, quota=quota)
    return store.group_get(database, group_id) or {}


def update_group(database: Database, group_id: int, data: Any, actor: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise refused(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
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
            clash = [
                g for g in store.groups_list(database, group["conference_id"])
                if g["name_key"] == group_key(name) and g["id"] != group_id
            ]
            if clash or is_ward(name):
                raise refused(_("Đã có đơn vị '%(name)s'.", name=name))
        quota = _quota(data["quota"]) if "quota" in data else group["quota"]
        store.group_update(database, group_id, name, group_key(name), quota)
        store.audit(database, actor, "group.update", str(group_id), name=name, quota=quota)
    return store.group_get(database, group_id) or {}
