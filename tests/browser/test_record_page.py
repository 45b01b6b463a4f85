"""The record page in a real browser at the chairman's laptop size (1366×768), #11: a missing
line about a finished question takes the secretary straight to its form; the conclusion saves
with "Đã lưu." and stays after a reload; a refused save says so in place and keeps the text;
the text boxes use the page's font. The devices page shows the hall's time, never UTC."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import GOOD_ROWS
from .conftest import desk, login, screenshot

pytestmark = pytest.mark.browser

CONCLUSION = "Giao Công an phường phối hợp Điện lực sửa đèn ngõ 12 trong tuần."


def _answered_without_conclusion(url: str) -> int:
    """A question raised aloud, shown and answered with nothing written: the record misses two things."""
    secretary, chairman = live.Client(url, "secretary"), live.Client(url, "chairman")
    status, question = secretary.call("POST", "/api/floor-questions", {
        "text": "Đèn chiếu sáng ngõ 12 hỏng đã hai tháng, đề nghị phường cho sửa.", "name": "Ông Tám"})
    assert status == 201, question
    for move in ("on_screen", "answered"):
        assert chairman.call("PATCH", f"/api/questions/{question['id']}", {"status": move})[0] == 200
    return question["number"]


@pytest.fixture
def secretary_page(browser, server):
    problems: list[str] = []
    context, page = desk(browser, server, "secretary", None, problems, problems)
    yield page
    context.close()
    assert problems == []


@pytest.mark.roster(GOOD_ROWS)
def test_a_missing_line_leads_to_the_question_and_the_conclusion_stays(server, secretary_page):
    page = secretary_page
    number = _answered_without_conclusion(server)
    page.goto(server + "/record")
    gap = page.locator("#missing a", has_text=f"câu {number}: chưa có kết luận")
    expect(gap).to_be_visible()
    expect(page.locator("#missing a", has_text=f"câu {number}: chưa ghi người trả lời")).to_be_visible()
    expect(page.locator("#missing a", has_text=f"câu {number}: chưa ghi tóm tắt trả lời")).to_be_visible()
    # The text boxes are in the page's font, not the browser's monospace.
    family = page.locator("textarea[name=programme]").evaluate("node => getComputedStyle(node).fontFamily")
    assert "Be Vietnam Pro" in family and "monospace" not in family
    gap.click()

    dialog = page.locator("#question-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("h2")).to_contain_text(f"Câu {number}")
    expect(dialog.get_by_label("Kết luận của chủ trì")).to_be_visible()
    expect(dialog.get_by_label("Hạn")).to_be_hidden()  # answered: no one in charge, no due date
    dialog.get_by_label("Người trả lời").fill("Trưởng Công an phường")
    dialog.get_by_label("Tóm tắt trả lời").fill("Công an phường sẽ lắp đèn và tăng tuần tra.")
    dialog.get_by_label("Kết luận của chủ trì").fill(CONCLUSION)
    screenshot(page, "record-question-1366x768-filled.png")
    dialog.get_by_role("button", name="Lưu").click()
    expect(page.locator("#question-status")).to_have_text("Đã lưu.")
    expect(page.locator("#question-status")).to_have_attribute("role", "status")
    expect(page.locator("#missing a", has_text=f"câu {number}:")).to_have_count(0)
    screenshot(page, "record-question-1366x768-saved.png")

    page.reload()  # the address still names the question (#cau-N): its form opens again, as saved
    dialog = page.locator("#question-dialog")
    expect(dialog.get_by_label("Kết luận của chủ trì")).to_have_value(CONCLUSION)
    expect(dialog.get_by_label("Người trả lời")).to_have_value("Trưởng Công an phường")
    dialog.get_by_role("button", name="Đóng").click()
    expect(dialog).to_be_hidden()
    row = page.locator(f"#cau-{number}")
    expect(row).to_contain_text(CONCLUSION)
    expect(row).to_contain_text("Trưởng Công an phường")
    row.get_by_role("button", name="Sửa").click()
    expect(dialog.get_by_label("Kết luận của chủ trì")).to_have_value(CONCLUSION)
    screenshot(page, "record-page-1366x768.png")


@pytest.mark.roster(GOOD_ROWS)
def test_a_refused_save_says_so_in_place_and_keeps_the_text(server, secretary_page):
    page = secretary_page
    number = _answered_without_conclusion(server)
    page.goto(server + f"/record#cau-{number}")  # a link to the question opens its form
    dialog = page.locator("#question-dialog")
    expect(dialog).to_be_visible()
    too_long = "Kết luận rất dài. " * 300  # over 4,000 characters: the server refuses it
    dialog.get_by_label("Kết luận của chủ trì").evaluate("(node, text) => { node.removeAttribute('maxlength'); node.value = text; }", too_long)
    dialog.get_by_role("button", name="Lưu").click()
    status = page.locator("#question-status")
    expect(status).to_contain_text("Chưa lưu được")
    expect(status).to_contain_text("4.000")
    expect(status).to_have_attribute("role", "alert")  # read out at once, not when the reader is idle
    assert dialog.get_by_label("Kết luận của chủ trì").input_value() == too_long
    screenshot(page, "record-question-1366x768-refused.png")


@pytest.mark.roster(GOOD_ROWS)
def test_a_conclusion_the_chairman_saved_meanwhile_is_not_written_over_unseen(server, secretary_page):
    """The secretary opens a finished question's form; meanwhile the chairman saves its
    conclusion. Her save is refused in place, showing his, her words kept; saved again
    knowingly, hers stands. Her untouched responder box never wrote over anything."""
    page = secretary_page
    number = _answered_without_conclusion(server)
    page.goto(server + f"/record#cau-{number}")
    dialog = page.locator("#question-dialog")
    expect(dialog).to_be_visible()
    chairman = live.Client(server, "chairman")
    question = next(q for q in chairman.call("GET", "/api/questions")[1] if q["number"] == number)
    assert chairman.call("PATCH", f"/api/questions/{question['id']}", {
        "conclusion": "Chủ tịch: giao Điện lực sửa đèn.", "responder": "Chủ tịch UBND phường"})[0] == 200
    dialog.get_by_label("Kết luận của chủ trì").fill(CONCLUSION)
    dialog.get_by_role("button", name="Lưu").click()
    status = page.locator("#question-status")
    expect(status).to_contain_text("người khác đã lưu nội dung khác")
    expect(status).to_contain_text("Chủ tịch: giao Điện lực sửa đèn.")
    expect(dialog.get_by_label("Kết luận của chủ trì")).to_have_value(CONCLUSION)
    screenshot(page, "record-question-saved-by-another.png")
    dialog.get_by_role("button", name="Lưu").click()
    expect(status).to_have_text("Đã lưu.")
    stored = next(q for q in chairman.call("GET", "/api/questions")[1] if q["number"] == number)
    assert stored["conclusion"] == CONCLUSION and stored["responder"] == "Chủ tịch UBND phường"


def test_the_devices_page_shows_hall_time(server, page):
    login(page, server, "admin")
    page.goto(server + "/admin/devices")
    page.get_by_placeholder("Tên thiết bị, ví dụ Cửa chính 1").fill("Cửa chính 1")
    page.get_by_role("button", name="Tạo mã ghép").click()
    pair = re.search(r"/pair/[A-Za-z0-9_-]+", page.content()).group(0)
    tablet = page.context.browser.new_context()
    tab = tablet.new_page()
    tab.goto(server + pair)
    tab.get_by_role("button", name="Ghép thiết bị").click()
    tablet.close()
    # Nobody reloads: the page sees the QR used, takes it away and lists the tablet.
    expect(page.get_by_role("status")).to_have_text("Thiết bị “Cửa chính 1” đã ghép xong.", timeout=10_000)
    expect(page.locator("#pairing")).to_have_count(0)
    cell = page.locator("table tbody tr", has_text="Cửa chính 1").locator("td").nth(2)
    expect(cell).to_have_text(re.compile(r"^\d{2}:\d{2} \d{2}/\d{2}/\d{4}$"))
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page.locator("main").inner_text())
    response = page.request.get(server + "/favicon.ico")
    assert response.status == 200 and response.body()[:4] == b"\x00\x00\x01\x00"
    screenshot(page, "devices-1366.png")


def test_the_arrow_keys_choose_a_conference_without_leaving_the_page(server, secretary_page):
    """One ArrowDown on the conference list used to open another conference's record; the
    arrows now only choose, and Enter (or "Xem") goes. A click still goes at once."""
    admin = live.Client(server, "admin")
    for year in (2024, 2025):
        status, body = admin.call("POST", "/api/conferences", {"title": f"Hội nghị đối thoại năm {year}",
                                                               "held_on": f"{year}-11-20", "activate": year == 2025})
        assert status == 201, body
    page = secretary_page
    page.goto(server + "/record")
    picker = page.locator("#conference-select")
    start = page.url
    chosen = picker.input_value()
    picker.focus()
    page.keyboard.press("ArrowDown" if picker.locator("option").last.get_attribute("value") != chosen else "ArrowUp")
    page.wait_for_timeout(500)
    assert page.url == start
    assert picker.input_value() != chosen
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"conference={picker.input_value()}" in page.url
    expect(page.get_by_role("button", name="Xem")).to_be_visible()
    # With the mouse (or a finger): at once.
    back = page.locator("#conference-select")
    with page.expect_navigation():
        back.select_option(chosen)
    assert f"conference={chosen}" in page.url


@pytest.mark.roster(GOOD_ROWS)
def test_the_keyboard_keeps_its_place_through_a_save(server, secretary_page):
    """Saved from the keyboard, the focus stays on Lưu in the dialog (it fell to the page's body
    while the dialog was open); Escape gives it back to the question's Sửa, drawn anew."""
    page = secretary_page
    number = _answered_without_conclusion(server)
    page.goto(server + "/record")
    edit = page.locator(f"#cau-{number}").get_by_role("button", name="Sửa")
    edit.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#question-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Kết luận của chủ trì").fill(CONCLUSION)
    save = dialog.get_by_role("button", name="Lưu")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#question-status")).to_have_text("Đã lưu.")
    expect(page.locator(f"#cau-{number}")).to_contain_text(CONCLUSION)  # the table was drawn anew
    expect(save).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"#cau-{number}").get_by_role("button", name="Sửa")).to_be_focused()


@pytest.mark.roster(GOOD_ROWS)
def test_two_tabs_of_the_record_keep_both_secretaries_words(browser, server):
    """Tab B, opened before tab A saved, saves its own field: A's words stay (they came back
    as "Đã lưu." with A's words gone). A field both changed is named with what A saved, and
    B's typing stays in its box; the next Lưu writes it. A day that cannot be read names its box."""
    problems: list[str] = []
    context_a, tab_a = desk(browser, server, "secretary", None, problems, problems)
    context_b, tab_b = desk(browser, server, "secretary", None, problems, problems)
    for tab in (tab_a, tab_b):
        tab.set_viewport_size({"width": 1366, "height": 768})
        tab.goto(server + "/record")
        expect(tab.locator("#notes textarea[name=recipients]")).not_to_have_value("")  # drawn from the server
    tab_a.locator("textarea[name=other_notes]").fill("Ý kiến khác của tab A.")
    tab_a.locator("#notes button[type=submit]").click()
    expect(tab_a.locator("#notes-result")).to_have_text("Đã lưu.")

    tab_b.locator("textarea[name=assessment]").fill("Đánh giá của tab B.")
    tab_b.locator("#notes button[type=submit]").click()
    expect(tab_b.locator("#notes-result")).to_have_text("Đã lưu.")
    expect(tab_b.locator("textarea[name=other_notes]")).to_have_value("Ý kiến khác của tab A.")

    tab_a.locator("textarea[name=assessment]").fill("Đánh giá sửa ở tab A.")  # A has not seen B's save
    tab_a.locator("#notes button[type=submit]").click()
    result = tab_a.locator("#notes-result")
    expect(result).to_contain_text("người khác đã lưu biên bản")
    expect(result).to_contain_text("Đánh giá chung: người khác đã lưu “Đánh giá của tab B.”")
    expect(tab_a.locator("textarea[name=assessment]")).to_have_value("Đánh giá sửa ở tab A.")
    screenshot(tab_a, "record-1366-saved-meanwhile.png")
    tab_a.locator("#notes button[type=submit]").click()
    expect(result).to_have_text("Đã lưu.")
    status, state = live.Client(server, "secretary").call("GET", "/api/record")
    assert state["notes"]["assessment"] == "Đánh giá sửa ở tab A."
    assert state["notes"]["other_notes"] == "Ý kiến khác của tab A."

    tab_a.locator("input[name=report_issued_on]").fill("2026-13-01")
    tab_a.locator("#notes button[type=submit]").click()
    expect(result).to_contain_text("Ngày ban hành báo cáo: Ngày không hợp lệ")
    expect(tab_a.locator("input[name=report_issued_on]")).to_have_attribute("aria-invalid", "true")
    expect(tab_a.locator("input[name=report_issued_on]")).to_be_focused()
    context_a.close()
    context_b.close()
    assert problems == []


@pytest.mark.roster(GOOD_ROWS)
def test_a_day_typed_year_first_is_not_mangled_by_the_mask(server, secretary_page):
    """Typed key by key, "2026-13-01" became "20/26-13-0" (the day-first mask put a slash after
    "20"): a year typed first now stays as typed, read when it can be, refused naming its box."""
    page = secretary_page
    page.goto(server + "/record")
    expect(page.locator("textarea[name=recipients]")).not_to_have_value("")  # the notes drawn from the server first
    box = page.locator("input[name=report_issued_on]")
    box.press_sequentially("2026-12-31")
    expect(box).to_have_value("2026-12-31")
    expect(page.locator("#report-issued-on-read")).to_contain_text("31/12/2026")
    box.fill("")
    box.press_sequentially("2026-13-01")
    expect(box).to_have_value("2026-13-01")
    page.locator("#notes button[type=submit]").click()
    expect(page.locator("#notes-result")).to_contain_text("Ngày ban hành báo cáo: Ngày không hợp lệ")
    box.fill("")
    box.press_sequentially("31122026")  # digits alone: still the day-first mask
    expect(box).to_have_value("31/12/2026")


@pytest.mark.roster(GOOD_ROWS)
def test_the_secretary_s_parts_are_one_click_from_the_top(server, secretary_page):
    """The page is some 7,800 px at 1366×768 (charts, every question): its parts are linked at the top."""
    page = secretary_page
    page.goto(server + "/record")
    page.get_by_role("navigation", name="Đi tới").get_by_role("link", name="Phần thư ký ghi").click()
    expect(page.get_by_role("heading", name="Phần thư ký ghi")).to_be_in_viewport()


@pytest.mark.roster(GOOD_ROWS)
def test_notes_typed_and_not_yet_saved_outlive_the_page_s_redraws(server, secretary_page):
    """The notes were written over by the page's own redraws: typed while its first state was
    still on the way (weak Wi-Fi), or typed and then a question's conclusion saved first (which
    reloads the page's state). Both stay in their boxes now, and the notes' Lưu saves them."""
    page = secretary_page
    number = _answered_without_conclusion(server)
    held = []

    def hold_first_state(route):
        if route.request.method == "GET" and not held:
            held.append(route)  # answered below, once the secretary has typed
        else:
            route.continue_()

    page.route(re.compile(r".*/api/record(\?.*)?$"), hold_first_state)
    page.goto(server + "/record")
    early = "Ghi trước khi trang tải xong: bà con đề nghị họp tổ hằng quý."
    page.locator("textarea[name=other_notes]").fill(early)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    expect(page.locator("#notes textarea[name=recipients]")).not_to_have_value("")  # the state has arrived
    expect(page.locator("textarea[name=other_notes]")).to_have_value(early)
    page.unroute(re.compile(r".*/api/record(\?.*)?$"))

    later = "Hội nghị diễn ra dân chủ, đúng thời gian."
    page.locator("textarea[name=assessment]").fill(later)
    page.locator("#missing a", has_text=f"câu {number}: chưa có kết luận").click()
    dialog = page.locator("#question-dialog")
    dialog.get_by_label("Kết luận của chủ trì").fill(CONCLUSION)
    dialog.get_by_role("button", name="Lưu").click()
    expect(page.locator("#question-status")).to_have_text("Đã lưu.")
    dialog.get_by_role("button", name="Đóng").click()
    expect(page.locator("#missing a", has_text=f"câu {number}: chưa có kết luận")).to_have_count(0)  # redrawn
    expect(page.locator("textarea[name=other_notes]")).to_have_value(early)
    expect(page.locator("textarea[name=assessment]")).to_have_value(later)

    page.locator("#notes button[type=submit]").click()
    expect(page.locator("#notes-result")).to_have_text("Đã lưu.")
    status, state = live.Client(server, "secretary").call("GET", "/api/record")
    assert status == 200 and state["notes"]["other_notes"] == early and state["notes"]["assessment"] == later
