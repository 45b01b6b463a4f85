"""In a real browser (#10): the due date typed the Vietnamese way, day first, whatever the
browser's locale, with quick buttons for a touch screen and a date already gone refused in
place; the referral suggestions come from the room's settings; a ward delegate's
sub-category ("Thành phần") chosen on the roster page."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .. import live
from .conftest import login, screenshot
from .test_moderator import ask, by_number, card, chairman

ROWS = [["Họ và tên", "Đơn vị", "Chức vụ"],
        ["Hoàng Thị Lan", "Đại biểu phường", "Chủ tịch Ủy ban MTTQ phường"],
        ["Tạ Văn Bình", "Đại biểu phường", "Khách mời"],
        ["Nguyễn Văn An", "TDP số 1", "Tổ trưởng TDP"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]


def dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def hall_today() -> date:
    """Today on the hall's calendar (the app's TIMEZONE), which the page counts from."""
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def test_the_due_date_is_typed_day_first_and_a_past_one_is_refused_in_place(server, page):
    ask(server, "Đề nghị cấp lại sổ đỏ bị mất khi chuyển nhà")
    ask(server, "Đề nghị lắp thêm đèn đường ở ngõ 3")
    popups = chairman(page, server)  # the browser speaks en-US to the page's widgets: no matter
    dialog = page.locator("#act")
    today = hall_today()

    card(page, 1).get_by_role("button", name="Trả lời bằng văn bản").click()
    dialog.get_by_label("Người trả lời bằng văn bản").fill("Công chức Tư pháp - Hộ tịch")
    due = dialog.get_by_label("Hạn")
    expect(due).to_have_attribute("type", "text")
    expect(due).to_have_attribute("placeholder", "ngày/tháng/năm")
    save = dialog.get_by_role("button", name="Trả lời bằng văn bản")

    # A date already gone: refused in the dialog, the field marked, nothing typed lost.
    yesterday = today - timedelta(days=1)
    due.fill(dmy(yesterday))
    expect(dialog.locator(".due-read")).to_have_text(f"Đã hiểu: {dmy(yesterday)}, ngày này đã qua")
    save.click()
    expect(dialog.get_by_role("alert")).to_have_text(
        f"Hạn {dmy(yesterday)} đã qua. Hãy chọn hôm nay hoặc một ngày sau hôm nay.")
    expect(due).to_be_focused()
    expect(due).to_have_attribute("aria-invalid", "true")
    expect(due).to_have_accessible_description(re.compile(f"Hạn {dmy(yesterday)} đã qua"))  # read with the field
    expect(dialog.get_by_label("Người trả lời bằng văn bản")).to_have_value("Công chức Tư pháp - Hộ tịch")
    screenshot(page, "due-date-past-refused.png")

    # Not a date: refused, never guessed.
    due.fill("31/02/2027")
    save.click()
    expect(dialog.get_by_role("alert")).to_contain_text("Hạn không hợp lệ")

    # Eight digits on a number pad become dd/mm/yyyy as they are typed.
    last_day = date(today.year, 12, 31)  # never before today
    due.fill("")
    due.press_sequentially(f"{last_day:%d%m%Y}")
    expect(due).to_have_value(dmy(last_day))
    due.fill(dmy(last_day))  # and as one types it with the slashes
    expect(dialog.locator(".due-read")).to_contain_text(f"Đã hiểu: {dmy(last_day)}")
    screenshot(page, "due-date-typed.png")
    save.click()
    expect(dialog).to_be_hidden()
    expect(card(page, 1)).to_contain_text(f"Giao: Công chức Tư pháp - Hộ tịch · hạn {dmy(last_day)}")
    assert by_number(server)[1]["reply_due"] == last_day.isoformat()

    # Touch: a quick button writes the date; the short forms are read too ("3/1/27").
    card(page, 2).get_by_role("button", name="Trả lời bằng văn bản").click()
    dialog.get_by_label("Người trả lời bằng văn bản").fill("Công chức Địa chính – Xây dựng")
    due = dialog.get_by_label("Hạn")
    due.fill("3/1/27")
    expect(dialog.locator(".due-read")).to_contain_text("Đã hiểu: 03/01/2027")
    dialog.get_by_role("button", name="+15 ngày").click()
    expect(due).to_have_value(dmy(today + timedelta(days=15)))
    expect(dialog.locator(".due-read")).to_have_text(f"Đã hiểu: {dmy(today + timedelta(days=15))} (sau 15 ngày nữa)")
    screenshot(page, "due-date-quick-button.png")
    dialog.get_by_role("button", name="Trả lời bằng văn bản").click()
    expect(dialog).to_be_hidden()
    assert by_number(server)[2]["reply_due"] == (today + timedelta(days=15)).isoformat()
    assert popups == []


def test_a_tablet_with_a_wrong_clock_counts_days_from_the_hall_s_calendar(server, browser):
    """A tablet set forty days behind, in another zone: "+7 ngày" is seven days from the hall's
    today, and the hall's yesterday reads as gone, as the server will judge it."""
    ask(server, "Đề nghị sửa cống thoát nước ngõ 5")
    today = hall_today()
    errors: list[str] = []
    popups: list[str] = []
    context = browser.new_context(locale="en-US", timezone_id="America/Los_Angeles",
                                  viewport={"width": 1280, "height": 800})
    try:
        context.clock.set_fixed_time(datetime.now() - timedelta(days=40))
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (popups.append(dialog.message), dialog.dismiss()))
        login(page, server, "chairman")
        dialog = page.locator("#act")
        card(page, 1).get_by_role("button", name="Trả lời bằng văn bản").click()
        dialog.get_by_label("Người trả lời bằng văn bản").fill("Công chức Địa chính – Xây dựng")
        due = dialog.get_by_label("Hạn")
        dialog.get_by_role("button", name="+7 ngày").click()
        expect(due).to_have_value(dmy(today + timedelta(days=7)))
        expect(dialog.locator(".due-read")).to_have_text(f"Đã hiểu: {dmy(today + timedelta(days=7))} (sau 7 ngày nữa)")
        due.fill(dmy(today - timedelta(days=1)))  # in the tablet's future, gone in the hall
        expect(dialog.locator(".due-read")).to_have_text(f"Đã hiểu: {dmy(today - timedelta(days=1))}, ngày này đã qua")
        dialog.get_by_role("button", name="Trả lời bằng văn bản").click()
        expect(dialog.get_by_role("alert")).to_contain_text(f"Hạn {dmy(today - timedelta(days=1))} đã qua")
        dialog.get_by_role("button", name="+7 ngày").click()
        dialog.get_by_role("button", name="Trả lời bằng văn bản").click()
        expect(dialog).to_be_hidden()
        assert by_number(server)[1]["reply_due"] == (today + timedelta(days=7)).isoformat()
        assert errors == [] and popups == []
    finally:
        context.close()


def test_the_referral_suggestions_come_from_the_room_s_settings(server, page):
    ask(server, "Tranh chấp ranh giới đất với hộ bên cạnh")
    popups = chairman(page, server)
    options = page.locator("#authority-list option")
    expect(options.first).to_have_attribute("value", "UBND tỉnh, thành phố")  # the plan's default list

    page.locator("#settings summary").click()
    authorities = page.get_by_label(re.compile("^Cơ quan có thẩm quyền để hướng dẫn chuyển"))
    expect(authorities).to_have_value(re.compile("^UBND tỉnh, thành phố\nTòa án nhân dân khu vực"))
    authorities.fill("Tòa án nhân dân khu vực 3\nChi nhánh Văn phòng đăng ký đất đai khu vực")
    page.get_by_role("button", name="Lưu cài đặt").click()
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_have_attribute("value", "Tòa án nhân dân khu vực 3")
    screenshot(page, "referral-settings.png")

    card(page, 1).get_by_role("button", name="Chuyển cơ quan có thẩm quyền").click()
    to = page.locator("#act").get_by_label("Cơ quan có thẩm quyền")
    expect(to).to_have_attribute("list", "authority-list")
    to.fill("Tòa án nhân dân khu vực 3")
    page.locator("#act").get_by_role("button", name="Chuyển cơ quan có thẩm quyền").click()
    expect(page.locator("#act")).to_be_hidden()
    assert by_number(server)[1]["referred_to"] == "Tòa án nhân dân khu vực 3"
    status, room = live.Client(server, "chairman").call("GET", "/api/room")
    assert room["authorities"] == ["Tòa án nhân dân khu vực 3", "Chi nhánh Văn phòng đăng ký đất đai khu vực"]
    assert popups == []


def test_a_ward_delegate_s_sub_category_is_chosen_on_the_roster(server, page):
    login(page, server, "admin")
    front = page.locator("#invitees tbody tr", has_text="Hoàng Thị Lan")
    expect(front.get_by_label("Thành phần của Hoàng Thị Lan")).to_have_value("front")  # read from the position
    guest = page.get_by_label("Thành phần của Tạ Văn Bình")
    expect(guest).to_have_value("other")
    expect(page.locator("#invitees tbody tr", has_text="Nguyễn Văn An").locator("select")).to_have_count(0)
    guest.select_option(label="Hợp tác xã")
    expect(page.locator("#roster-status")).to_have_text("Đã lưu thành phần của Tạ Văn Bình: Hợp tác xã.")
    screenshot(page, "roster-ward-roles.png")
    page.reload()
    expect(page.get_by_label("Thành phần của Tạ Văn Bình")).to_have_value("cooperative")
