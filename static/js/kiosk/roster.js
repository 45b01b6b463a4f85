// What the kiosk knows of the hall: its copy of the invitation list (in localStorage, to admit
// from while the server does not answer) and the present count. The copy holds each card's
// code as a keyed digest (./digest.js), never in clear: a lost tablet gives no card away.
//
// The copy is updated by changes, not reloaded whole (kiosk/sync.py): it keeps the list's
// `rev` and `epoch`, and asks GET /api/kiosk/roster?since=<rev>&epoch=<epoch> for what changed
// when told something did (the socket's `checkin` and `attendance`), after a reconnect (./queue.js
// flush), and now and then for what no event announces (a card revoked). A `checkin` one rev
// ahead of the copy is applied as it comes, with no request at all. The whole list is fetched
// only when the server says so (410), or when the copy has no rev yet. A scan comes first: no
// question about the list is sent while a scan waits for its answer (./net.js idle).
import { fill, labels } from "../api.js";
import { digest } from "./digest.js";
import { call, idle } from "./net.js";
import { mayBeOurs, readScan } from "./reading.js";
import { load, rosterKey, save } from "./storage.js";

const L = labels();
const ROSTER_KEY = rosterKey(L.conferenceId);
const ROSTER_URL = "/api/kiosk/roster";
const CHANGED = "kiosk:roster-changed";
const SAVE_MS = 1000; // the copy is written to storage at most once a second (and on leaving)
const POLL_MS = 30_000; // what no event announces (a card revoked or reissued) arrives within this
const MAX_PAGES = 50; // one catch-up's answers; the server says "reload whole" long before

// Someone was admitted or taken back (here, at another kiosk, or the copy was fetched again):
// whatever shows people, the search results first, draws them again.
function changed() {
  document.dispatchEvent(new CustomEvent(CHANGED));
}
export function onRosterChange(handler) {
  document.addEventListener(CHANGED, handler);
}

// What the copy keeps of a person. The server sends digests; a copy saved by an older page may
// hold codes (digested on load). Someone admitted here offline stays marked (`local_at`, and in)
// until their scan is sent.
function kept(p, localAt) {
  const digestOf = (kind, code) => (code && L.digestKey ? digest(L.digestKey, kind, code) : null);
  return {
    id: p.id, name: p.name, group_id: p.group_id, group_name: p.group_name, position: p.position,
    category: p.category, walk_in: Boolean(p.walk_in), checked_in_at: p.checked_in_at ?? localAt ?? null,
    local_at: localAt,
    code_digest: p.code_digest ?? digestOf("code", p.code),
    short_digest: p.short_digest ?? digestOf("short", p.short_code),
  };
}

// The copy: { conference_id, epoch, rev, at, people }. `byId` finds a person without a search.
export let roster = load(ROSTER_KEY, { people: [] });
if (roster.people.some((p) => "code" in p || "short_code" in p)) {
  roster = { people: roster.people.map((p) => kept(p, p.local_at)) }; // no epoch: reloaded whole
}
let byId = new Map(roster.people.map((p) => [p.id, p]));

let saveTimer = null;
function persistNow() {
  clearTimeout(saveTimer);
  saveTimer = null;
  try {
    save(ROSTER_KEY, roster);
  } catch { /* storage full: the copy in memory still admits */ }
}
function persistSoon() {
  if (!saveTimer) saveTimer = setTimeout(persistNow, SAVE_MS);
}
window.addEventListener("pagehide", persistNow);

// ./queue.js tells whether scans still wait to be sent, and whether the server answers.
let queueState = { waiting: () => false, online: () => true };
export function bindQueue(state) {
  queueState = state;
}

async function reloadWhole() {
  const { status, data } = await call("GET", ROSTER_URL);
  if (status !== 200 || !Array.isArray(data?.people)) return false;
  const local = queueState.waiting()
    ? new Map(roster.people.filter((p) => p.local_at).map((p) => [p.id, p.local_at])) : new Map();
  roster = {
    conference_id: data.conference_id, epoch: data.epoch, rev: data.rev, at: new Date().toISOString(),
    people: data.people.map((p) => kept(p, local.get(p.id))),
  };
  byId = new Map(roster.people.map((p) => [p.id, p]));
  persistNow();
  changed();
  return false;
}

// One answer of changes: the changed people in (in place, or at the end), the removed out.
function apply(data) {
  const waiting = queueState.waiting();
  for (const p of data.changed) {
    const old = byId.get(p.id);
    const person = kept(p, waiting ? old?.local_at : undefined);
    if (old) Object.assign(old, person);
    else {
      roster.people.push(person);
      byId.set(person.id, person);
    }
  }
  if (data.removed.length) {
    const gone = new Set(data.removed);
    roster.people = roster.people.filter((p) => !gone.has(p.id));
    for (const id of gone) byId.delete(id);
  }
  if (!waiting) { // every scan is sent: the server's word on everyone
    for (const p of roster.people) if (p.local_at) p.local_at = undefined;
  }
  roster.rev = data.rev;
  roster.epoch = data.epoch;
  roster.at = new Date().toISOString();
  persistSoon();
  changed();
  return data.more;
}

// One page after another until the copy is current; "reload whole" when the server says so.
async function catchUp() {
  for (let page = 0; page < MAX_PAGES; page += 1) {
    await idle();
    if (!roster.epoch || !Number.isInteger(roster.rev)) return reloadWhole();
    const query = new URLSearchParams({ since: roster.rev, epoch: roster.epoch });
    const { status, data } = await call("GET", `${ROSTER_URL}?${query}`);
    if (status === 410) return reloadWhole();
    if (status !== 200 || !Array.isArray(data?.changed)) return false;
    if (!apply(data)) return false;
  }
  return false;
}

let syncing = null;
let again = false;
let seenRev = 0; // the highest rev an event named: the copy is behind until it gets there
// Bring the copy up to date; one catch-up at a time, and once more if asked meanwhile. Throws
// Offline (../api.js) when the server does not answer.
export function syncRoster() {
  if (syncing) {
    again = true;
    return syncing;
  }
  syncing = (async () => {
    try {
      let passes = 0;
      do {
        again = false;
        await catchUp();
        passes += 1;
      } while ((again || roster.rev < seenRev) && passes < 3);
    } finally {
      syncing = null;
    }
  })();
  return syncing;
}

// Told that something changed: catch up soon, never in the way (errors are the knock's business).
let soon = null;
function syncSoon() {
  if (soon || !queueState.online()) return;
  soon = setTimeout(() => {
    soon = null;
    syncRoster().catch(() => {});
  }, 0);
}

// An admission or an undo, here or at another kiosk (the socket's "checkin", with the list's
// rev after it): one rev ahead of the copy, it is the only change, and the copy is current.
let quiet = 0; // `attendance` events that only repeat a check-in already applied
export function checkedInElsewhere(change) {
  const person = byId.get(change.invitee_id);
  const mine = person?.local_at && queueState.waiting(); // admitted here offline, not sent yet
  if (person && !mine) person.checked_in_at = change.at;
  if (!syncing && !mine && roster.epoch && Number.isInteger(change.rev) && change.rev === roster.rev + 1) {
    roster.rev = change.rev;
    quiet += 1;
  } else {
    if (Number.isInteger(change.rev)) seenRev = Math.max(seenRev, change.rev);
    syncSoon();
  }
  persistSoon();
  changed();
}

// The counts changed (the socket's "attendance", after any change to the list or an admission).
export function attendanceChanged() {
  if (quiet > 0) quiet -= 1;
  else syncSoon();
}

export function startSyncing() {
  setInterval(syncSoon, POLL_MS);
}

export function markLocal(inviteeId, at, offline) {
  const person = byId.get(inviteeId);
  if (person) {
    person.checked_in_at = at;
    if (offline) person.local_at = at;
    if (offline) persistNow(); // an admission only this tablet knows of: kept at once
    else persistSoon();
  }
  if (offline) showCopyCount();
  changed();
}

// The person a scan names in the copy: the digest of what was read against each card's. Only
// our codes can match; two people sharing a short code's 24-bit digest match no one here.
export function findOffline(body) {
  if (body.invitee_id) return byId.get(body.invitee_id);
  const scan = readScan(body.code);
  // A short code with a letter outside the alphabet is no card's: not even worth a digest.
  if (!L.digestKey || !mayBeOurs(scan)) return undefined;
  const wanted = digest(L.digestKey, scan.kind, scan.value);
  const field = scan.kind === "code" ? "code_digest" : "short_digest";
  const found = roster.people.filter((p) => p[field] === wanted);
  return found.length === 1 ? found[0] : undefined;
}

export async function refreshSummary() {
  const { status, data } = await call("GET", "/api/conference");
  if (status === 200) showSummary(data);
}

// The hall's count: the server's when it answers; while it does not (and on a page opened from
// the cache), the copy's own — everyone admitted anywhere until the outage, and here since.
const CAPACITY_KEY = `${ROSTER_KEY}.capacity`;
export function showSummary(data) {
  try { localStorage.setItem(CAPACITY_KEY, String(data.capacity)); } catch { /* storage full: shown anyway */ }
  document.getElementById("present-count").textContent = fill(L.present, { present: data.present, capacity: data.capacity });
}

export function showCopyCount() {
  if (!roster.people.length) return;
  const present = roster.people.filter((p) => p.checked_in_at).length;
  const capacity = localStorage.getItem(CAPACITY_KEY) || "—";
  document.getElementById("present-count").textContent = fill(L.present, { present, capacity });
}
