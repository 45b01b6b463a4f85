// The conferences page: create, edit, and choose the active conference.
import { api } from "./api.js";

const form = document.getElementById("conference-form");
const title = document.getElementById("form-title");
const result = document.getElementById("conference-result");
const fields = ["title", "organization", "held_on", "starts_at", "venue", "chair", "capacity", "announced_on"];

function load(values, editing) {
  for (const name of fields) form[name].value = values[name] ?? "";
  form.id.value = editing ? values.id : "";
  title.textContent = editing ? title.dataset.edit : title.dataset.new;
}

load(JSON.parse(form.dataset.defaults), false);

document.getElementById("conferences").addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const conference = JSON.parse(button.closest("tr").dataset.conference);
  if (button.dataset.action === "edit") {
    load(conference, true);
    form.scrollIntoView({ behavior: "smooth" });
  } else {
    try {
      await api("POST", `/api/conferences/${conference.id}/activate`);
      location.reload();
    } catch (error) { alert(error.message); }
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = Object.fromEntries(fields.map((name) => [name, form[name].value]));
  body.capacity = Number(body.capacity);
  try {
    if (form.id.value) await api("PATCH", `/api/conferences/${form.id.value}`, body);
    else await api("POST", "/api/conferences", body);
    location.reload();
  } catch (error) {
    result.className = "alert";
    result.textContent = error.message;
  }
});
