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
        phone.get_by_label("Hiện tên tôi trên màn hình").check()  # named only when she chooses it
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
        expect(card.locator(".number")).to_have_text("Câu 1")
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
        on_screen.get_by_label("Người trả lời").fill("Trưởng Công an phường")
        on_screen.get_by_role("button", name="Lưu").click()
        expect(screen.locator("#current-text")).to_have_text(EVIL)
        expect(screen.locator("#current-meta")).to_contain_text("TDP số 2 · Bà Bình")
        expect(screen.locator("#current-responder")).to_contain_text("Trưởng Công an phường")
        expect(phone.locator("#public li").first).to_contain_text("đang được trả lời")
        screenshot(chair, "moderator.png")
        screenshot(screen, "projector.png")

        # The column with the join QR never covers the question.
        text_box = screen.locator("#current-box").bounding_box()
        rail = screen.locator("#rail").bounding_box()
        assert text_box["x"] + text_box["width"] <= rail["x"] + 1

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
        # A screen reader hears which question the button is for.
        expect(item.get_by_role("button", name="Tôi cũng quan tâm")).to_have_accessible_description(re.compile("^Đề nghị lắp đèn"))
        item.get_by_role("button", name="Tôi cũng quan tâm").click()
        expect(item).to_contain_text("1 người quan tâm")
        expect(item.get_by_role("button", name="Đã quan tâm")).to_be_disabled()
        expect(chair.locator('[data-column="approved"] .q').first).to_contain_text("1 quan tâm")

        chair.get_by_role("button", name="Đóng").click()
        expect(other.locator("#closed")).to_contain_text("ngừng nhận câu hỏi")
        expect(other.locator("#ask")).to_be_hidden()  # closed for good: no form to type into
    finally:
        chair_context.close()
        for context in phones:
            context.close()


def watch(page) -> list[str]:
    """Every script error, CSP refusal and browser pop-up on a page."""
    trouble: list[str] = []
    page.on("pageerror", lambda error: trouble.append(str(error)))
    page.on("console", lambda message: trouble.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)

    def popup(dialog):
        trouble.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()
    page.on("dialog", popup)
    return trouble


def test_ask_with_a_phone_number_for_a_written_reply(server, browser):
    """The asker may leave a phone number (staff only); a bad one is refused in the page, in
    Vietnamese, and nothing typed is lost. The page at 360×740 with text at 150%."""
    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                        locale="vi-VN")
    chair_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    try:
        phone = phone_context.new_page()
        trouble = watch(phone)
        phone.goto(server + "/ask")
        phone.evaluate("document.documentElement.style.fontSize = '150%'")
        phone.get_by_label("Bạn thuộc").select_option(label="TDP số 1")
        phone.get_by_label("Họ tên (không bắt buộc)").fill("Lê Văn Cường")
        phone.get_by_label("Hiện tên tôi trên màn hình").uncheck()
        field = phone.get_by_label("Số điện thoại (không bắt buộc)")
        expect(field).to_have_attribute("type", "tel")
        expect(field).to_have_accessible_description("Để nhận trả lời bằng văn bản. Chỉ cán bộ xem, không hiện trên màn hình.")
        field.fill("12ab")
        question = "Đề nghị cho biết khi nào sửa xong cống thoát nước ngõ 3?"
        phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(question)
        phone.get_by_role("button", name="Gửi").click()
        result = phone.locator("#ask-result")
        expect(result).to_have_text("Số điện thoại không hợp lệ (8–15 chữ số).")
        expect(result).to_have_class("error")
        expect(phone.get_by_label("Câu hỏi, ý kiến, kiến nghị")).to_have_value(question)
        expect(field).to_have_value("12ab")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        label_box = phone.locator("label[for=phone]").bounding_box()
        assert label_box["x"] >= 0 and label_box["x"] + label_box["width"] <= 360
        screenshot(phone, "ask-360x740-text150-phone-error.png")

        field.fill("0912 345 678")
        phone.get_by_role("button", name="Gửi").click()
        expect(result).to_contain_text("Đã gửi")
        screenshot(phone, "ask-360x740-text150-sent.png")

        chair = chair_context.new_page()
        trouble += watch(chair)
        login(chair, server, "chairman")
        card = chair.locator('[data-column="pending"] .q').first
        expect(card).to_contain_text(question)
        expect(card.locator(".phone")).to_have_text("ĐT: 0912345678")
        expect(card).to_contain_text("Lê Văn Cường (ẩn tên trên màn chiếu)")
        expect(card.locator(".meta")).to_contain_text("TDP số 1")
        assert trouble == []
    finally:
        phone_context.close()
        chair_context.close()
