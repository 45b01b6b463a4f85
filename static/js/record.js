// The secretary's record page: free text of the minutes and the report, the documents'
// settings (issuing body, numbers, signer), what is missing, the report's deadline, the
// follow-up of written replies and referrals, and the finished questions' text fields (filled
// after the meeting through the moderator's own PATCH, without reopening them).
import { api, el, fill, labels } from "./api.js";
import { dayFirst, dmy, isoDate, readDay } from "./dates.js";

const L = labels();
const statuses = JSON.parse(L.statuses || "{}");
const canEdit = Boolean(L.canEdit);
// Choosing another conference with the mouse or a finger shows its record (no inline handler: the
// page's policy forbids them). With the keyboard, the arrows only choose (each one used to leave
// the page): Enter or the "Xem" button goes.
const picker = document.getElementById("conference-select");
let byKeyboard = false;
picker?.addEventListener("keydown", (event) => {
  byKeyboard = true;
  if (event.key === "Enter") {
    event.preventDefault();
    picker.form.requestSubmit();
  }
});
picker?.addEventListener("pointerdown", () => { byKeyboard = false; });
picker?.addEventListener("change", () => { if (!byKeyboard) picker.form.requestSubmit(); });
const query = `?conference=${L.conference}`;
const form = document.getElementById("notes");

const vn = dmy;

// A date box of this page: text read day first whatever the browser's locale (static/js/dates.js),
// never the browser's <input type="date">, with what it was read as said in `read`.
function dateBox(attributes, read, saying) {
  const input = el("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: "10",
    placeholder: L.datePlaceholder, class: "due-date", ...attributes });
  return { input, explain: dayFirst(input, read, saying ? { saying, late: () => false } : undefined) };
}

// Fields that are not plain text: how each is shown and how it is sent back.
const DATES = ["council_session_on", "report_issued_on"];
// Each read day first, what it was read as said under it (static/js/dates.js).
const dateNotes = Object.fromEntries(DATES.filter((key) => form?.elements[key]).map((key) => [key,
  dayFirst(form.elements[key], document.getElementById(form.elements[key].getAttribute("aria-describedby")),
    { saying: (when) => fill(L.dateRead, { date: dmy(when) }), late: () => false })]));

// The finished questions, by id, as the last state had them.
const byId = new Map();

// The notes as this page last showed them from the server: sent back as `was`, so that another
// secretary's save since is kept where this page left a field alone (record/notes.py).
let shownNotes = {};
const WAS = ["issuing_body", "superior_body", "place", "invitation_number", "document_number", "opened_at", "closed_at",
  "chair_name", "secretary_name", "programme", "presenter", "report_summary", "other_notes", "report_number",
  "report_issued_on", "signer_title", "signer_name", "assessment", "proposals", "council_session_on"];

// A field's value as the form holds it, in the store's form (dates ISO, "" when unreadable).
function formValue(key) {
  if (key in dateNotes) return readDay(form.elements[key]) ?? "";
  return form.elements[key].value;
}

function showNote(key, value) {
  const field = form.elements[key];
  if (key in dateNotes) { field.value = dmy(value ?? ""); dateNotes[key](); } else field.value = value ?? "";
  putInNotes.set(key, field.value);
}

// Another secretary saved meanwhile, in a field this page changed too (409): what this page left
// alone takes their value, what it changed stays as typed; the clashing fields are named with
// what is saved now; the next Lưu writes (after being seen).
function savedMeanwhile(error, out) {
  const current = error.body.current || {};
  for (const key of WAS) {
    if (!form.elements[key] || !(key in current)) continue;
    if ((formValue(key) || "") === (shownNotes[key] || "")) showNote(key, current[key]);
    shownNotes[key] = current[key] ?? "";
  }
  const lines = (error.body.fields || []).filter((key) => form.elements[key]).map((key) => {
    const label = form.elements[key].closest("label")?.firstChild?.textContent?.trim() || key;
    const value = key in dateNotes ? dmy(current[key] ?? "") : (current[key] ?? "");
    return el("li", { text: `${label}: ${fill(L.savedByOther, { value: value || "—" })}` });
  });
  out.className = "alert";
  out.replaceChildren(el("span", { text: error.message }), el("ul", {}, ...lines));
}

// What this page last put in each box of the notes (its text, or a checkbox's state). A box that
// differs was typed in and not saved yet: a redraw that only reloads (the page's first state
// arriving after the secretary began typing, a follow-up row's or a question's save) keeps it,
// and its `was` stays what the page showed, so that a save over another's is still refused.
const putInNotes = new Map();
const boxValue = (field) => (field.type === "checkbox" ? field.checked : field.value);

function typedIn(field, key) {
  const put = putInNotes.has(key) ? putInNotes.get(key) : (field.type === "checkbox" ? field.defaultChecked : field.defaultValue);
  return boxValue(field) !== put;
}

// `saved`: the state the notes' own save answered with, which is what this page now holds.
function render(state, saved = false) {
  byId.clear();
  const shownBefore = shownNotes;
  shownNotes = { ...state.notes };
  for (const q of state.finished || []) byId.set(q.id, q);
  renderFinished(state.finished || []);
  for (const [key, value] of Object.entries(state.notes)) {
    const field = form.elements[key];
    if (!field) continue;
    if (!saved && typedIn(field, key)) {
      shownNotes[key] = shownBefore[key] ?? "";
      continue;
    }
    if (field.type === "checkbox") field.checked = Boolean(value);
    else if (key in dateNotes) { field.value = dmy(value ?? ""); dateNotes[key](); }
    else field.value = key === "recipients" ? value.join("\n") : (value ?? "");
    putInNotes.set(key, boxValue(field));
  }
  const missing = document.getElementById("missing");
  // A line about a question is a link to that question's form (and a place to come back to: #cau-N).
  const items = state.missing_items || state.missing.map((text) => ({ text }));
  missing.replaceChildren(...items.map((item) => el("li", {},
    item.question_id && canEdit && byId.has(item.question_id)
      ? el("a", { href: `#cau-${item.number}`, class: "gap", dataset: { question: String(item.question_id) }, text: item.text })
      : item.text)));
  document.getElementById("complete").hidden = state.missing.length > 0;
  document.getElementById("draft").hidden = !state.draft;
  const deadline = document.getElementById("deadline");
  deadline.hidden = !state.report_due;
  if (state.report_due) {
    const late = state.report_days_left < 0;
    deadline.className = `alert ${late || state.report_days_left <= 7 ? "" : "warn"}`;
    deadline.textContent = late ? fill(L.late, { date: vn(state.report_due) })
      : fill(L.due, { date: vn(state.report_due), days: state.report_days_left });
  }
  document.querySelector("#followup tbody").replaceChildren(...state.followup.map(followupRow));
}

// ---------------------------------------------------------------- the follow-up

// What was typed in a follow-up row and not saved yet (id → {done, reply}): it survives the
// redraw that another row's save brings. And the last word on a row's save (id → {text, ok}).
const unsaved = new Map();
const rowNotes = new Map();

function followupRow(item) {
  const typed = unsaved.get(item.id);
  const read = el("small", { class: "muted small due-read", "aria-live": "polite" });
  const { input: done, explain } = dateBox({ name: "done_on", "aria-label": `${L.doneOn} — ${fill(L.number, { n: item.number })}` },
    read, (when) => fill(L.dateRead, { date: dmy(when) }));
  done.value = typed ? typed.done : dmy(item.done_on || "");
  explain();
  const reply = el("textarea", { rows: "2", "aria-label": `${L.replyText} — ${fill(L.number, { n: item.number })}` });
  reply.value = typed ? typed.reply : (item.reply || "");
  const keep = () => unsaved.set(item.id, { done: done.value, reply: reply.value });
  done.addEventListener("input", () => { done.removeAttribute("aria-invalid"); keep(); });
  reply.addEventListener("input", keep);
  const note = el("small", { class: "row-note" });
  const tell = (text, ok) => {
    rowNotes.set(item.id, { text, ok });
    note.textContent = text;
    note.className = `row-note ${ok ? "ok" : "refused"}`;
    const out = document.getElementById("followup-result");
    out.className = ok ? "alert ok" : "alert";
    out.textContent = `${fill(L.number, { n: item.number })}: ${text}`;
  };
  const last = rowNotes.get(item.id);
  if (last) { note.textContent = last.text; note.className = `row-note ${last.ok ? "ok" : "refused"}`; }
  const save = el("button", { type: "button", text: L.save, onclick: async () => {
    const when = isoDate(done);
    if (when === undefined) {  // unreadable: refused here, never guessed, nothing sent
      done.setAttribute("aria-invalid", "true");
      tell(L.badDoneDate, false);
      done.focus();
      return;
    }
    save.disabled = true;
    try {
      const answer = await api("PATCH", `/api/questions/${item.id}/followup`, { done_on: when, reply: reply.value });
      unsaved.delete(item.id);
      // The save that closed the follow-up also purged the phones (the note above the table said so).
      tell(answer?.purged ? fill(L.purged, { n: answer.purged.phones }) : L.saved, true);
      await load().catch(() => {});
    } catch (error) {
      // The server's "no" (a date not valid, one still to come…), in place; what was typed stays.
      keep();
      if (error.body?.field === "done_on" || /ngày|date/i.test(error.message)) done.setAttribute("aria-invalid", "true");
      tell(fill(L.notSaved, { reason: error.message }), false);
    } finally {
      save.disabled = false;
      // The button had the focus; disabled, or drawn anew by load(), it lost it: given back to
      // this row's Lưu, so the keyboard goes on from where it was.
      if (!document.activeElement || document.activeElement === document.body) {
        document.querySelector(`#followup tr[data-id="${item.id}"] td.save button`)?.focus({ preventScroll: true });
      }
    }
  } });
  return el("tr", { class: item.overdue ? "overdue" : "", dataset: { id: String(item.id) } },
    el("td", { class: "number", text: String(item.number) }),
    el("td", {}, el("div", { text: item.text }), el("div", { class: "muted small", text: item.asker }),
      item.phone ? el("div", { class: "muted small" }, el("a", { href: `tel:${item.phone}`, text: item.phone })) : null),
    el("td", {}, el("div", { text: `${{ written_reply: L.written, referred: L.referred, resolving: L.resolving }[item.status]}: ${item.who || "…"}` }),
      el("div", { class: item.overdue ? "badge short" : "muted small", text: item.due ? `${vn(item.due)}${item.overdue ? ` · ${L.overdue}` : ""}` : "" })),
    el("td", { class: "done-on" }, done, read), el("td", {}, reply), el("td", { class: "save" }, save, note));
}

async function load() {
  render(await api("GET", `/api/record${query}`));
}

// ---------------------------------------------------------------- finished questions

function renderFinished(list) {
  const body = document.querySelector("#finished tbody");
  if (!body) return;
  document.getElementById("finished-none").hidden = list.length > 0;
  body.replaceChildren(...list.map((q) => el("tr", { id: `cau-${q.number}` },
    el("td", { text: String(q.number) }),
    el("td", {}, el("div", { class: "clip", text: q.text })),
    el("td", {}, el("div", { text: statuses[q.status] || q.status }),
      el("div", { class: "muted small", text: q.responder || "" })),
    el("td", {}, el("div", { class: "clip", text: q.conclusion || "—" })),
    el("td", {}, canEdit ? el("button", { type: "button", class: "link", dataset: { question: String(q.id) },
      text: L.edit, "aria-label": `${L.edit} ${fill(L.number, { n: q.number })}` }) : null))));
}

const dialog = document.getElementById("question-dialog");
const dialogForm = document.getElementById("question-form");
const dialogStatus = document.getElementById("question-status");
const TEXT_FIELDS = ["responder", "answer_summary", "conclusion", "reply_by", "reply_due", "referred_to"];
let editing = null;  // the question the dialog edits
// The form's "Hạn": a text box read day first (the template's), what it was read as under it.
const dueRead = document.getElementById("reply-due-read");
const explainDue = dialogForm?.elements.reply_due ? dayFirst(dialogForm.elements.reply_due, dueRead) : () => {};
const asShown = (name, value) => (name === "reply_due" ? dmy(value ?? "") : (value ?? ""));

function say(text, ok) {
  dialogStatus.hidden = !text;
  // A refusal is read out at once (the typed text waits in its box); "saved" politely.
  dialogStatus.setAttribute("role", ok || !text ? "status" : "alert");
  dialogStatus.className = ok ? "alert ok" : "alert";
  dialogStatus.textContent = text;
}

function openQuestion(id) {
  const q = byId.get(id);
  if (!q || !dialog) return;
  editing = q;
  document.getElementById("question-title").textContent = `${fill(L.number, { n: q.number })} — ${statuses[q.status] || q.status}`;
  document.getElementById("question-text").textContent = q.text;
  document.getElementById("reply-by-label").textContent = q.status === "written_reply" ? L.replyByWritten : L.replyByResolving;
  for (const name of TEXT_FIELDS) {
    const field = dialogForm.elements[name];
    field.closest("label").hidden = !q.fields.includes(name);
    field.value = asShown(name, q[name]);
    field.removeAttribute("aria-invalid");
  }
  dueRead.hidden = !q.fields.includes("reply_due");
  explainDue();
  say("");
  if (!dialog.open) dialog.showModal();
  // Straight to the first empty field the record misses, else the first field.
  const shown = q.fields.map((name) => dialogForm.elements[name]);
  (shown.find((field) => !field.value) || shown[0])?.focus();
}

document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-question]");
  if (!target) return;
  event.preventDefault();
  openQuestion(Number(target.dataset.question));
  const q = byId.get(Number(target.dataset.question));
  if (q) history.replaceState(null, "", `#cau-${q.number}`);
});

dialogForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!editing) return;
  const button = dialogForm.querySelector("button[type=submit]");
  const body = {};
  for (const name of editing.fields) {
    const field = dialogForm.elements[name];
    if (name === "reply_due") {
      const when = isoDate(field);
      if (when === undefined) {  // unreadable: refused in place, never guessed
        field.setAttribute("aria-invalid", "true");
        say(L.badDate, false);
        field.focus();
        return;
      }
      field.removeAttribute("aria-invalid");
      body[name] = when;
    } else {
      body[name] = field.value;
    }
  }
  button.disabled = true;
  // The fields as this dialog showed them: a field left alone keeps what another saved since,
  // and one changed over another's save is refused (409) with what is stored.
  const was = Object.fromEntries(editing.fields.map((name) => [name, editing[name] ?? ""]));
  try {
    const saved = await api("PATCH", `/api/questions/${editing.id}`, { ...body, was });
    // What the server kept (cleaned, NFC) goes back into the boxes, then "saved".
    for (const name of editing.fields) dialogForm.elements[name].value = asShown(name, saved[name]);
    explainDue();
    say(L.saved, true);
    const id = editing.id;
    await load().catch(() => {});
    editing = byId.get(id) || editing;
  } catch (error) {
    say(fill(L.notSaved, { reason: error.message }), false);  // the typed text stays in the boxes
    const stored = error.body?.error === "changed_meanwhile" ? error.body.question : null;
    if (stored) {
      // Beside the refusal, what the other saved; the next save is made knowing it.
      const theirs = editing.fields.filter((name) => (stored[name] ?? "") !== was[name]);
      editing = { ...editing, ...Object.fromEntries(editing.fields.map((name) => [name, stored[name] ?? ""])) };
      // A box left as it was shows what is stored now; a box written in keeps its words.
      for (const name of theirs) {
        if ((body[name] ?? "") === was[name]) dialogForm.elements[name].value = asShown(name, stored[name]);
      }
      explainDue();
      dialogStatus.textContent += "\n" + theirs.map((name) =>
        `${dialogForm.elements[name].closest("label")?.firstChild?.textContent?.trim() || name} ${L.storedNow} ${asShown(name, stored[name]) || L.storedEmpty}`).join("\n");
    }
  } finally {
    button.disabled = false;
    if (dialog.open && (!document.activeElement || document.activeElement === document.body)) button.focus();
  }
});

document.getElementById("question-close")?.addEventListener("click", () => dialog.close());
dialog?.addEventListener("close", () => {
  // Back to the question's "Sửa" (drawn anew if a save reloaded the table).
  const id = editing?.id;
  setTimeout(() => {
    if (id != null && (!document.activeElement || document.activeElement === document.body)) {
      document.querySelector(`#finished button[data-question="${id}"]`)?.focus({ preventScroll: true });
    }
  });
  editing = null;
  if (location.hash.startsWith("#cau-")) history.replaceState(null, "", location.pathname + location.search);
});

// /record#cau-N (a link from another page, or a reload): that question's form.
function fromHash() {
  const match = /^#cau-(\d+)$/.exec(location.hash);
  if (!match || !canEdit) return;
  const q = [...byId.values()].find((item) => item.number === Number(match[1]));
  if (q) openQuestion(q.id);
}
window.addEventListener("hashchange", fromHash);

form?.addEventListener("input", (event) => event.target.removeAttribute?.("aria-invalid"));

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = Object.fromEntries(new FormData(form));
  body.recipients = body.recipients.split("\n").map((line) => line.trim()).filter(Boolean);
  const out = document.getElementById("notes-result");
  for (const key of DATES) {
    const when = readDay(form.elements[key]);
    if (when === undefined) {  // unreadable: refused in place, nothing sent, the field named and marked
      const field = form.elements[key];
      out.className = "alert";
      out.textContent = `${field.closest("label")?.firstChild?.textContent?.trim() || ""}: ${L.badRecordDate}`;
      field.setAttribute("aria-invalid", "true");
      field.focus();
      return;
    }
    body[key] = when;
  }
  body.passed_at_meeting = form.elements.passed_at_meeting.checked;
  body.was = Object.fromEntries(WAS.filter((key) => key in body && key in shownNotes)
    .map((key) => [key, shownNotes[key] ?? ""]));
  try {
    render(await api("PATCH", `/api/record${query}`, body), true);
    out.className = "alert ok";
    out.textContent = L.saved;
  } catch (error) {
    if (error.status === 409 && error.body?.error === "conflict") {
      savedMeanwhile(error, out);
      return;
    }
    out.className = "alert";
    out.textContent = error.message;
    const field = form.elements[error.body?.field];
    if (field) { field.setAttribute("aria-invalid", "true"); field.focus(); }
  }
});

if (form) load().then(fromHash);
