// The kiosk's own storage: JSON values in localStorage under these keys, which survive a reload.
export const QUEUE_KEY = "doithoai.kiosk.queue";
export const TAG_KEY = "doithoai.kiosk.tag";
export const rosterKey = (conferenceId) => `doithoai.kiosk.roster.${conferenceId}`;

export function load(key, fallback) {
  try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
}
export function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
