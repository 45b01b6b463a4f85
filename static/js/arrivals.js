// The arrivals board: bars per residential group against its quota, the officers and
// ward delegates by name, the pace and the latest arrivals; drawn on /board (board.js) and
// in the projector's arrivals mode (screen.js). Redrawn from GET /api/board on every
// `attendance` event and after every reconnect: the server is the truth.
// Nobody scrolls a projector: the lists are cut into pages that fit the window and turn by
// themselves every few seconds ("trang 1/3"); a heading never ends a column, and a group
// that goes on in the next column repeats its name with "(tiếp)". A name, a group's name
// a figure or a position is never cut: a row too narrow for it wraps onto a second line (a
// position that does not fit beside its name goes on a line of its own under it).
import { api, el, fill, labels } from "./api.js";
import { Rotation, turnWithKeys } from "./paging.js";

const L = labels("board-labels");
const PAGE_SECONDS = 8;
let timer = null;

// What of a row must show whole on its line, or the row wraps (a position: see position-below).
const WHOLE = ".name, .count, .bar-name, .bar-value, .bar-status";

// A list of one-line rows (`fit`, if given, sizes their columns first), laid out in as many columns as `columnEm`-wide ones fit, in
// pages of as many rows as fit the box's height. Where only one column would fit,
// `narrowEm`-wide ones are tried with the box marked "names-only". A row whose name does
// not fit its column's width is marked "wrap" (two lines) and counts its own height.
class PagedList {
  constructor(box, counter, columnEm, narrowEm = columnEm, fit = null) {
    this.box = box;
    this.counter = counter;
    this.columnEm = columnEm;
    this.narrowEm = narrowEm;
    this.fit = fit;
    this.rows = [];
    this.pages = [];
    this.size = "";
    this.rotation = new Rotation((index) => this.show(index), () => PAGE_SECONDS);
    new ResizeObserver(() => {
      if (this.size !== `${box.clientWidth}×${box.clientHeight}`) this.layout();
    }).observe(box);
  }

  set(rows) {
    this.rows = rows;
    this.layout();
  }

  layout() {
    const { box } = this;
    this.size = `${box.clientWidth}×${box.clientHeight}`;
    box.replaceChildren();
    if (!this.rows.length || !box.clientHeight) {
      this.pages = [];
      this.counter.hidden = true;
      this.rotation.reset(0);
      return;
    }
    const em = parseFloat(getComputedStyle(box).fontSize) || 20;
    let columns = Math.floor(box.clientWidth / (this.columnEm * em));
    const narrow = columns < 2 && Math.floor(box.clientWidth / (this.narrowEm * em)) >= 2;
    box.classList.toggle("names-only", narrow);
    if (narrow) columns = Math.floor(box.clientWidth / (this.narrowEm * em));
    columns = Math.max(1, columns);
    const template = `repeat(${columns}, minmax(0, 1fr))`;

    // Every row, and each heading's "(tiếp)" copy, measured in a column of the real width:
    // first which ones cut a name, then (those marked to wrap) each one's height.
    const copies = new Map(this.rows.filter((row) => row.dataset.heading).map((row) => [row, continued(row)]));
    const all = [...this.rows, ...copies.values()];
    all.forEach((row) => row.classList.remove("wrap", "position-below"));
    const probe = el("div", { class: "page" }, el("div", { class: "column" }, ...all));
    probe.style.gridTemplateColumns = template;
    box.append(probe);
    if (this.fit) this.fit(box, all);
    const cut = all.filter((row) => [...row.querySelectorAll(WHOLE)].some(isCut));
    cut.forEach((row) => row.classList.add("wrap"));
    // A position that does not fit beside its name goes under it, whole (never "— Trưởng Trạm y…").
    all.filter((row) => !row.classList.contains("wrap") && [...row.querySelectorAll(".position")].some(isCut))
      .forEach((row) => row.classList.add("position-below"));
    const height = new Map(all.map((row) => [row, row.getBoundingClientRect().height || 1]));
    const line = Math.min(...this.rows.map((row) => height.get(row)));
    probe.remove();
    const room = box.clientHeight + 0.5;

    const filled = [];
    let column = [];
    let used = 0;
    let heading = null;
    const close = () => { filled.push(column); column = []; used = 0; };
    const add = (row, h) => { column.push(row); used += h; };
    for (const row of this.rows) {
      const h = height.get(row);
      if (row.dataset.heading) {
        heading = row;
        if (column.length && used + h + line > room) close(); // a heading never ends a column
      } else if (column.length && used + h > room) {
        close();
        const copy = copies.get(heading);
        if (heading && height.get(copy) + h + line <= room) add(copy.cloneNode(true), height.get(copy));
      }
      add(row, h);
    }
    if (column.length) close();

    this.pages = [];
    for (let i = 0; i < filled.length; i += columns) {
      const page = el("div", { class: "page" }, ...filled.slice(i, i + columns).map((rows) => el("div", { class: "column" }, ...rows)));
      page.style.gridTemplateColumns = template;
      this.pages.push(page);
    }
    box.replaceChildren(...this.pages);
    this.rotation.reset(this.pages.length);
  }

  show(index) {
    this.pages.forEach((page, i) => { page.hidden = i !== index; });
    this.counter.hidden = this.pages.length < 2;
    this.counter.textContent = fill(L.page, { n: index + 1, total: this.pages.length });
  }
}

function continued(heading) {
  const copy = heading.cloneNode(true);
  const name = copy.querySelector(".name");
  name.textContent = `${name.textContent} ${L.more}`;
  return copy;
}

// The width of a node's text on one line, however its box cuts it.
function textWidth(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  return range.getBoundingClientRect().width;
}

// Whether a part's text is wider than its box, to the fraction of a pixel: scrollWidth and
// clientWidth are whole pixels, and a name 0.4 px too wide still ends in "…".
function isCut(part) {
  const style = getComputedStyle(part);
  const room = part.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return part.scrollWidth > part.clientWidth + 0.5 || textWidth(part) > room + 0.01;
}

// The bars' name column takes the width the longest group name needs ("Tổ dân phố số 13"
// on one line), the bar giving way down to its least, and the board gives the bars' side
// room for such a row, up to half its width (board.css); only a name longer still wraps
// onto a second line (.wrap), as any row does. Set on the board, whose columns it sizes;
// the lists' boxes then change size and lay themselves out again.
function fitNames(box, rows) {
  const widest = Math.max(0, ...rows.map((row) => textWidth(row.querySelector(".bar-name"))));
  (box.closest(".board") || box).style.setProperty("--bar-name", `${Math.ceil(widest) + 1}px`);
}

function bar(group) {
  const residents = group.residents_present;
  const scale = Math.max(group.quota, residents, 1);
  const status = group.level === "below" ? fill(L.below, { n: group.quota - residents })
    : group.level === "above" ? fill(L.above, { n: residents - group.quota }) : L.at;
  // Widths through the style object: the Content-Security-Policy refuses style attributes.
  const fillBar = el("div", { class: "bar-fill" });
  fillBar.style.width = `${Math.min(100, (residents / scale) * 100)}%`;
  const quota = el("div", { class: "bar-quota" });
  quota.style.left = `calc(${Math.min(100, (group.quota / scale) * 100)}% - 3px)`;
  return el("div", { class: `bar-row ${group.level}`, dataset: { group: group.name } },
    el("div", { class: "bar-name", text: group.name }),
    el("div", { class: "bar-track" }, fillBar, quota),
    el("div", { class: "bar-value", text: `${residents}/${group.quota}` }),
    el("div", { class: "bar-status", text: status }),
  );
}

// One line for each group's heading (with how many of its officers are in), one per person.
function officerRows(groups) {
  const rows = [];
  for (const group of groups) {
    const people = group.officers || [];
    if (!people.length) continue;
    const present = people.filter((person) => person.present).length;
    rows.push(el("div", { class: "row heading", dataset: { heading: "1" } },
      el("span", { class: "name", text: group.name }),
      el("span", { class: "count", text: `${present}/${people.length}` })));
    for (const person of people) {
      rows.push(el("div", { class: `row person ${person.present ? "present" : "absent"}` },
        el("span", { class: "mark", text: person.present ? "✓" : "–" }),
        el("span", { class: "name", text: person.name }),
        person.position ? el("span", { class: "position", text: `— ${person.position}` }) : null));
    }
  }
  return rows;
}

// Figures in the page's language: "3,8" in Vietnamese, "3.8" in English.
const decimal = new Intl.NumberFormat(document.documentElement.lang || "vi", { maximumFractionDigits: 1 });

let bars = null;
let officers = null;
let latestRows = [];

function render(data) {
  document.getElementById("present").textContent = `${data.present}/${data.capacity}`;
  document.getElementById("pace").textContent = decimal.format(data.per_minute);
  latestRows = data.latest;
  fitLatest(); // first: the officers' list takes the height it leaves
  bars.set(data.groups.filter((g) => g.kind === "tdp").map(bar));
  officers.set(officerRows(data.groups));
}

// As many of the newest arrivals as its few lines hold (two on a short board, where the
// officers need the height), none of them cut.
function fitLatest() {
  const latest = document.getElementById("latest");
  const board = latest.closest(".arrivals-board");
  latest.style.maxHeight = `${(board && board.clientHeight < 600 ? 2 : 4) * 1.45}em`;
  latest.replaceChildren(...latestRows.map((row) => el("li", {},
    el("span", { class: "time", text: row.time }),
    el("span", { text: ` ${row.name}` }),
    el("span", { class: "where", text: ` · ${row.group_name}` }),
    row.walk_in ? el("span", { class: "badge", text: L.walkIn }) : null,
    row.flagged ? el("span", { class: "badge", text: L.flagged }) : null,
  )));
  while (latest.lastChild && latest.scrollHeight > latest.clientHeight + 1) latest.lastChild.remove();
}

async function refresh() {
  try {
    render(await api("GET", "/api/board"));
    document.getElementById("board-status").textContent = "";
  } catch { /* the next event or reconnect tries again */ }
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 300);
}

// Draw the board in this page, on the page's own connection; shown again (the projector
// back in arrivals mode), it asks for the latest figures at once.
export function showBoard(socket) {
  if (bars) {
    refresh();
    return;
  }
  if (!document.getElementById("groups")) return;
  bars = new PagedList(document.getElementById("groups"), document.getElementById("groups-page"), 26, 26, fitNames);
  officers = new PagedList(document.getElementById("officers"), document.getElementById("officers-page"), 16, 11);
  turnWithKeys(bars.rotation, officers.rotation);
  socket.on("connect", refresh);
  socket.on("attendance", soon);
  socket.on("disconnect", () => {
    document.getElementById("board-status").textContent = L.reconnecting;
  });
  window.addEventListener("resize", fitLatest);
  setInterval(refresh, 30_000); // the pace moves even when nobody arrives
  refresh();
}
