// The ask page on a resident's phone: send a question, follow its status live, show
// interest in approved questions. The draft is kept on the phone until it is sent.
import { connect, el, fill, labels, request } from "./api.js";

const L = labels();
const statuses = JSON.parse(L.statuses || "{}");
const form = document.getElementById("ask");
const mine = new Map();
const shown = new Map();
const DRAFT = "doithoai.ask.draft";

function statusBadge(status) {
  return el("span", { class: `status ${status}`, text: statuses[status] || status });
}

function renderMine() {
  const list = document.getElementById("mine");
  const items = [...mine.values()].sort((a, b) => b.id - a.id);
  list.replaceChildren(...items.map((q) => el("li", { dataset: { id: q.id } },
    el("div", { class: "row" }, statusBadge(q.status)),
    el("div", { class: "text", text: q.text }),
    q.responder ? el("div", { class: "meta", text: `${L.responder} ${q.responder}` }) : null,
    q.conclusion ? el("div", { class: "meta", text: `${L.conclusion} ${q.conclusion}` }) : null,
    q.reject_reason ? el("div", { class: "meta", text: q.reject_reason }) : null,
  )));
}

function renderPublic() {
  const list = document.getElementById("public");
  const items = [...shown.values()].sort((a, b) => (b.status === "on_screen") - (a.status === "on_screen") || b.interest - a.interest || a.id - b.id);
  list.replaceChildren(...items.map((q) => {
    const live = q.status === "approved" || q.status === "on_screen";
    const button = live
      ? el("button", { type: "button", class: q.voted ? "secondary" : "", text: q.voted ? L.interested : L.interest, onclick: () => interest(q) })
      : null;
    if (button && q.voted) button.disabled = true;
    return el("li", { dataset: { id: q.id } },
      el("div", { class: "row" }, statusBadge(q.status), el("span", { class: "meta", text: fill(L.count, { n: q.interest }) })),
      el("div", { class: "text", text: q.text }),
      el("div", { class: "meta", text: [q.group_name, q.asker_name, q.topic_name].filter(Boolean).join(" · ") }),
      q.conclusion ? el("div", { class: "meta", text: `${L.conclusion} ${q.conclusion}` }) : null,
      button,
    );
  }));
}

function showRoom(screen) {
  const notice = document.getElementById("closed");
  const open = screen.submissions === "open";
  notice.hidden = open;
  notice.textContent = screen.submissions === "paused" ? L.paused : open ? "" : L.closed;
  document.getElementById("send").disabled = !open;
}

async function load() {
  const { status, data } = await request("GET", "/api/ask");
  if (status !== 200) return;
  mine.clear();
  for (const q of data.mine) mine.set(q.id, q);
  shown.clear();
  for (const q of data.public) shown.set(q.id, q);
  renderMine();
  renderPublic();
  showRoom(data.screen);
}

async function interest(question) {
  try {
    const { status, data } = await request("POST", `/api/questions/${question.id}/interest`);
    if (status === 200 || status === 409) {
      const q = shown.get(question.id);
      if (q) {
        q.voted = true;
        if (status === 200) q.interest = data.interest;
        renderPublic();
      }
    }
  } catch { /* weak Wi-Fi: the button stays, try again */ }
}

const text = document.getElementById("text");
const count = document.getElementById("count");
function counted() {
  count.textContent = String(text.value.length);
  count.parentElement.classList.toggle("near", text.value.length > Number(text.maxLength) * 0.9);
  localStorage.setItem(DRAFT, text.value);
}
if (text) {
  text.value = localStorage.getItem(DRAFT) || "";
  text.addEventListener("input", counted);
  counted();
  const group = document.getElementById("group");
  group.addEventListener("change", () => { document.getElementById("group-other").hidden = group.value !== "other"; });
}

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = document.getElementById("ask-result");
  const button = document.getElementById("send");
  const body = {
    text: form.text.value,
    name: form.name.value,
    show_name: form.show_name.checked,
    topic_id: form.topic_id.value ? Number(form.topic_id.value) : null,
  };
  // Only for a written reply: the staff see it, never the screen or other phones.
  if (form.phone.value.trim()) body.phone = form.phone.value.trim();
  if (form.group_id.value === "other") body.group_other = form.group_other.value;
  else if (form.group_id.value) body.group_id = Number(form.group_id.value);
  button.disabled = true;
  try {
    const { status, data } = await request("POST", "/api/questions", body);
    if (status === 201) {
      result.className = "ok";
      result.textContent = L.sent;
      mine.set(data.id, { id: data.id, status: data.status, text: form.text.value.trim(), interest: 0 });
      renderMine();
      form.text.value = "";
      counted();
    } else {
      result.className = "error";
      result.textContent = data.message || L.network;
    }
  } catch {
    result.className = "error";
    result.textContent = L.network;
  } finally {
    button.disabled = false;
  }
});

if (window.io && form) {
  const socket = connect();
  socket.on("connect", load);
  socket.on("my_question", (q) => { mine.set(q.id, q); renderMine(); });
  socket.on("question", (q) => {
    if (q.text === undefined) shown.delete(q.id);
    else shown.set(q.id, { ...shown.get(q.id), ...q, voted: shown.get(q.id)?.voted || false });
    renderPublic();
  });
  socket.on("screen", showRoom);
}
