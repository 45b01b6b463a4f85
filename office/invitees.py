"""Invitees and their invitation codes: add, edit, remove, reissue, revoke. No Flask.

Every write is one transaction that audits itself; a refusal (`conference.errors.Refusal`)
raised inside it leaves the database as it was.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable, Mapping

from sqlite_utils import Database

from conference import store
from conference.errors import Refusal, not_found
from conference.i18n import _
from conference.inputs import MAX_ROW_ID, clashing_fields, is_id, json_object, keep_others_edits, whole_number
from conference.text import clean, fold, loose, name_identity, same_name

from . import officers
from .attendance import CATEGORIES
from .codes import new_codes
from .groups import MAX_NAME, refused

MAX_POSITION = 120

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
# ---------------------------------------------------------------- codes


def issue_invitations(database: Database, conference_id: int, invitee_ids: list[int],
                      fresh: list[tuple[str, str]] | None = None) -> None:
    """Give each invitee a fresh code and short code; inside the caller's transaction.
    `fresh`: pairs made beforehand (`codes.new_codes`, off the loop for a long file); a short
    code already on another card is replaced here."""
    count = len(invitee_ids)
    pairs = list(fresh or [])[:count]
    pairs += new_codes(count - len(pairs))
    while True:
        shorts = [short for _, short in pairs]
        clash = store.short_codes_taken(database, sorted(set(shorts)))
        clash |= {short for short, n in Counter(shorts).items() if n > 1}
        if not clash:
            break
        kept = [pair for pair in pairs if pair[1] not in clash]
        pairs = kept + new_codes(count - len(kept))
    store.invitations_insert(database, conference_id, [(i, code, short) for i, (code, short) in zip(invitee_ids, pairs)])


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


# ---------------------------------------------------------------- invitees


def _category(value: str, group_kind: str) -> str | None:
    """The category a cell names, or the group's default when empty; None when unknown."""
    if not value:
        return "ward_delegate" if group_kind == "ward" else "resident"
    return _CATEGORY_WORDS.get(fold(value).replace("-", " ").strip())


def phone_number(value: Any) -> str | None:
    """Digits as typed, or as Excel kept them (a number loses its leading 0); None when bad.
    The one rule for a phone number: invitees, walk-ins, an asker who wants a written reply."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A leading apostrophe is how a clerk keeps Excel from dropping the 0 ('0987654321): in a
    # CSV, or a sheet written by another program, it arrives as part of the text.
    text = clean(value).lstrip("'\u2019")
    digits = re.sub(r"[\s.\-()]", "", text)
    if not re.fullmatch(r"\+?[0-9]{8,15}", digits):  # ASCII digits: "٠١٢" or "０１２" are not a number to dial
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
    """Someone on the active conference's list: another conference's list is its record."""
    invitee = store.invitee_get(database, invitee_id)
    active = store.conference_active(database)
    if invitee is None or active is None or invitee["conference_id"] != active["id"]:
        raise not_found(_("Không có người này trong danh sách của hội nghị đang hoạt động."))
    return invitee


INVITEE_FIELDS = ("name", "group_id", "position", "phone", "category", "ward_role")


def _invitee_fields(database: Database, conference_id: int, data: Any, partial: bool) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise refused(_("Dữ liệu gửi lên phải là một đối tượng JSON."))
    json_object(data, fields=(*INVITEE_FIELDS, "was") if partial else INVITEE_FIELDS)  # a misspelt field is named
    out: dict[str, Any] = {}
    if "name" in data or not partial:
        name = clean(data.get("name")) if isinstance(data.get("name"), str) else ""
        if not name:
            raise refused(_("Cần nhập họ và tên."))
        if len(name) > MAX_NAME:
            raise refused(_("Họ và tên quá dài (tối đa %(n)d ký tự).", n=MAX_NAME))
        out["name"], out["name_key"] = name, fold(name)
    if "group_id" in data or not partial:
        group_id = data.get("group_id")
        group = store.group_get(database, group_id) if is_id(group_id) else None
        if group is None or group["conference_id"] != conference_id:
            raise refused(_("Đơn vị không tồn tại trong hội nghị này."))
        out["group_id"], out["_group_kind"] = group_id, group["kind"]
    if "position" in data:
        position = clean(data["position"]) if isinstance(data["position"], str) else None
        if position is None or len(position) > MAX_POSITION:
            raise refused(_("Chức vụ không hợp lệ (tối đa %(n)d ký tự).", n=MAX_POSITION))
        out["position"] = position
    if "phone" in data:
        phone = phone_number(data["phone"]) if isinstance(data["phone"], (str, int)) else None
        if phone is None:
            raise refused(_("Số điện thoại không hợp lệ."))
        out["phone"] = phone
    if "category" in data:
        value = data["category"]
        category = value if value in CATEGORIES else (_category(clean(value), "tdp") if isinstance(value, str) and value else None)
        if category is None:
            raise refused(_("Loại đại biểu không hợp lệ."))
        out["category"] = category
    if "ward_role" in data:
        if data["ward_role"] not in ("", *officers.WARD_ROLES):
            raise refused(_("Thành phần đại biểu phường không hợp lệ."))
        out["ward_role"] = data["ward_role"]
    return out


def ward_role_for(category: str, position: str, chosen: str | None = None) -> str:
    """What a person's sub-category is stored as: the office's choice, else (a ward delegate)
    the one their position names; '' for anyone else."""
    if category != "ward_delegate":
        return ""
    return chosen or officers.ward_role(position)


def _ward_role_after(invitee: dict[str, Any], fields: dict[str, Any]) -> str | None:
    """An edited person's sub-category, when the edit changes it: chosen in the edit; or read
    again from a new position when the old one was read from the old position (never over
    the office's own choice); '' when they are no longer a ward delegate."""
    category = fields.get("category", invitee["category"])
    position = fields.get("position", invitee["position"])
    if category != "ward_delegate":
        return "" if invitee["ward_role"] else None
    if fields.get("ward_role"):
        return fields["ward_role"]
    stored = invitee["ward_role"]
    if "ward_role" in fields or not stored or stored == officers.ward_role(invitee["position"]):
        new = officers.ward_role(position)
        return new if new != stored else None
    return None


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
            raise refused(problem[0].upper() + problem[1:] + ".")
        twins = namesakes(name_index(store.invitee_names(database, conference_id)), fields["group_id"], fields["name"])
        if twins:
            raise refused(_already_listed(fields["name"], twins[0]["name"]))
        invitee_id = store.invitee_insert(
            database, conference_id, fields["group_id"], fields["name"], fields["name_key"],
            fields.get("position", ""), fields["category"], fields.get("phone", ""), walk_in,
            ward_role_for(fields["category"], fields.get("position", ""), fields.get("ward_role")),
        )
        issue_invitations(database, conference_id, [invitee_id])
        store.audit(database, actor, "invitee.add", str(invitee_id), name=fields["name"], walk_in=walk_in)
    return store.invitee_get(database, invitee_id) or {}


def name_index(people: Iterable[Mapping[str, Any]], group: str = "group_id") -> dict[tuple[Any, str], list[Any]]:
    """People by (their group, the letters of their name): where to look for a namesake."""
    index: dict[tuple[Any, str], list[Any]] = {}
    for person in people:
        index.setdefault((person[group], loose(person["name"])), []).append(person)
    return index


def namesakes(index: dict[tuple[Any, str], list[Any]], group: Any, name: str, besides: int | None = None) -> list[Any]:
    """Who on the group's list (`name_index`) is `name`: the one written the same (case,
    spacing, width and where a tone sits aside), if any; else everyone `text.same_name`
    matches — more than one only for a name typed without marks that could be either
    ("Nguyen Van An": An or Ân). "Nguyễn Văn Hùng" is never "Nguyễn Văn Hưng"."""
    candidates = [p for p in index.get((group, loose(name)), []) if p["id"] != besides]
    exact = [p for p in candidates if name_identity(p["name"]) == name_identity(name)]
    return exact[:1] or [p for p in candidates if same_name(p["name"], name)]


def _already_listed(name: str, other: str) -> str:
    if other == name:
        return _("'%(name)s' đã có trong danh sách của đơn vị này.", name=name)
    return _("'%(name)s' trùng với '%(other)s' đã có trong danh sách của đơn vị này.", name=name, other=other)


# What the editor's `was` may hold (the person as its form showed them), read as stored.
WAS_CLEANERS = {
    "name": clean, "position": clean, "category": lambda v: v if v in CATEGORIES else clean(v),
    "phone": lambda v: phone_number(v) or "", "group_id": lambda v: whole_number(v, 1, MAX_ROW_ID),
}


def _changed_meanwhile(invitee: dict[str, Any], data: dict[str, Any], fields: dict[str, Any]) -> Refusal:
    """409: someone saved this person since the editor opened them, in a field this editor
    changed too: `fields` names them, `current` is the person now."""
    clashing = clashing_fields(data, invitee, fields, WAS_CLEANERS)
    return Refusal(409, "conflict", _(
        "Trong lúc bạn sửa, người khác đã lưu thông tin của %(name)s, cả ở ô bạn cũng sửa. Chưa lưu gì: hãy xem "
        "thông tin đã lưu dưới đây rồi lưu lại.", name=invitee["name"]), fields=clashing,
        current={key: invitee.get(key) for key in WAS_CLEANERS})


def update_invitee(database: Database, invitee_id: int, data: Any, actor: str) -> dict[str, Any]:
    """The office edits a person. With `was` (the editor's copy when it opened them), a field
    another's save changed since is kept where this editor left it alone, or a 409 (keep_others_edits)."""
    with store.write(database):
        invitee = _existing_invitee(database, invitee_id)
        fields = _invitee_fields(database, invitee["conference_id"], data, partial=True)
        if isinstance(data, dict) and "was" in data:
            keep_others_edits(data, invitee, fields, WAS_CLEANERS, lambda: _changed_meanwhile(invitee, data, fields))
            if "name" not in fields:
                fields.pop("name_key", None)
            if "group_id" not in fields:
                fields.pop("_group_kind", None)
        kind = fields.pop("_group_kind", invitee["group_kind"])
        problem = _mismatch(fields.get("category", invitee["category"]), kind)
        if problem:
            raise refused(problem[0].upper() + problem[1:] + ".")
        if "name" in fields or "group_id" in fields:
            name = fields.get("name", invitee["name"])
            twins = namesakes(name_index(store.invitee_names(database, invitee["conference_id"])),
                              fields.get("group_id", invitee["group_id"]), name, besides=invitee_id)
            if twins:
                raise refused(_already_listed(name, twins[0]["name"]))
        role = _ward_role_after(invitee, fields)
        fields.pop("ward_role", None)
        if role is not None:
            fields["ward_role"] = role
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
        # A ward delegate's sub-category (party, front, police…), '' for anyone else.
        "ward_role": officers.effective_ward_role(row),
        "code": row["code"],
        "short_code": row["short_code"],
        "checked_in_at": row["checked_in_at"],
    }
    if with_phone:
        out["phone"] = row["phone"]
    return out


_phone = phone_number  # the roster import's name for it
