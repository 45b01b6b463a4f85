"""Before and after the day, end to end in a real browser (issue 12): the office imports the
TDPs' petition sheet, the secretary writes a prepared answer on the official's behalf, the
chairman takes the petitions field by field on the day with the prepared answer on the card,
records their outcomes and closes the meeting; then the public page and the static export
list every matter with its field, TDP and outcome, and never a petitioner's name."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import xlsx
from .conftest import login, screenshot

ROSTER = [["Họ và tên", "Đơn vị", "Chức vụ", "Loại"], ["Nguyễn Văn An", "TDP số 1", "", ""],
          ["Trần Thị Bình", "TDP số 2", "", ""],
          ["Vũ Đức Mạnh", "Đại biểu phường", "Phó Chủ tịch UBND phường", "đại biểu phường"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROSTER)]

DRAIN = "Cống thoát nước ngõ 5 bị tắc, mưa to là ngập sâu, đề nghị nạo vét."
LAND = "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất nộp từ tháng 3 đến nay chưa có kết quả."
LIGHT = "Đèn chiếu sáng ngõ 12 hỏng đã hai tháng, buổi tối đi lại rất nguy hiểm."
PETITIONERS = ("Phạm Thị Hoa", "Lê Văn Bốn", "Đỗ Minh Châu")
ANSWER = "Phường đã giao Tổ dân phố và Đội trật tự đô thị nạo vét cống ngõ 5 trong tháng 12."
OFFICIAL = "Vũ Đức Mạnh, Phó Chủ tịch UBND phường"


def test_petitions_gathered_ahead_are_taken_by_field_and_made_public(server, browser, tmp_path):
    popups: list[str] = []
    errors: list[str] = []

    def watch(page):
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (popups.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text else None)
        return page

    # Before the day: the TDPs' summary sheet, imported from the petitions page.
    sheet = tmp_path / "kien-nghi.xlsx"
    sheet.write_bytes(xlsx([["Tổ dân phố", "Người kiến nghị", "Lĩnh vực", "Nội dung"],
                            ["TDP số 1", PETITIONERS[0], "Môi trường", DRAIN],
                            ["TDP số 2", PETITIONERS[1], "Đất đai - xây dựng", LAND],
                            ["TDP số 2", PETITIONERS[2], "Môi trường", LIGHT]]))
    office = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = watch(office.new_page())
    login(page, server, "secretary")
    page.get_by_role("link", name="Kiến nghị gửi trước").click()
    page.locator("#import input[type=file]").set_input_files(str(sheet))
    page.get_by_role("button", name="Nhập kiến nghị").click()
    expect(page.locator("#import-result")).to_contain_text("3")
    expect(page.locator("#petitions tbody tr")).to_have_count(3)
    expect(page.locator("#board-totals")).to_contain_text("3 kiến nghị, 3 chưa có trả lời chuẩn bị")

    # The official's prepared answer, written by the secretary on their behalf.
    row = page.locator("#petitions tbody tr").filter(has_text=DRAIN)
    row.get_by_role("button", name="Chuẩn bị trả lời").click()
    dialog = page.locator("dialog#prepare")
    dialog.get_by_label("Người chuẩn bị trả lời").fill(OFFICIAL)
    dialog.get_by_label("Nội dung trả lời chuẩn bị").fill(ANSWER)
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog.locator("#prepare-status")).to_have_text("Đã lưu.")
    dialog.get_by_role("button", name="Đóng").click()
    expect(page.locator("#board-totals")).to_contain_text("3 kiến nghị, 2 chưa có trả lời chuẩn bị")
    screenshot(page, "before-after-petitions-1366x768.png")

    # On the day: the chairman approves the petitions and takes the environment first.
    day = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    moderator = watch(day.new_page())
    login(moderator, server, "chairman")
    expect(moderator).to_have_url(re.compile(r"/moderator$"))
    pending = moderator.locator('[data-column="pending"] .q')
    expect(pending).to_have_count(3)
    drain_card = pending.filter(has_text=DRAIN)
    expect(drain_card).to_contain_text("Kiến nghị gửi trước · TDP số 1")
    expect(drain_card.locator(".prepared")).to_contain_text(ANSWER)
    for text in (DRAIN, LAND, LIGHT):
        pending.filter(has_text=text).get_by_role("button", name="Duyệt", exact=True).click()
    queue = moderator.locator('[data-column="approved"]')
    expect(queue.locator(".q")).to_have_count(3)
    moderator.get_by_role("checkbox", name="Theo lĩnh vực").check()
    queue.locator(".topic-head", has_text="Môi trường").get_by_role("button", name="Đối thoại lĩnh vực này").click()
    expect(moderator.locator("#topic-state")).to_have_text("Đang đối thoại: Môi trường (2 ý kiến)")
    expect(queue.locator(".topic-head h3").first).to_have_text("Môi trường (2)")
    # The prepared answer is on the card the chairman takes.
    expect(queue.locator(".q").filter(has_text=DRAIN).locator(".prepared")).to_contain_text(OFFICIAL)
    screenshot(moderator, "before-after-moderator-by-field-1366x768.png")

    # The outcomes, recorded through the same API the moderator's buttons use.
    chairman = live.Client(server, "chairman")
    ids = {q["text"]: q["id"] for q in chairman.call("GET", "/api/questions")[1]}
    moves = [
        (DRAIN, [{"status": "on_screen"}, {"status": "answered", "responder": OFFICIAL, "conclusion": ANSWER}]),
        (LIGHT, [{"status": "on_screen"}, {"status": "resolving", "reply_by": "Phòng Kinh tế, Hạ tầng và Đô thị",
                                           "reply_due": "2099-01-31", "conclusion": "Thay đèn trong tháng 1."}]),
    ]
    for text, bodies in moves:
        for body in bodies:
            status, answer = chairman.call("PATCH", f"/api/questions/{ids[text]}", body)
            assert status == 200, answer
    # Not reached: the close turns the land petition into a written reply, on confirmation.
    assert chairman.call("POST", "/api/room/close", {"confirm": True})[0] == 200
    day.close()

    # After: the public page, as anyone on the LAN sees it.
    public = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    resident = watch(public.new_page())
    resident.goto(server + "/results")
    matters = resident.locator(".matter")
    expect(matters).to_have_count(3)
    drain = matters.filter(has_text=DRAIN)
    expect(drain).to_contain_text("Môi trường")
    expect(drain).to_contain_text("TDP số 1")
    expect(drain).to_contain_text(ANSWER)
    expect(matters.filter(has_text=LIGHT)).to_contain_text("31/01/2099")
    expect(matters.filter(has_text=LAND)).to_contain_text("Đất đai - xây dựng")
    body = resident.locator("body").inner_text()
    for name in PETITIONERS:
        assert name not in body
    assert resident.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(resident, "before-after-results-360x740.png")
    public.close()

    # And the static export for the ward's website: the same matters, no name, nothing fetched.
    export = page.request.get(server + "/record/results.html")
    assert export.ok, export.status
    html = export.text()
    for text in (DRAIN, LAND, LIGHT):
        assert text in html
    for name in PETITIONERS:
        assert name not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    office.close()
    assert popups == [] and errors == [], (popups, errors)
