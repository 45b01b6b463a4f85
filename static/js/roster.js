// The roster page: groups against quotas, import, add/edit/remove invitees, search.
import { api, connect, el, fill, labels } from "./api.js";

const L = labels();
const categories = JSON.parse(L.categories || "{}");
const isAdmin = L.role === "admin";
const groupsBody = document.querySelector("#groups tbody");
const inviteesBody = document.querySelector("#invitees tbody");
const search = document.getElementById("search");
let groups = [];

function status(group) {
  if (group.kind !== "tdp") return el("span", { text: "" });
  const missing = group.quota - group.residents_invited;
  return missing > 0
    ? el("span", { class: "badge short", text: fill(L.short, { n: missing }) })
    : el("span", { class: "badge ok", text: L.enough });
}

function quotaCell(group) {
  if (group.kind !== "tdp") return el("td", { class: "num", text: "—" });
  if (!isAdmin) return el("td", { class: "num", text: String(group.quota) });
  const input = el("input", {
    type: "number", min: "0", max: "1000", value: String(group.quota), class: "quota",
    "aria-label": group.name,
  });
  input.addEventListener("change", async () => {
    try {
      await api("PATCH", `/api/groups/${group.id}`, { quota: Number(input.value) });
      input.setCustomValidity("");
      await loadGroups();
    } catch (error) {
      input.setCustomValidity(error.message);
      input.reportValidity();
    }
  });
  return el("td", { class: "num" }, input);
}

function renderGroups(summary) {
  groups = summary.groups;
  groupsBody.replaceChildren(...groups.map((group) => el("tr", { dataset: { groupId: group.id } },
    el("td", { text: group.name }),
    el("td", { class: "num", text: String(group.kind === "tdp" ? group.officers_invited : group.invited) }),
    el("td", { class: "num", text: group.kind === "tdp" ? String(group.residents_invited) : "—" }),
    quotaCell(group),
    el("td", {}, status(group)),
    el("td", { class: "num", text: `${group.present}/${group.invited}` }),
    el("td", {}, el("a", { href: `/invitations.pdf?group=${group.id}`, target: "_blank", text: L.print })),
  )));
  document.getElementById("total-invited").textContent = String(summary.invited);
  document.getElementById("total-present").textContent = String(summary.present);
  for (const select of document.querySelectorAll('select[name="group_id"], #search select[name="group"]')) {
    const keep = select.value;
    const first = select.name === "group" ? [select.options[0]] : [];
    select.replaceChildren(...first, ...groups.map((g) => el("option", { value: String(g.id), text: g.name })));
    select.value = keep || (select.name === "group" ? "" : String(groups.find((g) => g.kind === "tdp")?.id ?? ""));
  }
}

async function loadGroups() {
  try {
    const summary = await api("GET", "/api/conference");
    // A fresh install's first write made the conference: reload to show its header,
    // keeping the message the person has not read yet.
    if (!document.getElementById("conference")) {
      const result = document.getElementById("import-result");
      if (result?.textContent) sessionStorage.setItem("roster-message", result.textContent);
      location.reload();
      return;
    }
    renderGroups(summary);
  } catch (error) {
    if (error.status !== 404) throw error;
  }
}

function inviteeRow(person) {
  const actions = el("td", { class: "row-actions" });
  if (isAdmin) {
    actions.append(
      el("button", { type: "button", class: "link", text: L.edit, onclick: () => edit(person) }),
      el("button", { type: "button", class: "link", text: L.reissue, onclick: () => reissue(person) }),
      el("button", { type: "button", class: "link danger", text: L.remove, onclick: () => remove(person) }),
    );
    if (person.checked_in_at) {
      actions.append(el("button", { type: "button", class: "link danger", text: L.undoCheckin, onclick: () => undoCheckin(person) }));
    }
  }
  return el("tr", { dataset: { inviteeId: person.id } },
    el("td", { text: person.name }),
    el("td", { text: person.group_name }),
    el("td", { text: categories[person.category] || person.category }),
    el("td", { text: person.position }),
    el("td", { class: "code", text: person.short_code ? `${person.short_code.slice(0, 4)}-${person.short_code.slice(4)}` : L.revoked }),
    el("td", {}, person.checked_in_at ? el("span", { class: "badge ok", text: L.present }) : null),
    actions,
  );
}

async function loadInvitees() {
  const params = new URLSearchParams();
  const q = search.q.value.trim();
  if (q) params.set("q", q);
  if (search.group.value) params.set("group", search.group.value);
  const people = await api("GET", `/api/invitees?${params}`);
  inviteesBody.replaceChildren(...people.map(inviteeRow));
  document.getElementById("invitee-count").textContent = fill(L.count, { n: people.length });
}

const editor = document.getElementById("add-invitee");

function edit(person) {
  editor.id.value = person.id;
  for (const field of ["name", "position", "phone", "category"]) editor[field].value = person[field] ?? "";
  editor.group_id.value = String(person.group_id);
  setEditing(true);
  editor.scrollIntoView({ behavior: "smooth", block: "center" });
  editor.name.focus();
}

function setEditing(editing) {
  const heading = document.querySelector("#invitee-editor h2");
  const submit = editor.querySelector('button[type="submit"]');
  heading.textContent = editing ? heading.dataset.edit : heading.dataset.add;
  submit.textContent = editing ? submit.dataset.edit : submit.dataset.add;
  editor.querySelector("button.cancel").hidden = !editing;
  if (!editing) {
    editor.id.value = "";
    editor.name.value = "";
    editor.position.value = "";
    editor.phone.value = "";
  }
}

async function reissue(person) {
  if (!confirm(fill(L.confirmReissue, { name: person.name }))) return;
  try {
    await api("POST", `/api/invitees/${person.id}/reissue`);
    await refresh();
  } catch (error) { alert(error.message); }
}

async function remove(person) {
  if (!confirm(fill(L.confirmRemove, { name: person.name }))) return;
  try {
    await api("DELETE", `/api/invitees/${person.id}`);
    await refresh();
  } catch (error) { alert(error.message); }
}

async function undoCheckin(person) {
  if (!confirm(fill(L.confirmUndo, { name: person.name }))) return;
  try {
    await api("POST", `/api/invitees/${person.id}/undo-checkin`);
    await refresh();
  } catch (error) { alert(error.message); }
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

document.getElementById("import")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const result = document.getElementById("import-result");
  const list = document.getElementById("import-errors");
  result.className = "";
  list.replaceChildren();
  form.querySelector("button").disabled = true;
  try {
    const summary = await api("POST", "/api/roster/import", new FormData(form));
    result.className = "alert ok";
    result.textContent = fill(L.imported, { n: summary.imported });
    form.reset();
    await refresh();
  } catch (error) {
    result.className = "alert";
    result.textContent = error.status ? error.message : L.network;
    const rows = (error.body?.errors || []).filter((e) => e.row !== null);
    list.replaceChildren(...rows.map((e) => el("li", { text: e.message })));
  } finally {
    form.querySelector("button").disabled = false;
  }
});

editor?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.getElementById("add-invitee-result");
  const { id, ...data } = Object.fromEntries(new FormData(editor));
  data.group_id = Number(data.group_id);
  try {
    const person = id
      ? await api("PATCH", `/api/invitees/${id}`, data)
      : await api("POST", "/api/invitees", data);
    out.className = "alert ok";
    out.textContent = fill(id ? L.saved : L.added, { name: person.name });
    setEditing(false);
    await refresh();
  } catch (error) {
    out.className = "alert";
    out.textContent = error.status ? error.message : L.network;
  }
});
editor?.querySelector("button.cancel").addEventListener("click", () => setEditing(false));

document.getElementById("add-group")?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await api("POST", "/api/groups", { name: form.name.value });
    form.reset();
    await loadGroups();
  } catch (error) { alert(error.status ? error.message : L.network); }
});

// Live: another admin's change, later the door's arrivals. Resync after every reconnect.
if (window.io) {
  const socket = connect();
  socket.on("attendance", renderGroups);
  socket.io.on("reconnect", refresh);
}
const kept = sessionStorage.getItem("roster-message");
if (kept) {
  sessionStorage.removeItem("roster-message");
  const result = document.getElementById("import-result");
  result.className = "alert ok";
  result.textContent = kept;
}
refresh();
