// The roster page: groups against quotas (a quota under the plan's minimum with its reason),
// import (or replace the list), add/edit/remove invitees, search. Every question and every
// answer is in the page: no browser pop-up.
import { api, connect, el, fill, labels, once } from "./api.js";

const L = labels();
const categories = JSON.parse(L.categories || "{}");
const roleNames = JSON.parse(L.roles || "{}");
const wardRoles = JSON.parse(L.wardRoles || "[]"); // [code, short label, full label] in the plan's order
const minimum = Number(L.minimum || 10);
const isAdmin = L.role === "admin";
const groupsBody = document.querySelector("#groups tbody");
const inviteesBody = document.querySelector("#invitees tbody");
const search = document.getElementById("search");
const rosterStatus = document.getElementById("roster-status");
let groups = [];
let invited = 0;

// What a person typed in the groups table and has not saved yet (a quota under the minimum
// waiting for its reason), and each group's last word ("đã lưu", or why not): both survive
// the table being drawn again when an `attendance` event comes.
const drafts = new Map();
const notices = new Map();
const SAVED_MS = 4000;

function say(target, text, kind = "ok") {
  target.className = kind === "ok" ? "alert ok" : kind === "warn" ? "alert warn" : "alert";
  target.textContent = text;
}

function problem(error) {
  return error.status ? error.message : L.network;
}

// ---------------------------------------------------------------- in-page confirmation

// The open question: `finish(answer)` closes it; one about a group (`groupId`) is put back
// under its row when an `attendance` event draws the groups table again (a check-in at the
// door must not take the question away).
let openQuestion = null;

// Ask beside `anchor` (a table row gets a row under it, anything else a box after it);
// resolves true or false. Escape or "Không" says no; only one question is open at a time.
function ask(anchor, message, yesText) {
  openQuestion?.finish(false);
  return new Promise((resolve) => {
    const yes = el("button", { type: "button", class: "primary", text: yesText });
    const no = el("button", { type: "button", text: L.cancel });
    const box = el("div", { class: "confirm", role: "alertdialog", "aria-label": message },
      el("span", { text: message }), yes, no);
    const holder = anchor.tagName === "TR"
      ? el("tr", { class: "confirm-row" }, el("td", { colspan: String(anchor.children.length) }, box))
      : box;
    const finish = (answer) => {
      holder.remove();
      openQuestion = null;
      resolve(answer);
    };
    yes.addEventListener("click", () => finish(true));
    no.addEventListener("click", () => finish(false));
    box.addEventListener("keydown", (event) => { if (event.key === "Escape") finish(false); });
    anchor.after(holder);
    openQuestion = { holder, groupId: anchor.dataset?.groupId, finish };
    yes.focus();
  });
}

// ---------------------------------------------------------------- groups

function status(group) {
  const cell = el("td", { class: "status" });
  if (group.kind !== "tdp") return cell;
  const missing = group.quota - group.residents_invited;
  cell.append(missing > 0
    ? el("span", { class: "badge short", text: fill(L.short, { n: missing }) })
    : el("span", { class: "badge ok", text: L.enough }));
  if (group.below_minimum) {
    cell.append(" ", el("span", { class: "badge warn", text: fill(L.belowMinimum, { m: minimum }) }));
    cell.append(el("div", { class: "flag", text: `${L.reasonLabel} ${group.quota_reason || L.noReason}` }));
  }
  const absent = (group.officer_roles || []).filter((r) => !r.invited).map((r) => roleNames[r.role] || r.label);
  if (absent.length) cell.append(el("div", { class: "flag", text: fill(L.officersNotInvited, { roles: absent.join(", ") }) }));
  return cell;
}

async function saveQuota(group, quota, reason) {
  const body = { quota };
  if (reason !== undefined) body.quota_reason = reason;
  try {
    await api("PATCH", `/api/groups/${group.id}`, body);
    drafts.delete(group.id);
    notices.set(group.id, { text: L.quotaSaved, kind: "saved", until: Date.now() + SAVED_MS });
    setTimeout(() => { if ((notices.get(group.id)?.until ?? 0) <= Date.now()) redraw(); }, SAVED_MS + 50);
  } catch (error) {
    notices.set(group.id, { text: problem(error), kind: "error", until: Infinity });
  }
  lastReceived = "";  // drawn again even when the counts are the same: the notice must show
  await loadGroups();
}

function quotaCell(group) {
  if (group.kind !== "tdp") return el("td", { class: "num", text: "—" });
  if (!isAdmin) return el("td", { class: "num", text: String(group.quota) });
  const draft = drafts.get(group.id);
  const input = el("input", {
    type: "number", min: "0", max: "1000", value: String(draft?.quota ?? group.quota), class: "quota",
    "aria-label": group.name,
  });
  const reason = el("input", {
    class: "quota-reason", maxlength: "200", value: draft?.reason ?? group.quota_reason ?? "",
    placeholder: fill(L.reasonPlaceholder, { m: minimum }), "aria-label": fill(L.reasonPlaceholder, { m: minimum }),
  });
  const notice = notices.get(group.id);
  const out = el("span", { class: `quota-note ${notice?.kind ?? ""}`, role: "status",
    text: notice && notice.until > Date.now() ? notice.text : "" });
  const below = () => input.value !== "" && Number(input.value) < minimum;
  reason.hidden = !below();
  // Every keystroke is a draft, so a redraw at any moment rebuilds the row as it is being typed.
  const keep = () => drafts.set(group.id, { quota: input.value, reason: reason.value });
  input.addEventListener("input", () => { reason.hidden = !below(); keep(); });
  reason.addEventListener("input", keep);
  // Enter commits what the box holds even when a redraw rebuilt it from the draft (the
  // browser then sends no `change`: the new box was never edited); once per value.
  let committed = null;
  const once = (handler) => () => {
    const now = `${input.value}\u0000${reason.value}`;
    if (now === committed) return;
    committed = now;
    handler();
  };
  const onEnter = (box, handler) => box.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); handler(); }
  });
  const commitQuota = once(() => {
    notices.delete(group.id);
    if (below() && !reason.value.trim()) {
      // Nothing is sent yet: the plan's minimum needs the ward's reason first.
      drafts.set(group.id, { quota: input.value, reason: "" });
      reason.hidden = false;
      // Kept with the draft, so a redraw (an `attendance` event) does not wipe the request.
      notices.set(group.id, { kind: "warn", text: fill(L.reasonNeeded, { m: minimum }), until: Infinity });
      out.className = "quota-note warn";
      out.textContent = fill(L.reasonNeeded, { m: minimum });
      reason.focus();
      return;
    }
    saveQuota(group, Number(input.value), below() ? reason.value : undefined);
  });
  const commitReason = once(() => {
    drafts.set(group.id, { quota: input.value, reason: reason.value });
    if (reason.value.trim() || !below()) saveQuota(group, Number(input.value), reason.value);
  });
  input.addEventListener("change", commitQuota);
  onEnter(input, commitQuota);
  reason.addEventListener("change", commitReason);
  onEnter(reason, commitReason);
  return el("td", { class: "num quota-cell" }, input, reason, out);
}

function groupActions(group) {
  const cell = el("td", { class: "row-actions" },
    el("a", { href: `/invitations.pdf?group=${group.id}`, target: "_blank", text: L.print }));
  if (isAdmin && group.kind === "tdp" && group.invited === 0) {
    cell.append(" ", el("button", {
      type: "button", class: "link danger", text: L.removeGroup,
      onclick: (event) => removeGroup(group, event.target.closest("tr")),
    }));
  }
  return cell;
}

async function removeGroup(group, row) {
  if (!await ask(row, fill(L.confirmRemoveGroup, { name: group.name }), L.yesRemove)) return;
  const result = document.getElementById("add-group-result");
  try {
    await api("DELETE", `/api/groups/${group.id}`);
    say(result, fill(L.groupRemoved, { name: group.name }));
  } catch (error) {
    say(result, problem(error), "error");
  }
  await loadGroups();
  result.scrollIntoView({ block: "nearest" });  // under the table: brought into view, whichever answer
}

function setWarning(id, text) {
  const node = document.getElementById(id);
  if (!node) return;
  node.textContent = text || "";
  node.hidden = !text;
}

// The row being typed in — every field of it (a quota under 10 and its reason go together) —
// to put back, with the focus, once the table is drawn again.
function typing() {
  const active = document.activeElement;
  if (!groupsBody.contains(active) || active.tagName !== "INPUT") return null;
  const row = active.closest("tr");
  const values = Object.fromEntries([...row.querySelectorAll("input")].map((input) => [input.className, input.value]));
  return { id: row?.dataset.groupId, field: active.className, values };
}

function resume(kept) {
  if (!kept) return;
  const row = groupsBody.querySelector(`tr[data-group-id="${kept.id}"]`);
  const input = row?.querySelector(`input.${kept.field}`);
  if (!input) return;
  for (const [field, value] of Object.entries(kept.values)) {
    const other = row.querySelector(`input.${field}`);
    if (other) other.value = value;
  }
  row.querySelector("input.quota")?.dispatchEvent(new Event("input"));
  input.hidden = false;
  input.focus();
}

// Put an open question about a group back under its redrawn row, with the focus it had;
// the group gone (removed elsewhere) closes it as a "no".
function keepGroupQuestion(focused) {
  if (!openQuestion?.groupId) return;
  const row = groupsBody.querySelector(`tr[data-group-id="${openQuestion.groupId}"]`);
  if (!row) {
    openQuestion.finish(false);
    return;
  }
  row.after(openQuestion.holder);
  if (focused && openQuestion.holder.contains(focused)) focused.focus();
}

function renderGroups(summary) {
  const kept = typing();
  const focused = document.activeElement;
  groups = summary.groups;
  invited = summary.invited;
  groupsBody.replaceChildren(...groups.map((group) => el("tr", { dataset: { groupId: group.id }, class: group.below_minimum ? "below-minimum" : "" },
    el("td", { text: group.name }),
    el("td", { class: "num", text: String(group.kind === "tdp" ? group.officers_invited : group.invited) }),
    el("td", { class: "num", text: group.kind === "tdp" ? String(group.residents_invited) : "—" }),
    quotaCell(group),
    status(group),
    el("td", { class: "num", text: `${group.present}/${group.invited}` }),
    groupActions(group),
  )));
  keepGroupQuestion(focused);
  resume(kept);
  document.getElementById("total-invited").textContent = String(summary.invited);
  document.getElementById("total-present").textContent = String(summary.present);
  setWarning("announcement-warning", summary.announcement_warning);
  setWarning("capacity-warning", summary.capacity_warning);
  for (const select of document.querySelectorAll('select[name="group_id"], #search select[name="group"]')) {
    const keep = select.value;
    const first = select.name === "group" ? [select.options[0]] : [];
    select.replaceChildren(...first, ...groups.map((g) => el("option", { value: String(g.id), text: g.name })));
    select.value = keep || (select.name === "group" ? "" : String(groups.find((g) => g.kind === "tdp")?.id ?? ""));
  }
}

let lastSummary = null;

function redraw() {
  if (lastSummary) renderGroups(lastSummary);
}

// The same counts again (the socket's greeting right after the page's own load, an event
// about another conference's change) redraw nothing: a row being typed in stays as it is.
let lastReceived = "";

function received(summary) {
  const text = JSON.stringify(summary);
  lastSummary = summary;
  if (text === lastReceived) return;
  lastReceived = text;
  renderGroups(summary);
}

async function loadGroups() {
  try {
    const summary = await api("GET", "/api/conference");
    // A fresh install's first write made the conference: reload to show its header,
    // keeping the message the person has not read yet.
    if (!document.getElementById("conference")) {
      const result = document.getElementById("import-result");
      if (result?.textContent) sessionStorage.setItem("roster-message", result.textContent);
      const notes = [...document.querySelectorAll("#import-notes li")].map((li) => li.textContent);
      if (notes.length) sessionStorage.setItem("roster-notes", JSON.stringify(notes));
      location.reload();
      return;
    }
    received(summary);
  } catch (error) {
    if (error.status !== 404) throw error;
  }
}

// ---------------------------------------------------------------- invitees

function inviteeRow(person) {
  const actions = el("td", { class: "row-actions" });
  if (isAdmin) {
    actions.append(
      el("button", { type: "button", class: "link", text: L.edit, onclick: () => edit(person) }),
      el("button", { type: "button", class: "link", text: L.reissue, onclick: (e) => reissue(person, e.target.closest("tr")) }),
      el("button", { type: "button", class: "link danger", text: L.remove, onclick: (e) => remove(person, e.target.closest("tr")) }),
    );
    if (person.checked_in_at) {
      actions.append(el("button", { type: "button", class: "link danger", text: L.undoCheckin,
        onclick: (e) => undoCheckin(person, e.target.closest("tr")) }));
    }
  }
  return el("tr", { dataset: { inviteeId: person.id } },
    el("td", { text: person.name }),
    el("td", { text: person.group_name }),
    // A ward delegate's sub-category under their category, in one column: a column of its own
    // was empty on every TDP row and, at 150 % text, pushed the codes under the actions.
    el("td", {}, el("div", { text: categories[person.category] || person.category }), wardRole(person)),
    el("td", { text: person.position }),
    el("td", { class: "code", text: person.short_code ? `${person.short_code.slice(0, 4)}-${person.short_code.slice(4)}` : L.revoked }),
    el("td", {}, person.checked_in_at ? el("span", { class: "badge ok", text: L.present }) : null),
    actions,
  );
}

// A ward delegate's sub-category (read from the position on import): a choice for the admin,
// saved as soon as it is picked; text for anyone else; nothing for a TDP's people.
function wardRole(person) {
  if (person.category !== "ward_delegate") return null;
  const role = (code) => wardRoles.find(([c]) => c === code) || [code, code, code];
  if (!isAdmin) return el("span", { title: role(person.ward_role)[2], text: role(person.ward_role)[1] });
  const choice = el("select", { class: "ward-role", "aria-label": fill(L.wardRoleOf, { name: person.name }) },
    ...wardRoles.map(([code, text, full]) => el("option", { value: code, text, title: full })));
  choice.value = person.ward_role;
  choice.title = role(person.ward_role)[2];
  choice.addEventListener("change", async () => {
    choice.disabled = true;
    try {
      const saved = await api("PATCH", `/api/invitees/${person.id}`, { ward_role: choice.value });
      person.ward_role = saved.ward_role;
      say(rosterStatus, fill(L.wardRoleSaved, { name: person.name, role: role(saved.ward_role)[2] }));
      choice.title = role(saved.ward_role)[2];
    } catch (error) {
      choice.value = person.ward_role;
      say(rosterStatus, problem(error), "error");
    } finally {
      choice.disabled = false;
    }
  });
  return choice;
}

let inviteesAsked = 0;

async function loadInvitees() {
  const asked = ++inviteesAsked;
  const params = new URLSearchParams();
  const q = search.q.value.trim();
  if (q) params.set("q", q);
  if (search.group.value) params.set("group", search.group.value);
  const people = await api("GET", `/api/invitees?${params}`);
  // An older answer that comes late (the whole list asked after an import, then a search
  // typed) never replaces the answer to what the search box says now.
  if (asked !== inviteesAsked) return;
  inviteesBody.replaceChildren(...people.map(inviteeRow));
  document.getElementById("invitee-count").textContent = fill(L.count, { n: people.length });
}

const editor = document.getElementById("add-invitee");

// The person as the editor showed them when it opened: sent back as `was`, so that another
// clerk's save since is kept where this editor left a field alone (office/invitees.py).
const EDITED = ["name", "position", "phone", "category", "group_id"];
let editedWas = null;

function edit(person) {
  editor.id.value = person.id;
  for (const field of ["name", "position", "phone", "category"]) editor[field].value = person[field] ?? "";
  editor.group_id.value = String(person.group_id);
  editedWas = Object.fromEntries(EDITED.map((field) => [field, String(person[field] ?? "")]));
  setEditing(true);
  editor.scrollIntoView({ behavior: "smooth", block: "center" });
  editor.name.focus();
}

// Another clerk saved this person meanwhile, in a field this editor changed too (409): what the
// editor left alone takes their value, what it changed stays as typed, the clashing fields are
// named with what is saved now; the next Lưu writes.
function savedMeanwhile(error, out) {
  const current = error.body.current || {};
  for (const field of EDITED) {
    if (!(field in current)) continue;
    const now = String(current[field] ?? "");
    if (editor[field].value === editedWas[field]) editor[field].value = now;
    editedWas[field] = now;
  }
  const lines = (error.body.fields || []).map((field) => {
    const label = editor[field]?.closest("label")?.firstChild?.textContent?.trim() || field;
    const shown = field === "group_id" || field === "category"
      ? editor[field].querySelector(`option[value="${CSS.escape(String(current[field]))}"]`)?.textContent
      : current[field];
    return el("li", { text: `${label}: ${fill(L.savedByOther, { value: shown || "—" })}` });
  });
  out.className = "alert";
  out.replaceChildren(el("span", { text: error.message }), el("ul", {}, ...lines));
}

function setEditing(editing) {
  const heading = document.querySelector("#invitee-editor h2");
  const submit = editor.querySelector('button[type="submit"]');
  heading.textContent = editing ? heading.dataset.edit : heading.dataset.add;
  submit.textContent = editing ? submit.dataset.edit : submit.dataset.add;
  editor.querySelector("button.cancel").hidden = !editing;
  if (!editing) {
    editedWas = null;
    editor.id.value = "";
    editor.name.value = "";
    editor.position.value = "";
    editor.phone.value = "";
  }
}

// One confirmed action on a person: asked in the row, answered in the page's status line.
async function onPerson(person, row, question, yesText, method, url, done) {
  if (!await ask(row, fill(question, { name: person.name }), yesText)) return;
  try {
    await api(method, url);
    say(rosterStatus, fill(done, { name: person.name }));
    await refresh();
  } catch (error) {
    say(rosterStatus, problem(error), "error");
  }
}

function reissue(person, row) {
  return onPerson(person, row, L.confirmReissue, L.yesReissue, "POST", `/api/invitees/${person.id}/reissue`, L.reissued);
}

function remove(person, row) {
  return onPerson(person, row, L.confirmRemove, L.yesRemove, "DELETE", `/api/invitees/${person.id}`, L.removed);
}

function undoCheckin(person, row) {
  return onPerson(person, row, L.confirmUndo, L.yesUndo, "POST", `/api/invitees/${person.id}/undo-checkin`, L.undone);
}

async function refresh() {
  await loadGroups();
  await loadInvitees();
}

let searchTimer;
search.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(loadInvitees, 200);
});
search.addEventListener("submit", (event) => event.preventDefault());

// ---------------------------------------------------------------- import

document.getElementById("import")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const result = document.getElementById("import-result");
  const notes = document.getElementById("import-notes");
  const list = document.getElementById("import-errors");
  const button = form.querySelector('button[type="submit"]');
  result.className = "";
  result.textContent = "";
  notes.replaceChildren();
  list.replaceChildren();
  if (form.replace.checked && invited > 0) {
    const yes = await ask(document.getElementById("import-confirm"), fill(L.confirmReplace, { n: invited }), L.yesReplace);
    if (!yes) return;
  }
  button.disabled = true;
  try {
    const summary = await api("POST", "/api/roster/import", new FormData(form));
    say(result, fill(L.imported, { n: summary.imported }));
    // The groups the file made, named: a misspelt one ("TDP so 3", a header's "Đơn vị") is seen
    // at once, and can be removed while it is empty.
    const made = summary.groups_created?.length ? [fill(L.groupsCreated, { names: summary.groups_created.join(", ") })] : [];
    notes.replaceChildren(...[...(summary.notes || []), ...made].map((text) => el("li", { text })));
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

editor?.addEventListener("submit", (event) => {
  event.preventDefault();
  once(editor, async () => {
    const out = document.getElementById("add-invitee-result");
    const { id, ...data } = Object.fromEntries(new FormData(editor));
    data.group_id = Number(data.group_id);
    if (id && editedWas) data.was = editedWas;
    try {
      const person = id
        ? await api("PATCH", `/api/invitees/${id}`, data)
        : await api("POST", "/api/invitees", data);
      say(out, fill(id ? L.saved : L.added, { name: person.name }));
      setEditing(false);
      await refresh();
    } catch (error) {
      if (error.status === 409 && error.body?.error === "conflict" && editedWas) {
        savedMeanwhile(error, out);
        return;
      }
      say(out, problem(error), "error");
    }
  });
});
editor?.querySelector("button.cancel").addEventListener("click", () => setEditing(false));

document.getElementById("add-group")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  once(form, async () => {
    const result = document.getElementById("add-group-result");
    result.className = "";
    result.textContent = "";
    try {
      await api("POST", "/api/groups", { name: form.name.value });
      form.reset();
      await loadGroups();
    } catch (error) {
      say(result, problem(error), "error");
    }
  });
});

// Live: another admin's change, later the door's arrivals. Resync after every reconnect.
if (window.io) {
  const socket = connect();
  socket.on("attendance", received);
  socket.io.on("reconnect", refresh);
}
const kept = sessionStorage.getItem("roster-message");
if (kept) {
  sessionStorage.removeItem("roster-message");
  say(document.getElementById("import-result"), kept);
}
// The import's notes too (officers told by their position, people kept…): read, not lost.
let keptNotes = [];
try { keptNotes = JSON.parse(sessionStorage.getItem("roster-notes") || "[]"); } catch { /* damaged: none */ }
sessionStorage.removeItem("roster-notes");
if (Array.isArray(keptNotes) && keptNotes.length) {
  document.getElementById("import-notes")?.replaceChildren(...keptNotes.map((text) => el("li", { text: String(text) })));
}
refresh();
