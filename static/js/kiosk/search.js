// Search by name (the server's, or the kiosk's copy while offline) and walk-ins: people who
// are not on the invitation list.
import { el, labels, Offline } from "../api.js";
import { admit } from "./door.js";
import { call } from "./net.js";
import { detailOf, show, showAnswer } from "./overlay.js";
import { newScanId, online, waiting } from "./queue.js";
import { fold } from "./reading.js";
import { refreshRoster, roster } from "./roster.js";

const L = labels();
const SEARCH_DELAY_MS = 250;
const searchForm = document.getElementById("search-form");
const results = document.getElementById("search-results");
let searchTimer = null;

async function search() {
  const q = searchForm.q.value.trim();
  const group = searchForm.group.value;
  if (!q && !group) {
    results.replaceChildren();
    return;
  }
  let people;
  try {
    if (!online) throw new Offline();
    const params = new URLSearchParams({ q });
    if (group) params.set("group", group);
    const { status, data } = await call("GET", `/api/invitees?${params}`);
    if (status !== 200) throw new Offline();
    people = data;
  } catch {
    const key = fold(q);
    people = roster.people.filter((p) => fold(p.name).includes(key) && (!group || String(p.group_id) === group));
  }
  results.replaceChildren(...people.slice(0, 30).map((person) => {
    const local = roster.people.find((p) => p.id === person.id);
    const inside = person.checked_in_at || local?.checked_in_at;
    return el("li", { class: inside ? "inside" : "" },
      el("span", { class: "who" }, el("strong", { text: person.name }), el("span", { class: "muted", text: ` · ${detailOf(person)}` })),
      inside
        ? el("span", { class: "badge ok", text: L.in })
        : el("button", { type: "button", class: "primary", text: L.admit, onclick: () => admit({ invitee_id: person.id }) }),
    );
  }));
}

export function setUpSearch() {
  searchForm?.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, SEARCH_DELAY_MS);
  });
  searchForm?.addEventListener("submit", (event) => { event.preventDefault(); search(); });
}

export function setUpWalkIns() {
  document.getElementById("walkin-form")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = Object.fromEntries(new FormData(form));
    body.group_id = Number(body.group_id);
    try {
      let answer = await call("POST", "/api/walkins", { ...body, scan_id: newScanId() });
      if (answer.status === 409 && ["over_quota", "over_capacity"].includes(answer.data.error)) {
        if (!confirm(answer.data.message)) return;
        answer = await call("POST", "/api/walkins", { ...body, confirm: true, scan_id: newScanId() });
      }
      showAnswer(answer.status, answer.data);
      if (answer.status === 201) {
        form.reset();
        refreshRoster(waiting);
      }
    } catch {
      show("red", { title: L.red, detail: L.network });
    }
  });
}
