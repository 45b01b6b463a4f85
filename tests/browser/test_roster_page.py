"""Office staff in a real browser: log in, import a roster file, see the per-group table."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import GOOD_ROWS, xlsx
from .conftest import login, screenshot

pytestmark = pytest.mark.browser


def import_through_the_page(page, tmp_path):
    """Office staff choose the roster file and press the import button."""
    roster_file = tmp_path / "danh-sach.xlsx"
    roster_file.write_bytes(xlsx(GOOD_ROWS))
    page.locator('#import input[type="file"]').set_input_files(str(roster_file))
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.locator("#import-result")).to_have_text("Đã nhập 4 người.")
    expect(page.locator("#import-notes")).to_contain_text("Đơn vị mới tạo theo tệp: TDP số 1, TDP số 2.")


def test_import_through_the_page_and_see_groups_against_quota(server, page, tmp_path):
    login(page, server, "admin")
    expect(page).to_have_url(re.compile(r"/admin$"))
    roster_file = tmp_path / "danh-sach.xlsx"
    roster_file.write_bytes(xlsx(GOOD_ROWS))

    page.locator('#import input[type="file"]').set_input_files(str(roster_file))
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.locator("#import-result")).to_have_text("Đã nhập 4 người.")

    row = page.locator("#groups tbody tr", has_text="TDP số 1")
    expect(row).to_contain_text("thiếu 9")
    expect(row.locator("td").nth(2)).to_have_text("1")  # residents invited
    expect(row.locator("input.quota")).to_have_value("10")
    expect(page.locator("#total-invited")).to_have_text("4")
    expect(page.locator("#invitees tbody tr")).to_have_count(4)
    screenshot(page, "roster.png")


def test_a_bad_file_lists_its_rows_and_imports_nothing(server, page, tmp_path):
    login(page, server, "admin")
    bad = tmp_path / "loi.csv"
    bad.write_text("Họ và tên,Đơn vị\n,TDP 1\nLê Văn Tám,\n", encoding="utf-8")
    page.locator('#import input[type="file"]').set_input_files(str(bad))
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.locator("#import-result")).to_contain_text("2 dòng lỗi")
    expect(page.locator("#import-errors li")).to_have_text(["Dòng 2: Thiếu Họ và tên.", re.compile("^Dòng 3: Thiếu Đơn vị")])
    expect(page.locator("#invitees tbody tr")).to_have_count(0)


def test_search_ignores_diacritics_and_quota_edits_live(server, page, tmp_path):
    login(page, server, "admin")
    import_through_the_page(page, tmp_path)

    page.get_by_placeholder("Tìm theo tên").fill("nguyen van")
    expect(page.locator("#invitees tbody tr")).to_have_count(1)
    expect(page.locator("#invitees tbody tr")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("#invitee-count")).to_have_text("1 người")
    # In English a count chooses its word by the number ("1 people" before).
    page.goto(server + "/admin?lang=en")
    page.get_by_placeholder("Search by name", exact=False).fill("nguyen van")
    expect(page.locator("#invitee-count")).to_have_text("1 person")
    page.get_by_placeholder("Search by name", exact=False).fill("")
    expect(page.locator("#invitee-count")).to_have_text(re.compile(r"^\d+ people$"))
    page.goto(server + "/admin?lang=vi")

    quota = page.locator("#groups tbody tr", has_text="TDP số 2").locator("input.quota")
    quota.fill("1")
    quota.dispatch_event("change")
    reason = page.locator("#groups tbody tr", has_text="TDP số 2").locator("input.quota-reason")
    reason.fill("Tổ ít hộ dân")
    reason.dispatch_event("change")
    expect(page.locator("#groups tbody tr", has_text="TDP số 2")).to_contain_text("đủ")
    expect(page.locator("#groups tbody tr", has_text="TDP số 2")).to_contain_text("dưới mức tối thiểu 10")


def test_user_text_shows_as_text(server, page):
    login(page, server, "admin")
    page.get_by_placeholder("Tên tổ dân phố mới").fill("TDP số 9")
    page.get_by_role("button", name="Thêm đơn vị").click()
    expect(page.locator("#groups tbody tr", has_text="TDP số 9")).to_have_count(1)
    # The first group of a fresh install made the default conference: its header shows.
    expect(page.locator("#conference h1")).to_contain_text("Hội nghị đối thoại")
    page.wait_for_load_state("networkidle")
    form = page.locator("#add-invitee")
    form.get_by_label("Họ và tên").fill('<img src=x onerror="window.pwned=1">')
    form.get_by_role("button", name="Thêm").click()
    expect(page.locator("#invitees tbody tr").first).to_contain_text("<img src=x")
    assert page.evaluate("window.pwned") is None


def test_edit_an_invitee_in_the_page(server, page, tmp_path):
    login(page, server, "admin")
    import_through_the_page(page, tmp_path)

    row = page.locator("#invitees tbody tr", has_text="Trần Thị Bình")
    row.get_by_role("button", name="Sửa").click()
    form = page.locator("#add-invitee")
    expect(form.get_by_label("Họ và tên")).to_have_value("Trần Thị Bình")
    form.get_by_label("Chức vụ").fill("Chi hội trưởng Phụ nữ")
    form.get_by_label("Loại").select_option("tdp_officer")
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator("#add-invitee-result")).to_have_text("Đã lưu Trần Thị Bình.")
    expect(row).to_contain_text("Chi hội trưởng Phụ nữ")
    expect(row).to_contain_text("Cán bộ TDP")
    # Back to adding, and the group's counts follow.
    expect(form.get_by_role("button", name="Thêm")).to_be_visible()
    expect(page.locator("#groups tbody tr", has_text="TDP số 1").locator("td").nth(1)).to_have_text("2")


def test_the_first_import_of_a_fresh_install_keeps_its_notes_across_the_reload(server, page, tmp_path):
    """The first import makes the conference and the page reloads to show it: the import's
    notes (here, officers told by their position) are still there to read after it."""
    login(page, server, "admin")
    roster_file = tmp_path / "ds.xlsx"
    roster_file.write_bytes(xlsx([["Họ và tên", "Đơn vị", "Chức vụ"], ["Nguyễn Văn An", "TDP số 1", "Tổ trưởng TDP"],
                                  ["Trần Thị Bình", "TDP số 1", ""]]))
    page.locator('#import input[type="file"]').set_input_files(str(roster_file))
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.locator("#conference")).to_be_visible()  # reloaded with the new conference
    expect(page.locator("#import-result")).to_have_text("Đã nhập 2 người.")
    expect(page.locator("#import-notes li").first).to_contain_text("Tệp không có cột 'Loại'")


def test_the_file_button_speaks_the_page_s_language_on_an_english_laptop(server, browser, tmp_path):
    """Chromium's own file button reads "Choose File" / "No file chosen" on an en-US laptop,
    whatever the page's language; the roster's and the petitions' speak Vietnamese, name the
    file chosen, and are reached with the keyboard."""
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    login(page, server, "admin")
    picker = page.locator("#import .file-picker")
    expect(picker).to_have_text(re.compile(r"^\s*Chọn tệp…\s*Chưa chọn tệp\s*$"))
    page.locator("#roster-file").focus()  # a Tab stop: the picker opens with Enter or Space
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "roster-file"
    roster_file = tmp_path / "danh-sach.xlsx"
    roster_file.write_bytes(xlsx(GOOD_ROWS))
    page.locator("#roster-file").set_input_files(str(roster_file))
    expect(picker.locator(".file-name")).to_have_text("danh-sach.xlsx")
    screenshot(page, "roster-file-picker.png")
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.locator("#import-result")).to_have_text("Đã nhập 4 người.")
    # The import made the conference: the page reloads itself to show its header; leaving
    # before that reload ends aborts the next navigation.
    expect(page.locator("#conference")).to_be_attached()
    page.goto(server + "/admin/petitions")
    expect(page.locator("#import .file-picker")).to_have_text(re.compile(r"^\s*Chọn tệp…\s*Chưa chọn tệp\s*$"))
    page.get_by_role("button", name="Nhập kiến nghị").click()  # nothing chosen: the server's words, in place
    expect(page.locator("#import-result")).to_have_text("Hãy chọn tệp kiến nghị (.xlsx hoặc .csv).")
    context.close()


def test_a_double_click_on_add_adds_once_and_says_added(server, page):
    """The second click of a double click answered "đã có trong danh sách" after the first had
    added the person: the clerk reads a refusal for a success."""
    login(page, server, "admin")
    page.get_by_placeholder("Tên tổ dân phố mới").fill("TDP số 9")
    page.get_by_role("button", name="Thêm đơn vị").click()
    expect(page.locator("#groups tbody tr", has_text="TDP số 9")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    form = page.locator("#add-invitee")
    form.get_by_label("Họ và tên").fill("Ông Ích Khiêm")
    form.get_by_role("button", name="Thêm").dblclick()
    expect(page.locator("#add-invitee-result")).to_have_text("Đã thêm Ông Ích Khiêm.")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#add-invitee-result")).to_have_text("Đã thêm Ông Ích Khiêm.")
    expect(page.locator("#invitees tbody tr", has_text="Ông Ích Khiêm")).to_have_count(1)


def test_two_tabs_editing_one_person_keep_both_changes(browser, server, page, tmp_path):
    """Tab A saves a new phone; tab B, opened on the same person before, saves a position: the
    phone stays A's. Then B changes the phone too: the page names the field and what A saved,
    B's typing stays, and the next Lưu writes it."""
    from .conftest import desk

    login(page, server, "admin")
    import_through_the_page(page, tmp_path)
    problems: list[str] = []
    context, other = desk(browser, server, "admin", "/admin", problems, problems)
    tabs = (page, other)
    for tab in tabs:
        tab.locator("#invitees tbody tr", has_text="Trần Thị Bình").get_by_role("button", name="Sửa").click()
        expect(tab.locator("#add-invitee").get_by_label("Họ và tên")).to_have_value("Trần Thị Bình")
    page.locator("#add-invitee").get_by_label("Điện thoại").fill("0987000111")
    page.locator("#add-invitee").get_by_role("button", name="Lưu").click()
    expect(page.locator("#add-invitee-result")).to_have_text("Đã lưu Trần Thị Bình.")

    form = other.locator("#add-invitee")
    form.get_by_label("Chức vụ").fill("Chi hội trưởng")
    form.get_by_label("Điện thoại").fill("0912999888")
    form.get_by_role("button", name="Lưu").click()
    result = other.locator("#add-invitee-result")
    expect(result).to_contain_text("người khác đã lưu thông tin của Trần Thị Bình")
    expect(result).to_contain_text("Điện thoại: người khác đã lưu “0987000111”")
    expect(form.get_by_label("Điện thoại")).to_have_value("0912999888")
    form.get_by_label("Điện thoại").fill("0987000111")  # seen: keeps A's
    form.get_by_role("button", name="Lưu").click()
    expect(result).to_have_text("Đã lưu Trần Thị Bình.")
    status, people = live.Client(server, "admin").call("GET", "/api/invitees")
    person = next(p for p in people if p["name"] == "Trần Thị Bình")
    assert (person["phone"], person["position"]) == ("0987000111", "Chi hội trưởng")
    context.close()
    assert problems == []
