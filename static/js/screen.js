// The projector, no mouse: redrawn from the `screen` event and from GET /api/screen after
// every (re)connect. The question is set as large as its box allows, times the chairman's
// zoom, and fitted again after anything that changes the box: the timer, the next items,
// the responder, the window, the fonts arriving. It is never cut: when it cannot fit at
// the smallest size read from the back of the hall, it is shown in pages that turn by
// themselves, each ending "… (tiếp)", with "trang 1/3" beside the responder. A+ makes a
// question that fits on one page larger only while it still fits on one page.
// With submissions paused or closed (after "Kết thúc hội nghị") nothing invites the hall to
// scan: no join code, no Wi-Fi code, a sentence that says so.
import { connect, el, fill, labels } from "./api.js";
import { showBoard } from "./arrivals.js";
import { Rotation, turnWithKeys } from "./paging.js";

const L = labels();
const stage = document.getElementById("stage");
const text = document.getElementById("current-text");
const box = document.getElementById("current-box");
const pageCount = document.getElementById("current-page");
const nextSection = document.getElementById("next");
const nextList = document.getElementById("next-list");

// The board's totals sit in the screen's header beside the title (arrivals mode), so the
// board keeps its height for its rows and the title keeps the room to wrap.
const totals = document.querySelector("#arrivals .totals");
if (totals) stage.querySelector(":scope > header").append(totals);

// Sizes as shares of the screen's height, so a 1024×768 projector reads like a 1920×1080 one.
// The floor is about what a slide's 22 pt is (43 px at 1080, 31 px at 768): below it the
// back rows of the hall cannot read, so a longer text goes to pages instead.
const FLOOR = 0.04;
const CEILING = 0.12; // a short question is not set larger than this (before the zoom)
const SMALLEST = 12; // A− on a page of small text stops here

let state = null;
let tokens = []; // the text as words and spaces (a word over 24 letters in pieces), to break pages between them
let pages = []; // [from, to) ranges of tokens
let fitted = ""; // what the current pages were made for: skip the work when nothing changed

const rotation = new Rotation(showPage, (index) => {
  const [from, to] = pages[index] || [0, 0];
  const letters = tokens.slice(from, to).join("").length;
  return Math.min(45, Math.max(10, letters * 0.06)); // about the pace of reading it aloud
});
turnWithKeys(rotation);

function setRange(from, to) {
  const parts = [];
  if (from > 0) parts.push(el("span", { class: "more", text: "… " }));
  parts.push(tokens.slice(from, to).join("").trim());
  if (to < tokens.length) parts.push(el("span", { class: "more", text: ` … ${L.more}` }));
  text.replaceChildren(...parts);
}

function fits() {
  return box.scrollHeight <= box.clientHeight && box.scrollWidth <= box.clientWidth;
}

function setSize(px) {
  text.style.fontSize = `${px}px`;
}

// The largest whole-pixel size from `low` (assumed to fit) below `high` at which all fits.
function largest(low, high) {
  setSize(high);
  if (fits()) return high;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    setSize(mid);
    if (fits()) low = mid; else high = mid;
  }
  return low;
}

// Pages of as many words as fit with their "… (tiếp)", ending at a sentence or a clause
// when one is near the end. Every page holds at least one word, so this always ends.
function paginate() {
  const result = [];
  let from = 0;
  while (from < tokens.length) {
    while (from < tokens.length && !tokens[from].trim()) from += 1;
    if (from >= tokens.length) break;
    setRange(from, tokens.length);
    if (fits()) {
      result.push([from, tokens.length]);
      break;
    }
    let low = from + 1, high = tokens.length;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      setRange(from, mid);
      if (fits()) low = mid; else high = mid;
    }
    for (let end = low; end > from + (low - from) * 0.7; end -= 1) {
      if (/[.!?…;:,]$/.test(tokens[end - 1])) { low = end; break; }
    }
    result.push([from, low]);
    from = low;
  }
  return result;
}

function showPage(index) {
  const [from, to] = pages[index];
  setRange(from, to);
  pageCount.hidden = pages.length < 2;
  pageCount.textContent = fill(L.page, { n: index + 1, total: pages.length });
}

function fit(force = false) {
  const question = state?.question;
  if (!question || stage.dataset.mode !== "question" || box.clientHeight < 10) return; // not laid out yet
  const zoom = state.zoom || 1;
  const key = [question.id, question.text, zoom, box.clientWidth, box.clientHeight, window.innerHeight].join("|");
  if (key === fitted && !force) return;
  const newText = !fitted.startsWith(`${question.id}|${question.text}|`);
  const anchor = newText ? 0 : (pages[rotation.index] || [0])[0];
  fitted = key;

  tokens = question.text.match(/\s+|\S{1,24}/g) || [""];
  const floor = Math.round(window.innerHeight * FLOOR);
  const ceiling = Math.max(floor, Math.round(window.innerHeight * CEILING));
  setRange(0, tokens.length);
  setSize(floor);
  const whole = fits();
  const base = whole ? largest(floor, ceiling) : floor;
  let size = Math.max(SMALLEST, Math.round(base * zoom));
  // A+ never splits a question that fits on one page: it grows while it still fits.
  if (whole && size > base) size = largest(base, size);
  setSize(size);
  stage.dataset.zoom = String(zoom);

  pages = paginate();
  // Stay on the words being read when only the space changed (the timer, the window).
  let index = pages.findIndex(([from, to]) => anchor >= from && anchor < to);
  if (index < 0) index = 0;
  rotation.reset(pages.length, index, newText);
  fitNext();
}

// What comes next, as many as fit whole under the join QR (never one cut in half).
function fitNext() {
  const next = state?.question ? state.next || [] : [];
  nextList.replaceChildren(...next.map((q) => el("li", {},
    q.number ? el("span", { class: "number", text: fill(L.number, { n: q.number }) }) : null,
    q.number ? " " : null,
    q.text)));
  nextSection.hidden = next.length === 0;
  while (nextList.lastChild && nextSection.scrollHeight > nextSection.clientHeight) nextList.lastChild.remove();
  nextSection.hidden = nextList.childElementCount === 0;
}

// The field being taken ("Đang đối thoại: Đất đai – xây dựng (5 ý kiến)"): its own band under
// the header, as long as the name is (the question's box gives way and is fitted again).
function showTopic(topic, mode) {
  const band = document.getElementById("topic");
  band.hidden = !topic || mode === "arrivals";
  stage.toggleAttribute("data-topic", !band.hidden);
  if (!topic) return;
  document.getElementById("topic-name").textContent = topic.name;
  document.getElementById("topic-count").textContent = fill(L.topicCount, { n: topic.count });
}

function render(screen) {
  state = screen;
  const question = screen.question;
  const mode = screen.mode === "arrivals" ? "arrivals" : question ? "question" : "idle";
  stage.dataset.mode = mode;
  showTopic(screen.topic, mode);
  document.getElementById("current").hidden = mode !== "question";
  document.getElementById("idle").hidden = mode !== "idle";
  document.getElementById("rail").hidden = mode === "idle";
  const arrivals = document.getElementById("arrivals");
  const shown = !arrivals.hidden;
  arrivals.hidden = mode !== "arrivals";
  if (mode === "arrivals" && !shown) showBoard(socket); // its lists fit the space it has now
  if (question) {
    document.getElementById("current-number").textContent = question.number ? fill(L.number, { n: question.number }) : "";
    // The field is said once: in its band when it is the one taken now.
    const field = question.topic_name !== screen.topic?.name ? question.topic_name : "";
    document.getElementById("current-meta").textContent = [question.group_name, question.asker_name, field].filter(Boolean).join(" · ");
    document.getElementById("current-responder").textContent = question.responder ? fill(L.responder, { name: question.responder }) : "";
  } else {
    rotation.reset(0);
    fitted = "";
  }
  showSubmissions(screen.submissions, screen.ended);
  tick();
  fit();
  fitNext();
}

// Open: the join code (and the Wi-Fi's) invite the hall. Paused or closed: no code anywhere,
// and the idle screen says why instead.
function showSubmissions(submissions, ended) {
  const open = submissions === "open";
  const paused = submissions === "paused";
  stage.toggleAttribute("data-closed", !open);
  document.getElementById("join").hidden = !open;
  document.getElementById("closed-note").hidden = open;
  document.getElementById("closed-title").textContent = open ? "" : paused ? L.pausedTitle
    : ended ? L.endedTitle : L.closedTitle;
  document.getElementById("closed-line").textContent = open ? "" : paused ? L.pausedLine : L.closedLine;
  document.getElementById("status").textContent = open ? "" : paused ? L.paused : L.closed;
  // Under the board the band holds only the codes: without them it goes.
  if (stage.dataset.mode === "arrivals") document.getElementById("rail").hidden = !open;
}

function tick() {
  const node = document.getElementById("timer");
  const timer = state?.timer;
  if (!timer?.started_at || !state?.question || stage.dataset.mode !== "question") { node.hidden = true; return; }
  const left = Math.round(timer.seconds - (Date.now() - Date.parse(timer.started_at)) / 1000);
  node.hidden = false;
  node.textContent = `${left < 0 ? "−" : ""}${Math.floor(Math.abs(left) / 60)}:${String(Math.abs(left) % 60).padStart(2, "0")}`;
  node.classList.toggle("late", left <= 30);
}
setInterval(tick, 250);

// Anything that changes the box's size fits the text again: the header's timer, the
// responder's line, the next items' column, the window.
let pending = 0;
new ResizeObserver(() => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(() => { fit(); fitNext(); });
}).observe(box);
window.addEventListener("resize", () => fitNext());
// The fonts arrive after the first drawing: the same words take another width.
document.fonts.ready.then(() => fit(true));
document.fonts.addEventListener("loadingdone", () => fit(true));

async function load() {
  const response = await fetch("/api/screen", { credentials: "same-origin" });
  if (response.ok) render(await response.json());
}

const socket = connect();
socket.on("connect", load);
socket.on("screen", render);
socket.on("question", (q) => {
  // Interest or the responder of the question on screen changed: take it from the event.
  if (state?.question && q.id === state.question.id && q.text !== undefined) {
    render({ ...state, question: q.status === "on_screen" ? q : null }); // the `screen` after it brings the field's count
  }
});
socket.on("disconnect", () => { document.getElementById("status").textContent = L.reconnecting; });
