// What the kiosk knows of the hall: its copy of the invitation list (in localStorage, to admit
// from while the server does not answer) and the present count. The copy holds each card's
// code as a keyed digest (./digest.js), never in clear: a lost tablet gives no card away.
import { fill, labels } from "../api.js";
import { digest } from "./digest.js";
import { call } from "./net.js";
import { mayBeOurs, readScan } from "./reading.js";
import { load, rosterKey, save } from "./storage.js";

const L = labels();
const ROSTER_KEY = rosterKey(L.conferenceId);
const CHANGED = "kiosk:roster-changed";

// Someone was admitted or taken back (here, at another kiosk, or the copy was fetched again):
// whatever shows people, the search results first, draws them again.
function changed() {
  document.dispatchEvent(new CustomEvent(CHANGED));
}
export function onRosterChange(handler) {
  document.addEventListener(CHANGED, handler);
}

// What the copy keeps of a person. A kiosk gets digests from the server; an admin at the door
// gets codes, digested here; a copy saved by an older page is digested on load.
function kept(p, localAt) {
  const digestOf = (kind, code) => (code && L.digestKey ? digest(L.digestKey, kind, code) : null);
  return {
    id: p.id, name: p.name, group_id: p.group_id, group_name: p.group_name, position: p.position,
    category: p.category, checked_in_at: p.checked_in_at, local_at: localAt,
    code_digest: p.code_digest ?? digestOf("code", p.code),
    short_digest: p.short_digest ?? digestOf("short", p.short_code),
  };
}

export let roster = load(ROSTER_KEY, { people: [] });
if (roster.people.some((p) => "code" in p || "short_code" in p)) {
  roster = { ...roster, people: roster.people.map((p) => kept(p, p.local_at)) };
  save(ROSTER_KEY, roster);
}

// `waiting()` says whether scans still wait to be sent.
export async function refreshRoster(waiting) {
  const { status, data } = await call("GET", "/api/invitees");
  if (status !== 200 || !Array.isArray(data)) return;
  // People admitted here while offline stay marked until their scans are sent.
  const local = new Map(roster.people.filter((p) => p.local_at).map((p) => [p.id, p.local_at]));
  roster = {
    at: new Date().toISOString(),
    people: data.map((p) => kept(p, waiting() ? local.get(p.id) : undefined)),
  };
  save(ROSTER_KEY, roster);
  changed();
}

export function markLocal(inviteeId, at, offline) {
  const person = roster.people.find((p) => p.id === inviteeId);
  if (person) {
    person.checked_in_at = at;
    if (offline) person.local_at = at;
    save(ROSTER_KEY, roster);
  }
  changed();
}

// The person a scan names in the copy: the digest of what was read against each card's. Only
// our codes can match; two people sharing a short code's 24-bit digest match no one here.
export function findOffline(body) {
  if (body.invitee_id) return roster.people.find((p) => p.id === body.invitee_id);
  const scan = readScan(body.code);
  // A short code with a letter outside the alphabet is no card's: not even worth a digest.
  if (!L.digestKey || !mayBeOurs(scan)) return undefined;
  const wanted = digest(L.digestKey, scan.kind, scan.value);
  const field = scan.kind === "code" ? "code_digest" : "short_digest";
  const found = roster.people.filter((p) => p[field] === wanted);
  return found.length === 1 ? found[0] : undefined;
}

// Another kiosk admitted someone (the socket's "checkin").
export function checkedInElsewhere(change) {
  const person = roster.people.find((p) => p.id === change.invitee_id);
  if (person && !person.local_at) {
    person.checked_in_at = change.at;
    save(ROSTER_KEY, roster);
  }
  changed();
}

export async function refreshSummary() {
  const { status, data } = await call("GET", "/api/conference");
  if (status === 200) showSummary(data);
}

export function showSummary(data) {
  document.getElementById("present-count").textContent = fill(L.present, { present: data.present, capacity: data.capacity });
}
