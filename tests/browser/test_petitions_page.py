"""The petitions page in a real browser at 1366×768: the secretary types a petition in, assigns
the official and writes the prepared answer in the page's dialog ("Đã lưu."), a refused save
keeps what was typed, the board counts it; then the chairman's moderator card shows it as a
petition with its TDP and the prepared answer."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import desk, login, screenshot

ROWS = [["Họ và tên", "Đơn vị", "Chức vụ", "Loại"], ["Nguyễn Văn An", "TDP số 1", "", ""],
        ["Trần Thị Bình", "TDP số 2", "", ""],
        ["Vũ Đức Mạnh", "Đại biểu phường", "Phó Chủ tịch UBND phường", "đại biểu phường"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]

TEXT = "Cống thoát nước ngõ 5 bị tắc, mưa to là ngập sâu."
ANSWER = "Phường đã giao nạo vét cống ngõ 5, xong trước ngày 15/12."


def test_a_petition_typed_in_prepared_and_shown_on_the_moderator_card(server, browser):
    popups: list[str] = []
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (popups.append(dialog.message), dialog.dismiss()))
    login(page, server, "secretary")
    page.get_by_role("link", name="Kiến nghị gửi trước").click()
    expect(page.get_by_role("heading", name=re.compile("Kiến nghị gửi trước"))).to_be_visible()

    form = page.locator("#add-petition")
    form.get_by_label("Tổ dân phố").select_option(label="TDP số 1")
    form.get_by_label("Lĩnh vực").select_option(label="Môi trường")
    form.get_by_label("Người kiến nghị").fill("Bà Hoa")
    form.get_by_label("Nội dung").fill(TEXT)
    form.get_by_role("button", name="Thêm kiến nghị").click()
    expect(page.locator("#add-result")).to_have_text("Đã thêm kiến nghị số 1.")
    row = page.locator("#petitions tbody tr").filter(has_text=TEXT)
    expect(row).to_contain_text("TDP số 1")
    expect(row).to_contain_text("chưa có")
    expect(page.locator("#board-totals")).to_contain_text("1 kiến nghị, 1 chưa có trả lời chuẩn bị")

    # The same petition again is refused in place, and the form keeps what was typed.
    form.get_by_label("Tổ dân phố").select_option(label="TDP số 1")
    form.get_by_label("Nội dung").fill(TEXT.upper())
    form.get_by_role("button", name="Thêm kiến nghị").click()
    expect(page.locator("#add-result")).to_contain_text("đã có (số 1")
    expect(form.get_by_label("Nội dung")).to_have_value(TEXT.upper())
    form.get_by_label("Nội dung").fill("")

    # The prepared answer, written in the page's dialog on the official's behalf.
    row.get_by_role("button", name="Chuẩn bị trả lời").click()
    dialog = page.locator("dialog#prepare")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Người chuẩn bị trả lời").fill("Vũ Đức Mạnh, Phó Chủ tịch UBND phường")
    dialog.get_by_label("Nội dung trả lời chuẩn bị").fill(ANSWER)
    # The server refuses once (as a full disk would): said in the dialog, nothing typed lost.
    page.route("**/api/petitions/*", lambda route: route.fulfill(
        status=503, content_type="application/json",
        body=json.dumps({"error": "storage_unavailable", "message": "Máy chủ không ghi được dữ liệu."})), times=1)
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog.locator("#prepare-status")).to_have_text("Chưa lưu: Máy chủ không ghi được dữ liệu.")
    expect(dialog.get_by_label("Nội dung trả lời chuẩn bị")).to_have_value(ANSWER)
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog.locator("#prepare-status")).to_have_text("Đã lưu.")
    screenshot(page, "petitions-prepared-answer.png")
    dialog.get_by_role("button", name="Đóng").click()
    expect(dialog).to_be_hidden()
    expect(row).to_contain_text("đã chuẩn bị")
    expect(row).to_contain_text("Vũ Đức Mạnh, Phó Chủ tịch UBND phường")
    expect(page.locator("#by-official")).to_contain_text("Vũ Đức Mạnh, Phó Chủ tịch UBND phường")
    expect(page.locator("#board-totals")).to_contain_text("1 kiến nghị, 0 chưa có trả lời chuẩn bị")
    screenshot(page, "petitions-board.png")
    context.close()

    # On the day: the chairman's pending column holds it, marked, with the prepared answer.
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    chairman = context.new_page()
    chairman.on("pageerror", lambda error: errors.append(str(error)))
    chairman.on("dialog", lambda dialog: (popups.append(dialog.message), dialog.dismiss()))
    login(chairman, server, "chairman")
    card = chairman.locator('[data-column="pending"] .q').filter(has_text=TEXT)
    expect(card).to_contain_text("Kiến nghị gửi trước · TDP số 1")
    expect(card.locator(".prepared")).to_contain_text("Vũ Đức Mạnh, Phó Chủ tịch UBND phường")
    expect(card.locator(".prepared")).to_contain_text(ANSWER)
    screenshot(chairman, "petitions-moderator-card.png")
    context.close()
    assert popups == [] and errors == []


def _office_page(browser, server, role: str, popups: list[str], errors: list[str]):
    context, page = desk(browser, server, role, "/admin/petitions", errors, popups)
    expect(page.locator("#board-totals")).to_contain_text("0 kiến nghị")
    return context, page


def test_two_laptops_writing_one_answer_see_each_other_and_lose_neither(server, browser):
    """The secretary and an admin on two laptops: a petition one types in appears on the other's
    list without a reload; both open its answer; the first saves; the second's dialog shows the
    saved answer at once, and its own save is refused in place with what it typed kept; it
    takes the saved answer, adds to it and saves; the first laptop's list shows that."""
    popups: list[str] = []
    errors: list[str] = []
    one_context, one = _office_page(browser, server, "secretary", popups, errors)
    two_context, two = _office_page(browser, server, "admin", popups, errors)

    form = one.locator("#add-petition")
    form.get_by_label("Tổ dân phố").select_option(label="TDP số 2")
    form.get_by_label("Nội dung").fill(TEXT)
    form.get_by_role("button", name="Thêm kiến nghị").click()
    expect(one.locator("#add-result")).to_have_text("Đã thêm kiến nghị số 1.")
    row_two = two.locator("#petitions tbody tr").filter(has_text=TEXT)
    expect(row_two).to_contain_text("TDP số 2")  # live, no reload
    expect(row_two).to_contain_text("(chưa xếp lĩnh vực)")  # an empty cell would say nothing

    row_two.get_by_role("button", name="Chuẩn bị trả lời").click()
    one.locator("#petitions tbody tr").filter(has_text=TEXT).get_by_role("button", name="Chuẩn bị trả lời").click()
    dialog_one, dialog_two = one.locator("dialog#prepare"), two.locator("dialog#prepare")
    dialog_two.get_by_label("Nội dung trả lời chuẩn bị").fill("Bản của văn phòng.")
    dialog_one.get_by_label("Người chuẩn bị trả lời").fill("Vũ Đức Mạnh, Phó Chủ tịch UBND phường")
    dialog_one.get_by_label("Nội dung trả lời chuẩn bị").fill(ANSWER)
    dialog_one.get_by_role("button", name="Lưu", exact=True).click()
    expect(dialog_one.locator("#prepare-status")).to_have_text("Đã lưu.")

    stored = dialog_two.locator("#prepare-stored")
    expect(stored).to_be_visible()
    expect(stored).to_contain_text("Người khác vừa lưu")
    expect(stored).to_contain_text(ANSWER)
    expect(stored).to_contain_text("Vũ Đức Mạnh, Phó Chủ tịch UBND phường")
    dialog_two.get_by_role("button", name="Lưu", exact=True).click()
    expect(dialog_two.locator("#prepare-status")).to_contain_text("Chưa lưu: Trong lúc bạn soạn, người khác đã lưu")
    expect(dialog_two.get_by_label("Nội dung trả lời chuẩn bị")).to_have_value("Bản của văn phòng.")
    screenshot(two, "petitions-saved-by-another.png")

    dialog_two.get_by_role("button", name="Dùng bản đã lưu").click()
    expect(stored).to_be_hidden()
    expect(dialog_two.get_by_label("Nội dung trả lời chuẩn bị")).to_have_value(ANSWER)
    expect(dialog_two.get_by_label("Người chuẩn bị trả lời")).to_have_value("Vũ Đức Mạnh, Phó Chủ tịch UBND phường")
    dialog_two.get_by_label("Nội dung trả lời chuẩn bị").press("End")
    dialog_two.get_by_label("Nội dung trả lời chuẩn bị").type(" Bổ sung: báo kết quả cho TDP.")
    dialog_two.get_by_role("button", name="Lưu", exact=True).click()
    expect(dialog_two.locator("#prepare-status")).to_have_text("Đã lưu.")
    expect(dialog_one.locator("#prepare-stored")).to_contain_text("Bổ sung: báo kết quả cho TDP.")
    dialog_one.get_by_role("button", name="Đóng").click()
    expect(one.locator("#petitions tbody tr").filter(has_text=TEXT)).to_contain_text("Bổ sung: báo kết quả cho TDP.")
    one_context.close()
    two_context.close()
    assert popups == [] and errors == []
