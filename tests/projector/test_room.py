"""The room's rules called directly, on a real SQLite file, without HTTP: a phone's
question and its limits, the chairman's moves and their effects, merging, the queue."""
from __future__ import annotations

import pytest

from conference import store
from conference.errors import Refusal
from conference.staff import User
from office import conferences
from projector import attention, room, settings
from projector.moves import MOVES, Effects, effects
from projector.vocabulary import DONE, LABELS, Status

CHAIR = User("staff", 1, "chairman", "Chủ tịch")
SECRETARY = User("staff", 2, "secretary", "Thư ký")


@pytest.fixture
def conference_id(db):
    return conferences.create_conference(db, {"title": "Hội nghị", "held_on": "2026-12-20"}, "test")


def _ask(db, text: str, device: str = "phone-1", address: str = "10.0.0.5") -> dict:
    _answer, row = room.submit(db, {"text": text}, device, address)
    return row


def _move(db, question_id: int, status: str, **extra) -> list[dict]:
    _answer, rows = room.change(db, question_id, {"status": status, **extra}, CHAIR)
    return rows


def test_a_phones_question_waits_pending_and_the_floors_joins_the_queue(db, conference_id):
    phone = _ask(db, "  Đường   ngõ 5 ngập\r\nkhi mưa  ")
    assert phone["status"] == "pending" and phone["text"] == "Đường ngõ 5 ngập\nkhi mưa"
    _answer, floor = room.add_from_floor(db, {"text": "Hỏi về điện chiếu sáng"}, SECRETARY)
    assert floor["status"] == "approved" and floor["source"] == "floor" and floor["queue_order"]


def test_a_phone_past_three_a_minute_is_refused_and_nothing_is_stored(db, conference_id):
    for n in range(3):
        _ask(db, f"Câu hỏi số {n}")
    before = store.questions_list(db, conference_id)
    with pytest.raises(Refusal) as refused:
        _ask(db, "Câu hỏi thứ tư")
    assert refused.value.status == 429 and "1 phút" in refused.value.message
    assert store.questions_list(db, conference_id) == before
    assert _ask(db, "Máy khác, cùng mạng", device="phone-2")["status"] == "pending"


def test_paused_submissions_answer_403(db, conference_id):
    settings.update_room(db, {"submissions": "paused"}, CHAIR)
    with pytest.raises(Refusal) as refused:
        _ask(db, "Xin hỏi")
    assert (refused.value.status, refused.value.code) == (403, "submissions_paused")


def test_putting_one_on_screen_sends_the_one_there_back_and_resets_the_timer(db, conference_id):
    first, second = _ask(db, "Một"), _ask(db, "Hai", device="phone-2")
    for q in (first, second):
        _move(db, q["id"], "approved")
    _move(db, first["id"], "on_screen")
    settings.update_room(db, {"timer": "start"}, CHAIR)
    rows = _move(db, second["id"], "on_screen")
    assert [(r["id"], r["status"]) for r in rows] == [(second["id"], "on_screen"), (first["id"], "approved")]
    assert store.room_get(db, conference_id)["timer_started_at"] is None


def test_an_outcome_closes_and_reopening_goes_to_the_end_of_the_queue(db, conference_id):
    question, other = _ask(db, "Một"), _ask(db, "Hai", device="phone-2")
    _move(db, question["id"], "approved")
    _move(db, other["id"], "approved")
    _move(db, question["id"], "on_screen")
    done = _move(db, question["id"], "written_reply", **{"reply_by": "Công chức Địa chính", "reply_due": "2026-12-31"})[0]
    assert done["closed_at"] and done["reply_by"] == "Công chức Địa chính"
    reopened = _move(db, question["id"], "approved")[0]
    assert reopened["closed_at"] is None and reopened["queue_order"] > store.question_get(db, other["id"])["queue_order"]


def test_a_merge_unites_the_phones_interest_once(db, conference_id):
    keep, duplicate = _ask(db, "Ngập ngõ 5"), _ask(db, "Ngõ 5 bị ngập", device="phone-2")
    for q in (keep, duplicate):
        _move(db, q["id"], "approved")
    for phone in ("a", "b"):
        room.vote(db, duplicate["id"], phone, "")
    room.vote(db, keep["id"], "a", "")
    _answer, rows = room.change(db, duplicate["id"], {"merged_into": keep["id"]}, CHAIR)
    merged, target = rows
    assert merged["status"] == "merged" and merged["merged_into"] == keep["id"] and merged["closed_at"]
    assert target["id"] == keep["id"] and target["interest"] == 2


def test_a_refused_merge_changes_nothing(db, conference_id):
    keep, duplicate = _ask(db, "Một"), _ask(db, "Hai", device="phone-2")
    _move(db, keep["id"], "rejected", reject_reason="Không thuộc thẩm quyền")
    before = store.questions_list(db, conference_id)
    with pytest.raises(Refusal) as refused:
        room.change(db, duplicate["id"], {"merged_into": keep["id"]}, CHAIR)
    assert refused.value.status == 409
    with pytest.raises(Refusal):
        room.change(db, duplicate["id"], {"merged_into": duplicate["id"]}, CHAIR)
    assert store.questions_list(db, conference_id) == before


def test_a_move_the_machine_forbids_is_409_and_the_secretary_cannot_move(db, conference_id):
    question = _ask(db, "Một")
    with pytest.raises(Refusal) as refused:
        _move(db, question["id"], "answered")
    assert refused.value.status == 409 and "chờ duyệt" in refused.value.message
    with pytest.raises(Refusal) as secretary:
        room.change(db, question["id"], {"status": "approved"}, SECRETARY)
    assert secretary.value.status == 403
    _answer, rows = room.change(db, question["id"], {"conclusion": "Giao Địa chính khảo sát"}, SECRETARY)
    assert rows[0]["conclusion"] == "Giao Địa chính khảo sát" and rows[0]["status"] == "pending"


def test_reorder_needs_exactly_the_queue(db, conference_id):
    ids = []
    for n in range(3):
        q = _ask(db, f"Câu {n}", device=f"p{n}")
        _move(db, q["id"], "approved")
        ids.append(q["id"])
    _answer, rows = room.reorder(db, list(reversed(ids)), CHAIR)
    assert [r["id"] for r in rows] == list(reversed(ids))
    with pytest.raises(Refusal):
        room.reorder(db, ids[:2], CHAIR)


def test_the_table_says_what_each_move_does():
    assert effects(Status.APPROVED, Status.ON_SCREEN) == Effects(takes_screen=True)
    assert effects(Status.PENDING, Status.MERGED).moves_votes
    assert effects(Status.ON_SCREEN, Status.APPROVED) == Effects(reopens=True)
    assert all(effects(done, Status.APPROVED).to_queue_end for done in DONE)
    assert effects(Status.PENDING, Status.ANSWERED) is None
    assert set(MOVES) == set(Status) == set(LABELS)


def test_attention_words_flag_whole_words_only(db, conference_id):
    settings.update_room(db, {"attention_words": ["hối lộ"]}, CHAIR)
    assert attention.flagged(db, conference_id, "Có dấu hiệu HỐI LỘ ở dự án")
    assert not attention.flagged(db, conference_id, "Hỏi lối đi ra chợ")


def test_attention_words_keep_their_marks(db, conference_id):
    """"chó" is not "cho" nor "chợ"; a phrase typed without marks is still heard."""
    settings.update_room(db, {"attention_words": ["chó", "đéo", "ngu", "tham nhũng"]}, CHAIR)
    for ordinary in ("Xin cho biết khi nào sửa đường", "Chợ tạm lấn chiếm vỉa hè", "Người già đeo kính không đọc được",
                     "Ông Nguyễn Văn Ngữ hỏi về ngủ trưa", "cho hoi khi nao co dien"):
        assert not attention.flagged(db, conference_id, ordinary), ordinary
    for flagged in ("Con CHÓ nhà bên cắn người", "Cán bộ tham nhũng", "Can bo tham nhung dat dai",
                    "Ngu thế", "Cho\u0301 sủa"):
        assert attention.flagged(db, conference_id, flagged), flagged


def test_the_default_words_flag_few_ordinary_questions(db, conference_id):
    ordinary = ["Xin cho biết kế hoạch nạo vét cống", "Chợ tạm lấn chiếm lòng đường", "Đèn đường ngõ 5 hỏng",
                "Cho hỏi thủ tục cấp sổ đỏ", "Người dân đeo khẩu trang khi đốt rác", "Hỏi về cắt điện ngủ trưa",
                "Đường đi chợ bị cắt ngang", "Con đường cụt cuối ngõ", "Xe chở rác chạy đêm",
                "Chó thả rông ở khu tập thể, đề nghị xử lý", "Nhà bên nuôi chó sủa cả đêm"]  # the animal, not the insult
    assert [q for q in ordinary if attention.flagged(db, conference_id, q)] == []
    assert attention.flagged(db, conference_id, "Cán bộ phường là đồ chó")
