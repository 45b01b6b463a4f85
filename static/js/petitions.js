// The petitions page (office staff): petitions gathered before the day, imported from the TDPs'
// sheets or typed in; the official who prepares each answer, the prepared answer (written in
// an in-page <dialog>), and the "chuẩn bị" board. Nothing typed is lost: the add form and each
// answer are drafts in localStorage until the server has them; an error is shown in place.
import { api, connect, el, fill, labels, once } from "./api.js";

const L = labels();
const statuses = JSON.parse(L.statuses || "{}");
let state = null;
const DRAFT_ADD = "petition-draft-add";
const draftKey = (id) => `petition-draft-${id}`;

function say(target, text, kind = "ok") {
  target.className = kind === "ok" ? "alert ok" : kind === "warn" ? "alert warn" : "alert";
  target.textContent = text;
}

const problem = (error) => (error.status ? error.message : L.network);

function readDraft(key) {
  try { return JSON.parse(localStorage.getItem(key) || "null"); } catch { return null; }
}

function writeDraft(key, value) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or off: the form still holds it */ }
}

// ---------------------------------------------------------------- the board

function boardRows(tbody, lines) {
  tbody.replaceChildren(...lines.map((line) => el("tr", { class: line.unprepared ? "short" : "" },
    el("td", { text: line.label }), el("td", { class: "num", text: String(line.total) }),
    el("td", { class: "num", text: String(line.unprepared) }))));
}

function showBoard(board) {
  const days = document.getElementById("days-left");
  const when = board.held_on ? board.held_on.split("-").reverse().join("/") : "";
  if (board.days_left === null) days.textContent = "";
  else if (board.days_left > 0) days.textContent = fill(L.daysLeft, { n: board.days_left, date: when });
  else if (board.days_left === 0) days.textContent = L.today;
  else days.textContent = fill(L.past, { n: -board.days_left });
  days.className = board.unprepared && board.days_left !== null && board.days_left <= 7 ? "alert warn" : "muted";
  if (board.ended) {  // the chairman ended the meeting: nothing new joins its record
    days.textContent = L.ended;
    days.className = "alert warn";
  }
  document.getElementById("board-totals").textContent = fill(L.totals, board);
  boardRows(document.querySelector("#by-topic tbody"), board.by_topic);
  boardRows(document.querySelector("#by-official tbody"), board.by_official);
}

// ---------------------------------------------------------------- choices and the list

function options(select, items, keepFirst) {
  const chosen = select.value;
  const first = [...select.options].slice(0, keepFirst);
  select.replaceChildren(...first, ...items.map(([value, text]) => el("option", { value: String(value), text })));
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
}

function showChoices() {
  const add = document.getElementById("add-petition");
  options(add.group_id, state.groups.map((g) => [g.id, g.name]), 1);
  options(add.topic_id, state.topics.map((t) => [t.id, t.name]), 1);
  const filters = document.getElementById("filters");
  options(filters.topic, state.topics.map((t) => [t.id, t.name]), 1);
  options(filters.official, state.board.by_official.filter((o) => o.name).map((o) => [o.name, o.name]), 2);
  document.getElementById("officials").replaceChildren(...state.officials.map((name) => el("option", { value: name })));
}

function row(p) {
  const number = el("td", { class: "num", text: String(p.number) });
  const text = el("td", {}, el("div", { text: p.text }),
    p.asker_name ? el("div", { class: "muted small", text: fill(L.by, { name: p.asker_name }) }) : null,
    p.status !== "pending" ? el("div", { class: "muted small", text: fill(L.taken, { status: statuses[p.status] || p.status }) }) : null);
  const answer = el("td", {}, el("span", { class: p.prepared ? "badge ok" : "badge short", text: p.prepared ? L.prepared : L.notPrepared }),
    p.prepared ? el("div", { class: "small", text: p.prepared_answer.length > 160 ? `${p.prepared_answer.slice(0, 160)}…` : p.prepared_answer }) : null);
  return el("tr", { dataset: { id: p.id } }, number, el("td", { text: p.group_name || L.toWard }),
    el("td", { text: p.topic_name || L.noTopic }), text,
    el("td", { text: p.prepared_by || L.unassigned }), answer,
    el("td", {}, el("button", { type: "button", class: "prepare", text: L.prepare, onclick: () => openPrepare(p) })));
}

function showList() {
  document.querySelector("#petitions tbody").replaceChildren(...state.petitions.map(row));
  document.getElementById("petition-count").textContent = fill(L.count, { n: state.petitions.length });
}

function query() {
  const filters = document.getElementById("filters");
  const params = new URLSearchParams();
  if (filters.topic.value) params.set("topic", filters.topic.value);
  if (filters.official.value) params.set("official", filters.official.value === "-" ? "" : filters.official.value);
  if (filters.prepared.value) params.set("prepared", filters.prepared.value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function refresh() {
  state = await api("GET", `/api/petitions${query()}`);
  showBoard(state.board);
  showChoices();
  showList();
  noticeOthersSave();
}

// Another office laptop saved, or the chairman took a petition up: fetch the list again, one
// fetch at a time, and once more if another change came in meanwhile.
let fetching = null;
let again = false;

function refreshSoon() {
  if (fetching) { again = true; return; }
  fetching = refresh().catch(() => {}).finally(() => {
    fetching = null;
    if (again) { again = false; refreshSoon(); }
  });
}

document.getElementById("filters")?.addEventListener("change", () => refresh().catch(() => {}));
document.getElementById("filters")?.addEventListener("submit", (event) => event.preventDefault());

// ---------------------------------------------------------------- the prepared answer

const dialog = document.getElementById("prepare");
const prepareForm = document.getElementById("prepare-form");
let preparing = null;
// The official and the answer as stored when this editing began (kept with the draft): sent as
// `was`, so the server keeps what someone else saved since, or says so (409) instead of
// writing over it.
let opened = null;

const pair = (p) => ({ prepared_by: p.prepared_by || "", prepared_answer: p.prepared_answer || "" });
const same = (a, b) => a.prepared_by === b.prepared_by && a.prepared_answer === b.prepared_answer;

function saveDraft() {
  if (preparing) {
    writeDraft(draftKey(preparing.id), {
      prepared_by: prepareForm.prepared_by.value, prepared_answer: prepareForm.prepared_answer.value, was: opened,
    });
  }
}

// What another saved, shown under the form while this one is being written.
let stored = null;

function showStored(petition, note) {
  stored = pair(petition);
  document.getElementById("prepare-stored-note").textContent = note;
  document.getElementById("prepare-stored-note").hidden = !note;
  document.getElementById("prepare-stored-by").textContent = stored.prepared_by || L.storedNone;
  document.getElementById("prepare-stored-answer").textContent = stored.prepared_answer || L.storedNone;
  document.getElementById("prepare-stored").hidden = false;
  if (note) document.getElementById("prepare-stored").scrollIntoView({ block: "nearest" });
}

function hideStored() {
  stored = null;
  document.getElementById("prepare-stored").hidden = true;
}

function noticeOthersSave() {
  if (!preparing || !dialog.open) return;
  const now = state.petitions.find((p) => p.id === preparing.id);
  if (now && !same(pair(now), opened)) showStored(now, L.changedByOther);
}

function openPrepare(p) {
  preparing = p;
  document.getElementById("prepare-title").textContent = `${fill(L.number, { n: p.number })}${p.group_name ? ` · ${p.group_name}` : ""}`;
  document.getElementById("prepare-text").textContent = p.text;
  const draft = readDraft(draftKey(p.id));
  opened = draft?.was && typeof draft.was === "object" ? pair(draft.was) : pair(p);
  prepareForm.prepared_by.value = draft?.prepared_by ?? p.prepared_by;
  prepareForm.prepared_answer.value = draft?.prepared_answer ?? p.prepared_answer;
  const status = document.getElementById("prepare-status");
  status.className = "";
  status.textContent = "";
  hideStored();
  dialog.showModal();
  if (!same(pair(p), opened)) showStored(p, L.changedByOther);  // saved by another since the draft began
  prepareForm.prepared_answer.focus();
}

prepareForm?.addEventListener("input", saveDraft);

prepareForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!preparing) return;
  const status = document.getElementById("prepare-status");
  const button = prepareForm.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const saved = await api("PATCH", `/api/petitions/${preparing.id}`, {
      prepared_by: prepareForm.prepared_by.value, prepared_answer: prepareForm.prepared_answer.value, was: opened,
    });
    localStorage.removeItem(draftKey(preparing.id));
    preparing = saved;
    opened = pair(saved);
    hideStored();
    say(status, L.saved);
    await refresh();
  } catch (error) {
    say(status, fill(L.unsaved, { message: problem(error) }), "error");
    if (error.body?.error === "changed_meanwhile" && error.body.petition) {
      // Shown above what is being typed (the status, by the button, says why); the next save
      // is made knowing it. A box left as it was shows what is stored now.
      const now = pair(error.body.petition);
      for (const name of ["prepared_by", "prepared_answer"]) {
        if (prepareForm[name].value === opened[name]) prepareForm[name].value = now[name];
      }
      opened = now;
      saveDraft();
      showStored(error.body.petition, "");
      status.textContent += ` ${L.storedAbove}`;
    }
  } finally {
    button.disabled = false;
  }
});

document.getElementById("prepare-take-stored")?.addEventListener("click", () => {
  if (!stored || !preparing) return;
  prepareForm.prepared_by.value = stored.prepared_by;
  prepareForm.prepared_answer.value = stored.prepared_answer;
  opened = stored;
  localStorage.removeItem(draftKey(preparing.id));
  hideStored();
  prepareForm.prepared_answer.focus();
});

dialog?.querySelector("button.close").addEventListener("click", () => dialog.close());

// ---------------------------------------------------------------- typed in

const add = document.getElementById("add-petition");

function restoreAddDraft() {
  const draft = readDraft(DRAFT_ADD);
  if (!draft || !add) return;
  for (const [name, value] of Object.entries(draft)) if (add[name] && !add[name].value) add[name].value = value;
}

add?.addEventListener("input", () => writeDraft(DRAFT_ADD, Object.fromEntries(new FormData(add))));

add?.addEventListener("submit", (event) => {
  event.preventDefault();
  once(add, async () => {
    const out = document.getElementById("add-result");
    const data = Object.fromEntries(new FormData(add));
    const body = { text: data.text, name: data.name, prepared_by: data.prepared_by,
      group_id: data.group_id ? Number(data.group_id) : null, topic_id: data.topic_id ? Number(data.topic_id) : null };
    try {
      const petition = await api("POST", "/api/petitions", body);
      say(out, fill(L.added, { n: petition.number }));
      add.text.value = "";
      add.name.value = "";
      localStorage.removeItem(DRAFT_ADD);
      await refresh();
      add.text.focus();
    } catch (error) {
      say(out, problem(error), "error");
    }
  });
});

// ---------------------------------------------------------------- import

document.getElementById("import")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const result = document.getElementById("import-result");
  const skipped = document.getElementById("import-skipped");
  const list = document.getElementById("import-errors");
  const button = form.querySelector('button[type="submit"]');
  result.className = "";
  result.textContent = "";
  skipped.replaceChildren();
  list.replaceChildren();
  button.disabled = true;
  try {
    const summary = await api("POST", "/api/petitions/import", new FormData(form));
    say(result, fill(L.imported, { n: summary.imported }));
    if (summary.skipped.length) {
      skipped.replaceChildren(el("li", { text: fill(L.skipped, { n: summary.skipped.length }) }),
        ...summary.skipped.map((s) => el("li", { text: s.message })));
    }
    form.reset();
    await refresh();
  } catch (error) {
    say(result, problem(error), "error");
    const rows = (error.body?.errors || []).filter((e) => e.row !== null);
    list.replaceChildren(...rows.map((e) => el("li", { text: e.message })));
  } finally {
    button.disabled = false;
  }
});

if (document.getElementById("board")) {
  // The draft's choices exist once the TDPs and fields are loaded.
  refresh().then(restoreAddDraft, (error) => { restoreAddDraft(); say(document.getElementById("add-result"), problem(error), "error"); });
  if (window.io) {
    const socket = connect();
    socket.on("petitions", refreshSoon);
    socket.io.on("reconnect", refreshSoon);
  }
}
