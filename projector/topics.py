"""Dialogue by topic ("Đối thoại theo từng vấn đề, chủ đề"): the chairman's list of fields
(lĩnh vực) and the field taken now. Plain functions, no Flask; the queue that prefers the
field is `store.questions_up_next`.

- `plan`: the list the chairman sent (names, or `{"id", "name"}` to rename or move a field
  that questions already point to) as the (id, name) pairs the store keeps, in order.
"""
from __future__ import annotations

from typing import Any

from conference.errors import invalid
from conference.i18n import _
from conference.inputs import is_id, json_object
from conference.text import clean, fold

MAX_TOPICS = 20
TOPIC_FIELDS = ("id", "name")


def plan(wanted: Any, current: list[dict[str, Any]], max_name: int,
         retired: list[dict[str, Any]] = ()) -> list[tuple[int | None, str]]:
    """The fields in their new order as (id, name): an `{"id"}` keeps that field (renamed);
    a plain name keeps the field of that name if there is one (so moving lines keeps each
    field's questions), else adds a new one. A retired field (`retired`: left out while
    questions still point to it) named again comes back, never a second field of its name.
    Raises a 400 on anything else."""
    if not isinstance(wanted, list) or not 1 <= len(wanted) <= MAX_TOPICS:
        raise invalid(_("Danh sách lĩnh vực không hợp lệ (1 đến 20 lĩnh vực)."))
    ids = {t["id"] for t in [*retired, *current]}
    by_name = {fold(t["name"]): t["id"] for t in [*retired, *current]}  # a field on offer first
    out: list[tuple[int | None, str]] = []
    for item in wanted:
        if isinstance(item, dict):
            json_object(item, fields=TOPIC_FIELDS)  # {"id", "nmae"} would otherwise add a blank
        topic_id, name = (item.get("id"), item.get("name")) if isinstance(item, dict) else (None, item)
        if not isinstance(name, str) or not clean(name):
            raise invalid(_("Tên lĩnh vực không được để trống."))
        name = clean(name)
        if len(name) > max_name:
            raise invalid(_("Tên lĩnh vực quá dài (tối đa %(n)d ký tự).", n=max_name))
        if topic_id is not None and (not is_id(topic_id) or topic_id not in ids):
            raise invalid(_("Lĩnh vực đã chọn không hợp lệ."))
        if any(fold(other) == fold(name) for _id, other in out):
            raise invalid(_("Lĩnh vực “%(name)s” có mặt hai lần trong danh sách.", name=name[:60]))
        if topic_id is None:
            topic_id = by_name.get(fold(name))
            if any(kept == topic_id for kept, _name in out):
                topic_id = None  # its old name went to another field: this one is new
        elif any(kept == topic_id for kept, _name in out):
            raise invalid(_("Một lĩnh vực có mặt hai lần trong danh sách."))
        out.append((topic_id, name))
    return out

