"""A TDP's officers, read from the position people write: the plan invites from each TDP its
chi bộ secretary, its Front work committee head and its TDP head ("Bí thư chi bộ, Trưởng ban
công tác Mặt trận; Tổ trưởng các TDP"), beside its resident representatives. No Flask here.

A position is folded (no case, no diacritics) and cut at "kiêm", commas and the like, since
one person often holds two posts ("Bí thư chi bộ kiêm Tổ trưởng TDP"). Each piece names at
most one of the three roles; a deputy ("Phó Bí thư chi bộ", "Tổ phó") names none of them but
is still a TDP officer, as are the heads of the TDP's branches of the mass organisations
(the demo's "Chi hội trưởng Phụ nữ"). `office.attendance` counts the roles per group; the
roster import uses `is_tdp_officer` when a file has no "Loại" column.
"""
from __future__ import annotations

import functools
import re

from conference.i18n import N_
from conference.text import fold

PARTY_SECRETARY, FRONT_HEAD, TDP_HEAD = "party_secretary", "front_head", "tdp_head"
ROLES = (PARTY_SECRETARY, FRONT_HEAD, TDP_HEAD)  # the plan's order
ROLE_LABELS = {
    PARTY_SECRETARY: N_("Bí thư chi bộ"),
    FRONT_HEAD: N_("Trưởng Ban công tác Mặt trận"),
    TDP_HEAD: N_("Tổ trưởng TDP"),
}

# Where one post ends and the next begins in "Bí thư chi bộ kiêm Tổ trưởng TDP".
_PIECES = re.compile(r"\s*(?:\bkiem\b|\bdong thoi\b|[,;/+&]|\s-\s|\s–\s|\bva\b)\s*")
_DEPUTY = re.compile(r"^(pho\b|to pho\b)")
# Each role as wards write it, folded: in full, abbreviated, with the TDP's name after it.
_ROLE_PATTERNS = (
    (PARTY_SECRETARY, re.compile(r"^(bi thu (chi bo|cb)|btcb|bt cb|bi thu)\b(?! (chi doan|doan|dang uy))")),
    (FRONT_HEAD, re.compile(
        r"^(truong ban (cong tac |ct ?)?(mat tran|mttq|mt)\b|truong (bctmt|bct mt|ban ctmt)\b|truong mat tran\b)")),
    (TDP_HEAD, re.compile(r"^(to truong|truong to dan pho|truong tdp)\b(?! to (hoa giai|bao ve|an ninh|tu quan))")),
)
# Other posts of a TDP that are officers, not resident representatives.
_OTHER_OFFICERS = re.compile(
    r"^(pho bi thu (chi bo|cb)|pho truong ban (cong tac |ct ?)?(mat tran|mttq|mt)|to pho|pho to truong"
    r"|chi hoi truong|truong chi hoi|pho chi hoi truong|bi thu chi doan|truong ban cong tac|cong an khu vuc)\b"
)


@functools.lru_cache(maxsize=4096)
def roles(position: str) -> frozenset[str]:
    """The plan's officer roles a position names: none, one, or more than one when a person
    holds two posts. 'Tổ trưởng TDP số 3' → {tdp_head}; 'Phó Bí thư chi bộ' → {}."""
    found = set()
    for piece in _PIECES.split(fold(position)):
        piece = piece.strip(" .:()")
        if not piece or _DEPUTY.match(piece):
            continue
        for role, pattern in _ROLE_PATTERNS:
            if pattern.match(piece):
                found.add(role)
                break
    return frozenset(found)


@functools.lru_cache(maxsize=4096)
def is_tdp_officer(position: str) -> bool:
    """Whether a TDP's member with this position is one of its officers rather than a resident
    representative (who counts against the quota)."""
    if roles(position):
        return True
    return any(_OTHER_OFFICERS.match(piece.strip(" .:()")) for piece in _PIECES.split(fold(position)))


def in_words(codes: list[str]) -> str:
    """Roles in the plan's words, untranslated: the record (minutes, spreadsheets) is the
    ward's document and stays in Vietnamese whatever language the page is shown in."""
    return ", ".join(ROLE_LABELS[code] for code in codes)


# ---------------------------------------------------------------- ward delegates' sub-categories
#
# The plan invites from the ward ("Đại biểu phường"): the standing members of the Party
# committee and the UBND; the Fatherland Front's standing board, who attend to SUPERVISE
# ("theo dõi, giám sát"), and the heads of the mass organisations; the police and the
# military command; the clinic and the schools; the cooperative; the ward's officials. Each
# delegate has one of these "thành phần", inferred from the position on import, editable on
# the roster page; the minutes name who came for each and who did not.

PARTY, COUNCIL, COMMITTEE, FRONT, MASS_ORG = "party", "council", "committee", "front", "mass_org"
POLICE, MILITARY, HEALTH, SCHOOL, COOPERATIVE, OFFICIAL, OTHER = (
    "police", "military", "health", "school", "cooperative", "official", "other")
WARD_ROLES = (PARTY, COUNCIL, COMMITTEE, FRONT, MASS_ORG, POLICE, MILITARY, HEALTH, SCHOOL, COOPERATIVE,
              OFFICIAL, OTHER)  # the plan's order, which the minutes follow
WARD_ROLE_LABELS = {
    PARTY: N_("Đảng ủy phường"),
    COUNCIL: N_("HĐND phường"),
    COMMITTEE: N_("UBND phường"),
    FRONT: N_("Ủy ban MTTQ phường"),
    MASS_ORG: N_("Các tổ chức chính trị - xã hội, đoàn thể"),
    POLICE: N_("Công an phường"),
    MILITARY: N_("Ban Chỉ huy quân sự phường"),
    HEALTH: N_("Trạm y tế"),
    SCHOOL: N_("Các nhà trường"),
    COOPERATIVE: N_("Hợp tác xã"),
    OFFICIAL: N_("Cán bộ, công chức phường"),
    OTHER: N_("Khác"),
}
# The same, short, for the roster list's choice (the full name is its tooltip): at 150 % text the
# full "Các tổ chức chính trị - xã hội, đoàn thể" made the column 530 px and pushed a row's
# position and code out of view.
WARD_ROLE_SHORT = {
    PARTY: N_("Đảng ủy"), COUNCIL: N_("HĐND"), COMMITTEE: N_("UBND"), FRONT: N_("MTTQ"), MASS_ORG: N_("Đoàn thể"),
    POLICE: N_("Công an"), MILITARY: N_("Quân sự"), HEALTH: N_("Trạm y tế"), SCHOOL: N_("Nhà trường"),
    COOPERATIVE: N_("Hợp tác xã"), OFFICIAL: N_("Cán bộ, công chức"), OTHER: N_("Khác"),
}

# One post, folded, to its sub-category: the first pattern that matches wins, so the more
# specific come first ("Chủ tịch Ủy ban MTTQ" before "Chủ tịch", "Bí thư Đoàn" before "Bí thư",
# "Chánh Văn phòng HĐND - UBND" before "HĐND").
_WARD_PATTERNS = (
    (OFFICIAL, re.compile(r"^(cong chuc|can bo|chanh van phong|pho chanh van phong|chuyen vien|ke toan|thu quy"
                          r"|van thu|nhan vien)\b")),
    (FRONT, re.compile(r"\b(mttq|ubmttq|mat tran|uy ban mat tran|ban thuong truc mat tran)\b")),
    (MASS_ORG, re.compile(r"\b(hoi (lien hiep )?phu nu|hoi lhpn|doan thanh nien|doan tn|bi thu doan|hoi cuu chien binh"
                          r"|hoi ccb|hoi nong dan|cong doan|hoi nguoi cao tuoi|hoi nct|hoi chu thap do"
                          r"|hoi khuyen hoc|chi hoi|doan the)\b")),
    (POLICE, re.compile(r"\b(cong an|ca phuong)\b")),
    (MILITARY, re.compile(r"\b(quan su|chqs|bchqs|chi huy truong|chi huy pho|chinh tri vien)\b")),
    (HEALTH, re.compile(r"\b(tram y te|tram truong|y te|bac si|y si)\b")),
    (SCHOOL, re.compile(r"\b(hieu truong|hieu pho|pho hieu truong|nha truong|giao vien"
                        r"|truong (mam non|tieu hoc|thcs|thpt|trung hoc))\b")),
    (COOPERATIVE, re.compile(r"\b(htx|hop tac xa|hdqt)\b")),
    (COUNCIL, re.compile(r"\b(hdnd|hoi dong nhan dan)\b")),
    (PARTY, re.compile(r"\b(dang uy|bi thu|pho bi thu|ban thuong vu|dang bo)\b")),
    (COMMITTEE, re.compile(r"\b(ubnd|uy ban nhan dan|chu tich|pho chu tich)\b")),
)
# "Đảng ủy viên" beside another post names a member, not the post they come as: the other wins.
_PARTY_MEMBER = re.compile(r"^(dang uy vien|uy vien ban chap hanh dang bo|uy vien ban thuong vu)\b")


def _ward_post(piece: str) -> str | None:
    for role, pattern in _WARD_PATTERNS:
        if pattern.search(piece):
            return role
    return None


@functools.lru_cache(maxsize=4096)
def ward_role(position: str) -> str:
    """A ward delegate's sub-category from their position: 'Phó Chủ tịch UBND phường' →
    committee, 'Chủ tịch Ủy ban MTTQ phường' → front, 'Trưởng Công an phường' → police,
    'Công chức Địa chính - Xây dựng' → official. The first post named wins ("Bí thư Đảng ủy,
    Chủ tịch HĐND" → party), except that "Đảng ủy viên" yields to any other post. Nothing
    recognised (or no position): other."""
    found: list[tuple[bool, str]] = []
    for piece in _PIECES.split(fold(position)):
        piece = piece.strip(" .:()")
        if not piece:
            continue
        role = _ward_post(piece)
        if role:
            found.append((role == PARTY and bool(_PARTY_MEMBER.match(piece)), role))
    strong = [role for weak, role in found if not weak]
    return (strong or [role for _weak, role in found] or [OTHER])[0]


def effective_ward_role(person: dict) -> str:
    """The sub-category a ward delegate is counted under: the one the office chose, else the
    one their position names. Not a ward delegate: ''."""
    if person.get("category") != "ward_delegate":
        return ""
    return person.get("ward_role") or ward_role(person.get("position") or "")
