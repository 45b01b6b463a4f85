"""Similar matters: the contract of `GET /api/questions/<id>/similar`, who may ask, what counts
as a duplicate here and as the same matter in an earlier conference (with what became of it),
and the matcher's precision and recall on the labelled pairs residents might write."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conference import store
from office import conferences
from projector import similar

from ..conftest import login

PAIRS = Path(__file__).resolve().parent.parent / "cases" / "similar_pairs.tsv"
HELD_OUT = PAIRS.with_name("similar_pairs_heldout.tsv")  # written after the rules were set
# Measured with bench/similar.py at the service's threshold: precision 0.97, recall 0.99 on the
# pairs the rules were written against; 1.00 and 0.92 on the held-out ones (24 pairs: one
# miss is 0.08). The floors leave room for a change of wording rules, not for a regression.
PRECISION_FLOOR = 0.93
RECALL_FLOOR = 0.93
HELD_OUT_PRECISION_FLOOR = 0.9
HELD_OUT_RECALL_FLOOR = 0.83


def _conference(db, title: str, held_on: str, activate: bool) -> int:
    fields = {**conferences.default_conference_fields(), "title": title, "held_on": held_on}
    return conferences.create_conference(db, fields, "test", activate=activate)


def _question(db, conference_id: int, text: str, **fields) -> int:
    with store.write(db):
        question_id = store.question_insert(db, conference_id, {"source": "phone", "original_text": text,
                                                                "text": text, "status": "pending"})
        if fields:
            store.question_update(db, question_id, fields)
    return question_id


@pytest.fixture
def hall(app, db):
    """An earlier conference (May 2025) whose matters come back in the active one (November),
    and a later one that must never count as earlier."""
    may = _conference(db, "Hội nghị đối thoại lần 1", "2025-05-22", activate=False)
    nov = _conference(db, "Hội nghị đối thoại lần 2", "2025-11-20", activate=True)
    later = _conference(db, "Hội nghị đối thoại năm 2026", "2026-05-20", activate=False)
    ids = {
        # earlier: referred, due date past, not done → overdue
        "may_flood": _question(db, may, "Đề nghị nạo vét cống thoát nước ngõ 12 Lĩnh Nam, mưa to là ngập",
                               status="referred", referred_to="Công ty thoát nước", reply_due="2025-07-01"),
        # earlier: a written reply that was sent → done
        "may_light": _question(db, may, "Đèn chiếu sáng ngõ 5 tổ dân phố số 3 bị hỏng",
                               status="written_reply", reply_by="Công chức Địa chính", reply_due="2025-06-15",
                               followup_done_on="2025-06-10"),
        # earlier, rejected: never offered
        "may_spam": _question(db, may, "ngo 12 ngap nuoc mua to nao vet cong", status="rejected",
                              reject_reason="trùng"),
        "later_flood": _question(db, later, "Ngõ 12 Lĩnh Nam vẫn ngập khi mưa to, cống chưa nạo vét"),
        # here
        "flood": _question(db, nov, "ngo 12 linh nam mua to ngap het, de nghi nao vet cong"),
        "flood_again": _question(db, nov, "Cống ngõ 12 Lĩnh Nam tắc, mưa to là ngập, đề nghị nạo vét"),
        "flood_other_alley": _question(db, nov, "Ngõ 5 Lĩnh Nam mưa to là ngập, đề nghị nạo vét cống"),
        "light_same_alley": _question(db, nov, "Đèn đường ngõ 12 Lĩnh Nam hỏng, tối đi lại nguy hiểm"),
        "flood_rejected": _question(db, nov, "ngõ 12 lĩnh nam ngập khi mưa to, nạo vét cống đi", status="rejected",
                                    reject_reason="trùng"),
        "garbage": _question(db, nov, "Rác ở đầu ngõ 88 bốc mùi, đề nghị thu gom đúng giờ"),
    }
    ids.update(may=may, nov=nov, later=later)
    return ids


def test_contract_shape_best_first_scores_in_range(app, hall):
    chairman = login(app, "chairman")
    response = chairman.get(f"/api/questions/{hall['flood']}/similar")
    assert response.status_code == 200
    body = response.json
    assert set(body) >= {"here", "earlier"}
    for item in body["here"]:
        assert {"id", "number", "text", "score"} <= set(item)
        assert 0 <= item["score"] <= 1
    for item in body["earlier"]:
        assert {"id", "conference_id", "held_on", "text", "status", "followup", "score"} <= set(item)
        assert 0 <= item["score"] <= 1
    for part in ("here", "earlier"):
        scores = [item["score"] for item in body[part]]
        assert scores == sorted(scores, reverse=True)

    here = [item["id"] for item in body["here"]]
    assert here[0] == hall["flood_again"]  # the same flooding, in other words
    assert hall["flood"] not in here  # never itself
    assert hall["flood_rejected"] not in here  # never a rejected one
    assert hall["flood_other_alley"] not in here  # the same flooding, another alley: another matter
    assert hall["light_same_alley"] not in here  # the same alley, another problem
    assert hall["garbage"] not in here
    assert len(here) <= similar.HERE_LIMIT


def test_earlier_conferences_show_outcome_and_follow_up(app, hall):
    chairman = login(app, "chairman")
    earlier = chairman.get(f"/api/questions/{hall['flood']}/similar").json["earlier"]
    assert [item["id"] for item in earlier] == [hall["may_flood"]]  # not rejected, not the later conference
    matter = earlier[0]
    assert matter["conference_id"] == hall["may"] and matter["held_on"] == "2025-05-22"
    assert matter["status"] == "referred"
    assert matter["followup"] == {"state": "overdue", "due": "2025-07-01", "done_on": None,
                                  "by": "Công ty thoát nước"}

    light = _question(store.db(), hall["nov"], "den duong ngo 5 tdp 3 hong lau roi k ai sua")
    earlier = chairman.get(f"/api/questions/{light}/similar").json["earlier"]
    assert [item["id"] for item in earlier] == [hall["may_light"]]
    assert earlier[0]["followup"]["state"] == "done" and earlier[0]["followup"]["done_on"] == "2025-06-10"


def test_follow_up_states():
    row = {"status": "resolving", "reply_by": "Tổ công tác", "referred_to": "", "reply_due": "2026-01-31",
           "followup_done_on": None}
    assert similar.follow_up(row, "2025-12-01")["state"] == "in_progress"
    assert similar.follow_up(row, "2026-02-01")["state"] == "overdue"
    assert similar.follow_up({**row, "followup_done_on": "2026-02-02"}, "2026-03-01")["state"] == "done"
    assert similar.follow_up({**row, "status": "answered"}, "2026-03-01") is None


def test_a_merged_duplicate_stands_for_its_target_and_children_are_left_out(app, hall, db):
    chairman = login(app, "chairman")
    # flood_again merged into a third wording: asking about flood suggests that third one.
    target = _question(db, hall["nov"], "Ngõ 12 phố Lĩnh Nam ngập sâu khi mưa, đề nghị nạo vét cống")
    with store.write(db):
        store.question_update(db, hall["flood_again"], {"status": "merged", "merged_into": target})
    here = [item["id"] for item in chairman.get(f"/api/questions/{hall['flood']}/similar").json["here"]]
    assert target in here and hall["flood_again"] not in here
    # From the target's side, the question merged into it is not offered back.
    here = [item["id"] for item in chairman.get(f"/api/questions/{target}/similar").json["here"]]
    assert hall["flood_again"] not in here and target not in here and hall["flood"] in here


def test_an_edited_text_is_searched_as_edited(app, hall):
    chairman = login(app, "chairman")
    response = chairman.patch(f"/api/questions/{hall['garbage']}", json={"text": "Ngõ 12 Lĩnh Nam ngập khi mưa to, cống tắc"})
    assert response.status_code == 200
    here = [item["id"] for item in chairman.get(f"/api/questions/{hall['flood']}/similar").json["here"]]
    assert hall["garbage"] in here


@pytest.mark.parametrize("role, status", [(None, 401), ("kiosk", 403), ("display", 403), ("admin", 403),
                                          ("secretary", 200), ("chairman", 200)])
def test_who_may_ask(app, hall, role, status):
    client = login(app, role) if role else app.test_client()
    response = client.get(f"/api/questions/{hall['flood']}/similar")
    assert response.status_code == status
    if status != 200:
        assert set(response.json) == {"error", "message"}


def test_unknown_question_and_another_conference(app, hall):
    chairman = login(app, "chairman")
    response = chairman.get("/api/questions/999999/similar")
    assert response.status_code == 404 and response.json["message"]
    # A question of another conference: its own conference is "here", the ones before it "earlier".
    response = chairman.get(f"/api/questions/{hall['later_flood']}/similar")
    assert response.status_code == 200
    earlier = {item["conference_id"] for item in response.json["earlier"]}
    assert earlier <= {hall["may"], hall["nov"]} and earlier


def test_a_huge_text_is_read_only_so_far():
    huge = "Ngõ 12 ngập nước khi mưa to " + "rất rất lâu rồi chưa ai xử lý " * 40_000
    assert len(huge) > 1_000_000
    assert len(similar.search_terms(huge)) <= similar.MAX_TERMS
    assert sum(len(t) for t in similar.terms(huge).weights) < 5 * similar.MAX_CHARS
    assert 0 <= similar.score(huge, "ngo 12 mua to la ngap") <= 1


def test_search_terms_are_never_operators():
    words = similar.search_terms('NOT "ngõ" OR ngap* NEAR(a b) -đường ^x 12')
    assert words and all(word.isalnum() and word == word.lower() for word in words)
    query = similar.search_query(words, dict.fromkeys(words, 1), 100, 100)
    assert query and all(t.startswith('"') and t.endswith('"') and t[1:-1].isalnum() for t in query.split(" OR "))


def labelled_pairs(path: Path = PAIRS) -> list[tuple[str, str, str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t"))
    assert rows[0] == ["label", "kind", "a", "b"]
    return [tuple(row) for row in rows[1:]]  # type: ignore[misc]


def precision_recall(pairs, threshold: float = similar.THRESHOLD) -> tuple[float, float]:
    found = [(label == "same", similar.score(a, b) >= threshold) for label, _kind, a, b in pairs]
    true_positive = sum(same and suggested for same, suggested in found)
    suggested = sum(s for _same, s in found)
    same = sum(s for s, _suggested in found)
    return true_positive / max(1, suggested), true_positive / max(1, same)


def test_the_labelled_set_is_large_and_has_hard_negatives():
    pairs = labelled_pairs()
    assert len(pairs) >= 120
    labels = [label for label, *_ in pairs]
    assert set(labels) == {"same", "different"} and labels.count("same") >= 50 and labels.count("different") >= 50
    kinds = [kind for label, kind, *_ in pairs if label == "different"]
    assert kinds.count("same-place") >= 15 and kinds.count("same-problem") >= 15


def test_precision_and_recall_on_the_labelled_pairs():
    precision, recall = precision_recall(labelled_pairs())
    assert precision >= PRECISION_FLOOR, precision
    assert recall >= RECALL_FLOOR, recall
    precision, recall = precision_recall(labelled_pairs(HELD_OUT))
    assert precision >= HELD_OUT_PRECISION_FLOOR, precision
    assert recall >= HELD_OUT_RECALL_FLOOR, recall


def test_score_ignores_case_diacritics_form_and_order():
    import unicodedata

    a = "Đèn đường ngõ 17 bị hỏng"
    assert similar.score(a, unicodedata.normalize("NFD", a).upper()) == 1.0
    assert similar.score(a, "ngo 17 den duong hong") >= 0.9
    assert similar.score(a, "den duong ngo 71 hong") < similar.THRESHOLD
