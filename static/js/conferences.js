// The conferences page: create, edit, and choose the active conference. A new conference
// becomes the active one only when the person says so, in the page; no browser pop-up.
import { api, el, fill, labels } from "./api.js";
import { dayFirst, dmy, readDay } from "./dates.js";

const L = labels();
const form = document.getElementById("conference-form");
const title = document.getElementById("form-title");
const result = document.getElementById("conference-result");
const fields = ["title", "organization", "held_on", "starts_at", "venue", "chair", "invitation_number", "capacity",
  "announced_on", "announcement_channel"];
const MESSAGE = "conferences-message";
// The days typed day first whatever the browser's language (an en-US browser's date picker
// showed 12/15/2026), what each was read as said under it (static/js/dates.js).
const DAYS = ["held_on", "announced_on"];
const explain = Object.fromEntries(DAYS.map((name) => [name, dayFirst(form[name],
  document.getElementById(form[name].getAttribute("aria-describedby")),
  { saying: (when) => fill(L.dateRead, { date: dmy(when) }), late: () => false })]));

// The form as loaded for editing: only what the office changed is sent back, so that another
// page's save since (the invitation's number, also on the record page) is never put back.
let opened = null;

function load(values, editing) {
  for (const name of fields) form[name].value = DAYS.includes(name) ? dmy(values[name] ?? "") : values[name] ?? "";
  opened = editing ? Object.fromEntries(fields.map((name) => [name, form[name].value])) : null;
  for (const name of DAYS) { form[name].removeAttribute("aria-invalid"); explain[name](); }
  form.id.value = editing ? values.id : "";
  title.textContent = editing ? title.dataset.edit : title.dataset.new;
}

function say(text, ok = true) {
  result.className = ok ? "alert ok" : "alert";
  result.textContent = text;
}

function problem(error) {
  return error.status ? error.message : L.network;
}

// After a change the page is drawn again by the server; its message is shown once it is.
function reloadSaying(text) {
  sessionStorage.setItem(MESSAGE, text);
  location.reload();
}

let closeOpenQuestion = null;

// The page's own question: a box after `anchor` (a row under a table row) with one button
// per answer; resolves the chosen answer's value, or null for "Huỷ" and Escape.
function ask(anchor, message, answers) {
  closeOpenQuestion?.();
  return new Promise((resolve) => {
    const buttons = answers.map(([text, value], index) =>
      el("button", { type: "button", class: index === 0 ? "primary" : "", text, onclick: () => finish(value) }));
    const cancel = el("button", { type: "button", text: L.cancel, onclick: () => finish(null) });
    const box = el("div", { class: "confirm", role: "alertdialog", "aria-label": message },
      el("span", { text: message }), ...buttons, cancel);
    const holder = anchor.tagName === "TR"
      ? el("tr", { class: "confirm-row" }, el("td", { colspan: String(anchor.children.length) }, box))
      : box;
    function finish(value) {
      holder.remove();
      closeOpenQuestion = null;
      resolve(value);
    }
    box.addEventListener("keydown", (event) => { if (event.key === "Escape") finish(null); });
    anchor.after(holder);
    closeOpenQuestion = () => finish(null);
    buttons[0].focus();
  });
}

load(JSON.parse(form.dataset.defaults), false);

const rows = [...document.querySelectorAll("#conferences tr[data-conference]")];
const hasActive = rows.some((row) => JSON.parse(row.dataset.conference).is_active);

document.getElementById("conferences").addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const row = button.closest("tr");
  const conference = JSON.parse(row.dataset.conference);
  if (button.dataset.action === "edit") {
    load(conference, true);
    form.scrollIntoView({ behavior: "smooth" });
    return;
  }
  const yes = await ask(row, fill(L.askActivate, { title: conference.title }), [[L.activate, true]]);
  if (!yes) return;
  try {
    await api("POST", `/api/conferences/${conference.id}/activate`);
    reloadSaying(fill(L.activated, { title: conference.title }));
  } catch (error) { say(problem(error), false); }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = Object.fromEntries(fields.map((name) => [name, form[name].value]));
  body.capacity = Number(body.capacity);
  result.className = "";
  result.textContent = "";
  for (const name of DAYS) {
    const when = readDay(form[name], name === "held_on");
    if (when === undefined) return say(L.badDay, false);
    body[name] = when ?? "";
  }
  // "8:00" and "8h" are read as 08:00; anything else is refused here with the server's words.
  const time = /^(\d{1,2})\s*(?:[:hg.]\s*(\d{2})?)?$/i.exec(body.starts_at.trim());
  if (!time || Number(time[1]) > 23) {
    form.starts_at.setAttribute("aria-invalid", "true");
    say(L.badTime, false);
    form.starts_at.focus();
    return;
  }
  form.starts_at.removeAttribute("aria-invalid");
  body.starts_at = `${time[1].padStart(2, "0")}:${time[2] ?? "00"}`;
  // Checked here too, before any question is asked: the field named, marked and in focus.
  if (!/^\d{1,4}$/.test(form.capacity.value.trim()) || body.capacity < 1 || body.capacity > 5000) {
    form.capacity.setAttribute("aria-invalid", "true");
    say(L.badCapacity, false);
    form.capacity.focus();
    return;
  }
  form.capacity.removeAttribute("aria-invalid");
  try {
    if (form.id.value) {
      const changed = opened ? Object.fromEntries(Object.entries(body).filter(([name]) => form[name].value !== opened[name]))
        : body;
      if (Object.keys(changed).length) await api("PATCH", `/api/conferences/${form.id.value}`, changed);
      reloadSaying(fill(L.saved, { title: body.title }));
      return;
    }
    // Another conference is running the hall: ask before the new one takes its place.
    let activate = true;
    if (hasActive) {
      activate = await ask(document.getElementById("activate-question"), L.askActivateNew,
        [[L.createAndActivate, true], [L.createOnly, false]]);
      if (activate === null) return;
    }
    await api("POST", "/api/conferences", { ...body, activate });
    reloadSaying(fill(activate ? L.createdActive : L.created, { title: body.title }));
  } catch (error) {
    say(problem(error), false);
  }
});

const kept = sessionStorage.getItem(MESSAGE);
if (kept) {
  sessionStorage.removeItem(MESSAGE);
  say(kept);
}
