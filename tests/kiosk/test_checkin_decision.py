"""The door's decision, without a server: every outcome and every odd input."""
from __future__ import annotations

import pytest

from office.attendance import over_capacity, over_quota
from office.codes import new_code, new_short_code
from kiosk.checkin import Outcome, Scan, decide, read_scan

CODE = new_code()
SHORT = new_short_code()
CARD = {"conference_id": 2, "invitee_id": 7, "revoked_at": None, "removed_at": None}


@pytest.mark.parametrize("raw,kind,value", [
    (CODE, "code", CODE),
    (f"  {CODE}\r\n", "code", CODE),
    (f"\t{CODE}\n", "code", CODE),
    (f"\ufeff{CODE}\x00", "code", CODE),
    (CODE.lower(), "code", CODE),
    (SHORT, "short", SHORT),
    (SHORT.lower(), "short", SHORT),
    (f"{SHORT[:4]}-{SHORT[4:]}", "short", SHORT),
    (f" {SHORT[:4]} {SHORT[4:]} ", "short", SHORT),
    ("DT1-" + "A" * 31, "forged", None),
    ("DT1-" + "1" * 32, "forged", None),
    ("DT1-" + CODE[4:] + "X", "forged", None),
])
def test_read_scan_recognises_our_codes(raw, kind, value):
    scan = read_scan(raw)
    assert scan.kind == kind
    if value:
        assert scan.value == value


VIETQR = "00020101021138570010A00000072701270006970436011300110123456780208QRIBFTTA53037045802VN6304ABCD"


@pytest.mark.parametrize("raw", [
    "", "   ", "\r\n", None, True, False, [], {}, [CODE], {"code": CODE},
    VIETQR, "https://dongmai.gov.vn/", "WIFI:S:HoiTruong;T:WPA;P:12345678;;",
    "x" * 10_000, CODE + "x" * 10_000, "'; DROP TABLE invitees; --", "🙂🙂🙂🙂🙂🙂🙂🙂",
    "ABCDEFGH", "A1B2C3D4", "OOOOOOOO", 12345678, 1.5, "\x07\x08",
])
def test_anything_else_is_not_an_invitation(raw):
    scan = read_scan(raw)
    assert scan.kind is None
    assert decide(scan, None, 2, None) is Outcome.NOT_AN_INVITATION


def test_a_number_is_read_as_its_digits():
    assert read_scan(34679346).kind == "short"  # a short code made only of digits
    assert read_scan(34679346.0).value == "34679346"


def test_every_outcome():
    ours = Scan("code", CODE)
    assert decide(ours, CARD, 2, None) is Outcome.CHECKED_IN
    assert decide(ours, CARD, 2, {"at": "…"}) is Outcome.ALREADY_CHECKED_IN
    assert decide(ours, None, 2, None) is Outcome.UNKNOWN_INVITATION
    assert decide(Scan("forged", "DT1-X"), None, 2, None) is Outcome.UNKNOWN_INVITATION
    assert decide(ours, {**CARD, "revoked_at": "2025-11-01"}, 2, None) is Outcome.REVOKED
    assert decide(ours, {**CARD, "removed_at": "2025-11-01"}, 2, None) is Outcome.REVOKED
    assert decide(ours, CARD, 3, None) is Outcome.WRONG_CONFERENCE
    # Last session's card that was also revoked: the conference is the clearer reason.
    assert decide(ours, {**CARD, "revoked_at": "x"}, 3, None) is Outcome.WRONG_CONFERENCE


@pytest.mark.parametrize("outcome,status,admitted", [
    (Outcome.CHECKED_IN, 201, True), (Outcome.ALREADY_CHECKED_IN, 200, False),
    (Outcome.NOT_AN_INVITATION, 422, False), (Outcome.UNKNOWN_INVITATION, 422, False),
    (Outcome.REVOKED, 422, False), (Outcome.WRONG_CONFERENCE, 422, False),
])
def test_outcome_status(outcome, status, admitted):
    assert outcome.status == status and outcome.admitted is admitted


def test_quota_and_capacity():
    group = {"kind": "tdp", "quota": 10, "residents_present": 9}
    assert not over_quota(group)
    assert over_quota({**group, "residents_present": 10})
    assert not over_quota({"kind": "ward", "quota": 0, "residents_present": 0})
    assert not over_capacity(119, 120) and over_capacity(120, 120)
