"""The room in real browsers: a phone sends, the chairman approves and puts it on screen,
the projector shows it; a question full of markup shows as text everywhere and runs nothing."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import login, screenshot

ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 2"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]

EVIL = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> Ngõ 7 ngập nước'


def test_ask_approve_show_and_markup_stays_text(server, browser):
    phone_context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    chair_context = browser.new_context(viewport={"width": 1440, "height": 900})
    screen_context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        phone = phone_context.new_page()
        phone.goto(server + "/ask")
        phone.get_by_label("Bạn thuộc").select_option(label="TDP số 2")
        phone.get_by_label("Họ tên (không bắt buộc)").fill("Bà Bình")
        phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(EVIL)
        expect(phone.locator("#count")).to_have_text(str(len(EVIL)))
        phone.get_by_role("button", name="Gửi").click()
        expect(phone.locator("#ask-result")).to_contain_text("Đã gửi")
        mine = phone.locator("#mine li").first
        expect(mine).to_contain_text("chờ chủ trì duyệt")
        expect(mine).to_contain_text("<img src=x")
        screenshot(phone, "ask-phone.png")

        chair = chair_context.new_page()
        login(chair, server, "chairman")
        expect(chair).to_have_url(re.compile(r"/moderator$"))
        card = chair.locator('[data-column="pending"] .q').first
        expect(card).to_contain_text("Ngõ 7 ngập nước")
        card.get_by_role("button", name="Duyệt").click()
        queued = chair.locator('[data-column="approved"] .q').first
        expect(queued).to_contain_text("<script>")
        # The phone learns live that its question was approved.
        expect(mine).to_contain_text("trong hàng đợi")

        screen = screen_context.new_page()
        login(screen, server, "display")
        expect(screen).to_have_url(re.compile(r"/screen$"))
        expect(screen.locator("#idle")).to_be_visible()

        queued.get_by_role("button", name="Lên màn hình").click()
        on_screen = chair.locator('[data-column="on_screen"] .q').first
        expect(on_screen).to_contain_text("Ngõ 7")
        on_screen.get_by_label("Người trả lời").select_option(label="Trưởng Công an phường")
        on_screen.get_by_role("button", name="Lưu").click()
        expect(screen.locator("#current-text")).to_have_text(EVIL)
        expect(screen.locator("#current-meta")).to_contain_text("TDP số 2 · Bà Bình")
        expect(screen.locator("#current-responder")).to_contain_text("Trưởng Công an phường")
        expect(phone.locator("#public li").first).to_contain_text("đang được trả lời")
        screenshot(chair, "moderator.png")
        screenshot(screen, "projector.png")

        # The footer with the join QR never covers the question.
        text_box = screen.locator("#current-box").bounding_box()
        footer = screen.locator("footer").bounding_box()
        assert text_box["y"] + text_box["height"] <= footer["y"] + 1

        chair.locator('[data-column="on_screen"] .q').first.get_by_role("button", name="Đã trả lời").click()
        expect(chair.locator('[data-column="done"] .q').first).to_contain_text("đã trả lời")
        expect(screen.locator("#idle")).to_be_visible()
        for page in (phone, chair, screen):
            assert page.evaluate("window.pwned") is None
    finally:
        for context in (phone_context, chair_context, screen_context):
            context.close()


def test_interest_once_per_phone_and_closed_submissions(server, browser):
    chair_context = browser.new_context()
    phones = [browser.new_context(viewport={"width": 390, "height": 800}) for _ in range(2)]
    try:
        asker = phones[0].new_page()
        asker.goto(server + "/ask")
        asker.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Đề nghị lắp đèn chiếu sáng ngõ 3")
        asker.get_by_role("button", name="Gửi").click()
        expect(asker.locator("#ask-result")).to_contain_text("Đã gửi")

        chair = chair_context.new_page()
        login(chair, server, "chairman")
        chair.locator('[data-column="pending"] .q').first.get_by_role("button", name="Duyệt").click()
        expect(chair.locator('[data-column="approved"] .q')).to_have_count(1)

        other = phones[1].new_page()
        other.goto(server + "/ask")
        item = other.locator("#public li").first
        expect(item).to_contain_text("Đề nghị lắp đèn")
        item.get_by_role("button", name="Tôi cũng quan tâm").click()
        expect(item).to_contain_text("1 người quan tâm")
        expect(item.get_by_role("button", name="Đã quan tâm")).to_be_disabled()
        expect(chair.locator('[data-column="approved"] .q').first).to_contain_text("1 quan tâm")

        chair.get_by_role("button", name="Đóng").click()
        expect(other.locator("#closed")).to_contain_text("ngừng nhận câu hỏi")
        expect(other.get_by_role("button", name="Gửi")).to_be_disabled()
    finally:
        chair_context.close()
        for context in phones:
            context.close()
