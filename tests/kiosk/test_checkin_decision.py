"""The door's decision, without a server: every outcome and every odd input."""
from __future__ import annotations

import pytest

from office import attendance
from office.attendance import over_capacity
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
    "ACDEFHJ", "ACDE-FHJ!", "0123456789", 1.5, "\x07\x08",
])
def test_anything_else_is_not_an_invitation(raw):
    scan = read_scan(raw)
    assert scan.kind is None
    assert decide(scan, None, 2, None) is Outcome.NOT_AN_INVITATION


@pytest.mark.parametrize("raw,value", [
    ("VN4H-Y9RO", "VN4HY9R0"), ("vn4h y9r0", "VN4HY9R0"), ("ABCD-EFGH", "ABCDEFGH"), ("A1B2C3D4", "A1B2C3D4"),
    ("OOOOOOOO", "00000000"), ("acdi-fhjl", "ACD1FHJ1"), (12345678, "12345678"),
])
def test_a_well_formed_short_code_that_is_not_ours_is_no_such_code(raw, value):
    """Eight letters or digits, O read as 0 and I, L as 1: a mistyped card is "no such code"
    (unknown_invitation), never "not an invitation"."""
    scan = read_scan(raw)
    assert (scan.kind, scan.value) == ("short", value)
    assert decide(scan, None, 2, None) is Outcome.UNKNOWN_INVITATION


def test_a_misread_letter_gives_the_same_key_as_the_digit():
    assert read_scan("ACDE-FHJO").value == read_scan("acde fhj0").value == "ACDEFHJ0"
    assert read_scan("ACDI-FHJL").value == read_scan("acd1.fhj1").value == read_scan("acdl-fhji").value
    assert read_scan(SHORT).value == SHORT  # our own codes have none of O, I, L: read as they are


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


def test_capacity_is_the_only_limit_and_the_quota_a_minimum():
    assert not over_capacity(119, 120) and over_capacity(120, 120)
    # A TDP's quota is a floor to reach, not a cap: nothing asks "over quota" any more.
    assert not hasattr(attendance, "over_quota")
    assert attendance.below_minimum("tdp", 9) and attendance.below_minimum("tdp", 0)
    assert not attendance.below_minimum("tdp", 10) and not attendance.below_minimum("ward", 0)
