"""A realistic demo: phường Đồng Mai's two dialogue conferences of 2025, shaped like the plan."""
from __future__ import annotations

import random
from typing import Any

from sqlite_utils import Database

from conference import staff, store
from conference.text import fold

from .attendance import DEFAULT_QUOTA
from .conferences import create_conference
from .groups import group_key
from .invitees import issue_invitations
from .officers import ward_role

DEMO_PASSWORD = "doithoai2025"
DEMO_ACCOUNTS = (
    ("admin", "admin"),
    ("chutich", "chairman"),
    ("thuky", "secretary"),
    ("ledon", "kiosk"),
    ("manchieu", "display"),
)
# How the pages name an account (a check-in says "đã vào lúc 7:42 tại Bàn đón tiếp 1", not "tại ledon").
DEMO_NAMES = {"ledon": "Bàn đón tiếp 1", "manchieu": "Màn chiếu hội trường"}

# Each one's sub-category (Đảng ủy, HĐND, UBND, Ủy ban MTTQ…) is read from the position, as
# the roster import reads it (`office.officers.ward_role`).
WARD_DELEGATES = (
    ("Bí thư Đảng ủy phường", "Nguyễn Văn Thắng"),
    ("Phó Bí thư Thường trực Đảng ủy", "Trần Thị Hồng Nhung"),
    ("Chủ tịch HĐND phường", "Phạm Quốc Hưng"),
    ("Chủ tịch UBND phường", "Lê Chí Hoạt"),
    ("Phó Chủ tịch UBND phường", "Đỗ Thị Thu Hà"),
    ("Phó Chủ tịch UBND phường", "Vũ Đức Mạnh"),
    ("Chủ tịch UBMTTQ phường", "Hoàng Thị Lan"),
    ("Phó Chủ tịch UBMTTQ phường", "Bùi Văn Khải"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ phường", "Ngô Thị Minh Nguyệt"),
    ("Chủ tịch Hội Cựu chiến binh phường", "Đặng Văn Lực"),
    ("Chủ tịch Hội Nông dân phường", "Lương Văn Toản"),
    ("Bí thư Đoàn Thanh niên phường", "Trịnh Quang Huy"),
    ("Chủ tịch Hội Người cao tuổi phường", "Phan Văn Điền"),
    ("Trưởng Công an phường", "Lê Minh Tuấn"),
    ("Phó Trưởng Công an phường", "Nguyễn Hữu Phước"),
    ("Chỉ huy trưởng Ban CHQS phường", "Đinh Công Sơn"),
    ("Trưởng Trạm y tế phường", "Bác sĩ Trần Thị Thanh Hương"),
    ("Hiệu trưởng Trường Mầm non Đồng Mai", "Nguyễn Thị Ngọc Ánh"),
    ("Hiệu trưởng Trường Tiểu học Đồng Mai", "Phạm Thị Kim Oanh"),
    ("Hiệu trưởng Trường THCS Đồng Mai", "Vương Đình Khoa"),
    ("Giám đốc HĐQT HTX Đồng Mai", "Tạ Văn Bình"),
    ("Công chức Văn phòng – Thống kê", "Lê Thị Thu Trang"),
    ("Công chức Địa chính – Xây dựng", "Nguyễn Đức Anh"),
    ("Công chức Tư pháp – Hộ tịch", "Hà Thị Phương"),
    ("Công chức Văn hóa – Xã hội", "Kiều Văn Duy"),
    ("Công chức Tài chính – Kế toán", "Mai Thị Huyền"),
    ("Cán bộ Đài truyền thanh phường", "Chu Văn Long"),
)

TDP_OFFICERS = (
    "Bí thư chi bộ",
    "Trưởng ban công tác Mặt trận",
    "Tổ trưởng TDP",
    "Chi hội trưởng Phụ nữ",
    "Chi hội trưởng Cựu chiến binh",
    "Chi hội trưởng Người cao tuổi",
)

SURNAMES = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh",
    "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Tạ",
    "Lương", "Trịnh", "Khuất", "Kiều", "Nghiêm", "Đàm",
)
MALE_MIDDLE = ("Văn", "Văn", "Đức", "Hữu", "Quang", "Minh", "Công", "Xuân", "Đình", "Thế", "Ngọc")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Minh", "Thanh", "Kim", "Diệu", "Bích")
MALE_GIVEN = (
    "Hùng", "Dũng", "Cường", "Tuấn", "Thắng", "Hải", "Sơn", "Long", "Phúc", "Quý", "Việt",
    "Khánh", "Trọng", "Tiến", "Đạt", "Hiếu", "Nghĩa", "Lộc", "Thành", "Tùng", "Kiên", "Bảo",
)
FEMALE_GIVEN = (
    "Hằng", "Hương", "Lan", "Mai", "Hoa", "Thủy", "Nga", "Yến", "Hạnh", "Liên", "Ngọc",
    "Phượng", "Thảo", "Trang", "Dung", "Loan", "Huệ", "Vân", "Quỳnh", "Nhung", "Oanh", "Ánh",
)

CONFERENCES = (
    {
        "title": "Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm 2025 (lần 1)",
        "held_on": "2025-05-22", "announced_on": "2025-05-12",
    },
    {
        "title": "Hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân năm 2025 (lần 2)",
        "held_on": "2025-11-20", "announced_on": "2025-11-10",
    },
)
# The ward's plan expects about 120 people a dialogue (its ward delegates, and each TDP's
# officers with at least 10 resident representatives): six TDPs fill such a hall.
TDP_COUNT = 6


def _person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"


# Petitions the TDPs gathered before the active conference (TDP, petitioner, field, text,
# the official preparing the answer, the prepared answer or "" while still to write).
DEMO_PETITIONS = (
    (3, "Nguyễn Văn Hòa", "Môi trường", "Cống thoát nước ngõ 5 đường Lĩnh Nam bị tắc, mưa to là ngập sâu vào nhà dân.",
     "Vũ Đức Mạnh, Phó Chủ tịch UBND phường",
     "UBND phường đã giao bộ phận Địa chính – Xây dựng phối hợp Công ty thoát nước nạo vét cống ngõ 5, "
     "hoàn thành trước ngày 15/12/2025."),
    (1, "", "Đất đai - xây dựng", "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ khu tái định cư Đồng Mai.",
     "Nguyễn Đức Anh, Công chức Địa chính – Xây dựng",
     "Hồ sơ của 42 hộ đã chuyển Văn phòng đăng ký đất đai thành phố; phường đôn đốc trả kết quả trong quý I/2026."),
    (6, "Trần Thị Mai", "An ninh - trật tự", "Thanh niên tụ tập đua xe ở đường đê vào ban đêm, gây mất an ninh.",
     "Lê Minh Tuấn, Trưởng Công an phường",
     "Công an phường đã lập tổ tuần tra đêm thứ Sáu, thứ Bảy; người dân báo tin qua số trực ban 0243 862 1234."),
    (2, "", "Kinh tế - xã hội", "Đèn chiếu sáng đường liên tổ 2 – 4 hỏng đã hai tháng chưa được thay.",
     "Vũ Đức Mạnh, Phó Chủ tịch UBND phường", ""),
    (4, "Phạm Văn Long", "An sinh xã hội", "Đề nghị xem xét hỗ trợ hộ cận nghèo có người khuyết tật ở TDP số 4.",
     "Kiều Văn Duy, Công chức Văn hóa – Xã hội",
     "Phường rà soát lại danh sách hộ cận nghèo tháng 12; hộ đủ điều kiện được hỗ trợ theo Nghị định 20/2021/NĐ-CP."),
    (5, "", "Môi trường", "Bãi rác tự phát cuối ngõ 12 chưa được thu gom, bốc mùi hôi.",
     "Đỗ Thị Thu Hà, Phó Chủ tịch UBND phường", ""),
    (5, "Lê Thị Hạnh", "Kinh tế - xã hội", "Chợ tạm lấn chiếm lòng đường Đồng Mai vào buổi sáng, gây ùn tắc.", "", ""),
    (6, "", "Đất đai - xây dựng", "Công trình xây dựng nhà ở số 18 ngõ 3 lấn ra ngõ chung, đề nghị kiểm tra.",
     "Nguyễn Đức Anh, Công chức Địa chính – Xây dựng", ""),
)


def _demo_petitions(database: Database, conference_id: int) -> None:
    """About eight petitions gathered before the day, some with their answer prepared."""
    groups = {g["name"]: g["id"] for g in store.groups_list(database, conference_id)}
    topics = {t["name"]: t["id"] for t in store.topics_list(database, conference_id)}
    for tdp, name, topic, text, official, answer in DEMO_PETITIONS:
        question_id = store.question_insert(database, conference_id, {
            "source": "petition", "group_id": groups.get(f"TDP số {tdp}"), "asker_name": name, "show_name": 0,
            "topic_id": topics.get(topic), "original_text": text, "text": text, "status": "pending",
        })
        if official or answer:
            store.question_update(database, question_id, {"prepared_by": official, "prepared_answer": answer,
                                                          "prepared_at": store.now() if answer else None})


# Matters raised at the first conference of 2025 and what became of them (text, outcome, who,
# due, done on): some come back in the second one (the drainage of ngõ 5 Lĩnh Nam, the garbage
# at the end of ngõ 12, the market on the road), and the moderator's cards say so.
DEMO_EARLIER_MATTERS = (
    ("Ngõ 5 đường Lĩnh Nam mưa to là ngập, cống thoát nước bị tắc, đề nghị nạo vét", "referred",
     "Công ty TNHH MTV Thoát nước", "2025-07-31", None),
    ("Rác tập kết cuối ngõ 12 không được thu gom, bốc mùi hôi thối", "resolving",
     "Tổ công tác vệ sinh môi trường phường", "2025-06-30", "2025-06-20"),
    ("Chợ tạm lấn chiếm lòng đường Đồng Mai buổi sáng, đề nghị phường xử lý", "written_reply",
     "Công an phường", "2026-12-31", None),
    ("Xin hỏi chế độ trợ cấp cho người cao tuổi từ 75 tuổi trở lên", "answered", "", None, None),
)


def _demo_earlier_matters(database: Database, conference_id: int) -> None:
    """The earlier conference's questions with their outcomes and follow-up (similar matters)."""
    for text, status, who, due, done in DEMO_EARLIER_MATTERS:
        question_id = store.question_insert(database, conference_id, {
            "source": "floor", "original_text": text, "text": text, "status": "pending"})
        store.question_update(database, question_id, {
            "status": status, "reply_due": due, "followup_done_on": done, "closed_at": store.now(),
            "referred_to" if status == "referred" else "reply_by": who})


def load(database: Database) -> dict[str, Any]:
    """Both conferences of 2025, the second active, and one demo account per role."""
    rng = random.Random(2025)
    totals = {"conferences": 0, "groups": 0, "invitees": 0}
    for account, role in DEMO_ACCOUNTS:
        staff.add_staff(database, account, role, DEMO_PASSWORD, DEMO_NAMES.get(account, ""))
    for number, spec in enumerate(CONFERENCES):
        fields = {
            **spec,
            "organization": "UBND phường Đồng Mai",
            "starts_at": "08:00",
            "venue": "Hội trường UBND phường Đồng Mai",
            "chair": "Lê Chí Hoạt – Chủ tịch UBND phường",
            "capacity": 120,
            "announcement_channel": "Đài truyền thanh phường, trang thông tin điện tử phường",
        }
        conference_id = create_conference(database, fields, "demo", activate=number == len(CONFERENCES) - 1)
        with store.write(database):
            ward = store.groups_list(database, conference_id)[0]
            ids = []
            for position, name in WARD_DELEGATES:
                ids.append(store.invitee_insert(database, conference_id, ward["id"], name, fold(name), position, "ward_delegate", "",
                                                ward_role=ward_role(position)))
            for tdp in range(1, TDP_COUNT + 1):
                group_name = f"TDP số {tdp}"
                group_id = store.group_insert(database, conference_id, group_name, group_key(group_name), "tdp", DEFAULT_QUOTA)
                used: set[str] = set()
                officers = TDP_OFFICERS[: 4 + tdp % 3]
                residents = DEFAULT_QUOTA + rng.choice((-1, 0, 0, 1, 2))  # some short
                for position in officers + ("",) * residents:
                    name = _person(rng)
                    while fold(name) in used:
                        name = _person(rng)
                    used.add(fold(name))
                    category = "tdp_officer" if position else "resident"
                    phone = f"09{rng.randrange(10**7, 10**8)}" if rng.random() < 0.6 else ""
                    ids.append(store.invitee_insert(database, conference_id, group_id, name, fold(name), position, category, phone))
                totals["groups"] += 1
            issue_invitations(database, conference_id, ids)
            if number == 0:
                _demo_earlier_matters(database, conference_id)
            if number == len(CONFERENCES) - 1:
                _demo_petitions(database, conference_id)
            store.audit(database, "demo", "demo.load", str(conference_id), invitees=len(ids))
        totals["groups"] += 1
        totals["conferences"] += 1
        totals["invitees"] += len(ids)
    return totals
