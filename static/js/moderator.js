// The chairman's view (and the secretary's desk): pending, queue, on screen, done.
// Every change goes through the API; every screen redraws from the `question` events and
// reloads everything after a reconnect: the server is the single source of truth.
import { api, connect, el, fill, labels } from "./api.js";

const L = labels();
const statuses = JSON.parse(L.statuses || "{}");
const chairman = L.role === "chairman";
const questions = new Map();
let settings = null;
let selected = null;

// The vocabulary comes from the server (projector/vocabulary.py), never a copy here.
const DONE = JSON.parse(L.done || "[]");

function column(q) {
  return DONE.includes(q.status) ? "done" : q.status;
}

async function patch(q, body) {
  try {
    const updated = await api("PATCH", `/api/questions/${q.id}`, body);
    questions.set(updated.id, updated);
    render();
  } catch (error) {
    alert(error.status ? error.message : L.network);
  }
}

function button(text, onclick, className = "") {
  return el("button", { type: "button", class: className, text, onclick: (event) => { event.stopPropagation(); onclick(); } });
}

const moves = {
  approve: (q) => patch(q, { status: "approved" }),
  reject: (q) => {
    const reason = prompt(L.askReason, "");
    if (reason !== null) patch(q, { status: "rejected", reject_reason: reason });
  },
  merge: (q) => {
    const target = prompt(L.askMerge, "");
    if (target && Number(target)) patch(q, { merged_into: Number(target) });
  },
  edit: (q) => {
    const text = prompt(L.askText, q.text);
    if (text !== null && text !== q.text) patch(q, { text });
  },
  show: (q) => patch(q, { status: "on_screen" }),
  unshow: (q) => patch(q, { status: "approved" }),
  answered: (q) => patch(q, { status: "answered" }),
  written: (q) => {
    const by = prompt(L.askReplyBy, q.reply_by || q.responder || "");
    if (by === null) return;
    const due = prompt(L.askReplyDue, q.reply_due || "");
    if (due === null) return;
    patch(q, { status: "written_reply", reply_by: by, reply_due: due || null });
  },
  referred: (q) => {
    const to = prompt(L.askReferred, q.referred_to || "");
    if (to !== null) patch(q, { status: "referred", referred_to: to });
  },
  reopen: (q) => patch(q, { status: "approved" }),
};

async function move(q, step) {
  const queue = ordered("approved").map((x) => x.id);
  const index = queue.indexOf(q.id);
  const to = index + step;
  if (to < 0 || to >= queue.length) return;
  [queue[index], queue[to]] = [queue[to], queue[index]];
  try {
    await api("POST", "/api/questions/reorder", { order: queue });
    await load();
  } catch (error) { alert(error.message); }
}

function details(q) {
  // The on-screen question: who answers, the summary and the conclusion, saved together.
  const responder = el("select", { "aria-label": L.responder },
    el("option", { value: "", text: `— ${L.responder} —` }),
    ...(settings?.responders || []).map((name) => el("option", { value: name, text: name })));
  responder.value = q.responder || "";
  const summary = el("textarea", { rows: "2", placeholder: L.summary, "aria-label": L.summary });
  summary.value = q.answer_summary || "";
  const conclusion = el("textarea", { rows: "2", placeholder: L.conclusion, "aria-label": L.conclusion });
  conclusion.value = q.conclusion || "";
  return el("div", { class: "details", onclick: (e) => e.stopPropagation() },
    responder, summary, conclusion,
    button(L.save, () => patch(q, { responder: responder.value, answer_summary: summary.value, conclusion: conclusion.value }), "primary"));
}

function card(q) {
  const meta = [
    `#${q.id}`, q.group_name, q.show_name ? q.asker_name : (q.asker_name ? `${q.asker_name} (${L.hiddenName})` : ""),
    q.topic_name, fill(L.interest, { n: q.interest }), q.source === "floor" ? L.floor : "",
  ].filter(Boolean).join(" · ");
  const actions = el("div", { class: "card-actions" });
  if (chairman) {
    if (q.status === "pending") actions.append(button(L.approve, () => moves.approve(q), "primary"), button(L.reject, () => moves.reject(q)), button(L.merge, () => moves.merge(q)));
    if (q.status === "approved") actions.append(button(L.up, () => move(q, -1)), button(L.down, () => move(q, 1)), button(L.show, () => moves.show(q), "primary"), button(L.reject, () => moves.reject(q)), button(L.merge, () => moves.merge(q)));
    if (q.status === "on_screen") actions.append(button(L.answered, () => moves.answered(q), "primary"), button(L.written, () => moves.written(q)), button(L.referred, () => moves.referred(q)), button(L.unshow, () => moves.unshow(q)));
    if (DONE.includes(q.status)) actions.append(button(L.reopen, () => moves.reopen(q)));
  }
  if (!DONE.includes(q.status)) actions.append(button(L.edit, () => moves.edit(q)));
  const node = el("li", { class: `q ${q.attention ? "attention" : ""} ${selected === q.id ? "selected" : ""}`, dataset: { id: q.id }, tabindex: "0",
    onclick: () => { selected = q.id; render(); } },
    el("div", { class: "meta", text: meta }),
    q.attention ? el("span", { class: "badge short", text: L.attention }) : null,
    el("div", { class: "text", text: q.text }),
    q.edited ? el("details", {}, el("summary", { text: L.edited }), el("div", { class: "muted", text: `${L.original} ${q.original_text}` })) : null,
    DONE.includes(q.status) ? el("div", { class: "muted small", text: [statuses[q.status], q.responder, q.conclusion, q.reply_by && `${q.reply_by} ${q.reply_due || ""}`, q.referred_to].filter(Boolean).join(" · ") }) : null,
    actions,
    q.status === "on_screen" || (q.status === "approved" && !chairman) ? details(q) : null,
  );
  return node;
}

function ordered(name) {
  const list = [...questions.values()].filter((q) => column(q) === name);
  if (name === "pending") {
    return document.getElementById("sort-interest")?.checked ? list.sort((a, b) => b.interest - a.interest || a.id - b.id) : list.sort((a, b) => a.id - b.id);
  }
  if (name === "approved") return list.sort((a, b) => (a.queue_order ?? a.id) - (b.queue_order ?? b.id) || a.id - b.id);
  if (name === "done") return list.sort((a, b) => (b.closed_at || "").localeCompare(a.closed_at || "") || b.id - a.id);
  return list;
}

function render() {
  for (const section of document.querySelectorAll(".column")) {
    const name = section.dataset.column;
    const list = ordered(name);
    section.querySelector(".cards").replaceChildren(...list.map(card));
    const n = section.querySelector(".n");
    if (n) n.textContent = `(${list.length})`;
  }
}

function showRoom(state) {
  const room = document.getElementById("room-state");
  if (!room) return;
  room.textContent = state.submissions === "open" ? L.open : state.submissions === "paused" ? L.paused : L.closed;
  for (const b of document.querySelectorAll("[data-submissions]")) b.classList.toggle("primary", b.dataset.submissions === state.submissions);
  for (const b of document.querySelectorAll("[data-mode]")) b.classList.toggle("primary", b.dataset.mode === (state.mode || state.screen_mode));
  const seconds = document.getElementById("timer-seconds");
  if (seconds && document.activeElement !== seconds) seconds.value = state.timer.seconds;
  timer = state.timer;
}

let timer = null;
setInterval(() => {
  const left = document.getElementById("timer-left");
  if (!left) return;
  if (!timer?.started_at) { left.textContent = ""; return; }
  const remaining = Math.round(timer.seconds - (Date.now() - Date.parse(timer.started_at)) / 1000);
  left.textContent = `${remaining < 0 ? "−" : ""}${Math.floor(Math.abs(remaining) / 60)}:${String(Math.abs(remaining) % 60).padStart(2, "0")}`;
  left.classList.toggle("late", remaining <= 30);
}, 500);

async function room(body) {
  try {
    settings = await api("PATCH", "/api/room", body);
    showRoom(settings);
  } catch (error) { alert(error.status ? error.message : L.network); }
}

document.querySelectorAll("[data-submissions]").forEach((b) => b.addEventListener("click", () => room({ submissions: b.dataset.submissions })));
document.querySelectorAll("[data-mode]").forEach((b) => b.addEventListener("click", () => room({ screen_mode: b.dataset.mode })));
document.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => {
  const zoom = Math.round(((settings?.zoom || 1) + Number(b.dataset.zoom)) * 10) / 10;
  room({ zoom: Math.min(2.5, Math.max(0.5, zoom)) });
}));
document.getElementById("timer-start")?.addEventListener("click", () => room({ timer: "start", timer_seconds: Number(document.getElementById("timer-seconds").value) || 180 }));
document.getElementById("timer-stop")?.addEventListener("click", () => room({ timer: "stop" }));
document.getElementById("sort-interest")?.addEventListener("change", render);

document.getElementById("floor-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = { text: form.text.value, name: form.name.value };
  if (form.group_id.value) body.group_id = Number(form.group_id.value);
  try {
    const q = await api("POST", "/api/floor-questions", body);
    questions.set(q.id, q);
    form.reset();
    render();
  } catch (error) { alert(error.status ? error.message : L.network); }
});

// Keyboard shortcuts on a laptop; never while typing in a field.
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  const all = ["pending", "approved", "on_screen", "done"].flatMap(ordered);
  const index = all.findIndex((q) => q.id === selected);
  const q = all[index];
  const key = event.key.toLowerCase();
  if (key === "j" || key === "k") {
    const next = all[Math.max(0, Math.min(all.length - 1, index + (key === "j" ? 1 : -1)))];
    if (next) { selected = next.id; render(); document.querySelector(`.q[data-id="${next.id}"]`)?.scrollIntoView({ block: "nearest" }); }
    return;
  }
  if (!q || !chairman) return;
  const actions = { a: q.status === "pending" && moves.approve, r: ["pending", "approved"].includes(q.status) && moves.reject,
    s: q.status === "approved" && moves.show, d: q.status === "on_screen" && moves.answered,
    u: DONE.includes(q.status) && moves.reopen, e: moves.edit };
  if (actions[key]) { event.preventDefault(); actions[key](q); }
});

const settingsForm = document.getElementById("settings-form");
function fillSettings(state) {
  if (!settingsForm) return;
  settingsForm.topics.value = (state.topics || []).map((t) => t.name).join("\n");
  settingsForm.responders.value = (state.responders || []).join("\n");
  settingsForm.attention_words.value = (state.attention_words || []).join("\n");
}
settingsForm?.addEventListener("submit", (event) => {
  event.preventDefault();
  const lines = (value) => value.split("\n").map((line) => line.trim()).filter(Boolean);
  room({ topics: lines(settingsForm.topics.value), responders: lines(settingsForm.responders.value),
    attention_words: lines(settingsForm.attention_words.value) }).then(() => { fillSettings(settings); render(); });
});

async function load() {
  const [list, state] = await Promise.all([api("GET", "/api/questions"), api("GET", "/api/room")]);
  questions.clear();
  for (const q of list) questions.set(q.id, q);
  settings = state;
  showRoom({ ...state, mode: state.screen_mode });
  fillSettings(state);
  render();
}

if (window.io && document.querySelector(".columns")) {
  const socket = connect();
  socket.on("connect", load);
  socket.on("question", (q) => { if (q.original_text !== undefined) { questions.set(q.id, q); render(); } });
  socket.on("screen", (screen) => { if (settings) { settings = { ...settings, zoom: screen.zoom, screen_mode: screen.mode, submissions: screen.submissions, timer: screen.timer }; showRoom(screen); } });
}
