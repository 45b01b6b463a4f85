"""The shared cases (tests/cases/*.json) through the server's own rules; the browser test runs
the same cases through static/js/kiosk/reading.js, so the two cannot drift apart."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conference.text import fold
from kiosk import checkin
from kiosk.checkin import read_scan

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
SCANS = json.loads((CASES / "scans.json").read_text(encoding="utf-8"))
FOLDS = json.loads((CASES / "fold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", SCANS, ids=[c["why"] for c in SCANS])
def test_read_scan(case):
    scan = read_scan(case["raw"])
    assert (scan.kind, scan.value) == (case["kind"], case["value"])


@pytest.mark.parametrize("case", FOLDS, ids=[c["why"] for c in FOLDS])
def test_fold(case):
    assert fold(case["text"]) == case["folded"]


def test_the_cases_cover_every_kind():
    assert len(SCANS) >= 40
    assert {c["kind"] for c in SCANS} == {"code", "short", "forged", "keyboard", None}
    assert len({c["raw"] for c in SCANS}) == len(SCANS)


def test_the_page_uses_the_servers_constants():
    script = (ROOT / "static" / "js" / "kiosk" / "reading.js").read_text(encoding="utf-8")
    constants = dict(re.findall(r'export const (\w+) = "?([^";]*)"?;', script))
    assert constants["CODE_PREFIX"] == checkin.CODE_PREFIX
    assert constants["SHORT_ALPHABET"] == checkin.SHORT_ALPHABET
    assert int(constants["SHORT_LENGTH"]) == checkin.SHORT_LENGTH
    assert int(constants["MAX_SCAN"]) == checkin.MAX_SCAN
