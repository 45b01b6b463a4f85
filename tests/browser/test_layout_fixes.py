"""What a tester saw in chromium, checked as a person would notice it:

1. the arrivals board (`/board`, and the projector in arrivals mode) at 1024×768, 1366×768 and
   1920×1080 with 15 groups named "Tổ dân phố số N": every group's name whole on its bar's
   line ("Tổ dân ph…" three times told nobody which group was short), and every group on the
   page with nothing below or beside the window;
2. the pace in the page's language: "3,8 người/phút" in Vietnamese, not "3.8";
3. the roster page at 1366×768, at the browser's normal text size and at 150 %: no
   horizontal scroll of the page (the list scrolls inside its own card), a short code never
   broken in two ("7PYF-" / "E3TN"), the ward role's select showing its choice whole.

Screenshots of each case at each size go to test-output/ (layout-*.png)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .. import live
from .conftest import OUTPUT, each_page, login, screenshot
from .test_screen_fixes import CUT
from .test_screens import OUTSIDE, SIZES, SMALL_TEXT, opened

pytestmark = pytest.mark.browser

GROUPS = [f"Tổ dân phố số {n}" for n in range(1, 16)]


def _board_roster() -> list[list[str]]:
    """15 TDPs with long names, each with two officers and three residents, and ward delegates."""
    rows = [["Họ và tên", "Đơn vị", "Chức vụ", "Loại"]]
    for n in range(6):
        rows.append([f"Nguyễn Văn Đại Biểu {n}", "Đại biểu phường", "Chủ tịch UBND phường", "đại biểu phường"])
    for i, group in enumerate(GROUPS):
        rows.append([f"Trần Thị Tổ Trưởng {i}", group, "Tổ trưởng TDP", "cán bộ TDP"])
        rows.append([f"Lê Văn Bí Thư {i}", group, "Bí thư chi bộ", "cán bộ TDP"])
        for r in range(3):
            rows.append([f"Phạm Văn Dân {i} {r}", group, "", "đại diện nhân dân"])
    return rows


BOARD_ROSTER = _board_roster()

# Each bar's name: [text, its text's width, its box's width, its lines], to the fraction of a
# pixel (a name 0.4 px too wide still ends in "…").
BAR_NAMES = """() => [...document.querySelectorAll("#groups .bar-row .bar-name")].map((node) => {
  const range = document.createRange(); range.selectNodeContents(node);
  const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  if (node.scrollWidth > node.clientWidth) return [node.textContent, node.scrollWidth, node.clientWidth, lines];
  return [node.textContent, range.getBoundingClientRect().width, node.getBoundingClientRect().width + 0.01, lines];
})"""


def _arrive(server: str, count: int) -> None:
    admin = live.Client(server, "admin")
    people = admin.call("GET", "/api/invitees")[1]
    for person in people[:count]:
        status, body = admin.call("POST", "/api/checkins", {"invitee_id": person["id"]})
        assert status in (200, 201), body


def _bars_whole(page, where: str) -> None:
    """Every group once across the bars' pages, each name whole on one line, nothing outside."""
    seen = []
    total = 0
    for n in each_page(page, "#groups-page"):
        total = n
        names = page.evaluate(BAR_NAMES.replace("#groups .bar-row", "#groups .page:not([hidden]) .bar-row"))
        for text, scroll, client, lines in names:
            assert scroll <= client, f"{text!r} cut ({scroll}>{client}) on page {n} {where}"
            assert lines == 1, f"{text!r} on {lines} lines on page {n} {where}"
        seen += [name[0] for name in names]
        assert page.evaluate(CUT, "#groups") == [], where
        assert page.evaluate(OUTSIDE) == [], where
    assert sorted(seen) == sorted(GROUPS), where
    return total


# ---------------------------------------------------------------- 1. the bars' names


@pytest.mark.roster(BOARD_ROSTER)
def test_the_board_shows_every_group_name_whole(server, browser):
    _arrive(server, 40)
    for width, height in SIZES:
        with opened(browser, server, (width, height), path="/board") as board:
            expect(board.locator("#groups .bar-row")).to_have_count(len(GROUPS))
            board.wait_for_timeout(300)
            screenshot(board, f"layout-board-{width}x{height}.png")
            pages = _bars_whole(board, f"/board at {width}×{height}")
            # 15 groups are read at one glance: one page from 1366×768 up.
            if width >= 1366:
                assert pages == 1, f"{pages} pages of bars at {width}×{height}"
            assert board.evaluate(SMALL_TEXT, [20, ".arrivals-board"]) == []


@pytest.mark.roster(BOARD_ROSTER)
def test_the_projector_board_shows_every_group_name_whole(server, browser):
    _arrive(server, 40)
    chair = live.Client(server, "chairman")
    assert chair.call("PATCH", "/api/room", {"screen_mode": "arrivals"})[0] == 200
    for width, height in SIZES:
        with opened(browser, server, (width, height)) as screen:
            expect(screen.locator("#arrivals #groups .bar-row")).to_have_count(len(GROUPS))
            screen.wait_for_timeout(300)
            screenshot(screen, f"layout-screen-arrivals-{width}x{height}.png")
            _bars_whole(screen, f"/screen at {width}×{height}")


@pytest.mark.roster(BOARD_ROSTER)
def test_a_group_renamed_while_the_board_is_open_stays_whole(server, browser):
    admin = live.Client(server, "admin")
    groups = admin.call("GET", "/api/conference")[1]["groups"]
    first = next(g for g in groups if g["name"] == GROUPS[0])
    with opened(browser, server, (1024, 768), path="/board") as board:
        expect(board.locator("#groups .bar-row")).to_have_count(len(GROUPS))
        longer = "Tổ dân phố số 1 Hòa Bình"
        status, body = admin.call("PATCH", f"/api/groups/{first['id']}", {"name": longer})
        assert status == 200, body
        row = board.locator(f'#groups .bar-row[data-group="{longer}"] .bar-name')
        expect(row).to_have_text(longer)
        board.wait_for_timeout(300)
        for text, scroll, client, _ in board.evaluate(BAR_NAMES):
            assert scroll <= client, f"{text!r} cut ({scroll}>{client})"
        assert board.evaluate(CUT, "#groups") == []
        assert board.evaluate(OUTSIDE) == []


# ---------------------------------------------------------------- 2. the pace


def _pace_of(browser, server: str, per_minute: float, lang: str) -> str:
    """The board's pace as the page writes it, for a figure the server gives."""
    with opened(browser, server, (1366, 768), path=f"/lang/{lang}") as board:
        board.route("**/api/board", lambda route: route.fulfill(
            status=200, content_type="application/json",
            body=f'{{"present": 19, "capacity": 120, "per_minute": {per_minute}, "latest": [], "groups": []}}'))
        board.goto(server + "/board")
        expect(board.locator("#present")).to_have_text("19/120")
        assert board.evaluate("() => document.documentElement.lang") == lang
        if lang == "vi" and per_minute == 3.8:
            screenshot(board, "layout-board-pace.png")
        return board.locator("#pace").text_content()


@pytest.mark.roster(BOARD_ROSTER)
def test_the_pace_is_written_in_the_page_language(server, browser):
    assert _pace_of(browser, server, 3.8, "vi") == "3,8"
    assert _pace_of(browser, server, 0, "vi") == "0"
    assert _pace_of(browser, server, 12.5, "en") == "12.5"


# ---------------------------------------------------------------- 3. the roster page

WARD_ROSTER = [
    ["Họ và tên", "Đơn vị", "Chức vụ", "Loại"],
    ["Tôn Nữ Thị Phương Thảo", "Đại biểu phường", "Chủ tịch Hội Liên hiệp Phụ nữ phường", "đại biểu phường"],
    ["Nguyễn Hoàng Minh Quân", "Đại biểu phường", "Chủ tịch Hội Cựu chiến binh phường", "đại biểu phường"],
    ["Lê Văn Tám", "Đại biểu phường", "Trưởng Công an phường", "đại biểu phường"],
    ["Trần Thị Ngọc Ánh", "Tổ dân phố số 3", "Bí thư chi bộ", "cán bộ TDP"],
    ["Phạm Văn Minh", "Tổ dân phố số 3", "", "đại diện nhân dân"],
    ["Đỗ Thị Hà", "Tổ dân phố số 5", "Trưởng ban công tác Mặt trận", "cán bộ TDP"],
    ["Vũ Văn Khánh", "Tổ dân phố số 7", "", "đại diện nhân dân"],
]

# The select's chosen text against the room its box gives text (less the arrow's 1.2 em).
SELECTS = """() => [...document.querySelectorAll("#invitees select.ward-role")].map((select) => {
  const style = getComputedStyle(select);
  const probe = document.createElement("span");
  probe.style.font = style.font; probe.style.whiteSpace = "pre"; probe.style.position = "absolute";
  probe.textContent = select.selectedOptions[0].text;
  document.body.append(probe);
  const text = probe.getBoundingClientRect().width;
  probe.remove();
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [select.selectedOptions[0].text, Math.round(text), Math.round(room)];
})"""

# Each short code's lines.
CODES = """() => [...document.querySelectorAll("#invitees td.code")].map((node) => {
  const range = document.createRange(); range.selectNodeContents(node);
  return [node.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
})"""


@pytest.mark.roster(WARD_ROSTER)
@pytest.mark.parametrize("text_size", [100, 150])
def test_the_roster_page_fits_1366_at_normal_and_large_text(server, browser, text_size):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(dialog.message), dialog.dismiss()))
    try:
        login(page, server, "admin")
        page.goto(server + "/admin")
        if text_size != 100:
            page.add_style_tag(content=f"html{{font-size:{text_size}%}}")
        expect(page.locator("#invitees tbody tr")).to_have_count(len(WARD_ROSTER) - 1)
        expect(page.locator("#invitees select.ward-role").first).to_be_visible()
        page.wait_for_timeout(300)
        where = f"at {text_size}% text"

        # No horizontal scroll of the page; each card holds what it shows.
        width, inner = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert width <= inner, f"the page is {width}px wide in a {inner}px window {where}"
        outside_cards = page.evaluate("""() => [...document.querySelectorAll("main .card")].filter((card) =>
            card.scrollWidth > card.clientWidth + 1).map((card) => card.querySelector("h1, h2")?.textContent)""")
        assert outside_cards == [], f"{outside_cards} run past their card {where}"

        # A short code on one line.
        for code, lines in page.evaluate(CODES):
            assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
            assert lines == 1, f"{code} broken over {lines} lines {where}"

        # The ward role's choice whole, the long one among them.
        chosen = page.evaluate(SELECTS)
        assert any(text == "Đoàn thể" for text, _, _ in chosen), chosen  # short: its full name is its tooltip
        assert "Các tổ chức chính trị - xã hội, đoàn thể" in page.evaluate(
            """() => [...document.querySelectorAll("#invitees select.ward-role")].map((s) => s.title)""")
        for text, needed, room in chosen:
            assert needed <= room, f"{text!r} needs {needed}px in {room}px {where}"

        # Each row's Xoá reachable: in the window once the list is scrolled to it, and pressable.
        row = page.locator("#invitees tbody tr", has_text="Vũ Văn Khánh")
        remove = row.get_by_role("button", name="Xoá")
        remove.scroll_into_view_if_needed()
        box = remove.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= inner, f"Xoá at {box} {where}"
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), where
        # The whole list in its card at 1366 px, even at 150 %: a ward delegate's long sub-category
        # made its column 530 px and hid every row's position and code under the actions.
        fits = page.evaluate("""() => { const t = document.querySelector('#invitees');
            return [Math.round(t.getBoundingClientRect().width), t.parentElement.clientWidth,
                    [...t.querySelectorAll('thead th')].map((th) => Math.round(th.getBoundingClientRect().width))]; }""")
        assert fits[0] <= fits[1], f"the list is {fits[0]}px in {fits[1]}px {where}: columns {fits[2]}"
        screenshot(page, f"layout-roster-{text_size}.png")
        page.locator("#invitees").scroll_into_view_if_needed()
        page.screenshot(path=str(OUTPUT / f"layout-roster-{text_size}-list.png"))
        remove.click()
        expect(page.locator("#invitees .confirm")).to_contain_text("Xoá Vũ Văn Khánh")
    finally:
        context.close()
    assert errors == []
