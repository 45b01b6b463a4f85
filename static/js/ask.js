// The ask page on a resident's phone: send a question, follow its status live, show
// interest in approved questions, answer the chairman's question back ("Hỏi lại").
// Nothing typed is lost: the draft stays on the phone until it is sent, and who is asking
// (group, name, topic) stays for the next question, reloads included.
import { connect, el, fill, labels, Offline, request, sendIds } from "./api.js";

const L = labels();
const statuses = JSON.parse(L.statuses || "{}");
const form = document.getElementById("ask");
const mine = new Map();
const shown = new Map();
const DRAFT = "doithoai.ask.draft";
const PROFILE = "doithoai.ask.profile";
const FOLD_AT = 240; // a public question longer than this is folded, "Xem thêm" opens it
const FOLDED_LENGTH = 160; // what a folded one shows: some six lines of large text on a small phone
const reduceMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

let justSent = null; // the question sent last from this page: highlighted in "Câu hỏi của tôi"
const expanded = new Set(); // public questions opened with "Xem thêm"
// Question id → the answer being typed to its question back; kept on the phone, so a phone
// locked or a page closed mid-answer finds it again.
const ANSWERS = "doithoai.ask.answers";
const answers = new Map();
try {
  for (const [id, text] of Object.entries(JSON.parse(localStorage.getItem(ANSWERS) || "{}"))) {
    if (typeof text === "string") answers.set(Number(id), text);
  }
} catch { /* a damaged copy: start clean */ }
function keepAnswers() {
  try { localStorage.setItem(ANSWERS, JSON.stringify(Object.fromEntries(answers))); } catch { /* full: kept in the page */ }
}
const answerStatus = new Map(); // question id → { kind, text } under its answer box

function statusBadge(status) {
  return el("span", { class: `status ${status}`, text: statuses[status] || status });
}

let meetingEnded = false; // "Kết thúc hội nghị": a question back waiting is no longer answered
const waitingAnswer = (q) => Boolean(q.ask_back && !q.ask_back.answer && !meetingEnded);

// ---------------------------------------------------------------- "Hỏi lại"

function askBackBox(q) {
  const exchange = q.ask_back;
  const question = el("p", { class: "ask-back-question" }, el("strong", { text: L.askBack }), " ", exchange.text);
  const status = answerStatus.get(q.id);
  const note = el("p", { class: `ask-back-status ${status?.kind || ""}`, role: "status", text: status?.text || "" });
  if (exchange.answer) {
    return el("div", { class: "ask-back answered" }, question,
      el("p", { class: "ask-back-answer" }, el("strong", { text: L.askBackAnswered }), " ", exchange.answer), note);
  }
  if (meetingEnded) { // the record is finished: no box to type an answer the server will refuse
    return el("div", { class: "ask-back ended" }, question, el("p", { class: "ask-back-status", text: L.askBackEnded }));
  }
  const id = `ask-back-${q.id}`;
  const input = el("input", { id, class: "ask-back-input", autocomplete: "off", enterkeyhint: "send", dataset: { question: q.id } });
  input.value = answers.get(q.id) || "";
  input.addEventListener("input", () => { answers.set(q.id, input.value); keepAnswers(); });
  const box = el("form", { class: "ask-back waiting", dataset: { question: q.id } },
    question,
    el("label", { for: id, text: L.askBackLabel }),
    el("div", { class: "ask-back-line" }, input, el("button", { type: "submit", text: L.askBackSend })),
    note);
  box.addEventListener("submit", (event) => { event.preventDefault(); sendAnswer(q, input, box); });
  return box;
}

async function sendAnswer(q, input, box) {
  const button = box.querySelector("button");
  if (!input.value.trim()) {
    answerStatus.set(q.id, { kind: "error", text: L.askBackEmpty });
    renderMine();
    return;
  }
  button.disabled = true;
  try {
    const { status, data } = await request("POST", `/api/questions/${q.id}/ask-back/answer`, { text: input.value });
    if (status === 200) {
      answers.delete(q.id);
      keepAnswers();
      answerStatus.set(q.id, { kind: "ok", text: L.askBackSent });
      mine.set(data.id, data);
    } else {
      answerStatus.set(q.id, { kind: "error", text: data.message || L.askBackNetwork });
    }
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    answerStatus.set(q.id, { kind: "error", text: L.askBackNetwork });
  }
  renderMine();
}

// The chairman's question back arrives: shown where it belongs at once, highlighted; a bar at
// the top tells whoever is busy typing elsewhere on the page (or opens the page later on).
const alertBar = document.getElementById("ask-back-alert");
const seen = new Set(); // "id:at" of the questions back the asker has been shown
const key = (q) => `${q.id}:${q.ask_back.at}`;
const unseen = () => [...mine.values()].filter((q) => waitingAnswer(q) && !seen.has(key(q)));

function showAskBackAlert() {
  if (!alertBar) return;
  const show = unseen().length > 0;
  if (show && alertBar.hidden) {
    // Said again as it appears, so a screen reader announces it (the bar is role=alert).
    const text = alertBar.querySelector("#ask-back-alert-text");
    const words = text.textContent;
    text.textContent = "";
    requestAnimationFrame(() => { text.textContent = words; });
  }
  alertBar.hidden = !show;
}

function goToAskBack(focus) {
  const waiting = [...mine.values()].filter(waitingAnswer).sort((a, b) => b.id - a.id);
  for (const q of waiting) seen.add(key(q));
  showAskBackAlert();
  const box = waiting[0] && document.querySelector(`#mine li[data-id="${waiting[0].id}"] .ask-back`);
  if (!box) return;
  // The question back, the box and its button together; from its top when they cannot all fit.
  const block = box.getBoundingClientRect().height > window.innerHeight * 0.9 ? "start" : "center";
  box.scrollIntoView({ block, behavior: reduceMotion ? "auto" : "smooth" });
  if (focus) box.querySelector(".ask-back-input")?.focus({ preventScroll: true });
}

function askedBack() {
  try { navigator.vibrate?.([200, 100, 200]); } catch { /* no vibration here */ }
  const typing = document.activeElement?.matches?.("input, textarea, select");
  if (typing) showAskBackAlert();
  else goToAskBack(false);
}

alertBar?.querySelector("button").addEventListener("click", () => goToAskBack(true));

// ---------------------------------------------------------------- my questions

// After the meeting: what was promised (who, by when, to whom) and where it stands, on the
// asker's own phone for as long as the follow-up runs.
const dmy = (iso) => (iso ? iso.split("-").reverse().join("/") : "…");

// Who owes the asker what, by when: only what was recorded (the status already names the outcome).
function promise(q) {
  const who = q.reply_by && (q.status === "resolving" ? fill(L.resolving, { who: q.reply_by })
    : q.status === "written_reply" ? fill(L.writtenReply, { who: q.reply_by }) : "");
  const due = q.reply_due && ["resolving", "written_reply"].includes(q.status) ? fill(L.due, { due: dmy(q.reply_due) }) : "";
  const to = q.status === "referred" && q.referred_to ? fill(L.referredTo, { to: q.referred_to }) : "";
  const text = [who, due, to].filter(Boolean).join(", ");
  return text ? el("div", { class: "meta promise", text }) : null;
}

// One number per question, the one the projector, the record and /results show.
const numberOf = (q) => (q.number ? el("span", { class: "number", text: fill(L.number, { n: q.number }) }) : null);

function followupLine(q) {
  const states = { done: L.followupDone, in_progress: L.followupInProgress, overdue: L.followupOverdue };
  const state = states[q.followup] || q.followup;
  const done = q.followup === "done" && q.followup_done_on ? ` (${dmy(q.followup_done_on)})` : "";
  return `${L.followup} ${state}${done}`;
}

function renderMine() {
  const list = document.getElementById("mine");
  // A redraw keeps the caret of someone typing an answer.
  const active = document.activeElement;
  const typing = active?.classList?.contains("ask-back-input")
    ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
  const items = [...mine.values()].sort((a, b) => b.id - a.id);
  list.replaceChildren(...items.map((q) => el("li", {
    dataset: { id: q.id },
    class: [q.id === justSent && "just-sent", waitingAnswer(q) && "highlight"].filter(Boolean).join(" "),
  },
  el("div", { class: "row" }, numberOf(q), statusBadge(q.status), q.id === justSent ? el("span", { class: "new-badge", text: L.justSent }) : null),
  el("div", { class: "text", text: q.text }),
  q.original_text ? el("details", { class: "edited" }, el("summary", { text: L.edited }), el("div", { class: "text", text: q.original_text })) : null,
  q.id === justSent && q.status === "pending" ? el("div", { class: "sent-note", text: L.sent }) : null,
  q.responder ? el("div", { class: "meta", text: `${L.responder} ${q.responder}` }) : null,
  q.conclusion ? el("div", { class: "meta", text: `${L.conclusion} ${q.conclusion}` }) : null,
  q.reject_reason ? el("div", { class: "meta", text: q.reject_reason }) : null,
  q.status === "merged" && q.merged_into_number ? el("div", { class: "meta", text: fill(L.mergedInto, { n: q.merged_into_number }) }) : null,
  promise(q),
  q.followup ? el("div", { class: `followup ${q.followup}`, text: followupLine(q) }) : null,
  q.ask_back ? askBackBox(q) : null,
  )));
  if (typing) {
    const again = document.getElementById(typing.id);
    again?.focus({ preventScroll: true });
    try { again?.setSelectionRange(typing.start, typing.end); } catch { /* not a text field */ }
  }
  showAskBackAlert();
}

// ---------------------------------------------------------------- the hall's questions

function folded(q) {
  if (q.text.length <= FOLD_AT || expanded.has(q.id)) return q.text;
  const cut = q.text.slice(0, FOLDED_LENGTH);
  const space = cut.lastIndexOf(" ");
  return `${(space > FOLDED_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function foldButton(q, textId) {
  if (q.text.length <= FOLD_AT) return null;
  const open = expanded.has(q.id);
  return el("button", {
    type: "button", class: "link fold", text: open ? L.less : L.more,
    "aria-expanded": String(open), "aria-controls": textId,
    onclick: () => {
      if (open) expanded.delete(q.id); else expanded.add(q.id);
      renderPublic();
      document.querySelector(`#public li[data-id="${q.id}"] .fold`)?.focus({ preventScroll: true });
    },
  });
}

function renderPublic() {
  const list = document.getElementById("public");
  const items = [...shown.values()].sort((a, b) => (b.status === "on_screen") - (a.status === "on_screen") || b.interest - a.interest || a.id - b.id);
  list.replaceChildren(...items.map((q) => {
    const live = q.status === "approved" || q.status === "on_screen";
    const textId = `public-text-${q.id}`;
    // Each "Tôi cũng quan tâm" described by its own question: a screen reader tells them apart.
    const button = live
      ? el("button", { type: "button", class: q.voted ? "secondary" : "", text: q.voted ? L.interested : L.interest,
        "aria-describedby": textId, onclick: () => interest(q) })
      : null;
    if (button && q.voted) button.disabled = true;
    return el("li", { dataset: { id: q.id } },
      el("div", { class: "row" }, numberOf(q), statusBadge(q.status), el("span", { class: "meta", text: fill(L.count, { n: q.interest }) })),
      el("div", { class: "text", id: textId, text: folded(q) }),
      foldButton(q, textId),
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
  notice.textContent = screen.submissions === "paused" ? L.paused : open ? "" : screen.ended ? L.ended : L.closed;
  const ended = Boolean(screen.ended);
  if (ended !== meetingEnded || (ended && justSent !== null)) {
    meetingEnded = ended;
    justSent = ended ? null : justSent; // "Vừa gửi" no longer
    renderMine();
    showAskBackAlert();
  }
  document.getElementById("send").disabled = !open;
  // Closed for good: no form to type into, the phone's own questions come first. Paused: the
  // form stays (greyed), with what was typed, for when the chairman opens it again.
  document.getElementById("ask").hidden = !open && screen.submissions !== "paused";
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

// ---------------------------------------------------------------- the form: nothing typed is lost

const text = document.getElementById("text");
const count = document.getElementById("count");
// Characters as the server counts them (composed, one per emoji), not the browser's UTF-16 units.
function counted() {
  const n = [...text.value.normalize("NFC")].length;
  count.textContent = String(n);
  count.parentElement.classList.toggle("near", n > Number(text.maxLength) * 0.9);
  localStorage.setItem(DRAFT, text.value);
}

function readProfile() {
  try { return JSON.parse(localStorage.getItem(PROFILE)) || {}; } catch { return {}; }
}

// Who is asking: the name for any conference; the group and the topic only for this one (the
// next conference has other groups with other ids).
function keepProfile() {
  localStorage.setItem(PROFILE, JSON.stringify({
    conference: L.conference, group_id: form.group_id.value, group_other: form.group_other.value,
    name: form.name.value, show_name: form.show_name.checked, topic_id: form.topic_id.value,
  }));
}

function choose(select, value) {
  if (value && [...select.options].some((option) => option.value === value)) select.value = value;
}

function restoreProfile() {
  const profile = readProfile();
  if (typeof profile.name === "string") form.name.value = profile.name;
  if (typeof profile.show_name === "boolean") form.show_name.checked = profile.show_name;
  if (profile.conference === L.conference) {
    choose(form.group_id, profile.group_id);
    choose(form.topic_id, profile.topic_id);
    if (typeof profile.group_other === "string") form.group_other.value = profile.group_other;
  }
}

const groupOther = () => { document.getElementById("group-other").hidden = form.group_id.value !== "other"; };

if (text) {
  text.value = localStorage.getItem(DRAFT) || text.value; // or what the server gave back with a refusal
  text.addEventListener("input", counted);
  // "Đã gửi" is about the question gone: once the next is being typed, it would read as this one's.
  text.addEventListener("input", () => {
    const result = document.getElementById("ask-result");
    if (result.className === "ok") { result.className = ""; result.textContent = ""; }
    document.getElementById("form-answer")?.remove(); // the answer to a form sent without the script
  });
  counted();
  restoreProfile();
  groupOther();
  form.group_id.addEventListener("change", groupOther);
  for (const field of [form.group_id, form.group_other, form.name, form.show_name, form.topic_id]) {
    field.addEventListener(field.tagName === "SELECT" || field.type === "checkbox" ? "change" : "input", keepProfile);
  }
}

// After "Gửi": "Câu hỏi của tôi" comes into view with the question just sent, marked, so that
// with large text nobody sees the words simply vanish from the box.
function showSent() {
  renderMine();
  const title = document.getElementById("mine-title");
  title.focus({ preventScroll: true });
  document.getElementById("mine-section").scrollIntoView({ block: "start", behavior: reduceMotion ? "auto" : "smooth" });
}

// This question's own id until the server has answered (api.js sendIds).
const sends = sendIds("doithoai.ask.send");

// A send whose answer did not come (weak Wi-Fi): the question stays in the box, and it is sent
// again by itself, under the same send id, when the network or the connection is back, or
// when the server's copy of a new question of this phone arrives first — the server then
// answers as the first time (200) and writes nothing twice; only a text changed since waits
// for "Gửi".
let unsent = null;
let sending = false;
let retries = 0; // sends again by itself since "Gửi" was pressed: a few, then it waits for the person
let socket = null;

function questionBody() {
  const body = {
    text: form.text.value,
    name: form.name.value,
    show_name: form.show_name.checked,
    topic_id: form.topic_id.value ? Number(form.topic_id.value) : null,
  };
  // Only for a written reply: the staff see it, never the screen or other phones.
  if (form.phone.value.trim()) body.phone = form.phone.value.trim();
  body.send_id = sends.id(body.text);
  if (form.group_id.value === "other") body.group_other = form.group_other.value;
  else if (form.group_id.value) body.group_id = Number(form.group_id.value);
  return body;
}

async function send(body) {
  const result = document.getElementById("ask-result");
  const button = document.getElementById("send");
  sending = true;
  button.disabled = true;
  try {
    const { status, data } = await request("POST", "/api/questions", body);
    unsent = null;
    if (status === 201 || status === 200) { // 200: it had arrived, only the answer was lost
      sends.forget();
      result.className = "ok";
      result.textContent = L.sent;
      justSent = data.id;
      // The socket's `my_question` may have come first, with the server's own copy.
      const known = mine.get(data.id);
      mine.set(data.id, known || { id: data.id, status: data.status, text: body.text.trim(), interest: 0 });
      if (form.text.value === body.text) form.text.value = "";
      // Who asks stays for the next question; its field is chosen anew (a question on land
      // after one on the environment is not the environment's).
      form.topic_id.value = "";
      counted();
      keepProfile();
      showSent();
    } else {
      result.className = "error";
      result.textContent = data.message || L.network;
    }
  } catch {
    unsent = body;
    result.className = "error";
    result.textContent = L.network;
    // The live connection still works: most likely only the answer was lost on the way.
    if (socket?.connected && retries < 3) setTimeout(() => { retries += 1; sendAgain(); }, 1000);
  } finally {
    sending = false;
    button.disabled = false;
    // A refusal is shown whole (below the fold at large text, it was seen by nobody; a failure
    // without network came back so fast that the button kept the focus, and only the first
    // words showed); the focus goes to it when the button lost it while disabled. A success
    // moved both already.
    if (result.className === "error") {
      if (!document.activeElement || document.activeElement === document.body) result.focus({ preventScroll: true });
      const box = result.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        result.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
      }
    }
  }
}

function sendAgain() {
  if (unsent && !sending && form.text.value === unsent.text) send(unsent);
}

form?.addEventListener("submit", (event) => {
  event.preventDefault();
  if (sending) return;
  retries = 0;
  send(questionBody());
});

// The phone says its network is back: the question waiting goes now, not when the live
// connection is back (which may take a few seconds more).
window.addEventListener("online", sendAgain);

if (window.io && form) {
  socket = connect();
  socket.on("connect", () => { load(); sendAgain(); });
  socket.on("my_question", (q) => {
    const before = mine.get(q.id);
    if (!before) sendAgain(); // a question of this phone not known here: perhaps the one whose answer was lost
    mine.set(q.id, q);
    renderMine();
    if (waitingAnswer(q) && before?.ask_back?.at !== q.ask_back.at) askedBack();
  });
  socket.on("question", (q) => {
    if (q.text === undefined) shown.delete(q.id);
    else shown.set(q.id, { ...shown.get(q.id), ...q, voted: shown.get(q.id)?.voted || false });
    renderPublic();
  });
  socket.on("screen", showRoom);
}
