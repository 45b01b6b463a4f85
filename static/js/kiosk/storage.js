// The kiosk's own storage: JSON values in localStorage under these keys, which survive a reload.
// The roster key holds the offline copy, `{conference_id, epoch, rev, at, people}`, written
// whole by ./roster.js (at most once a second) and brought up to date by changes, not fetched
// whole again: `rev` and `epoch` say where it stands (kiosk/sync.py).
export const QUEUE_KEY = "doithoai.kiosk.queue";
export const TAG_KEY = "doithoai.kiosk.tag";
export const rosterKey = (conferenceId) => `doithoai.kiosk.roster.${conferenceId}`;

export function load(key, fallback) {
  try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
}
export function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
