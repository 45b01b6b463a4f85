// What the kiosk knows of the hall: its copy of the invitation list (in localStorage, to admit
// from while the server does not answer) and the present count.
import { fill, labels } from "../api.js";
import { call } from "./net.js";
import { scanKey } from "./reading.js";
import { load, rosterKey, save } from "./storage.js";

const L = labels();
const ROSTER_KEY = rosterKey(L.conferenceId);

export let roster = load(ROSTER_KEY, { people: [] });

// `waiting()` says whether scans still wait to be sent.
export async function refreshRoster(waiting) {
  const { status, data } = await call("GET", "/api/invitees");
  if (status !== 200 || !Array.isArray(data)) return;
  // People admitted here while offline stay marked until their scans are sent.
  const local = new Map(roster.people.filter((p) => p.local_at).map((p) => [p.id, p.local_at]));
  roster = {
    at: new Date().toISOString(),
    people: data.map((p) => ({
      id: p.id, name: p.name, group_id: p.group_id, group_name: p.group_name, position: p.position,
      category: p.category, code: p.code, short_code: p.short_code,
      checked_in_at: p.checked_in_at, local_at: waiting() ? local.get(p.id) : undefined,
    })),
  };
  save(ROSTER_KEY, roster);
}

export function markLocal(inviteeId, at, offline) {
  const person = roster.people.find((p) => p.id === inviteeId);
  if (!person) return;
  person.checked_in_at = at;
  if (offline) person.local_at = at;
  save(ROSTER_KEY, roster);
}

export function findOffline(body) {
  if (body.invitee_id) return roster.people.find((p) => p.id === body.invitee_id);
  const key = scanKey(body.code);
  return roster.people.find((p) => p.code === key || p.short_code === key);
}

// Another kiosk admitted someone (the socket's "checkin").
export function checkedInElsewhere(change) {
  const person = roster.people.find((p) => p.id === change.invitee_id);
  if (person && !person.local_at) {
    person.checked_in_at = change.at;
    save(ROSTER_KEY, roster);
  }
}

export async function refreshSummary() {
  const { status, data } = await call("GET", "/api/conference");
  if (status === 200) showSummary(data);
}

export function showSummary(data) {
  document.getElementById("present-count").textContent = fill(L.present, { present: data.present, capacity: data.capacity });
}
