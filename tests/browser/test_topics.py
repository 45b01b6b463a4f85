"""Dialogue by topic in a real browser: the projector shows the field being taken and how many
matters it holds, with a long field name and a 1,000-character question, at the projectors'
sizes, nothing outside the window; the chairman groups the queue by field, picks the field
taken now and moves a question to another field, all in the page. Screenshots in test-output/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import live
from .conftest import login, screenshot
from .test_screens import LONG, OUTSIDE, QR_SHARE, SIZES, _page_texts, _visible_qr, opened

ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 2"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]

LONG_FIELD = ("Đất đai – xây dựng, quản lý trật tự đô thị, giải phóng mặt bằng, bồi thường hỗ trợ tái định cư "
              "dự án đường Nguyễn Văn Cừ")  # 120 characters, the longest a field may be
SECRET = "Câu chờ duyệt: không bao giờ lên màn chiếu"


def _asks(server: str, text: str, **extra) -> int:
    status, body = live.Client(server, "admin").call("POST", "/api/questions", {"text": text, **extra})
    assert status == 201, body
    return body["id"]


def _hall(server: str) -> tuple[live.Client, dict[str, int]]:
    """A long field taken now, holding the 1,000-character question on screen and two more in
    the queue; another field's question; a pending one in the field (counted nowhere)."""
    chair = live.Client(server, "chairman")
    names = [t["name"] for t in chair.call("GET", "/api/room")[1]["topics"]]
    status, room = chair.call("PATCH", "/api/room", {"topics": [LONG_FIELD, *names[1:]]})
    assert status == 200, room
    fields = {t["name"]: t["id"] for t in room["topics"]}
    land, env = fields[LONG_FIELD], fields["Môi trường"]
    questions = [
        _asks(server, LONG, topic_id=land, name="Nguyễn Thị Hoa"),
        _asks(server, "Rác thải ở chân cầu Đồng Mai lâu ngày không ai thu gom.", topic_id=env),
        _asks(server, "Xin hỏi bao giờ cấp sổ đỏ cho khu tập thể cũ?", topic_id=land),
        _asks(server, "Nhà số 12 xây lấn ra ngõ, đề nghị phường xử lý.", topic_id=land),
    ]
    _asks(server, SECRET, topic_id=land)
    for question in questions:
        assert chair.call("PATCH", f"/api/questions/{question}", {"status": "approved"})[0] == 200
    assert chair.call("PATCH", f"/api/questions/{questions[0]}", {"status": "on_screen"})[0] == 200
    assert chair.call("PATCH", "/api/room", {"current_topic_id": land})[0] == 200
    return chair, fields


def test_the_projector_shows_the_field_taken_and_its_count_at_every_size(server, browser):
    chair, fields = _hall(server)
    for width, height in SIZES:
        with opened(browser, server, (width, height)) as screen:
            expect(screen.locator("#current")).to_be_visible()
            band = screen.locator("#topic")
            expect(band).to_be_visible()
            expect(screen.locator("#topic-name")).to_have_text(LONG_FIELD)
            expect(screen.locator("#topic-count")).to_have_text("(3 ý kiến)")
            # What comes next prefers the field: both of its queued questions before the other one.
            expect(screen.locator("#next-list li").first).to_contain_text("Câu 3")
            assert SECRET not in screen.content()
            assert screen.evaluate(OUTSIDE) == [], f"at {width}×{height}"
            qr = _visible_qr(screen)
            assert qr["height"] >= QR_SHARE * height, f"join QR {qr['height']}px at {width}×{height}"
            head, topic = screen.locator(".stage > header").bounding_box(), band.bounding_box()
            box = screen.locator("#current-box").bounding_box()
            assert head["y"] + head["height"] <= topic["y"] + 1 and topic["y"] + topic["height"] <= box["y"] + 1
            screen.wait_for_timeout(300)
            screenshot(screen, f"screen-topic-{width}x{height}.png")
            # The question is still whole, in pages, under the band.
            pages = _page_texts(screen)
            shown = " ".join(p.removeprefix("… ").removesuffix(" … (tiếp)") for p in pages)
            assert " ".join(shown.split()) == " ".join(LONG.split())

    # The chairman moves the other field's question in: the count follows on the open screen.
    with opened(browser, server, (1024, 768)) as screen:
        expect(screen.locator("#topic-count")).to_have_text("(3 ý kiến)")
        env_question = next(q for q in chair.call("GET", "/api/questions")[1] if q["number"] == 2)
        assert chair.call("PATCH", f"/api/questions/{env_question['id']}", {"topic_id": fields[LONG_FIELD]})[0] == 200
        expect(screen.locator("#topic-count")).to_have_text("(4 ý kiến)")
        # Nothing on screen: the idle page keeps the band and the QRs inside the window.
        current = next(q for q in chair.call("GET", "/api/questions")[1] if q["number"] == 1)
        assert chair.call("PATCH", f"/api/questions/{current['id']}", {"status": "answered"})[0] == 200
        expect(screen.locator("#idle")).to_be_visible()
        expect(screen.locator("#topic")).to_be_visible()
        assert screen.evaluate(OUTSIDE) == []
        assert _visible_qr(screen)["height"] >= QR_SHARE * 768
        # Every field again: the band goes.
        assert chair.call("PATCH", "/api/room", {"current_topic_id": None})[0] == 200
        expect(screen.locator("#topic")).to_be_hidden()


def test_the_chairman_takes_the_queue_field_by_field(server, page):
    chair, fields = _hall(server)
    page.on("dialog", lambda dialog: (_ for _ in ()).throw(AssertionError(f"a browser pop-up: {dialog.message}")))
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, server, "chairman")
    expect(page).to_have_url(re.compile(r"/moderator$"))
    state = page.locator("#topic-state")
    expect(state).to_have_text(f"Đang đối thoại: {LONG_FIELD} (3 ý kiến)")

    page.get_by_role("checkbox", name="Theo lĩnh vực").check()
    queue = page.locator('[data-column="approved"]')
    heads = queue.locator(".topic-head h3")
    # The field taken now leads the queue, with its count in the column; then the others.
    expect(heads).to_have_text([f"{LONG_FIELD} (2)", "Môi trường (1)"])
    expect(queue.locator(".topic-head.now")).to_contain_text("đang đối thoại")
    pending = page.locator('[data-column="pending"] .topic-head h3')
    expect(pending).to_have_text([f"{LONG_FIELD} (1)"])
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    page.wait_for_timeout(200)
    screenshot(page, "moderator-by-topic-1366x768.png")

    # The environment next: one click on its heading; the projector's field follows.
    queue.locator(".topic-head", has_text="Môi trường").get_by_role("button", name="Đối thoại lĩnh vực này").click()
    expect(state).to_have_text("Đang đối thoại: Môi trường (1 ý kiến)")
    expect(heads).to_have_text(["Môi trường (1)", f"{LONG_FIELD} (2)"])
    assert chair.call("GET", "/api/screen")[1]["topic"]["name"] == "Môi trường"

    # A question moves to another field from its card: the groups and the count follow.
    card = queue.locator(".q").filter(has=page.locator(".number", has_text=re.compile(r"^Câu 4$")))
    card.get_by_label("Lĩnh vực của câu hỏi").select_option(label="Môi trường")
    expect(heads).to_have_text(["Môi trường (2)", f"{LONG_FIELD} (1)"])
    expect(state).to_have_text("Đang đối thoại: Môi trường (2 ý kiến)")
    stored = next(q for q in chair.call("GET", "/api/questions")[1] if q["number"] == 4)
    assert stored["topic_id"] == fields["Môi trường"]

    # ▲ inside a group steps over the other field's questions: Câu 4 before Câu 2 in the queue.
    card.get_by_role("button", name="Lên một bậc").click()
    expect(queue.locator(".topic-head + .q .number").first).to_have_text("Câu 4")
    order = [q["number"] for q in sorted((q for q in chair.call("GET", "/api/questions")[1] if q["status"] == "approved"),
                                         key=lambda q: q["queue_order"])]
    assert order == [4, 2, 3], order

    # The picker at the top: every field again.
    page.locator("#current-topic").select_option(label="Tất cả lĩnh vực")
    expect(state).to_be_hidden()
    assert chair.call("GET", "/api/room")[1]["current_topic"] is None
    # The grouped view is remembered after a reload.
    page.reload()
    expect(page.get_by_role("checkbox", name="Theo lĩnh vực")).to_be_checked()
    expect(queue.locator(".topic-head").first).to_be_visible()


def test_the_chairman_edits_the_fields_in_place(server, page):
    chair, fields = _hall(server)
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, server, "chairman")
    page.locator("#settings summary").click()
    screenshot(page, "moderator-topics-settings-open-1366x768.png")
    rows = page.locator(".topic-row")
    expect(rows.first.locator("input")).to_have_value(LONG_FIELD)
    count = rows.count()
    # Rename the field taken now, move "Môi trường" to the top, add one, remove the last.
    rows.first.locator("input").fill("Quản lý đô thị, xây dựng")
    env_row = rows.filter(has=page.locator('input[value="Môi trường"]'))
    while rows.first.locator("input").input_value() != "Môi trường":
        env_row.get_by_role("button", name="Đưa lên trên").click()
    page.get_by_role("button", name="Thêm lĩnh vực").click()
    rows.last.locator("input").fill("Giao thông, chiếu sáng")
    rows.nth(count - 1).get_by_role("button", name="Bỏ lĩnh vực này").click()
    page.get_by_role("button", name="Lưu cài đặt").click()
    expect(page.locator("#topic-state")).to_have_text("Đang đối thoại: Quản lý đô thị, xây dựng (3 ý kiến)")
    saved = chair.call("GET", "/api/room")[1]
    names = [t["name"] for t in saved["topics"]]
    assert names[0] == "Môi trường" and names[-1] == "Giao thông, chiếu sáng" and len(names) == count
    assert {t["name"]: t["id"] for t in saved["topics"]}["Quản lý đô thị, xây dựng"] == fields[LONG_FIELD]
    screenshot(page, "moderator-topics-settings-1366x768.png")
