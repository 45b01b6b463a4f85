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
