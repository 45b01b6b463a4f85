"""The minutes' and the report's free-text parts, written by the secretary: number, times,
names, programme, the report's summary, other remarks, the council's session date, the
report's recipients, its own number, issue date and signer, the assessment and proposals,
whether the minutes were passed at the meeting; and the documents' issuing body (kept on the
conference, since the invitations print it before the day). One transaction, audited by
field name.

Also what the documents print where a setting is left blank (Decree 30/2020/NĐ-CP wants the
issuing body's full name): `issuing_body`, `place_name`, `signer_lines`. No Flask here."""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from conference import store
from conference.errors import Refusal, invalid
from conference.i18n import N_, _
from conference.inputs import clashing_fields, iso_day, json_object, keep_others_edits
from conference.text import clean, clean_text, fold

LINES = ("document_number", "place", "opened_at", "closed_at", "chair_name", "secretary_name", "presenter", "report_number",
         "signer_name", *store.RECORD_CONFERENCE_FIELDS)
PARAGRAPHS = ("programme", "report_summary", "other_notes", "assessment", "proposals")
DATES = {"council_session_on": N_("Ngày kỳ họp không hợp lệ (dạng NNNN-TT-NN)."),
         "report_issued_on": N_("Ngày ban hành báo cáo không hợp lệ (dạng NNNN-TT-NN).")}
MAX_LINE = 200
MAX_PARAGRAPH = 20_000
MAX_RECIPIENTS = 30
# Who signs the report for the People's Committee (thẩm quyền ký, Decree 30): the chairman,
# or a vice-chairman signing for them (KT.).
SIGNER_TITLES = ("chairman", "deputy")


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key in store.RECORD_FIELDS:
        if key not in body:
            continue
        value = body[key]
        if key == "recipients":
            if not isinstance(value, list) or len(value) > MAX_RECIPIENTS or not all(isinstance(v, str) for v in value):
                raise invalid(_("Danh sách nơi nhận không hợp lệ."))
            fields[key] = json.dumps([clean(v)[:MAX_LINE] for v in value if clean(v)], ensure_ascii=False)
        elif key in DATES:
            try:
                fields[key] = iso_day(value).isoformat() if value else None
            except (TypeError, ValueError):
                raise invalid(_(DATES[key]))
        elif key == "passed_at_meeting":
            if not isinstance(value, bool):
                raise invalid(_("'%(f)s' phải là true hoặc false.", f=key))
            fields[key] = int(value)
        elif key == "signer_title":
            if value not in SIGNER_TITLES:
                raise invalid(_("Người ký báo cáo phải là một trong: %(v)s.", v=", ".join(SIGNER_TITLES)))
            fields[key] = value
        else:
            limit = MAX_PARAGRAPH if key in PARAGRAPHS else MAX_LINE
            text = (clean_text(value) if key in PARAGRAPHS else clean(value)) if isinstance(value, str) else None
            if text is None or len(text) > limit:
                raise invalid(_("Nội dung '%(f)s' không hợp lệ hoặc quá dài.", f=key))
            fields[key] = text
    return fields


def _day_or_none(value: Any) -> str | None:
    try:
        return iso_day(value).isoformat() if value else None
    except (TypeError, ValueError):
        raise invalid(_("Ô “was” có một ngày không hợp lệ.")) from None


# The fields a page's `was` may hold (as the page showed them when the editing began), each
# read as the store keeps it: two secretaries' tabs lose neither's words (keep_others_edits).
WAS_CLEANERS = {**{key: clean for key in LINES}, **{key: clean_text for key in PARAGRAPHS},
                **{key: _day_or_none for key in DATES}, "signer_title": clean}


def _changed_meanwhile(body: dict[str, Any], row: dict[str, Any], fields: dict[str, Any]) -> Refusal:
    """409: someone saved the record since this page loaded it, in a field this page changed
    too. `fields` names them, `current` is the record now: the page shows both."""
    clashing = clashing_fields(body, row, fields, WAS_CLEANERS)
    return Refusal(409, "conflict", _(
        "Trong lúc bạn sửa, người khác đã lưu biên bản, cả ở ô bạn cũng sửa. Chưa lưu gì: hãy xem bản đã lưu "
        "dưới đây, giữ hay sửa lại rồi bấm Lưu lần nữa."), fields=clashing,
        current={key: row.get(key) for key in WAS_CLEANERS})


def _consistent(fields: dict[str, Any], row: dict[str, Any], held_on: str) -> None:
    """What the report and the minutes say together: the report has its own number (never the
    minutes', never a minutes' symbol BB), and is issued, like the council session it goes to,
    on or after the meeting's day. Checked for what this save writes."""
    merged = {**row, **fields}
    report, minutes = _number_key(merged.get("report_number")), _number_key(merged.get("document_number"))
    if {"report_number", "document_number"} & set(fields) and report:
        if _number_key(document_number(report, "BC")) == _number_key(document_number(minutes, "BB")):
            # The box just typed in is the one to mark: the minutes' when only it was saved.
            field = "document_number" if "report_number" not in fields else "report_number"
            raise invalid(_("Số báo cáo trùng số biên bản (%(n)s). Báo cáo là văn bản riêng, có số riêng "
                            "(ví dụ 25/BC-UBND).", n=merged["report_number"]), field=field)
        if re.search(r"/bb\b", report):
            raise invalid(_("Số báo cáo “%(n)s” mang ký hiệu BB của biên bản; báo cáo dùng ký hiệu BC "
                            "(ví dụ 25/BC-UBND).", n=merged["report_number"]), field="report_number")
    for key, label in (("report_issued_on", N_("Ngày ban hành báo cáo")), ("council_session_on", N_("Ngày khai mạc kỳ họp HĐND"))):
        if fields.get(key) and held_on and fields[key] < held_on:
            raise invalid(_("%(what)s (%(d)s) trước ngày hội nghị (%(h)s). Hãy kiểm tra lại.", what=_(label),
                            d=_vn(fields[key]), h=_vn(held_on)), field=key)


def _number_key(value: str | None) -> str:
    """A document number as compared: width, case, marks, spaces, dashes and leading zeros aside
    ("１５ / BC‐UBND" is "15/BC-UBND")."""
    key = fold(unicodedata.normalize("NFKC", clean(value)))
    key = re.sub(r"[\u2010-\u2015]", "-", re.sub(r"\s+", "", key))
    return re.sub(r"(?<!\d)0+(?=\d)", "", key)


def _vn(day: str) -> str:
    return f"{day[8:10]}/{day[5:7]}/{day[:4]}"


def update(database: Database, conference_id: int, body: Any, actor: str) -> None:
    """Save what the record page sent; a key that is not one of the record's fields is a 400.
    With `was` (the page's copy when its editing began), a field someone else saved since is
    kept, or a 409 when this page changed it too."""
    body = json_object(body, fields=(*store.RECORD_FIELDS, "was"))
    fields = _fields(body)
    with store.write(database):
        row = store.record_notes_get(database, conference_id)
        keep_others_edits(body, row, fields, WAS_CLEANERS, lambda: _changed_meanwhile(body, row, fields))
        conference = store.conference_get(database, conference_id) or {}
        _consistent(fields, row, conference.get("held_on") or "")
        store.record_notes_update(database, conference_id, fields)
        store.audit(database, actor, "record.update", str(conference_id), fields=sorted(fields))


# ---------------------------------------------------------------- what a blank setting prints

_ABBREVIATIONS = (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("MTTQ", "Mặt trận Tổ quốc"))
_LEVEL = re.compile(r"\b(phường|xã|thị trấn|đặc khu)\s+(.+)$", re.IGNORECASE)
COMMITTEE = "ỦY BAN NHÂN DÂN"


def _full(name: str) -> str:
    """'UBND phường Đồng Mai' → 'Ủy ban nhân dân phường Đồng Mai': Decree 30 writes the body's
    name in full; 'Uỷ' as the decree spells it, 'Ủy'."""
    for short, full in _ABBREVIATIONS:
        name = re.sub(rf"\b{short}\b", full, name)
    return name.replace("Uỷ", "Ủy").replace("UỶ", "ỦY")


def place_name(settings: Mapping[str, Any], organization: str = "") -> str:
    """The place of the date line ('Đồng Mai, ngày …'): the secretary's, else the ward's own
    name taken from the issuing body or the organization; empty when neither names it."""
    if (settings.get("place") or "").strip():
        return settings["place"].strip()
    for name in (settings.get("issuing_body") or "", organization):
        found = _LEVEL.search(_full(clean(name)))
        if found:
            words = found.group(2).strip()
            return words if not words.isupper() else words.title()
    return ""


def issuing_body(settings: Mapping[str, Any], organization: str = "") -> str:
    """The issuing body's full name in capitals: the setting, else the organization's name
    spelled out ('UBND phường Đồng Mai' → 'ỦY BAN NHÂN DÂN PHƯỜNG ĐỒNG MAI'); an organization
    that names no ward ('UBND phường') takes the ward's name from the date line's place."""
    name = clean(settings.get("issuing_body") or "")
    if not name:
        name = _full(clean(organization) or "UBND phường")
        place = clean(settings.get("place") or "")
        if place and re.search(r"\b(phường|xã|thị trấn|đặc khu)$", name, re.IGNORECASE):
            name = f"{name} {place}"
    return _full(name).upper()


def issuing_body_lines(name: str) -> list[str]:
    """The name as the header sets it: 'ỦY BAN NHÂN DÂN' on its own line above the ward's."""
    if name.startswith(COMMITTEE + " ") and len(name) > len(COMMITTEE) + 1:
        return [COMMITTEE, name[len(COMMITTEE) + 1:]]
    return [name]


def signer_lines(signer_title: str | None) -> list[str]:
    """The signature's authority lines for the People's Committee (Decree 30, Annex I)."""
    if signer_title == "deputy":
        return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


_HONORIFIC = re.compile(r"^(ông|bà|anh|chị|đồng chí|đ/c)\s*:?\s+(?=\S)", re.IGNORECASE)
_TITLES = ("chủ tịch", "phó chủ tịch", "công chức", "cán bộ", "thư ký", "bí thư", "trưởng", "phó trưởng")
# The family names most Vietnamese carry: where a name begins after a title and a place.
_FAMILY_NAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Mai Trịnh Trương Lâm Lương Cao "
    "Hà Tạ Đoàn Tô Chu Vương Quách Thái Kiều Mạc Tăng Lại Triệu Đàm Văn Nghiêm Hứa Giang La Lưu Phùng Khúc Âu Tôn".split())
# A name after a title ("Chủ tịch UBND phường Lê Chí Hoạt"): the last words, each capitalised.
_NAME_AT_END = re.compile(r"(?:^|\s)((?:[A-ZÀ-ỸĐ][^\s]*\s+){1,4}[A-ZÀ-ỸĐ][^\s]*)$")


def person_name(chair: str | None) -> str:
    """The person's name in a 'who chairs' field ('Lê Chí Hoạt – Chủ tịch UBND phường',
    'Ông Lê Chí Hoạt, Chủ tịch…', 'Chủ tịch UBND phường Lê Chí Hoạt' → 'Lê Chí Hoạt'); empty
    when it holds only a title ('Chủ tịch UBND phường')."""
    name = _HONORIFIC.sub("", re.split(r"\s+[–—-]\s+|,\s*|\s+\(", clean(chair))[0])
    if name.casefold().startswith(_TITLES):
        found = _NAME_AT_END.search(name)
        words = found.group(1).split() if found else []
        # From the last family name on ("phường Đồng Mai Lê Chí Hoạt"): a place is no one's name.
        starts = [i for i, word in enumerate(words[:-1]) if word in _FAMILY_NAMES]
        name = " ".join(words[starts[-1]:]) if starts else ""
    return name


def signature_name(value: str | None) -> str:
    """The name printed under a signature: the person's full name alone (Decree 30), without an
    honorific before it or a title after it ('Bà Lê Thị Thu Trang, Công chức Văn phòng' → 'Lê Thị
    Thu Trang'); as written when no name can be told from it."""
    return person_name(value) or clean(value)


def document_number(value: str | None, kind: str) -> str:
    """'Số: …' as typed ('15/BB-UBND'), a bare number given its symbol ('15' → '15/BB-UBND'),
    or a blank the office fills when it registers the document ('     /BB-UBND')."""
    value = clean(value)
    if not value:
        return f"\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/{kind}-UBND"
    return value if "/" in value else f"{value}/{kind}-UBND"
