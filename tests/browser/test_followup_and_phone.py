"""The follow-up on /record and the resident's phone, in chromium.

The record page's dates (the follow-up's done date, the question form's "Hạn") are read day
first whatever the browser's language — an en-US browser too — as the moderator's due date is;
a follow-up row's "Lưu" says "Đã lưu." or the server's refusal, in place, keeping what was typed.
On a 360-px phone: a count never breaks ("1" over "2") at 150% text, every control a finger
taps is at least 44×44 px, and the group list's placeholder shows whole."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .. import live
from ..conftest import GOOD_ROWS
from .conftest import OUTPUT, desk, screenshot
from .test_ask_page import QUESTION, long_question_approved, watched  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

REPLY = "Đã có Công văn số 45/UBND-TP trả lời ông Tám ngày hôm trước."
FUTURE_REFUSAL = "Ngày hoàn thành không được sau hôm nay."


def dmy(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def ambiguous(start: date, step: int) -> date:
    """From `start`, walking by `step` days, the first day an en-US browser would misread
    (day and month both ≤ 12 and different): the test shows which way it was read."""
    day = start
    while not (day.day <= 12 and day.day != day.month):
        day += timedelta(days=step)
    return day


def written_reply(url: str, text: str = "Đề nghị phường trả lời bằng văn bản về hồ sơ cấp sổ đỏ.") -> dict:
    """A question raised aloud, shown, and sent for a written reply: on the follow-up list."""
    secretary, chairman = live.Client(url, "secretary"), live.Client(url, "chairman")
    status, question = secretary.call("POST", "/api/floor-questions", {"text": text, "name": "Ông Tám"})
    assert status == 201, question
    for body in ({"status": "on_screen"}, {"status": "written_reply", "reply_by": "Công chức Tư pháp - Hộ tịch",
                                           "reply_due": (date.today() + timedelta(days=30)).isoformat()}):
        status, answer = chairman.call("PATCH", f"/api/questions/{question['id']}", body)
        assert status == 200, answer
    return question


def stored(url: str, question_id: int) -> dict:
    return next(q for q in live.Client(url, "chairman").call("GET", "/api/questions")[1] if q["id"] == question_id)


def done_on(url: str, question_id: int) -> str | None:
    """The follow-up's done date as the record has it."""
    status, record = live.Client(url, "secretary").call("GET", "/api/record")
    assert status == 200, record
    return next(item for item in record["followup"] if item["id"] == question_id)["done_on"]


@pytest.fixture
def en_us(browser, server):
    """The secretary's laptop with an English (en-US) browser: month first is its habit; the
    meeting was held three months ago, so its follow-up may be done any day since."""
    live.held_on(server, (date.today() - timedelta(days=90)).isoformat())
    problems: list[str] = []
    context, page = desk(browser, server, "secretary", None, problems, problems, locale="en-US")
    yield page
    context.close()
    assert problems == []


def done_box(row):
    return row.locator("td").nth(3).locator("input")


@pytest.mark.roster(GOOD_ROWS)
def test_the_follow_up_done_date_is_read_day_first_and_the_save_says_so(server, en_us):
    page = en_us
    question = written_reply(server)
    page.goto(server + "/record")
    row = page.locator("#followup tbody tr").first
    expect(row).to_contain_text("Công chức Tư pháp - Hộ tịch")
    done = done_box(row)
    day = ambiguous(date.today() - timedelta(days=20), -1)  # done, in the past
    # Unreadable: refused in place, nothing sent.
    done.click()
    page.keyboard.type("31022026")
    row.get_by_role("button", name="Lưu").click()
    result = page.locator("#followup-result")
    expect(result).to_contain_text("không hợp lệ")
    expect(done).to_have_attribute("aria-invalid", "true")
    assert done_on(server, question["id"]) is None

    # Eight digits typed on a number pad, day first: read as the Vietnamese mean it.
    done.fill("")
    done.click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    expect(done).to_have_value(dmy(day))
    expect(row).to_contain_text(f"Đã hiểu: {dmy(day)}")
    row.locator("textarea").fill(REPLY)
    row.get_by_role("button", name="Lưu").click()
    expect(result).to_contain_text("Đã lưu.")
    expect(page.locator("#followup tbody tr").first).to_contain_text("Đã lưu.")
    # The table was drawn anew; the focus is on this row's Lưu again, not lost to the page.
    expect(page.locator("#followup tbody tr").first.get_by_role("button", name="Lưu")).to_be_focused()
    assert done_on(server, question["id"]) == day.isoformat()
    screenshot(page, "record-followup-1366x768-en-US-saved.png")
    # After a reload the box shows it day first.
    page.reload()
    expect(done_box(page.locator("#followup tbody tr").first)).to_have_value(dmy(day))


@pytest.mark.roster(GOOD_ROWS)
def test_a_refused_follow_up_says_why_in_place_and_keeps_what_was_typed(server, en_us):
    page = en_us
    written_reply(server)
    page.goto(server + "/record")
    row = page.locator("#followup tbody tr").first
    done = done_box(row)
    expect(done).to_be_visible()

    # A done date still to come: the server refuses it with a 422 and its Vietnamese message.
    def refuse(route):
        if route.request.method == "PATCH":
            route.fulfill(status=422, content_type="application/json",
                          body='{"error": "invalid", "message": "%s"}' % FUTURE_REFUSAL)
        else:
            route.continue_()
    page.route(re.compile(r".*/api/questions/\d+/followup$"), refuse)
    tomorrow = dmy(date.today() + timedelta(days=1))
    done.fill(tomorrow)
    row.locator("textarea").fill(REPLY)
    row.get_by_role("button", name="Lưu").click()
    result = page.locator("#followup-result")
    expect(result).to_contain_text(FUTURE_REFUSAL)
    expect(row).to_contain_text(FUTURE_REFUSAL)
    expect(done).to_have_value(tomorrow)
    expect(row.locator("textarea")).to_have_value(REPLY)
    screenshot(page, "record-followup-1366x768-refused.png")
    page.unroute(re.compile(r".*/api/questions/\d+/followup$"))

    # A refusal from the real server (a reply over 20,000 characters): said, and the text kept.
    too_long = "Trả lời rất dài. " * 1300
    row.locator("textarea").evaluate("(node, text) => { node.value = text; node.dispatchEvent(new Event('input')); }", too_long)
    done.fill("")
    row.get_by_role("button", name="Lưu").click()
    expect(result).to_contain_text("quá dài")
    assert row.locator("textarea").input_value() == too_long


@pytest.mark.roster(GOOD_ROWS)
def test_the_question_form_s_due_date_is_read_day_first(server, en_us):
    page = en_us
    question = written_reply(server)
    page.goto(server + f"/record#cau-{question['number']}")
    dialog = page.locator("#question-dialog")
    expect(dialog).to_be_visible()
    due = dialog.locator("input[name=reply_due]")
    day = ambiguous(date.today() + timedelta(days=40), 1)  # still to come
    due.fill("")
    due.click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    expect(due).to_have_value(dmy(day))
    expect(dialog).to_contain_text(f"Đã hiểu: {dmy(day)}")
    dialog.get_by_role("button", name="Lưu").click()
    expect(page.locator("#question-status")).to_have_text("Đã lưu.")
    assert stored(server, question["id"])["reply_due"] == day.isoformat()
    expect(due).to_have_value(dmy(day))
    # Unreadable: refused in place, what was typed kept.
    due.fill("31/02/2027")
    dialog.get_by_role("button", name="Lưu").click()
    expect(page.locator("#question-status")).to_contain_text("Hạn không hợp lệ")
    expect(due).to_have_value("31/02/2027")
    expect(due).to_have_attribute("aria-invalid", "true")
    screenshot(page, "record-question-1366x768-en-US-due.png")


@pytest.mark.roster(GOOD_ROWS)
def test_a_count_never_breaks_on_a_phone_with_large_text(server, browser):
    for n in range(12):
        written_reply(server, f"Câu hỏi số {n + 1} cần trả lời bằng văn bản về thủ tục đất đai.")
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, bypass_csp=True,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + "/results")
    page.add_style_tag(content="html{font-size:150%}")
    item = page.locator(".counts li", has_text="Trả lời bằng văn bản")
    expect(item.locator("strong")).to_have_text("12")
    # Every number on one line: its text makes a single line box.
    lines = page.evaluate("""() => [...document.querySelectorAll('.counts strong, .matter .num')].map((node) => {
        const range = document.createRange(); range.selectNodeContents(node);
        return [node.textContent, new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size]; })""")
    assert len(lines) > 12
    broken = [(text, n) for text, n in lines if n != 1]
    assert broken == [], broken
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    item.scroll_into_view_if_needed()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "results-360x740-text150-counts.png"))  # what the phone's screen shows
    context.close()


def small_targets(page) -> list:
    """Each tappable thing shown smaller than 44×44 px (a checkbox counts by its label row)."""
    return page.evaluate("""() => [...document.querySelectorAll(
        'a[href], button, select, textarea, input:not([type=checkbox]):not([type=hidden]), label.check')]
      .filter((node) => node.getClientRects().length && getComputedStyle(node).visibility !== 'hidden')
      .map((node) => { const box = node.getBoundingClientRect();
        return [node.tagName, (node.textContent || node.name || node.id).trim().slice(0, 30), Math.round(box.width), Math.round(box.height)]; })
      .filter(([, , w, h]) => w < 44 || h < 44)""")


@pytest.mark.roster([["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"]])
def test_every_control_on_the_phone_is_big_enough_to_tap(server, watched):  # noqa: F811
    long_id, _asker = long_question_approved(server, watched)
    chairman = live.Client(server, "chairman")

    phone = watched.phone(360, 740)
    phone.goto(server + "/ask")
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(QUESTION)
    phone.get_by_role("button", name="Gửi").click()
    expect(phone.locator("#mine li")).to_have_count(1)
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill("Tôi đang viết câu thứ hai")
    mine = next(q for q in chairman.call("GET", "/api/questions")[1] if q["id"] != long_id)
    assert live.Client(server, "secretary").call("POST", f"/api/questions/{mine['id']}/ask-back",
                                                  {"text": "Bác ở ngõ nào?"})[0] == 200
    expect(phone.locator("#ask-back-alert")).to_be_visible()
    expect(phone.locator("#public li").first.get_by_role("button", name="Xem thêm")).to_be_visible()
    expect(phone.get_by_role("button", name="Xem và trả lời")).to_be_visible()
    assert small_targets(phone) == []
    # The show-name checkbox (unticked until the asker ticks it): a tap anywhere on its row's text toggles it.
    show = phone.get_by_label("Hiện tên tôi trên màn hình")
    expect(show).not_to_be_checked()
    phone.locator("label.check").scroll_into_view_if_needed()
    row = phone.locator("label.check").bounding_box()
    phone.mouse.click(row["x"] + row["width"] - 20, row["y"] + row["height"] - 4)
    expect(show).to_be_checked()
    screenshot(phone, "ask-360x740-targets.png")
    phone.locator("#public li").first.scroll_into_view_if_needed()
    phone.screenshot(path=str(OUTPUT / "ask-360x740-targets-public.png"))


@pytest.mark.roster([["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"]])
@pytest.mark.parametrize("scale", ["100%", "150%", "200%"])
def test_the_lists_placeholders_show_whole_on_a_360_px_phone(server, watched, scale):  # noqa: F811
    """"— Chọn —" and "Chưa chọn" whole at 100, 150 and 200 % text (a native list cannot wrap:
    what it means is said in its label, which can)."""
    phone = watched.page(360, 740, is_mobile=True, has_touch=True, bypass_csp=True)
    phone.goto(server + "/ask")
    phone.add_style_tag(content=f"html{{font-size:{scale}}}")
    OUTPUT.mkdir(exist_ok=True)
    for label, placeholder, name in (("Bạn thuộc tổ dân phố nào?", "— Chọn —", "group"),
                                     ("Lĩnh vực (không bắt buộc, chủ trì sẽ xếp)", "Chưa chọn", "topic")):
        select = phone.get_by_label(label)
        expect(select.locator("option:checked")).to_have_text(placeholder)
        # The words' width in the select's font, and the room the select gives them beside its arrow (1.2 em).
        room = select.evaluate("""(node) => {
            const style = getComputedStyle(node);
            const probe = document.createElement('span');
            probe.style.font = style.font; probe.style.whiteSpace = 'pre'; probe.textContent = node.selectedOptions[0].text;
            document.body.append(probe); const words = probe.getBoundingClientRect().width; probe.remove();
            const inner = node.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return { words, room: inner - 1.2 * parseFloat(style.fontSize) }; }""")
        assert room["words"] <= room["room"], (name, room)
        select.scroll_into_view_if_needed()
        select.screenshot(path=str(OUTPUT / f"ask-360x740-text{scale[:-1]}-{name}.png"))
    phone.get_by_label(label).scroll_into_view_if_needed()
    phone.screenshot(path=str(OUTPUT / f"ask-360x740-text{scale[:-1]}-form.png"))
