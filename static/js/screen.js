// The projector, no mouse: redrawn from the `screen` event and from GET /api/screen after
// every (re)connect. The question's text fits itself to the space, times the zoom the
// chairman sets.
import { connect, el, fill, labels } from "./api.js";

const L = labels();
const text = document.getElementById("current-text");
const box = document.getElementById("current-box");
let state = null;

function fit() {
  if (!state?.question) return;
  // The largest size at which the whole text fits the box, then the chairman's zoom.
  let low = 16, high = Math.max(24, window.innerHeight / 6);
  for (let i = 0; i < 12; i++) {
    const size = (low + high) / 2;
    text.style.fontSize = `${size}px`;
    if (text.scrollHeight <= box.clientHeight && text.scrollWidth <= box.clientWidth) low = size; else high = size;
  }
  const zoom = state.zoom || 1;
  text.style.fontSize = `${Math.max(16, low * zoom)}px`;
  box.style.overflow = zoom > 1 ? "auto" : "hidden";
}

function render(screen) {
  state = screen;
  const arrivals = screen.mode === "arrivals";
  document.getElementById("questions-mode").hidden = arrivals;
  const frame = document.getElementById("arrivals");
  frame.hidden = !arrivals;
  if (arrivals && !frame.src) frame.src = L.board;
  const question = screen.question;
  document.getElementById("current").hidden = !question;
  document.getElementById("idle").hidden = Boolean(question);
  if (question) {
    text.textContent = question.text;
    document.getElementById("current-meta").textContent = [question.group_name, question.asker_name, question.topic_name].filter(Boolean).join(" · ");
    document.getElementById("current-responder").textContent = question.responder ? fill(L.responder, { name: question.responder }) : "";
  }
  const next = screen.next || [];
  document.getElementById("next").hidden = !question || next.length === 0;
  document.getElementById("next-list").replaceChildren(...next.map((q) => el("li", { text: q.text })));
  document.getElementById("status").textContent = screen.submissions === "open" ? "" : L.closed;
  fit();
}

function tick() {
  const node = document.getElementById("timer");
  const timer = state?.timer;
  if (!timer?.started_at || !state?.question) { node.hidden = true; return; }
  const left = Math.round(timer.seconds - (Date.now() - Date.parse(timer.started_at)) / 1000);
  node.hidden = false;
  node.textContent = `${left < 0 ? "−" : ""}${Math.floor(Math.abs(left) / 60)}:${String(Math.abs(left) % 60).padStart(2, "0")}`;
  node.classList.toggle("late", left <= 30);
}
setInterval(tick, 250);
window.addEventListener("resize", fit);

async function load() {
  const response = await fetch("/api/screen", { credentials: "same-origin" });
  if (response.ok) render(await response.json());
  document.getElementById("status").textContent = "";
}

const socket = connect();
socket.on("connect", load);
socket.on("screen", render);
socket.on("question", (q) => {
  // Interest or the responder of the question on screen changed: take it from the event.
  if (state?.question && q.id === state.question.id && q.text !== undefined) {
    render({ ...state, question: q.status === "on_screen" ? q : null });
  }
});
socket.on("disconnect", () => { document.getElementById("status").textContent = L.reconnecting; });
