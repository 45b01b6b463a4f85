// The offline queue: scans admitted from the kiosk's copy wait in localStorage, in order, and
// are sent again with their scan_id once the server answers; the offline banner.
import { fill, labels } from "../api.js";
import { call } from "./net.js";
import { bindQueue, refreshSummary, syncRoster } from "./roster.js";
import { load, QUEUE_KEY, save, TAG_KEY } from "./storage.js";

const L = labels();
const KNOCK_MS = 3000;
const banner = document.getElementById("offline-banner");

export const queue = load(QUEUE_KEY, []);
export let online = true;
// The server no longer knows this desk (its login ended, the tablet was unpaired): nothing is
// admitted and the queue waits, whole, until a login again — never sent into a 401 and dropped.
export let loggedOut = false;
const loginBanner = document.getElementById("login-banner");
export const waiting = () => queue.length > 0;
bindQueue({ waiting, online: () => online });

// A retry carries the first try's scan_id: the server answers it as it did, never admits twice.
const tag = localStorage.getItem(TAG_KEY) || Math.random().toString(36).slice(2, 10);
localStorage.setItem(TAG_KEY, tag);
let counter = 0;
export const newScanId = () => `${tag}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function setOnline(value) {
  online = value;
  banner.hidden = value && queue.length === 0;
  banner.classList.toggle("sending", value && queue.length > 0);
  document.getElementById("queued-text").textContent = queue.length ? fill(L.queued, { n: queue.length }) : "";
  document.body.classList.toggle("offline", !value);
}

export function setLoggedOut(value) {
  loggedOut = value;
  loginBanner.hidden = !value;
  document.getElementById("login-queued").textContent = queue.length ? fill(L.loginQueued, { n: queue.length }) : "";
}

// 401 or 403: the desk's login is gone (its session ended, the tablet unpaired).
export const isLoggedOut = (status) => status === 401 || status === 403;

export function enqueue(body) {
  queue.push(body);
  save(QUEUE_KEY, queue);
}

let flushing = false;
export async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    while (queue.length) {
      let answer;
      try {
        answer = await call("POST", "/api/checkins", queue[0]);
      } catch {
        setOnline(false);
        return;
      }
      if (isLoggedOut(answer.status)) {
        setLoggedOut(true);
        return;
      }
      if (answer.status >= 500) {
        setOnline(false);
        return;
      }
      setLoggedOut(false);
      // Refused now (the person removed from the list meanwhile, another conference): said
      // once, as a scan's refusal is, and the queue moves on.
      if (answer.status >= 400) refusedLater(answer.status, answer.data);
      queue.shift();
      save(QUEUE_KEY, queue);
      setOnline(true);
    }
    setOnline(true);
    await syncRoster(); // what changed while away, not the whole list again
    await refreshSummary();
  } catch {
    setOnline(false);
  } finally {
    flushing = false;
  }
}

let refusedLater = () => {};
export function onRefusedLater(show) { refusedLater = show; }

// While offline, knock every few seconds; the socket's reconnect also brings us back.
export function startKnocking() {
  setInterval(async () => {
    if (online && queue.length === 0 && !loggedOut) return;
    try {
      const { status } = await call("GET", "/api/me");
      if (isLoggedOut(status)) {
        setLoggedOut(true);
        return;
      }
      setLoggedOut(false);
      await flush();
    } catch {
      setOnline(false);
    }
  }, KNOCK_MS);
}
