// Search by name (the server's, or the kiosk's copy while offline) and walk-ins: people who
// are not on the invitation list. The results are drawn again after every admission or undo,
// here or at another kiosk; every question to the door staff is asked in the page (./confirm.js).
import { el, fill, labels, Offline } from "../api.js";
import { ask } from "./confirm.js";
import { admit } from "./door.js";
import { hallClock } from "../clock.js";
import { call } from "./net.js";
import { detailOf, show, showAnswer } from "./overlay.js";
import { newScanId, online } from "./queue.js";
import { fold } from "./reading.js";
import { onRosterChange, roster, syncRoster } from "./roster.js";

const L = labels();
const SEARCH_DELAY_MS = 250;
const searchForm = document.getElementById("search-form");
const results = document.getElementById("search-results");
let searchTimer = null;
let asked = 0; // the latest search: an older answer arriving late is dropped

async function search() {
  const q = searchForm.q.value.trim();
  const group = searchForm.group.value;
  const mine = ++asked;
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
  if (mine !== asked) return;
  // Keep the door staff's place: the focused button, if its person is still listed.
  const focused = results.contains(document.activeElement) ? document.activeElement.closest("li")?.dataset.id : null;
  results.replaceChildren(...people.slice(0, 30).map((person) => {
    const local = roster.people.find((p) => p.id === person.id);
    const inside = person.checked_in_at || local?.checked_in_at;
    return el("li", { class: inside ? "inside" : "", dataset: { id: person.id } },
      el("span", { class: "who" }, el("strong", { text: person.name }), el("span", { class: "muted", text: ` · ${detailOf(person)}` })),
      inside
        ? el("span", { class: "badge ok", text: L.in })
        : el("button", { type: "button", class: "primary", text: L.admit, onclick: () => admit({ invitee_id: person.id }) }),
    );
  }));
  if (!people.length) results.replaceChildren(el("li", { class: "none muted", text: L.noMatch }));
  if (focused) results.querySelector(`li[data-id="${focused}"] button`)?.focus({ preventScroll: true });
}

function searchSoon() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, SEARCH_DELAY_MS);
}

export function setUpSearch() {
  searchForm?.addEventListener("input", searchSoon);
  searchForm?.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  onRosterChange(() => { if (searchForm.q.value.trim() || searchForm.group.value) searchSoon(); });
}

// A walk-in who is on the list after all: offered for admission as the person listed.
async function alreadyListed(form, data) {
  const person = data.invitee;
  if (!person) { // several people of that name on the list: the search finds the right one
    show("amber", { title: L.listedTitle, detail: data.message });
    return;
  }
  if (person.checked_in_at) {
    const time = hallClock(person.checked_in_at);
    show("amber", { title: L.amber, name: person.name, detail: fill(L.listedInside, { time }) });
    form.reset();
    return;
  }
  const yes = await ask({ title: L.listedTitle, name: person.name, message: `${detailOf(person)}. ${L.listedOffer}`,
    yes: L.admit, no: L.cancel });
  if (!yes) return;
  form.reset();
  await admit({ invitee_id: person.id });
}

export function setUpWalkIns() {
  document.getElementById("walkin-form")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = Object.fromEntries(new FormData(form));
    body.group_id = Number(body.group_id);
    try {
      let answer = await call("POST", "/api/walkins", { ...body, scan_id: newScanId() });
      // Each question the server asks is put to the staff in the page, and the walk-in sent
      // again with the answer: someone of the same name already inside, then the hall full.
      for (let asked = 0; asked < 2 && answer.status === 409; asked += 1) {
        if (answer.data.error === "already_on_roster") {
          await alreadyListed(form, answer.data);
          return;
        }
        if (answer.data.error === "same_name_inside") {
          if (!await ask({ title: L.sameNameTitle, name: body.name, message: answer.data.message,
            yes: L.anotherPerson, no: L.cancel })) return;
          body.another_person = true;
        } else if (answer.data.error === "over_capacity") {
          if (!await ask({ title: L.confirmTitle, name: body.name, message: answer.data.message,
            yes: L.confirmYes, no: L.cancel })) return;
          body.confirm = true;
        } else {
          break;
        }
        answer = await call("POST", "/api/walkins", { ...body, scan_id: newScanId() });
      }
      showAnswer(answer.status, answer.data);
      if (answer.status === 201) {
        form.reset();
        syncRoster().catch(() => {});
      }
    } catch {
      // Not invalid: not written. The guest goes in, on paper for now; the form keeps them.
      show("amber", { title: L.notSent, name: body.name || "", detail: L.walkinOffline });
    }
  });
}
