"""The results made public (#12), on a real server under eventlet and Debian's chromium: the
asker's phone (360×740, text at 150%) keeps its question's outcome and follow-up after the
meeting and opens `/results`, which fits the phone with every matter and no hidden name;
the record page shows the charts at 1366×768. Every picture goes to test-output/; no script
error, no style refused by the Content-Security-Policy, no browser pop-up."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .. import live
from .conftest import screenshot
from .test_ask_page import large_text, watched  # noqa: F401 (the fixture)

ROWS = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", "TDP số 1"], ["Trần Thị Bình", "TDP số 2"],
        ["Lê Văn Cường", "TDP <b>số 3</b>"]]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROWS)]

QUESTION = "Đề nghị phường sửa đèn đường ngõ 7, tối đi lại rất nguy hiểm cho người già và trẻ nhỏ."
HIDDEN = "Trần Thị Ẩn"


def _questions(server):
    status, rows = live.Client(server, "chairman").call("GET", "/api/questions")
    assert status == 200
    return rows


def test_the_asker_follows_up_after_the_meeting_and_reads_the_results(server, watched):
    phone = watched.phone(360, 740)
    phone.goto(server + "/ask")
    large_text(phone)
    phone.get_by_label("Bạn thuộc").select_option(label="TDP số 2")
    phone.get_by_label("Họ tên (không bắt buộc)").fill(HIDDEN)
    phone.get_by_label("Hiện tên tôi trên màn hình").uncheck()
    phone.get_by_label("Câu hỏi, ý kiến, kiến nghị").fill(QUESTION)
    phone.get_by_role("button", name="Gửi").click()
    expect(phone.locator("#mine li")).to_have_count(1)

    chairman = live.Client(server, "chairman")
    qid = _questions(server)[0]["id"]
    for body in ({"status": "approved"}, {"status": "on_screen"},
                 {"status": "resolving", "reply_by": "Phòng Kinh tế", "reply_due": "2099-06-30",
                  "conclusion": "Thay đèn trong tháng."}):
        status, answer = chairman.call("PATCH", f"/api/questions/{qid}", body)
        assert status == 200, answer
    assert chairman.call("POST", "/api/room/close", {"confirm": True})[0] == 200

    # After the meeting, the same phone (same cookie) still shows what was promised.
    phone.reload()
    large_text(phone)
    mine = phone.locator("#mine li").first
    expect(mine.locator(".number")).to_have_text("Câu 1")  # the number the projector and /results show
    expect(mine).to_contain_text("Giao Phòng Kinh tế chủ trì giải quyết, hạn 30/06/2099")
    expect(mine).to_contain_text("Theo dõi: đang thực hiện")
    expect(mine).to_contain_text("Thay đèn trong tháng.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    mine.scroll_into_view_if_needed()
    screenshot(phone, "results-ask-360x740-text150-followup.png")

    # A written reply done: the phone hears of it at once.
    secretary = live.Client(server, "secretary")
    live.held_on(server, "2026-01-05")  # weeks later: the meeting is past (it had been set two weeks ahead)
    assert secretary.call("PATCH", f"/api/questions/{qid}/followup", {"done_on": "2026-01-10"})[0] == 200
    expect(mine).to_contain_text("Theo dõi: đã thực hiện xong (10/01/2026)")

    phone.get_by_role("link", name="Xem kết quả hội nghị").click()
    expect(phone).to_have_url(server + "/results")
    large_text(phone)
    matter = phone.locator(".matter").first
    expect(matter).to_contain_text(QUESTION)
    expect(matter).to_contain_text("TDP số 2")
    expect(matter).to_contain_text("đã thực hiện xong")
    expect(phone.locator("body")).not_to_contain_text(HIDDEN)
    expect(phone.locator("svg.chart")).to_have_count(4)
    for chart in phone.locator("svg.chart").all():  # drawn, and no wider than the phone
        box = chart.bounding_box()
        assert box and 200 < box["width"] <= 360 and box["height"] > 50
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "results-page-360x740-text150.png")
    # The figures as text too, beside each picture: what a screen reader reads.
    figures = phone.locator('figure[data-chart="outcomes"] details.chart-data')
    figures.get_by_text("Xem số liệu").click()
    expect(figures.get_by_role("row").filter(has_text="tiếp thu, chỉ đạo giải quyết").first).to_contain_text("1")
    expect(phone.locator("details.chart-data")).to_have_count(4)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    figures.scroll_into_view_if_needed()
    screenshot(phone, "results-page-360x740-text150-figures.png")


def test_the_record_page_shows_the_charts(server, browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    refused: list[str] = []
    page.on("pageerror", lambda error: refused.append(str(error)))
    page.on("console", lambda message: refused.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    phone = live.Client(server, "kiosk")  # any client posts a question like a phone
    status, _body = phone.call("POST", "/api/questions", {"text": "Khi nào sửa cống ngõ 3?"})
    assert status == 201
    from .conftest import login

    login(page, server, "secretary")
    page.goto(server + "/record")
    charts = page.locator("#record-charts svg.chart")
    expect(charts).to_have_count(4)
    # The TDP's name is text drawn in the chart, escaped, never markup.
    expect(page.locator("#record-charts svg text", has_text="TDP <b>số 3</b>")).to_have_count(1)
    expect(page.locator("#record-charts svg b")).to_have_count(0)
    for link in ("Trang kết quả công khai", "Kết quả công khai (.html", "Kết quả công khai (.pdf"):
        expect(page.get_by_role("link", name=link)).to_be_visible()
    page.locator("#record-charts").scroll_into_view_if_needed()
    screenshot(page, "results-record-page-1366x768-charts.png")
    context.close()
    assert refused == [], refused
