// The door: a scanner types a code (or a person types the short code), the screen says
// green / amber / red. When the server does not answer within 3 seconds the kiosk keeps
// admitting from its own copy of the invitation list and queues the scans in localStorage,
// so they survive a reload, and sends them when the server is back. Every request carries
// a scan_id: a retry is answered as the first try was, never admitted twice.
import { connect, el, fill, labels, Offline, request } from "./api.js";

const L = labels();
const conferenceId = L.conferenceId;
const TIMEOUT_MS = 3000;
const SAME_CODE_MS = 3000;
const UNDO_MS = 60_000;
const ROSTER_KEY = `doithoai.kiosk.roster.${conferenceId}`;
const QUEUE_KEY = "doithoai.kiosk.queue";
const TAG_KEY = "doithoai.kiosk.tag";

const scanInput = document.getElementById("scan");
const overlay = document.getElementById("result");
const banner = document.getElementById("offline-banner");
const undoButton = document.getElementById("undo");

function load(key, fallback) {
  try { return JSON.parse(localStorage.getItem(key)) ?? fallback; } catch { return fallback; }
}
function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }

let roster = load(ROSTER_KEY, { people: [] });
let queue = load(QUEUE_KEY, []);
let online = true;
let summary = null;

const tag = localStorage.getItem(TAG_KEY) || Math.random().toString(36).slice(2, 10);
localStorage.setItem(TAG_KEY, tag);
let counter = 0;
const newScanId = () => `${tag}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

// The same folding as the server's: case, diacritics (đ too) and NFC/NFD do not matter.
export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
    .toLowerCase().replace(/\s+/g, " ").trim();
}

function codeKey(raw) {
  const text = raw.replace(/^[\s\u0000-\u001f\u200b-\u200f\ufeff]+|[\s\u0000-\u001f\u200b-\u200f\ufeff]+$/g, "").toUpperCase();
  return text.startsWith("DT1-") ? text : text.replace(/[\s\-_.]/g, "");
}

// ---------------------------------------------------------------- network

const call = (method, url, body) => request(method, url, body, TIMEOUT_MS);

function setOnline(value) {
  online = value;
  banner.hidden = value && queue.length === 0;
  banner.classList.toggle("sending", value && queue.length > 0);
  document.getElementById("queued-text").textContent = queue.length ? fill(L.queued, { n: queue.length }) : "";
  document.body.classList.toggle("offline", !value);
}

async function refreshRoster() {
  const { status, data } = await call("GET", "/api/invitees");
  if (status !== 200 || !Array.isArray(data)) return;
  // People admitted here while offline stay marked until their scans are sent.
  const waiting = new Map(roster.people.filter((p) => p.local_at).map((p) => [p.id, p.local_at]));
  roster = {
    at: new Date().toISOString(),
    people: data.map((p) => ({
      id: p.id, name: p.name, group_id: p.group_id, group_name: p.group_name, position: p.position,
      category: p.category, code: p.code, short_code: p.short_code,
      checked_in_at: p.checked_in_at, local_at: queue.length ? waiting.get(p.id) : undefined,
    })),
  };
  save(ROSTER_KEY, roster);
}

async function refreshSummary() {
  const { status, data } = await call("GET", "/api/conference");
  if (status === 200) showSummary(data);
}

function showSummary(data) {
  summary = data;
  document.getElementById("present-count").textContent = fill(L.present, { present: data.present, capacity: data.capacity });
}

let flushing = false;
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    while (queue.length) {
      try {
        await call("POST", "/api/checkins", queue[0]);
      } catch {
        setOnline(false);
        return;
      }
      queue.shift();
      save(QUEUE_KEY, queue);
      setOnline(true);
    }
    setOnline(true);
    await refreshRoster();
    await refreshSummary();
  } catch {
    setOnline(false);
  } finally {
    flushing = false;
  }
}

// While offline, knock every few seconds; the socket's reconnect also brings us back.
setInterval(async () => {
  if (online && queue.length === 0) return;
  try {
    await call("GET", "/api/me");
    await flush();
  } catch {
    setOnline(false);
  }
}, 3000);

// ---------------------------------------------------------------- sound

let audio = null;
function beep(notes) {
  try {
    audio = audio || new AudioContext();
    let t = audio.currentTime;
    for (const [frequency, seconds] of notes) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      oscillator.type = frequency < 300 ? "square" : "sine";
      gain.gain.setValueAtTime(0.2, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + seconds);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(t);
      oscillator.stop(t + seconds);
      t += seconds + 0.05;
    }
  } catch { /* no sound device: the colours still speak */ }
}
const SOUNDS = {
  green: [[880, 0.12], [1320, 0.18]],
  amber: [[660, 0.25], [660, 0.25]],
  red: [[180, 0.6]],
};

// ---------------------------------------------------------------- the result screen

let hideTimer = null;
let undoTimer = null;

function show(colour, { title, name = "", detail = "", count = "", checkinId = null }) {
  overlay.className = `result ${colour}`;
  overlay.dataset.colour = colour;
  overlay.querySelector(".result-title").textContent = title;
  overlay.querySelector(".result-name").textContent = name;
  overlay.querySelector(".result-detail").textContent = detail;
  overlay.querySelector(".result-count").textContent = count;
  overlay.hidden = false;
  beep(SOUNDS[colour]);
  clearTimeout(undoTimer);
  undoButton.hidden = !checkinId;
  undoButton.dataset.checkinId = checkinId || "";
  if (checkinId) undoTimer = setTimeout(() => { undoButton.hidden = true; }, UNDO_MS);
  clearTimeout(hideTimer);
  hideTimer = setTimeout(hide, colour === "red" ? 8000 : 5000);
  scanInput?.focus();
}

function hide() {
  overlay.hidden = true;
  scanInput?.focus();
}

function countLine(group) {
  if (!group) return "";
  return group.kind === "tdp"
    ? fill(L.count, { group: group.name, present: group.residents_present, quota: group.quota })
    : fill(L.countWard, { group: group.name, present: group.present });
}

function detailOf(person) {
  const parts = [person.group_name, person.position];
  if (person.walk_in) parts.push(L.walkIn);
  return parts.filter(Boolean).join(" · ");
}

function showAnswer(status, data) {
  if (status === 201) {
    markLocal(data.invitee.id, data.at, false);
    show("green", { title: L.green, name: data.invitee.name, detail: detailOf(data.invitee), count: countLine(data.group), checkinId: data.checkin_id });
  } else if (status === 200 && data.result === "already_checked_in") {
    show("amber", { title: L.amber, name: data.invitee.name, detail: data.message, count: countLine(data.group) });
  } else {
    show("red", { title: L.red, name: data.invitee?.name || "", detail: data.message || L.network });
  }
}

function markLocal(inviteeId, at, offline) {
  const person = roster.people.find((p) => p.id === inviteeId);
  if (!person) return;
  person.checked_in_at = at;
  if (offline) person.local_at = at;
  save(ROSTER_KEY, roster);
}

// ---------------------------------------------------------------- admitting

function findOffline(body) {
  if (body.invitee_id) return roster.people.find((p) => p.id === body.invitee_id);
  const key = codeKey(body.code);
  return roster.people.find((p) => p.code === key || p.short_code === key);
}

function admitOffline(body) {
  const person = findOffline(body);
  if (!person) {
    show("red", { title: L.red, detail: L.offlineUnknown });
    return;
  }
  if (person.checked_in_at) {
    const time = new Date(person.checked_in_at).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });
    show("amber", { title: L.amber, name: person.name, detail: fill(L.offlineAmber, { time }) });
    return;
  }
  const at = new Date().toISOString();
  markLocal(person.id, at, true);
  queue.push({ ...body, offline_at: at });
  save(QUEUE_KEY, queue);
  setOnline(false);
  show("green", { title: L.green, name: person.name, detail: detailOf(person), count: L.offlineGreen });
}

async function admit(body) {
  const payload = { ...body, scan_id: newScanId() };
  if (!online || queue.length) {
    // Keep the order: while scans wait, new ones wait behind them.
    admitOffline(payload);
    flush();
    return;
  }
  try {
    const { status, data } = await call("POST", "/api/checkins", payload);
    setOnline(true);
    showAnswer(status, data);
  } catch {
    admitOffline(payload);
  }
}

let lastKey = "";
let lastAt = 0;
function scanned(raw) {
  const key = codeKey(raw);
  if (!key) {
    hide();
    return;
  }
  if (key === lastKey && Date.now() - lastAt < SAME_CODE_MS) return; // the same card, still in view
  lastKey = key;
  lastAt = Date.now();
  admit({ code: raw });
}

document.getElementById("scan-form")?.addEventListener("submit", (event) => {
  event.preventDefault();
  const raw = scanInput.value;
  scanInput.value = "";
  scanned(raw);
});
scanInput?.addEventListener("keydown", (event) => {
  if (event.key === "Tab") { // scanners set to end with Tab
    event.preventDefault();
    document.getElementById("scan-form").requestSubmit();
  }
});
// The scan box keeps the focus, unless a person is typing in another field.
scanInput?.addEventListener("blur", () => setTimeout(() => {
  const active = document.activeElement;
  if (!active || active === document.body || overlay.contains(active)) scanInput.focus();
}, 100));

document.getElementById("dismiss").addEventListener("click", hide);
undoButton.addEventListener("click", async () => {
  const id = undoButton.dataset.checkinId;
  if (!id) return;
  try {
    const { status, data } = await call("POST", `/api/checkins/${id}/undo`);
    if (status === 200) {
      markLocal(data.invitee.id, null, false);
      show("amber", { title: L.undone, name: data.invitee.name, count: countLine(data.group) });
      undoButton.hidden = true;
    } else {
      show("red", { title: L.red, detail: data.message });
    }
  } catch {
    show("red", { title: L.red, detail: L.network });
  }
});

// ---------------------------------------------------------------- search by name

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
searchForm?.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, 250);
});
searchForm?.addEventListener("submit", (event) => { event.preventDefault(); search(); });

// ---------------------------------------------------------------- walk-ins

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
      refreshRoster();
    }
  } catch {
    show("red", { title: L.red, detail: L.network });
  }
});

// ---------------------------------------------------------------- camera

async function setUpCamera() {
  const start = document.getElementById("camera-start");
  const stop = document.getElementById("camera-stop");
  const video = document.getElementById("camera-view");
  if (!start) return;
  if (!window.isSecureContext || !navigator.mediaDevices) {
    document.getElementById("camera-note").hidden = false;
    return;
  }
  start.hidden = false;
  let scanner = null;
  start.addEventListener("click", async () => {
    const { default: QrScanner } = await import("/vendor/qr-scanner/qr-scanner.min.js");
    scanner = scanner || new QrScanner(video, (result) => scanned(result.data), {
      returnDetailedScanResult: true, highlightScanRegion: true, preferredCamera: "environment",
    });
    video.hidden = false;
    await scanner.start();
    start.hidden = true;
    stop.hidden = false;
  });
  stop.addEventListener("click", () => {
    scanner?.stop();
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
    scanInput.focus();
  });
}

// ---------------------------------------------------------------- live

if (window.io && conferenceId) {
  const socket = connect();
  socket.on("connect", () => { flush(); });
  socket.on("attendance", showSummary);
  socket.on("checkin", (change) => {
    const person = roster.people.find((p) => p.id === change.invitee_id);
    if (person && !person.local_at) {
      person.checked_in_at = change.at;
      save(ROSTER_KEY, roster);
    }
  });
}

setOnline(queue.length === 0);
setUpCamera();
if (conferenceId) {
  flush().catch(() => setOnline(false));
}
scanInput?.focus();
