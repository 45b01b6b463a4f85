"""The projector and the board as a hall of 120 sees them, at the projectors' sizes
(1920×1080, 1366×768, 1024×768): the question never cut (fitted, or in pages that show all
of it), the join QR scannable from the middle of the hall in every mode, the hall's Wi-Fi
on the idle screen and the poster, the board's 100+ officers fitted or paged with nothing
below the window. Screenshots of each page at each size go to test-output/."""
from __future__ import annotations

import base64
import contextlib
import re

import pytest
from playwright.sync_api import expect

from .. import live
from .conftest import each_page, login, screenshot

SIZES = [(1920, 1080), (1366, 768), (1024, 768)]
WIFI_NAME = "UBND Phuong Dong Mai"
WIFI_PASSWORD = "hoinghi;2026"
QR_SHARE = 0.15  # the join QR's least height, as a share of the screen's
FLOOR = 0.04  # the question's least size before the zoom (screen.js)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Thị Hồng", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Nhung", "Phúc",
         "Quyết", "Sơn", "Thảo", "Tuấn", "Vân", "Yến", "Hạnh", "Khánh", "Thắng", "Tâm", "Trang"]
WARD_POSITIONS = ["Bí thư Đảng ủy phường", "Phó Bí thư Thường trực", "Chủ tịch UBND phường",
                  "Phó Chủ tịch UBND phường", "Chủ tịch Ủy ban MTTQ phường", "Trưởng Công an phường",
                  "Chỉ huy trưởng Ban CHQS phường", "Hiệu trưởng trường Tiểu học Đồng Mai",
                  "Trưởng Trạm y tế phường", "Công chức Địa chính - Xây dựng"]
TDP_POSITIONS = ["Bí thư chi bộ", "Tổ trưởng TDP", "Tổ phó TDP", "Trưởng ban công tác Mặt trận",
                 "Chi hội trưởng Hội Phụ nữ"]


def _name(i: int) -> str:
    return f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 3) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}"


def _roster() -> list[list[str]]:
    """40 ward delegates and 15 TDPs of 5 officers and 4 residents: 115 officers to show."""
    rows = [["Họ và tên", "Đơn vị", "Chức vụ", "Loại"]]
    n = 0
    for i in range(40):
        rows.append([_name(n), "Đại biểu phường", WARD_POSITIONS[i % len(WARD_POSITIONS)], "đại biểu phường"])
        n += 1
    for tdp in range(1, 16):
        for position in TDP_POSITIONS:
            rows.append([_name(n), f"TDP số {tdp}", position, "cán bộ TDP"])
            n += 1
        for _ in range(4):
            rows.append([_name(n), f"TDP số {tdp}", "", "đại diện nhân dân"])
            n += 1
    return rows


ROSTER = _roster()
OFFICERS = [row[0] for row in ROSTER[1:] if row[3] != "đại diện nhân dân"]
pytestmark = [pytest.mark.browser, pytest.mark.roster(ROSTER)]

SENTENCES = (
    "Kính thưa đồng chí Chủ tịch, tôi là người dân tổ dân phố số 2, xin phản ánh việc tuyến đường "
    "nội bộ từ nhà văn hóa tới chợ Đồng Mai đã xuống cấp nghiêm trọng sau nhiều năm không được sửa chữa. "
    "Mặt đường có nhiều ổ gà, trời mưa thì nước ngập sâu tới đầu gối, người già và các cháu học sinh đi "
    "lại rất khó khăn, đã có mấy vụ ngã xe. Năm ngoái tổ đã có đơn kiến nghị, phường trả lời sẽ đưa vào kế "
    "hoạch nhưng đến nay vẫn chưa thấy triển khai. Xin hỏi khi nào phường bố trí kinh phí để nâng cấp tuyến "
    "đường này, có cần nhân dân đóng góp hay không, và trong lúc chờ đợi phường có thể cho san lấp tạm "
    "các ổ gà lớn được không? Ngoài ra, rãnh thoát nước dọc tuyến bị lấp đầy rác và đất, bốc mùi hôi thối "
    "vào mùa hè; đề nghị phường chỉ đạo nạo vét định kỳ và xử phạt các hộ đổ rác bừa bãi. Cuối cùng, hệ thống "
    "đèn chiếu sáng ở đoạn gần trường mầm non bị hỏng đã ba tháng, buổi tối rất tối và mất an toàn, "
    "xin phường sớm cho sửa. Tôi xin cảm ơn đồng chí Chủ tịch và các đồng chí trong Ủy ban. "
)
LONG = (SENTENCES * 2)[:1000].rstrip()
NEXT = [
    "Đề nghị lắp gương cầu lồi ở khúc cua ngõ 15, xe máy và ô tô hay va chạm vào giờ tan học.",
    "Xin hỏi thủ tục đăng ký hộ kinh doanh tại phường cần những giấy tờ gì và mất bao lâu?",
    "Khi nào phường tổ chức tiêm chủng mở rộng đợt tới cho trẻ em dưới 5 tuổi?",
]


@pytest.fixture
def hall(monkeypatch, request):
    """The server with the hall's Wi-Fi set, as the office would set it."""
    monkeypatch.setenv("DOITHOAI_WIFI_NAME", WIFI_NAME)
    monkeypatch.setenv("DOITHOAI_WIFI_PASSWORD", WIFI_PASSWORD)
    return request.getfixturevalue("server")


@contextlib.contextmanager
def opened(browser, url: str, size: tuple[int, int], role: str = "display", path: str | None = None):
    """A page at a projector's size, logged in; fails on a script error or a CSP refusal."""
    width, height = size
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    try:
        login(page, url, role)
        if path:
            page.goto(url + path)
        yield page
    finally:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _box(page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def _visible_qr(page, selector: str = ".join-qr") -> dict[str, float]:
    boxes = [q.bounding_box() for q in page.locator(selector).all() if q.is_visible()]
    assert len(boxes) == 1, f"one {selector} on screen, not {len(boxes)}"
    return boxes[0]


# Every element drawn (not display:none, not empty) whose box leaves the window.
OUTSIDE = """() => [...document.querySelectorAll("body *")].filter((node) => {
  const box = node.getBoundingClientRect();
  if (!box.width || !box.height || getComputedStyle(node).visibility === "hidden") return false;
  return box.bottom > innerHeight + 1 || box.right > innerWidth + 1;
}).map((node) => `${node.tagName}.${node.className}: ${node.textContent.slice(0, 40)}`)"""

# Every element (under `root`) with text of its own whose size is under `least` px.
SMALL_TEXT = """([least, root]) => [...document.querySelectorAll(`${root} *`)].filter((node) => {
  const own = [...node.childNodes].some((child) => child.nodeType === 3 && child.textContent.trim());
  const box = node.getBoundingClientRect();
  return own && box.width && box.height && parseFloat(getComputedStyle(node).fontSize) < least;
}).map((node) => `${node.tagName}.${node.className} ${getComputedStyle(node).fontSize}: ${node.textContent.slice(0, 30)}`)"""


def _phone_asks(server: str, text: str, **extra) -> int:
    """One phone (its own cookie, so its own device) sends a question."""
    status, body = live.Client(server, "admin").call("POST", "/api/questions", {"text": text, **extra})
    assert status == 201, body
    return body["id"]


def _question_on_screen(server: str) -> live.Client:
    chair = live.Client(server, "chairman")
    groups = {g["name"]: g["id"] for g in chair.call("GET", "/api/conference")[1]["groups"]}
    first = _phone_asks(server, LONG, group_id=groups["TDP số 2"], name="Nguyễn Thị Hoa")
    following = [_phone_asks(server, text, group_id=groups[f"TDP số {i + 3}"]) for i, text in enumerate(NEXT)]
    for question in (first, *following):
        status, body = chair.call("PATCH", f"/api/questions/{question}", {"status": "approved"})
        assert status == 200, body
    status, body = chair.call("PATCH", f"/api/questions/{first}", {"status": "on_screen"})
    assert status == 200, body
    return chair


def _page_texts(page) -> list[str]:
    """The question's pages in order, turned with the presenter's key; each checked whole."""
    texts = []
    for n in each_page(page, "#current-page"):
        fitted = page.evaluate("""() => { const box = document.getElementById("current-box");
            return [box.scrollHeight, box.clientHeight, box.scrollWidth, box.clientWidth]; }""")
        assert fitted[0] <= fitted[1] and fitted[2] <= fitted[3], f"page {n} overflows: {fitted}"
        texts.append(page.locator("#current-text").text_content())
    return texts


def test_a_long_question_with_the_timer_and_a_plus_is_never_cut(server, browser):
    chair = _question_on_screen(server)
    for width, height in SIZES:
        chair.call("PATCH", "/api/room", {"timer": "stop", "zoom": 1.0})
        with opened(browser, server, (width, height)) as screen:
            expect(screen.locator("#current")).to_be_visible()
            expect(screen.locator("#current-number")).to_have_text("Câu 1")
            expect(screen.locator("#current-meta")).to_contain_text("TDP số 2 · Nguyễn Thị Hoa")
            # The changes arrive while the page shows the question: each must fit it again.
            assert chair.call("PATCH", "/api/room", {"timer": "start"})[0] == 200
            expect(screen.locator("#timer")).to_be_visible()
            assert chair.call("PATCH", "/api/room", {"zoom": 1.3})[0] == 200
            expect(screen.locator("#stage")).to_have_attribute("data-zoom", "1.3")

            size = float(screen.locator("#current-text").evaluate("(node) => getComputedStyle(node).fontSize")[:-2])
            assert size >= FLOOR * height * 1.3 - 1, f"{size}px at {width}×{height}"
            qr = _visible_qr(screen)
            assert qr["height"] >= QR_SHARE * height, f"join QR {qr['height']}px at {width}×{height}"
            box, rail = _box(screen, "#current-box"), _box(screen, "#rail")
            assert box["x"] + box["width"] <= rail["x"] + 1, "the join QR's column covers the question"
            assert screen.evaluate(OUTSIDE) == []
            screen.wait_for_timeout(300)  # the fonts and the last fit settle before the picture
            screenshot(screen, f"screen-question-{width}x{height}.png")

            pages = _page_texts(screen)
            shown = " ".join(p.removeprefix("… ").removesuffix(" … (tiếp)") for p in pages)
            assert " ".join(shown.split()) == " ".join(LONG.split()), f"{len(pages)} pages at {width}×{height}"
            for page_text in pages[:-1]:
                assert page_text.endswith("(tiếp)")
            # What comes next: numbered, whole items only, under the QR.
            expect(screen.locator("#next-list li").first).to_contain_text("Câu 2")
            assert screen.evaluate("""() => { const s = document.getElementById("next");
                return s.scrollHeight <= s.clientHeight; }""")


def test_a_short_question_is_set_large_on_one_page(server, browser):
    chair = live.Client(server, "chairman")
    question = _phone_asks(server, "Khi nào sửa xong cầu Đồng Mai?")
    chair.call("PATCH", f"/api/questions/{question}", {"status": "approved"})
    chair.call("PATCH", f"/api/questions/{question}", {"status": "on_screen"})
    with opened(browser, server, (1024, 768)) as screen:
        expect(screen.locator("#current-text")).to_have_text("Khi nào sửa xong cầu Đồng Mai?")
        expect(screen.locator("#current-page")).to_be_hidden()
        size = float(screen.locator("#current-text").evaluate("(node) => getComputedStyle(node).fontSize")[:-2])
        assert size >= 0.08 * 768
        # A− then A+ twice: the text follows the zoom, and still nothing is cut.
        for zoom in (0.8, 1.5):
            chair.call("PATCH", "/api/room", {"zoom": zoom})
            expect(screen.locator("#stage")).to_have_attribute("data-zoom", str(zoom))
            assert screen.evaluate("""() => { const b = document.getElementById("current-box");
                return b.scrollHeight <= b.clientHeight; }""")


def test_idle_screen_and_poster_carry_the_wifi_and_the_join_code(hall, browser):
    from conference.qr import qr_data_uri
    from projector.routes import wifi_qr_text

    wifi_qr = qr_data_uri(wifi_qr_text(WIFI_NAME, WIFI_PASSWORD))
    for width, height in SIZES:
        with opened(browser, hall, (width, height)) as screen:
            expect(screen.locator("#idle")).to_be_visible()
            qr = _visible_qr(screen)
            assert qr["height"] >= QR_SHARE * height
            wifi = _visible_qr(screen, ".wifi-qr")
            assert wifi["height"] >= QR_SHARE * height
            assert abs(wifi["y"] - qr["y"]) < 2, "the Wi-Fi QR stands beside the join QR"
            expect(screen.locator("#idle")).to_contain_text(WIFI_NAME)
            expect(screen.locator("#idle")).to_contain_text(WIFI_PASSWORD)
            assert screen.locator("#idle .wifi-qr").get_attribute("src") == wifi_qr
            assert "http://" not in screen.locator("#idle .url").text_content()
            assert screen.evaluate(OUTSIDE) == []
            screen.wait_for_timeout(300)
            screenshot(screen, f"screen-idle-{width}x{height}.png")
        with opened(browser, hall, (width, height), role="admin", path="/poster") as poster:
            expect(poster.locator(".wifi-qr")).to_be_visible()
            expect(poster.locator(".join-qr")).to_be_visible()
            expect(poster.locator(".wifi-words")).to_contain_text(WIFI_PASSWORD)
            assert poster.locator(".wifi-qr").get_attribute("src") == wifi_qr
            # One A4 page: everything inside the sheet.
            assert poster.locator("article").evaluate("(a) => a.scrollHeight <= a.clientHeight")
            screenshot(poster, f"poster-{width}x{height}.png")


def test_the_wifi_code_escapes_what_the_format_reserves():
    from projector.routes import wifi_qr_text

    assert wifi_qr_text("Hội trường", "12345678") == "WIFI:T:WPA;S:Hội trường;P:12345678;;"
    assert wifi_qr_text('a;b,c:d"e\\f', 'p;q') == 'WIFI:T:WPA;S:a\\;b\\,c\\:d\\"e\\\\f;P:p\\;q;;'
    assert wifi_qr_text("Mở", "") == "WIFI:T:nopass;S:Mở;;"


def test_the_poster_without_wifi_keeps_one_large_code(server, browser):
    with opened(browser, server, (1366, 768), role="admin", path="/poster") as poster:
        expect(poster.locator(".join-qr")).to_be_visible()
        expect(poster.locator(".wifi-qr")).to_have_count(0)
        svg = poster.locator(".join-qr").get_attribute("src").split(",", 1)[1]
        assert b"<svg" in base64.b64decode(svg)


def _check_in(server: str, count: int) -> None:
    """Some of the officers and residents arrive, so the board has both kinds of marks."""
    admin = live.Client(server, "admin")
    people = admin.call("GET", "/api/invitees")[1]
    for person in people[:count:2] + people[count::7]:
        status, body = admin.call("POST", "/api/checkins", {"invitee_id": person["id"]})
        assert status in (200, 201), body


def test_the_projector_in_arrivals_mode(hall, browser):
    _check_in(hall, 60)
    chair = live.Client(hall, "chairman")
    assert chair.call("PATCH", "/api/room", {"screen_mode": "arrivals"})[0] == 200
    for width, height in SIZES:
        with opened(browser, hall, (width, height)) as screen:
            expect(screen.locator("#arrivals")).to_be_visible()
            expect(screen.locator("#arrivals .bar-row").first).to_be_visible()
            expect(screen.locator("#officers .person").first).to_be_visible()
            expect(screen.locator("#present")).to_have_text(re.compile(r"^\d+/\d+$"))
            qr = _visible_qr(screen)
            assert qr["height"] >= QR_SHARE * height, f"join QR {qr['height']}px at {width}×{height}"
            # The band with the QRs is below the board's last row, never over it.
            band = _box(screen, "#rail")
            lowest = screen.evaluate("""() => Math.max(...[...document.querySelectorAll("#arrivals *")]
                .map((node) => node.getBoundingClientRect()).filter((box) => box.height).map((box) => box.bottom))""")
            assert lowest <= band["y"] + 1, f"the footer covers the board at {width}×{height}"
            assert screen.evaluate(OUTSIDE) == [], f"at {width}×{height}"
            assert screen.evaluate(SMALL_TEXT, [20, "#arrivals"]) == []
            if height == 1080:
                assert screen.evaluate(SMALL_TEXT, [20, "body"]) == []
            screen.wait_for_timeout(300)
            screenshot(screen, f"screen-arrivals-{width}x{height}.png")


def test_the_board_fits_or_pages_a_hundred_officers(server, browser):
    _check_in(server, 60)
    for width, height in SIZES:
        with opened(browser, server, (width, height), path="/board") as board:
            expect(board.locator('.bar-row[data-group="TDP số 1"]')).to_have_count(1)
            expect(board.locator("#officers .person").first).to_be_visible()
            # Every officer once in the pages, and the list in pages that say so.
            names = board.locator("#officers .person .name").all_text_contents()
            assert sorted(names) == sorted(OFFICERS)
            counter = board.locator("#officers-page")
            expect(counter).to_be_visible()
            total = int(re.search(r"trang 1/(\d+)", counter.text_content()).group(1))
            assert total >= 2
            assert board.locator("footer").is_hidden()
            if (width, height) == (1920, 1080):
                assert board.evaluate(SMALL_TEXT, [20, "body"]) == []
                # The pages turn by themselves.
                expect(counter).to_have_text(f"trang 2/{total}", timeout=12_000)
                board.keyboard.press("PageUp")
            screen_pages = []
            for n in range(1, total + 1):
                expect(counter).to_have_text(f"trang {n}/{total}")
                assert board.evaluate(OUTSIDE) == [], f"page {n} at {width}×{height}"
                screen_pages.append(board.locator("#officers .page:visible .person .name").all_text_contents())
                if n == 1:
                    board.wait_for_timeout(300)
                    screenshot(board, f"board-{width}x{height}.png")
                board.keyboard.press("PageDown")
            assert sorted(sum(screen_pages, [])) == sorted(OFFICERS)
