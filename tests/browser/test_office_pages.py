"""The office pages in a real browser (#10, #11): a quota under the plan's minimum asks for its
reason in the row and says "saved"; every confirmation (remove, replace the list, a new active
conference) is asked in the page; no browser pop-up ever opens."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import GOOD_ROWS, xlsx
from .conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def office(server, page):
    """The roster page as the admin sees it, failing the test if any native dialog opens."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, server, "admin")
    yield page
    assert dialogs == [], f"browser pop-ups: {dialogs}"


def group_row(page, name: str):
    return page.locator("#groups tbody tr", has=page.locator("td:first-child", has_text=re.compile(f"^{name}$")))


@pytest.mark.roster(GOOD_ROWS)
def test_a_quota_under_the_minimum_asks_for_a_reason_then_says_saved(server, office):
    page = office
    row = group_row(page, "TDP số 2")
    quota = row.locator("input.quota")
    reason = row.locator("input.quota-reason")
    expect(reason).to_be_hidden()
    quota.fill("5")
    expect(reason).to_be_visible()  # as soon as the number is under 10
    quota.press("Enter")
    expect(row.locator(".quota-note")).to_have_text("Chỉ tiêu dưới 10: ghi lý do rồi nhấn Enter để lưu.")
    expect(reason).to_be_focused()
    page.reload()  # nothing was saved without the reason
    expect(group_row(page, "TDP số 2").locator("input.quota")).to_have_value("10")

    row = group_row(page, "TDP số 2")
    row.locator("input.quota").fill("5")
    row.locator("input.quota").press("Enter")
    row.locator("input.quota-reason").fill("Tổ mới thành lập, ít hộ dân")
    row.locator("input.quota-reason").press("Enter")
    expect(row.locator(".quota-note")).to_have_text("Đã lưu chỉ tiêu.")
    expect(row).to_contain_text("dưới mức tối thiểu 10")
    expect(row).to_contain_text("Lý do: Tổ mới thành lập, ít hộ dân")
    expect(row.locator("input.quota")).to_have_value("5")
    # Officers the TDP has not invited are named in its row.
    expect(group_row(page, "TDP số 1")).to_contain_text("Chưa mời: Bí thư chi bộ, Trưởng Ban công tác Mặt trận")
    screenshot(page, "office-quota-below-minimum.png")

    # Back to the minimum: saved at once, the flag and the reason gone.
    row.locator("input.quota").fill("10")
    row.locator("input.quota").press("Enter")
    expect(row.locator(".quota-note")).to_have_text("Đã lưu chỉ tiêu.")
    expect(row).not_to_contain_text("dưới mức tối thiểu")


@pytest.mark.roster(GOOD_ROWS)
def test_removing_a_person_and_an_empty_group_is_confirmed_in_the_page(server, office):
    page = office
    person = page.locator("#invitees tbody tr", has_text="Lê Văn Cường")
    person.get_by_role("button", name="Xoá").click()
    question = page.get_by_role("alertdialog")
    expect(question).to_contain_text("Xoá Lê Văn Cường khỏi danh sách?")
    expect(question.get_by_role("button", name="Xoá")).to_be_focused()
    screenshot(page, "office-confirm-remove.png")
    question.get_by_role("button", name="Không").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(page.locator("#invitees tbody tr", has_text="Lê Văn Cường")).to_have_count(1)

    person.get_by_role("button", name="Xoá").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Xoá").click()
    expect(page.locator("#roster-status")).to_have_text("Đã xoá Lê Văn Cường khỏi danh sách.")
    expect(page.locator("#invitees tbody tr", has_text="Lê Văn Cường")).to_have_count(0)

    page.get_by_placeholder("Tên tổ dân phố mới").fill("TDP số 30")
    page.get_by_role("button", name="Thêm đơn vị").click()
    empty = group_row(page, "TDP số 30")
    empty.get_by_role("button", name="Xoá đơn vị").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Xoá").press("Escape")  # Escape says no
    expect(empty).to_have_count(1)
    empty.get_by_role("button", name="Xoá đơn vị").click()
    question = page.get_by_role("alertdialog")
    expect(question).to_contain_text("TDP số 30")
    # Someone arrives at the door meanwhile: the counts redraw the groups table, and the
    # question stays open under its row, its button still focused.
    admin, kiosk = live.Client(server, "admin"), live.Client(server, "kiosk")
    code = next(p["code"] for p in admin.call("GET", "/api/invitees")[1] if p["name"] == "Nguyễn Văn An")
    assert kiosk.call("POST", "/api/checkins", {"code": code})[0] == 201
    expect(page.locator("#total-present")).to_have_text("1")
    expect(question).to_be_visible()
    expect(question.get_by_role("button", name="Xoá")).to_be_focused()
    expect(empty.locator("xpath=following-sibling::tr[1]")).to_have_class("confirm-row")
    question.get_by_role("button", name="Xoá").click()
    expect(page.locator("#add-group-result")).to_have_text("Đã xoá đơn vị TDP số 30.")
    expect(group_row(page, "TDP số 30")).to_have_count(0)
    # A group with people offers no removal at all.
    expect(group_row(page, "TDP số 1").get_by_role("button", name="Xoá đơn vị")).to_have_count(0)


@pytest.mark.roster(GOOD_ROWS)
def test_replacing_the_list_is_confirmed_and_reported(server, office, tmp_path):
    page = office
    corrected = tmp_path / "danh-sach-sua.xlsx"
    corrected.write_bytes(xlsx([["Họ và tên", "Đơn vị", "Chức vụ"],
                                ["Nguyễn Văn An", "TDP số 1", "Tổ trưởng TDP"],
                                ["Trần Thị Bình", "TDP số 1", ""],
                                ["Đinh Văn Quý", "TDP số 1", "Bí thư chi bộ"]]))
    code_before = page.locator("#invitees tbody tr", has_text="Nguyễn Văn An").locator("td.code").inner_text()
    page.locator('#import input[type="file"]').set_input_files(str(corrected))
    page.get_by_label("Thay toàn bộ danh sách của hội nghị này bằng tệp").check()
    page.get_by_role("button", name="Nhập danh sách").click()
    question = page.get_by_role("alertdialog")
    expect(question).to_contain_text("Thay toàn bộ danh sách hiện có (4 người) bằng tệp này?")
    screenshot(page, "office-confirm-replace.png")
    question.get_by_role("button", name="Thay danh sách").click()
    expect(page.locator("#import-result")).to_have_text("Đã nhập 3 người.")
    notes = page.locator("#import-notes li")
    expect(notes.first).to_contain_text("Tệp không có cột 'Loại': 2 người")
    expect(notes.nth(1)).to_contain_text("2 người giữ nguyên mã giấy mời")
    expect(page.locator("#invitees tbody tr")).to_have_count(3)
    expect(page.locator("#invitees tbody tr", has_text="Nguyễn Văn An").locator("td.code")).to_have_text(code_before)
    expect(page.locator("#invitees tbody tr", has_text="Đinh Văn Quý")).to_contain_text("Cán bộ TDP")


@pytest.mark.roster(GOOD_ROWS)
def test_a_new_conference_asks_before_it_becomes_active(server, office):
    page = office
    page.goto(server + "/admin/conferences")
    form = page.locator("#conference-form")
    form.get_by_label("Tên hội nghị").fill("Hội nghị đối thoại lần 2")
    form.get_by_label("Ngày tổ chức").fill("")
    form.get_by_label("Ngày tổ chức").press_sequentially("20112030")  # day first, as the ward writes it
    expect(form).to_contain_text("Đã hiểu: 20/11/2030")
    form.get_by_label("Hình thức thông báo").fill("Đài truyền thanh phường")
    # Left empty: said first, naming the field, before any question about the active conference.
    form.get_by_label("Số người dự kiến").fill("")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#conference-result")).to_have_text(
        "Số người dự kiến (sức chứa hội trường) phải là số nguyên từ 1 đến 5000.")
    expect(form.get_by_label("Số người dự kiến")).to_be_focused()
    expect(form.get_by_label("Số người dự kiến")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    form.get_by_label("Số người dự kiến").fill("3")
    form.get_by_role("button", name="Lưu").click()
    question = page.get_by_role("alertdialog")
    expect(question).to_contain_text("Chọn hội nghị mới làm hội nghị đang hoạt động?")
    screenshot(page, "office-confirm-new-conference.png")
    question.get_by_role("button", name="Chỉ tạo, giữ hội nghị hiện tại").click()
    expect(page.locator("#conference-result")).to_have_text("Đã tạo hội nghị “Hội nghị đối thoại lần 2”.")
    new_row = page.locator("#conferences tbody tr", has_text="Hội nghị đối thoại lần 2")
    expect(new_row).not_to_contain_text("đang hoạt động")
    expect(new_row).to_contain_text("20/11/2030")
    expect(new_row).to_contain_text("Chưa có ngày thông báo")
    expect(new_row).to_contain_text("Đài truyền thanh phường")

    new_row.get_by_role("button", name="Chọn làm hội nghị hiện tại").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Chọn làm hội nghị hiện tại").click()
    expect(page.locator("#conference-result")).to_have_text("“Hội nghị đối thoại lần 2” là hội nghị hiện tại.")
    expect(page.locator("#conferences tbody tr", has_text="Hội nghị đối thoại lần 2")).to_contain_text("đang hoạt động")


@pytest.mark.roster(GOOD_ROWS)
def test_more_invited_than_expected_is_shown_on_the_roster_page(server, office):
    page = office
    page.goto(server + "/admin/conferences")
    page.locator("#conferences tbody tr").first.get_by_role("button", name="Sửa").click()
    page.locator("#conference-form").get_by_label("Số người dự kiến").fill("3")
    page.locator("#conference-form").get_by_role("button", name="Lưu").click()
    expect(page.locator("#conference-result")).to_contain_text("Đã lưu hội nghị")
    expect(page.locator("#conferences tbody tr").first).to_contain_text("Đã mời 4 người")
    page.goto(server + "/admin")
    expect(page.locator("#capacity-warning")).to_contain_text("Đã mời 4 người, nhiều hơn số người dự kiến")
    expect(page.locator("#announcement-warning")).to_contain_text("Chưa có ngày thông báo")
    screenshot(page, "office-capacity-warning.png")


@pytest.mark.roster(GOOD_ROWS)
def test_the_conference_form_reads_days_first_in_an_english_browser(server, browser):
    """An en-US laptop: the conference's day shows and is typed day first (its date picker had
    shown 12/15/2026), an unreadable day is refused in place, and "7:30" is 07:30."""
    from .conftest import desk

    problems: list[str] = []
    context, page = desk(browser, server, "admin", "/admin/conferences", problems, problems, locale="en-US")
    page.locator("#conferences tbody tr").first.get_by_role("button", name="Sửa").click()
    form = page.locator("#conference-form")
    held = form.get_by_label("Ngày tổ chức")
    expect(held).to_have_value(re.compile(r"^\d{2}/\d{2}/\d{4}$"))
    held.fill("31/02/2031")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#conference-result")).to_contain_text("Ngày không hợp lệ")
    expect(held).to_be_focused()
    held.fill("05/12/2031")
    expect(form).to_contain_text("Đã hiểu: 05/12/2031")
    form.get_by_label("Giờ bắt đầu").fill("7:30")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#conference-result")).to_contain_text("Đã lưu hội nghị")
    status, conference = live.Client(server, "admin").call("GET", "/api/conference")
    assert status == 200 and conference["held_on"] == "2031-12-05" and conference["starts_at"] == "07:30"
    screenshot(page, "office-conference-form-en-us.png")
    context.close()
    assert problems == []


@pytest.mark.roster(GOOD_ROWS)
def test_saving_the_conference_form_keeps_what_another_page_saved_meanwhile(server, office):
    """The invitation's number is also on the record page: the secretary saved it while the office
    had the conference open, and the office's save (the venue only) put the old, empty one back."""
    page = office
    page.goto(server + "/admin/conferences")
    page.locator("#conferences tbody tr").first.get_by_role("button", name="Sửa").click()
    form = page.locator("#conference-form")
    expect(form.get_by_label("Tên hội nghị")).not_to_have_value("")
    status, _ = live.Client(server, "secretary").call("PATCH", "/api/record", {"invitation_number": "35/GM-UBND"})
    assert status == 200
    form.get_by_label("Địa điểm").fill("Nhà văn hóa TDP số 1")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#conference-result")).to_contain_text("Đã lưu hội nghị")
    status, conferences = live.Client(server, "admin").call("GET", "/api/conferences")
    assert len(conferences) == 1
    conference = conferences[0]
    assert (conference["venue"], conference["invitation_number"]) == ("Nhà văn hóa TDP số 1", "35/GM-UBND")
