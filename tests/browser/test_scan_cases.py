"""The shared cases (tests/cases/*.json) through static/js/kiosk/reading.js and digest.js in
chromium: the page reads a scan, folds a name and digests a code exactly as the server does."""
from __future__ import annotations

import json

import pytest

from .. import live

pytestmark = pytest.mark.browser

CASES = live.ROOT / "tests" / "cases"

RUN = """async ({ scans, folds, digests }) => {
  const { readScan, fold } = await import('/static/js/kiosk/reading.js');
  const { digest } = await import('/static/js/kiosk/digest.js');
  const wrong = [];
  for (const c of scans) {
    const got = readScan(c.raw);
    if (got.kind !== c.kind || got.value !== c.value) wrong.push({ why: c.why, want: [c.kind, c.value], got: [got.kind, got.value] });
  }
  for (const c of folds) {
    const got = fold(c.text);
    if (got !== c.folded) wrong.push({ why: c.why, want: c.folded, got });
  }
  for (const c of digests) {
    const scan = readScan(c.raw);
    const got = ["code", "short"].includes(scan.kind) ? digest(c.key, scan.kind, scan.value) : null;
    if (scan.kind !== c.kind || got !== c.digest) wrong.push({ why: c.why, want: [c.kind, c.digest], got: [scan.kind, got] });
  }
  return wrong;
}"""


def test_the_page_reads_every_case_as_the_server_does(server, page):
    scans = json.loads((CASES / "scans.json").read_text(encoding="utf-8"))
    folds = json.loads((CASES / "fold.json").read_text(encoding="utf-8"))
    digests = json.loads((CASES / "digests.json").read_text(encoding="utf-8"))
    page.goto(server + "/login")
    assert page.evaluate(RUN, {"scans": scans, "folds": folds, "digests": digests}) == []
