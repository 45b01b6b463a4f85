// The secretary's record page: free text of the minutes and the report, the documents'
// settings (issuing body, numbers, signer), what is missing, the report's deadline, and the
// follow-up of written replies and referrals.
import { api, el, fill, labels } from "./api.js";

const L = labels();
// Choosing another conference shows its record (no inline handler: the page's policy forbids them).
document.getElementById("conference-select")?.addEventListener("change", (event) => event.target.form.submit());
const query = `?conference=${L.conference}`;
const form = document.getElementById("notes");

function vn(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

// Fields that are not plain text: how each is shown and how it is sent back.
const DATES = ["council_session_on", "report_issued_on"];

function render(state) {
  for (const [key, value] of Object.entries(state.notes)) {
    const field = form.elements[key];
    if (!field) continue;
    if (field.type === "checkbox") field.checked = Boolean(value);
    else field.value = key === "recipients" ? value.join("\n") : (value ?? "");
  }
  const missing = document.getElementById("missing");
  missing.replaceChildren(...state.missing.map((text) => el("li", { text })));
  document.getElementById("complete").hidden = state.missing.length > 0;
  const deadline = document.getElementById("deadline");
  deadline.hidden = !state.report_due;
  if (state.report_due) {
    const late = state.report_days_left < 0;
    deadline.className = `alert ${late || state.report_days_left <= 7 ? "" : "warn"}`;
    deadline.textContent = late ? fill(L.late, { date: vn(state.report_due) })
      : fill(L.due, { date: vn(state.report_due), days: state.report_days_left });
  }
  document.querySelector("#followup tbody").replaceChildren(...state.followup.map((item) => {
    const done = el("input", { type: "date", "aria-label": `${item.number}` });
    done.value = item.done_on || "";
    const reply = el("textarea", { rows: "2" });
    reply.value = item.reply || "";
    const save = el("button", { type: "button", text: L.save, onclick: async () => {
      const out = document.getElementById("followup-result");
      try {
        await api("PATCH", `/api/questions/${item.id}/followup`, { done_on: done.value || null, reply: reply.value });
        out.className = "";
        out.textContent = "";
        await load();
      } catch (error) {
        out.className = "alert";
        out.textContent = error.message;
      }
    } });
    return el("tr", { class: item.overdue ? "overdue" : "" },
      el("td", { text: String(item.number) }),
      el("td", {}, el("div", { text: item.text }), el("div", { class: "muted small", text: item.asker })),
      el("td", {}, el("div", { text: `${{ written_reply: L.written, referred: L.referred, resolving: L.resolving }[item.status]}: ${item.who || "…"}` }),
        el("div", { class: item.overdue ? "badge short" : "muted small", text: item.due ? `${vn(item.due)}${item.overdue ? ` · ${L.overdue}` : ""}` : "" })),
      el("td", {}, done), el("td", {}, reply), el("td", {}, save));
  }));
}

async function load() {
  render(await api("GET", `/api/record${query}`));
}

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = Object.fromEntries(new FormData(form));
  body.recipients = body.recipients.split("\n").map((line) => line.trim()).filter(Boolean);
  for (const key of DATES) body[key] = body[key] || null;
  body.passed_at_meeting = form.elements.passed_at_meeting.checked;
  const out = document.getElementById("notes-result");
  try {
    render(await api("PATCH", `/api/record${query}`, body));
    out.className = "alert ok";
    out.textContent = L.saved;
  } catch (error) {
    out.className = "alert";
    out.textContent = error.message;
  }
});

if (form) load();
