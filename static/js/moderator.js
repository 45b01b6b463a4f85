// The chairman's view (and the secretary's desk): pending, queue, on screen, done.
// Every change goes through the API; every screen redraws from the `question` events and
// reloads everything after a reconnect: the server is the single source of truth.
// Nothing typed is lost: the answer fields are drafts, kept across redraws and reloads until
// the server has them, and an outcome button sends them with the outcome. Every choice that
// needs more than a click is made in one <dialog> built in the page: no browser pop-up.
import { api, connect, el, fill, labels, sendIds } from "./api.js";
import { TopicEditor, byTopic, groupedView, setGroupedView, topicLine } from "./moderator-topics.js";
import { similarMatters } from "./similar.js";
import { dateInput, dmy, isoDate, localIso } from "./dates.js";

const L = labels();
const statuses = JSON.parse(L.statuses || "{}");
// The vocabulary comes from the server (projector/vocabulary.py), never a copy here.
const DONE = JSON.parse(L.done || "[]");
const chairman = L.role === "chairman";
const questions = new Map();
let settings = null;
let selected = null;

const number = (q) => fill(L.number, { n: q?.number ?? q?.id ?? "?" });
const reason = (error) => error?.body?.message || L.network;
const stop = (event) => event.stopPropagation();

function column(q) {
  return DONE.includes(q.status) ? "done" : q.status;
}

// ---------------------------------------------------------------- drafts: nothing typed is lost

const DRAFTS = "doithoai.moderator.drafts";
const drafts = new Map();
try {
  for (const [id, fields] of Object.entries(JSON.parse(sessionStorage.getItem(DRAFTS) || "{}"))) drafts.set(Number(id), fields);
} catch { /* a damaged copy: start clean */ }
const refusals = new Map(); // question id → the server's last "no", shown on its card

// What the server had in a field when this page began to change it (a draft's first key, a
// dialog's opening): sent as `was`, so a save that would write over another's since is
// refused (409) with what they saved, instead of losing it unseen.
const OPENED = "doithoai.moderator.opened";
const bases = new Map();
try {
  for (const [id, fields] of Object.entries(JSON.parse(sessionStorage.getItem(OPENED) || "{}"))) bases.set(Number(id), fields);
} catch { /* a damaged copy: start clean */ }

function keepDrafts() {
  sessionStorage.setItem(DRAFTS, JSON.stringify(Object.fromEntries(drafts)));
  sessionStorage.setItem(OPENED, JSON.stringify(Object.fromEntries(bases)));
}

function setBase(id, field, value) {
  bases.set(id, { ...bases.get(id), [field]: value ?? "" });
}

function current(q, field) {
  const draft = drafts.get(q.id);
  return draft && field in draft ? draft[field] : (q[field] ?? "");
}

// The typed fields the server does not have yet.
function unsaved(q) {
  const draft = drafts.get(q.id) || {};
  return Object.fromEntries(Object.entries(draft).filter(([field, value]) => value !== (q[field] ?? "")));
}

// What the server now has is no longer a draft, nor a field being changed.
function settle(id, sent) {
  const draft = drafts.get(id) || {};
  const base = bases.get(id) || {};
  for (const [field, value] of Object.entries(sent)) {
    if (draft[field] === value) delete draft[field];
    if (!(field in draft)) delete base[field];
  }
  forget(id, Object.keys(sent));
  if (!Object.keys(draft).length) drafts.delete(id);
  if (!Object.keys(base).length) bases.delete(id);
  keepDrafts();
}

// The fields another saved while this page had them open: the server's value beside ours.
// A refusal already showed them: still shown, and the next save writes over them knowingly.
const acknowledged = new Map(); // question id → Set of fields
function savedByOthers(q) {
  const draft = drafts.get(q.id) || {};
  const base = bases.get(q.id) || {};
  const seen = acknowledged.get(q.id);
  return Object.keys(draft).filter((f) => f in base && (q[f] ?? "") !== draft[f]
    && ((q[f] ?? "") !== base[f] || seen?.has(f)));
}

function forget(id, fields) {
  const seen = acknowledged.get(id);
  for (const f of fields) seen?.delete(f);
  if (seen && !seen.size) acknowledged.delete(id);
}

const FIELD_LABELS = () => ({ text: L.text, conclusion: L.conclusion, answer_summary: L.summary, responder: L.responder,
  reply_by: L.replyBy, reply_due: L.due, referred_to: L.referredTo, reject_reason: L.reason });

function storedLines(stored, fields) {
  return fields.map((f) => `${FIELD_LABELS()[f] || f} ${L.storedNow} ${(f === "reply_due" ? dmy(stored[f]) : stored[f]) || L.storedEmpty}`);
}

// A move from a card sends that card's unsaved fields in the same PATCH.
const withDrafts = (q, body) => ({ ...unsaved(q), ...body });

// One PATCH at a time per question (a double click sends one); a refusal goes to `show`
// (the dialog) or to the card, and what was typed stays.
// `opened`: a dialog's fields as it showed them; a field being changed on the card has its own.
const busy = new Set();
async function patch(q, body, show = null, opened = {}) {
  if (busy.has(q.id)) return false;
  busy.add(q.id);
  const base = bases.get(q.id) || {};
  const was = {};
  for (const f of Object.keys(FIELD_LABELS())) {
    if (f in body && (f in base || f in opened)) was[f] = f in base ? base[f] : (opened[f] ?? "");
  }
  try {
    const updated = await api("PATCH", `/api/questions/${q.id}`, Object.keys(was).length ? { ...body, was } : body);
    similarity.changed(updated, questions.get(updated.id));
    questions.set(updated.id, updated);
    settle(q.id, body);
    refusals.delete(q.id);
    render();
    return true;
  } catch (error) {
    let message = reason(error);
    const stored = error.body?.error === "changed_meanwhile" ? error.body.question : null;
    if (stored) {
      // What they saved, said beside ours (on the card, or in the dialog); ours stays typed,
      // and the next save is made knowing it.
      const theirs = Object.keys(was).filter((f) => (stored[f] ?? "") !== was[f]);
      // Only where ours differs from what we opened: a field we left alone stays "as opened",
      // so the next save leaves their value in place.
      for (const f of theirs) if ((body[f] ?? "") !== was[f]) setBase(q.id, f, stored[f]);
      keepDrafts();
      acknowledged.set(q.id, new Set([...(acknowledged.get(q.id) || []), ...theirs]));
      questions.set(stored.id, stored);
      // In the dialog the card is covered: ours is said too, so the two can be compared there.
      const ours = theirs.filter((f) => f in body && (body[f] ?? "") !== (stored[f] ?? ""))
        .map((f) => `${FIELD_LABELS()[f] || f} ${L.yoursNow} ${(f === "reply_due" ? dmy(body[f]) : body[f]) || L.storedEmpty}`);
      if (show) message = [message, ...storedLines(stored, theirs), ...ours].join("\n");
    }
    if (show) show(message);
    else { refusals.set(q.id, message); render(); }
    return false;
  } finally {
    busy.delete(q.id);
  }
}

// ---------------------------------------------------------------- the dialog

const dialog = document.getElementById("act");
const dialogForm = document.getElementById("act-form");
const dialogStatus = document.getElementById("act-status");
const dialogSave = document.getElementById("act-save");
let open = null; // { q, submit, returnTo }
let fieldIds = 0;

function field(label, control, hint = null) {
  control.id = `act-${++fieldIds}`;
  const note = hint ? el("small", { class: "hint", id: `${control.id}-hint`, text: hint }) : null;
  if (note) control.setAttribute("aria-describedby", note.id);
  return el("div", { class: "field" }, el("label", { for: control.id, text: label }), control, note);
}

function refuse(message, control = null) {
  dialogStatus.hidden = false;
  dialogStatus.textContent = message;
  for (const node of dialog.querySelectorAll("[aria-invalid]")) {
    node.removeAttribute("aria-invalid");
    node.setAttribute("aria-describedby", (node.getAttribute("aria-describedby") || "").replace("act-status", "").trim());
  }
  if (control) {
    control.setAttribute("aria-invalid", "true");
    // The reason is read with the field it is about.
    control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") || ""} act-status`.trim());
    control.focus();
  }
  return false;
}

function required(control, label) {
  if (control.value.trim()) return true;
  return refuse(fill(L.required, { field: label }), control);
}

function quote(q, label = null) {
  return el("blockquote", { class: "quote" }, el("strong", { text: label ? `${label} — ${number(q)}` : number(q) }), " ", q.text);
}

// What was typed in a dialog closed without saving (Hủy, Esc): given back when the same
// dialog opens again for the same question, until it is saved; never lost to a stray key.
const dialogDrafts = new Map();
const typedFields = () => [...dialog.querySelectorAll("#act-body input:not([type=hidden]), #act-body textarea")];

function showDialog(title, save, body, submit, q = null) {
  document.getElementById("act-title").textContent = q ? `${title} — ${number(q)}` : title;
  document.getElementById("act-body").replaceChildren(...body.filter(Boolean));
  dialogSave.textContent = save;
  dialogSave.disabled = false;
  dialogStatus.hidden = true;
  dialogStatus.textContent = "";
  const key = `${title}|${q ? q.id : ""}`;
  const shownFirst = typedFields().map((control) => control.value);
  const draft = dialogDrafts.get(key);
  if (draft) {
    typedFields().forEach((control, i) => {
      if (typeof draft[i] !== "string") return;
      control.value = draft[i];
      control.dispatchEvent(new Event("input")); // what depends on it (a date's reading, a search) follows
    });
  }
  open = { q, submit, returnTo: q ? q.id : document.activeElement, key, shownFirst, saved: false };
  dialog.showModal();
  // On its first field; a dialog with none only confirms (ending the meeting): on "Hủy", so
  // that a stray Enter never does what cannot be undone.
  dialog.querySelector("#act-body input, #act-body textarea, #act-body select, #act-cancel")?.focus();
}

dialogForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!open || dialogSave.disabled) return;
  dialogSave.disabled = true;
  const done = await open.submit();
  dialogSave.disabled = false;
  if (done && open) {
    open.saved = true;
    dialogDrafts.delete(open.key);
    dialog.close();
  }
});
document.getElementById("act-cancel")?.addEventListener("click", () => dialog.close());
// Escape closes a modal dialog by itself ("cancel") — not while a save is on its way, whose
// refusal must find the fields still there. Either way, focus goes back where it was.
dialog?.addEventListener("cancel", (event) => { if (dialogSave.disabled) event.preventDefault(); });
dialog?.addEventListener("close", () => {
  if (open && !open.saved) {
    const typed = typedFields().map((control) => control.value);
    if (typed.some((value, i) => value !== open.shownFirst[i])) dialogDrafts.set(open.key, typed);
    else dialogDrafts.delete(open.key);
  }
  const back = open?.returnTo;
  open = null;
  const node = typeof back === "number" ? document.querySelector(`.q[data-id="${back}"]`) : back;
  node?.focus?.({ preventScroll: true });
});

// The due date (static/js/dates.js): a text field read day first whatever the browser's locale.

// Who (a person or unit, from the list or typed) and by when: resolving and written reply.
function whoAndWhen(q, status, title, whoLabel, dueRequired) {
  const who = el("input", { list: "responder-list", autocomplete: "off", maxlength: "200" });
  who.value = q.reply_by || current(q, "responder");
  const due = dateInput(q.reply_due);
  const dueField = field(L.due, due.input, L.dateHint);
  dueField.append(...due.extra);
  showDialog(title, title, [quote(q), field(whoLabel, who), dueField], async () => {
    if (!required(who, whoLabel)) return false;
    const when = isoDate(due.input);
    if (when === undefined || (dueRequired && when === null)) return refuse(when === null ? fill(L.required, { field: L.due }) : L.badDate, due.input);
    // Today is allowed; a date already gone is not (the server says so too, by the hall's calendar).
    if (when && when !== q.reply_due && when < localIso()) return refuse(fill(L.pastDate, { date: dmy(when) }), due.input);
    return patch(q, withDrafts(q, { status, reply_by: who.value.trim(), reply_due: when }), (message) => refuse(message, due.input),
      { reply_by: q.reply_by, reply_due: q.reply_due });
  }, q);
}

// Words without case or diacritics, for the merge search (a laptop may have no Vietnamese keyboard).
function fold(text) {
  return String(text).normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
}

// How alike two questions read: shared pairs of syllables, for the merge list's order.
function likeness(a, b) {
  const pairs = (text) => {
    const words = fold(text).match(/[\p{L}\p{N}]+/gu) || [];
    return new Set(words.slice(1).map((word, i) => `${words[i]} ${word}`));
  };
  const x = pairs(a);
  const y = pairs(b);
  let shared = 0;
  for (const pair of x) if (y.has(pair)) shared += 1;
  return shared / Math.max(1, Math.min(x.size, y.size));
}

function excerpt(text, length = 90) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

const dialogs = {
  reject(q) {
    const why = el("textarea", { rows: "3", maxlength: "200" });
    why.value = q.reject_reason || "";
    showDialog(L.reject, L.reject, [quote(q), field(L.reason, why)], () =>
      required(why, L.reason) && patch(q, withDrafts(q, { status: "rejected", reject_reason: why.value.trim() }), refuse,
        { reject_reason: q.reject_reason }), q);
  },
  // `into`: the question a suggestion ("Có thể trùng") chose; the chairman still confirms.
  merge(q, into = null) {
    const candidates = [...questions.values()]
      .filter((other) => other.id !== q.id && !["rejected", "merged"].includes(other.status))
      .map((other) => ({ other, score: likeness(q.text, other.text) }))
      .sort((a, b) => b.score - a.score || (a.other.number ?? a.other.id) - (b.other.number ?? b.other.id))
      .map(({ other }) => other);
    const search = el("input", { type: "search", autocomplete: "off" });
    const list = el("select", { size: "7", class: "merge-list" });
    const preview = el("div", { class: "preview", "aria-live": "polite" });
    const empty = el("p", { class: "muted", text: L.mergeNone, hidden: "" });
    const fillList = () => {
      const words = fold(search.value).split(/\s+/).filter(Boolean);
      const shown = candidates.filter((other) => words.every((word) => fold(`${number(other)} ${other.text}`).includes(word)));
      const keep = list.value;
      list.replaceChildren(...shown.map((other) => el("option", { value: String(other.id), text: `${number(other)} · ${excerpt(other.text)}` })));
      list.value = keep;
      empty.hidden = shown.length > 0;
      showTarget();
    };
    const showTarget = () => {
      const target = questions.get(Number(list.value));
      preview.replaceChildren(...(target ? [quote(target, L.mergeInto)] : []));
    };
    search.addEventListener("input", fillList);
    list.addEventListener("change", showTarget);
    list.addEventListener("dblclick", () => list.value && dialogForm.requestSubmit());
    showDialog(L.merge, L.merge, [quote(q, L.thisQuestion), field(L.mergeSearch, search), field(L.mergeInto, list), empty, preview], () =>
      (list.value ? patch(q, withDrafts(q, { status: "merged", merged_into: Number(list.value) }), refuse) : refuse(L.mergeChoose, list)), q);
    fillList();
    if (into != null && candidates.some((other) => other.id === into)) {
      list.value = String(into);
      showTarget();
      list.focus();
    }
  },
  edit(q) {
    const text = el("textarea", { rows: "9", maxlength: "1000", class: "edit-text" });
    text.value = q.text;
    const original = q.edited ? el("blockquote", { class: "quote muted" }, el("strong", { text: L.original }), " ", q.original_text) : null;
    showDialog(L.edit, L.save, [field(L.text, text), original], () => {
      if (!text.value.trim()) return refuse(L.textEmpty, text);
      return text.value === q.text ? true : patch(q, { text: text.value }, refuse, { text: q.text });
    }, q);
  },
  resolving: (q) => whoAndWhen(q, "resolving", L.resolving, L.inCharge, true),
  written: (q) => whoAndWhen(q, "written_reply", L.written, L.replyBy, false),
  // "Hỏi lại": a short question back to the asker's own phone; the answer comes back on the card.
  askBack(q) {
    const text = el("input", { autocomplete: "off", maxlength: "300" });
    text.value = q.ask_back && !q.ask_back.answer ? q.ask_back.text : "";
    showDialog(L.askBack, L.askBackSend, [quote(q), field(L.askBackText, text, L.askBackHint)], async () => {
      if (!required(text, L.askBackText)) return false;
      try {
        const updated = await api("POST", `/api/questions/${q.id}/ask-back`, { text: text.value.trim() });
        questions.set(updated.id, updated);
        render();
        return true;
      } catch (error) { return refuse(reason(error), text); }
    }, q);
  },
  referred(q) {
    const to = el("input", { list: "authority-list", autocomplete: "off", maxlength: "200" });
    to.value = q.referred_to || "";
    showDialog(L.referred, L.referred, [quote(q), field(L.referredTo, to)], () =>
      required(to, L.referredTo) && patch(q, withDrafts(q, { status: "referred", referred_to: to.value.trim() }), refuse,
        { referred_to: q.referred_to }), q);
  },
};

// Similar matters on pending and queued cards (static/js/similar.js), fetched when drawn.
const similarity = similarMatters({ chairman, number, statuses, redraw: () => render(), merge: (q, into) => dialogs.merge(q, into) });

const moves = {
  approve: (q) => patch(q, { status: "approved" }),
  show: (q) => patch(q, withDrafts(q, { status: "on_screen" })),
  unshow: (q) => patch(q, withDrafts(q, { status: "approved" })),
  answered: (q) => patch(q, withDrafts(q, { status: "answered" })),
  reopen: (q) => patch(q, { status: "approved" }),
  ...dialogs,
};

async function reorder(q, to) {
  const queue = ordered("approved").map((x) => x.id);
  const index = queue.indexOf(q.id);
  let target = to === "top" ? 0 : index + to;
  if (grouped() && to !== "top") {
    // Grouped by field, ▲ and ▼ step over the other fields' questions: the queue keeps one order.
    const same = ordered("approved").filter((x) => (x.topic_id ?? null) === (q.topic_id ?? null)).map((x) => x.id);
    target = queue.indexOf(same[same.indexOf(q.id) + to]);
  }
  if (index < 0 || target < 0 || target >= queue.length || target === index) return;
  queue.splice(index, 1);
  queue.splice(target, 0, q.id);
  try {
    await api("POST", "/api/questions/reorder", { order: queue });
    refusals.delete(q.id);
    await load();
  } catch (error) {
    refusals.set(q.id, reason(error));
    render();
  }
}

// ---------------------------------------------------------------- the cards

function button(text, onclick, className = "", label = null) {
  const props = { type: "button", class: className, text, onclick: (event) => { event.stopPropagation(); onclick(); } };
  if (label) Object.assign(props, { "aria-label": label, title: label });
  return el("button", props);
}

function answerFields(q) {
  // The question on screen: who answers, the summary and the conclusion — drafts until saved.
  const mark = el("span", { class: "unsaved", text: L.unsaved });
  const refresh = () => { mark.hidden = Object.keys(unsaved(q)).length === 0; };
  const bind = (name, control) => {
    control.id = `q${q.id}-${name}`;
    control.dataset.field = name;
    control.value = current(q, name);
    control.addEventListener("input", () => {
      if (!(name in (bases.get(q.id) || {}))) setBase(q.id, name, q[name]);
      drafts.set(q.id, { ...drafts.get(q.id), [name]: control.value });
      keepDrafts();
      refresh();
    });
    return control;
  };
  const row = (label, control) => el("div", { class: "field" }, el("label", { for: control.id, text: label }), control);
  const responder = bind("responder", el("input", { list: "responder-list", autocomplete: "off", maxlength: "200" }));
  const summary = bind("answer_summary", el("textarea", { rows: "2", maxlength: "4000" }));
  const conclusion = bind("conclusion", el("textarea", { rows: "2", maxlength: "4000" }));
  refresh();
  const theirs = savedByOthers(q);
  const notice = theirs.length ? el("div", { class: "alert warn others-saved", role: "status" },
    el("div", { class: "small", text: [L.othersSaved, ...storedLines(q, theirs)].join("\n") }),
    button(L.takeStored, () => {
      const draft = drafts.get(q.id) || {};
      for (const f of theirs) { delete draft[f]; delete (bases.get(q.id) || {})[f]; }
      if (!Object.keys(draft).length) drafts.delete(q.id);
      forget(q.id, theirs);
      refusals.delete(q.id);
      keepDrafts();
      render();
    }, "small")) : null;
  return el("div", { class: "details", onclick: stop }, notice,
    row(L.responder, responder), row(L.summary, summary), row(L.conclusion, conclusion),
    el("div", { class: "save-row" },
      button(L.save, () => { const body = unsaved(q); if (Object.keys(body).length) patch(q, body); }), mark));
}

function outcome(q) {
  const lines = [];
  if (q.responder) lines.push(`${L.responder}: ${q.responder}`);
  if (q.conclusion) lines.push(`${L.conclusionShort} ${q.conclusion}`);
  if (q.reply_by || q.reply_due) lines.push([`${L.inChargeShort} ${q.reply_by || "—"}`, q.reply_due && `${L.dueShort} ${dmy(q.reply_due)}`].filter(Boolean).join(" · "));
  if (q.referred_to) lines.push(`${L.referredShort} ${q.referred_to}`);
  if (q.status === "rejected" && q.reject_reason) lines.push(`${L.reasonShort} ${q.reject_reason}`);
  if (q.status === "merged" && q.merged_into) lines.push(`${L.mergedInto} ${number(questions.get(q.merged_into) || { id: q.merged_into })}`);
  const shown = lines.map((line) => el("div", { class: "small", text: line }));
  // The answer's summary, as the minutes will print it, after who answered: seen once the question is done, too.
  if (q.answer_summary) shown.splice(q.responder ? 1 : 0, 0, el("div", { class: "small summary", text: `${L.summary}: ${q.answer_summary}` }));
  return el("div", { class: "outcome" }, el("span", { class: `status ${q.status}`, text: statuses[q.status] || q.status }), ...shown);
}

// The chairman's question back and the asker's answer, once asked.
function exchange(q) {
  if (!q.ask_back) return null;
  const { text, answer } = q.ask_back;
  return el("div", { class: "outcome ask-back" },
    el("div", { class: "small" }, el("strong", { text: L.askBackShort }), " ", text),
    el("div", { class: answer ? "small ask-back-answer" : "small muted" },
      el("strong", { text: L.askBackAnswer }), " ", answer || L.askBackWaiting));
}

// A petition gathered before the day: the answer an official prepared, and who (staff only).
function prepared(q) {
  if (q.source !== "petition" || !(q.prepared_by || q.prepared_answer)) return null;
  return el("div", { class: "outcome prepared" },
    el("div", { class: "small" }, el("strong", { text: L.preparedBy }), " ", q.prepared_by || "—"),
    el("div", { class: q.prepared_answer ? "small prepared-answer" : "small muted", text: q.prepared_answer || L.preparedNone }));
}

// Only a phone's question, not yet decided, not yet answered back (the server says the rest).
const mayAskBack = (q) => q.source === "phone" && !DONE.includes(q.status) && !q.ask_back?.answer;

function actions(q) {
  // The usual move first and large; the rarer ones below, smaller.
  const rows = [[], [], []];
  const outside = () => rows[2].push(button(L.written, () => moves.written(q)), button(L.referred, () => moves.referred(q)));
  const edit = () => button(L.edit, () => moves.edit(q));
  if (chairman && q.status === "pending") {
    rows[0].push(button(L.approve, () => moves.approve(q), "primary"), button(L.reject, () => moves.reject(q)),
      button(L.merge, () => moves.merge(q)), edit());
    outside();
  } else if (chairman && q.status === "approved") {
    rows[0].push(button(L.show, () => moves.show(q), "primary"), button("⤒", () => reorder(q, "top"), "arrow", L.top),
      button("▲", () => reorder(q, -1), "arrow", L.up), button("▼", () => reorder(q, 1), "arrow", L.down));
    rows[1].push(button(L.reject, () => moves.reject(q)), button(L.merge, () => moves.merge(q)), edit());
    outside();
  } else if (chairman && q.status === "on_screen") {
    rows[0].push(button(L.answered, () => moves.answered(q), "primary"), button(L.resolving, () => moves.resolving(q)));
    outside();
    rows[2].push(button(L.unshow, () => moves.unshow(q)), edit());
  } else if (chairman && DONE.includes(q.status)) {
    rows[0].push(button(L.reopen, () => moves.reopen(q)));
  } else if (!DONE.includes(q.status)) {
    rows[2].push(edit());
  }
  if (mayAskBack(q)) rows[2].push(button(L.askBack, () => moves.askBack(q)));
  return el("div", { class: "card-actions" },
    ...rows.map((row, i) => (row.length ? el("div", { class: i === 2 ? "row more" : "row" }, ...row) : null)));
}

// The chairman puts a question under another field (PATCH topic_id): the field's count follows
// on the projector. A field no longer offered stays shown on the questions that have it.
function topicPicker(q) {
  if (!chairman || !settings || q.status === "merged") return null;
  const offered = settings.topics || [];
  const select = el("select", { class: "topic-pick", "aria-label": L.topicOf, title: L.topicOf, dataset: { field: "topic_id" }, onclick: stop },
    el("option", { value: "", text: L.noTopic }), ...offered.map((t) => el("option", { value: t.id, text: t.name })));
  if (q.topic_id && !offered.some((t) => t.id === q.topic_id)) select.append(el("option", { value: q.topic_id, text: q.topic_name || "?" }));
  select.value = q.topic_id ?? "";
  select.addEventListener("change", () => patch(q, { topic_id: select.value ? Number(select.value) : null }));
  return select;
}

function card(q) {
  const asker = q.asker_name ? (q.show_name ? q.asker_name : `${q.asker_name} (${L.hiddenName})`) : "";
  const picker = topicPicker(q);
  const meta = [q.source === "petition" ? L.petition : "", q.group_name, asker, picker ? "" : q.topic_name, q.interest ? fill(L.interest, { n: q.interest }) : "", q.source === "floor" ? L.floor : ""]
    .filter(Boolean).join(" · ");
  const live = q.status === "on_screen";
  const refusal = refusals.get(q.id);
  return el("li", {
    class: ["q", q.attention && "attention", selected === q.id && "selected", live && "live"].filter(Boolean).join(" "),
    dataset: { id: q.id }, tabindex: "0", onclick: () => { selected = q.id; render(); },
  },
  el("div", { class: "head" },
    el("strong", { class: "number", text: number(q) }),
    q.attention ? el("span", { class: "badge short", text: L.attention }) : null,
    el("span", { class: "meta", text: meta }),
    picker),
  q.asker_phone ? el("div", { class: "phone", text: `${L.phone} ${q.asker_phone}` }) : null,
  el("div", { class: "text", text: q.text }),
  q.edited ? el("details", { onclick: stop }, el("summary", { text: L.edited }), el("div", { class: "muted", text: `${L.original} ${q.original_text}` })) : null,
  DONE.includes(q.status) ? outcome(q) : null,
  exchange(q),
  prepared(q),
  similarity.block(q),
  // A card decided meanwhile keeps what was being typed on it, shown and still to save.
  live || (q.status === "approved" && !chairman) || (DONE.includes(q.status) && Object.keys(unsaved(q)).length)
    ? answerFields(q) : null,
  actions(q),
  refusal ? el("p", { class: "card-status", role: "alert", text: refusal }) : null);
}

function ordered(name) {
  const list = [...questions.values()].filter((q) => column(q) === name);
  const byNumber = (a, b) => (a.number ?? a.id) - (b.number ?? b.id);
  if (name === "pending") {
    return document.getElementById("sort-interest")?.checked ? list.sort((a, b) => b.interest - a.interest || byNumber(a, b)) : list.sort(byNumber);
  }
  if (name === "approved") return list.sort((a, b) => (a.queue_order ?? a.id) - (b.queue_order ?? b.id) || byNumber(a, b));
  if (name === "done") return list.sort((a, b) => (b.closed_at || "").localeCompare(a.closed_at || "") || byNumber(b, a));
  return list;
}

// What a column shows, in order: grouped under the fields (pending and queue) when asked,
// the field being taken first; each group keeps the column's order.
const byTopicToggle = document.getElementById("by-topic");
const grouped = () => Boolean(byTopicToggle?.checked);
if (byTopicToggle) {
  byTopicToggle.checked = groupedView();
  byTopicToggle.addEventListener("change", () => { setGroupedView(byTopicToggle.checked); render(); });
}

function sections(name) {
  const list = ordered(name);
  if (!grouped() || !["pending", "approved"].includes(name)) return [{ list }];
  return byTopic(list, settings?.topics, settings?.current_topic?.id ?? null, L.noTopic);
}

function topicHead(part, column) {
  const now = part.id !== null && part.id === settings?.current_topic?.id;
  return el("li", { class: now ? "topic-head now" : "topic-head", dataset: { topic: part.id ?? "" } },
    el("h3", { text: `${part.name} (${part.list.length})`, title: part.name }),
    now ? el("span", { class: "taking", text: L.topicTaking })
      : chairman && part.id !== null && column === "approved" ? button(L.topicTake, () => takeTopic(part.id)) : null);
}

async function takeTopic(id) {
  if (await room({ current_topic_id: id })) render();
}

function render() {
  // Redrawing must not take the caret away from someone typing, nor scroll a column.
  const active = document.activeElement;
  const inCard = active?.closest?.(".q");
  const focus = inCard ? { id: Number(inCard.dataset.id), field: active.dataset?.field, start: active.selectionStart,
    end: active.selectionEnd, button: active.tagName === "BUTTON" ? active.textContent : null } : null;
  for (const section of document.querySelectorAll(".column")) {
    const name = section.dataset.column;
    const parts = sections(name);
    const list = parts.flatMap((part) => part.list);
    const cards = section.querySelector(".cards");
    const top = cards.scrollTop;
    cards.replaceChildren(...parts.flatMap((part) => [part.name === undefined ? null : topicHead(part, name), ...part.list.map(card)]).filter(Boolean));
    cards.scrollTop = top;
    const n = section.querySelector(".n");
    if (n) n.textContent = `(${list.length})`;
  }
  const responders = document.getElementById("responder-list");
  if (responders && settings) responders.replaceChildren(...(settings.responders || []).map((name) => el("option", { value: name })));
  // Where a matter is referred: the ward's own list, set with the other settings.
  const authorities = document.getElementById("authority-list");
  if (authorities && settings) authorities.replaceChildren(...(settings.authorities || []).map((name) => el("option", { value: name })));
  if (!focus || dialog?.open) return;
  const again = document.querySelector(`.q[data-id="${focus.id}"]`);
  const target = (focus.field && again?.querySelector(`[data-field="${focus.field}"]`))
    || (focus.button && [...(again?.querySelectorAll("button") || [])].find((b) => b.textContent === focus.button)) || again;
  if (!target) return;
  target.focus({ preventScroll: true });
  if (focus.field && typeof focus.start === "number") {
    try { target.setSelectionRange(focus.start, focus.end); } catch { /* not a text field */ }
  }
}

// ---------------------------------------------------------------- the room

const roomAlert = document.getElementById("room-alert");
function say(message, kind = "error") {
  if (!roomAlert) return;
  roomAlert.hidden = false;
  roomAlert.className = `page-status ${kind}`;
  roomAlert.textContent = message;
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
  showTopic("current_topic" in state ? state.current_topic : state.topic);
}

// "Đang đối thoại: …" for everyone at the desk; the chairman's picker of the field taken now.
const topicPick = document.getElementById("current-topic");
function showTopic(topic) {
  const line = document.getElementById("topic-state");
  if (line) { line.textContent = topicLine(topic, L); line.hidden = !topic; }
  if (topicPick && settings && document.activeElement !== topicPick) {
    topicPick.replaceChildren(el("option", { value: "", text: L.allTopics }),
      ...(settings.topics || []).map((t) => el("option", { value: t.id, text: t.name })));
    topicPick.value = topic?.id ?? "";
  }
}
topicPick?.addEventListener("change", () => takeTopic(topicPick.value ? Number(topicPick.value) : null));

let timer = null;
setInterval(() => {
  const left = document.getElementById("timer-left");
  if (!left) return;
  if (!timer?.started_at) { left.textContent = ""; return; }
  const remaining = Math.round(timer.seconds - (Date.now() - Date.parse(timer.started_at)) / 1000);
  left.textContent = `${remaining < 0 ? "−" : ""}${Math.floor(Math.abs(remaining) / 60)}:${String(Math.abs(remaining) % 60).padStart(2, "0")}`;
  left.classList.toggle("late", remaining <= 30);
}, 500);

async function room(body, status = null) {
  try {
    settings = await api("PATCH", "/api/room", body);
    showRoom(settings);
    if (status) status.hidden = true;
    else if (roomAlert?.classList.contains("error")) roomAlert.hidden = true;
    return true;
  } catch (error) {
    if (status) { status.hidden = false; status.textContent = reason(error); } else say(reason(error));
    return false;
  }
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

// Closing the meeting: the server says what would change (409 needs_confirmation) and the
// chairman confirms in the page; what was not reached becomes a written reply.
async function closeMeeting(confirmed) {
  try {
    const result = await api("POST", "/api/room/close", confirmed ? { confirm: true } : {});
    say(fill(L.closeDone, { n: result?.written_reply ?? 0 }), "ok");
    return true;
  } catch (error) {
    if (!confirmed && error.status === 409 && error.body?.error === "needs_confirmation") {
      const numbers = (error.body.undecided || []).map((n) => fill(L.number, { n }));
      showDialog(L.close, L.closeConfirm, [
        el("p", { class: "message", text: error.body.message }),
        numbers.length ? el("p", { class: "undecided" }, el("strong", { text: L.undecided }), ` ${numbers.join(", ")}`) : null,
      ], () => closeMeeting(true));
      return false;
    }
    if (confirmed) return refuse(reason(error));
    say(reason(error));
    return false;
  }
}
document.getElementById("close-meeting")?.addEventListener("click", () => closeMeeting(false));

function formStatus(form, message) {
  const status = form.querySelector(".form-status");
  status.hidden = !message;
  status.textContent = message || "";
}

// One question per press: a double click (or Enter pressed twice) while it is on its way
// sends nothing more.
let sendingFloor = false;
const floorSends = sendIds("doithoai.floor.send");
document.getElementById("floor-form")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (sendingFloor) return;
  const form = event.target;
  const submit = form.querySelector('button[type="submit"]');
  const body = { text: form.text.value, name: form.name.value };
  if (form.group_id.value) body.group_id = Number(form.group_id.value);
  if (form.topic_id?.value) body.topic_id = Number(form.topic_id.value);
  body.send_id = floorSends.id(body.text);  // sent again after a lost answer: written once
  sendingFloor = true;
  if (submit) submit.disabled = true;
  try {
    const q = await api("POST", "/api/floor-questions", body);
    floorSends.forget();
    if (!questions.has(q.id)) questions.set(q.id, q);  // a repeat's answer is the first one's: the socket's is newer
    form.reset();
    formStatus(form, "");
    render();
  } catch (error) { formStatus(form, reason(error)); } finally {
    sendingFloor = false;
    if (submit) submit.disabled = false;
  }
});

// The card the keyboard reaches (Tab, or a click on one of its buttons) is the selected one,
// so a shortcut acts on the card the person sees the focus on, never on another off screen.
document.addEventListener("focusin", (event) => {
  const card = event.target.closest?.(".q[data-id]");
  if (!card || Number(card.dataset.id) === selected) return;
  selected = Number(card.dataset.id);
  document.querySelectorAll(".q.selected").forEach((node) => node.classList.remove("selected"));
  card.classList.add("selected");
});

// Keyboard shortcuts on a laptop; never while typing in a field or with the dialog open.
document.addEventListener("keydown", (event) => {
  if (dialog?.open || event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  const all = ["pending", "approved", "on_screen", "done"].flatMap((name) => sections(name).flatMap((part) => part.list));
  const index = all.findIndex((q) => q.id === selected);
  const q = all[index];
  const key = event.key.toLowerCase();
  if (key === "j" || key === "k") {
    const next = all[Math.max(0, Math.min(all.length - 1, index + (key === "j" ? 1 : -1)))];
    if (next) {
      selected = next.id;
      render();
      const card = document.querySelector(`.q[data-id="${next.id}"]`);
      card?.focus({ preventScroll: true }); // the keys act where the keyboard is: one card, selected and focused
      card?.scrollIntoView({ block: "nearest" });
    }
    return;
  }
  if (!q) return;
  const keys = chairman
    ? { a: q.status === "pending" && moves.approve, r: ["pending", "approved"].includes(q.status) && moves.reject,
      s: q.status === "approved" && moves.show, d: q.status === "on_screen" && moves.answered,
      u: DONE.includes(q.status) && moves.reopen, e: !DONE.includes(q.status) && moves.edit }
    : { e: !DONE.includes(q.status) && moves.edit };
  if (keys[key]) { event.preventDefault(); keys[key](q); }
});

const settingsForm = document.getElementById("settings-form");
const topicEditor = settingsForm?.querySelector(".topics-editor") ? new TopicEditor(settingsForm.querySelector(".topics-editor"), L) : null;
// The floor form's fields: the chairman's list as it is now, the choice kept while it is offered.
function fillFloorTopics(topics) {
  const select = document.getElementById("floor-form")?.topic_id;
  if (!select) return;
  const chosen = select.value;
  select.replaceChildren(select.options[0], ...(topics || []).map((t) => el("option", { value: t.id, text: t.name })));
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
}

function fillSettings(state) {
  fillFloorTopics(state.topics);
  if (!settingsForm) return;
  topicEditor?.fill(state.topics);
  settingsForm.responders.value = (state.responders || []).join("\n");
  if (settingsForm.authorities) settingsForm.authorities.value = (state.authorities || []).join("\n");
  settingsForm.attention_words.value = (state.attention_words || []).join("\n");
}
settingsForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const lines = (value) => value.split("\n").map((line) => line.trim()).filter(Boolean);
  const saved = await room({ topics: topicEditor?.value() || [], responders: lines(settingsForm.responders.value),
    attention_words: lines(settingsForm.attention_words.value),
    ...(settingsForm.authorities ? { authorities: lines(settingsForm.authorities.value) } : {}) }, settingsForm.querySelector(".form-status"));
  if (saved) { fillSettings(settings); render(); }
});

async function load() {
  try {
    const [list, state] = await Promise.all([api("GET", "/api/questions"), api("GET", "/api/room")]);
    questions.clear();
    similarity.reset();
    refusals.clear(); // a "no" (or "no connection") said before this fresh copy is stale now
    for (const q of list) questions.set(q.id, q);
    settings = state;
    showRoom({ ...state, mode: state.screen_mode });
    fillSettings(state);
    render();
  } catch (error) { say(reason(error)); }
}

if (window.io && document.querySelector(".columns")) {
  const socket = connect();
  socket.on("connect", load);
  socket.on("question", (q) => { if (q.original_text !== undefined) { similarity.changed(q, questions.get(q.id)); questions.set(q.id, q); render(); } });
  socket.on("screen", (screen) => {
    if (!settings) return;
    const moved = (settings.current_topic?.id ?? null) !== (screen.topic?.id ?? null);
    settings = { ...settings, zoom: screen.zoom, screen_mode: screen.mode, submissions: screen.submissions, timer: screen.timer,
      current_topic: screen.topic };
    showRoom(screen);
    if (screen.topics) fillFloorTopics(screen.topics); // the chairman's list changed: the secretary's form follows
    if (moved) render(); // the field taken now leads the grouped columns
  });
}
