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

DEMO_PASSWORD = "doithoai2025"
DEMO_ACCOUNTS = (
    ("admin", "admin"),
    ("chutich", "chairman"),
    ("thuky", "secretary"),
    ("ledon", "kiosk"),
    ("manchieu", "display"),
)

WARD_DELEGATES = (
    ("Bí thư Đảng ủy phường", "Nguyễn Văn Thắng"),
    ("Phó Bí thư Thường trực Đảng ủy", "Trần Thị Hồng Nhung"),
    ("Chủ tịch HĐND phường", "Phạm Quốc Hưng"),
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
TDP_COUNT = 13


def _person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"


def load(database: Database) -> dict[str, Any]:
    """Both conferences of 2025, the second active, and one demo account per role."""
    rng = random.Random(2025)
    totals = {"conferences": 0, "groups": 0, "invitees": 0}
    for account, role in DEMO_ACCOUNTS:
        staff.add_staff(database, account, role, DEMO_PASSWORD)
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
                ids.append(store.invitee_insert(database, conference_id, ward["id"], name, fold(name), position, "ward_delegate", ""))
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
            store.audit(database, "demo", "demo.load", str(conference_id), invitees=len(ids))
        totals["groups"] += 1
        totals["conferences"] += 1
        totals["invitees"] += len(ids)
    return totals
