// Admitting at the door: a scan or a name goes to the server or, when it does not answer, is
// admitted from the kiosk's copy and queued; the scan box, which keeps the focus.
import { fill, labels } from "../api.js";
import { hallClock } from "../clock.js";
import { scanCall } from "./net.js";
import { detailOf, hide, show, showAnswer } from "./overlay.js";
import { enqueue, flush, newScanId, online, queue, setOnline } from "./queue.js";
import { readScan, scanKey } from "./reading.js";
import { findOffline, markLocal } from "./roster.js";

const L = labels();
const SAME_CODE_MS = 3000;
const scanInput = document.getElementById("scan");
const overlay = document.getElementById("result");

function admitOffline(body) {
  const person = findOffline(body);
  if (!person) {
    // A well-formed code the copy does not hold: "no such code", as the server would say.
    const kind = body.code === undefined ? null : readScan(body.code).kind;
    show("red", { title: kind === "code" || kind === "short" ? L.unknown : L.red, detail: L.offlineUnknown });
    return;
  }
  if (person.checked_in_at) {
    const time = hallClock(person.checked_in_at);
    show("amber", { title: L.amber, name: person.name, detail: fill(L.offlineAmber, { time }) });
    return;
  }
  const at = new Date().toISOString();
  markLocal(person.id, at, true);
  // Queued as the person the copy found, not as the scanned text: the queue too is in
  // localStorage, which holds no code in clear.
  enqueue({ invitee_id: person.id, scan_id: body.scan_id, offline_at: at });
  setOnline(false);
  show("green", { title: L.green, name: person.name, detail: detailOf(person), count: L.offlineGreen });
}

export async function admit(body) {
  const payload = { ...body, scan_id: newScanId() };
  if (!online || queue.length) {
    // Keep the order: while scans wait, new ones wait behind them.
    admitOffline(payload);
    flush();
    return;
  }
  try {
    const { status, data } = await scanCall("POST", "/api/checkins", payload);
    setOnline(true);
    showAnswer(status, data);
  } catch {
    admitOffline(payload);
  }
}

let lastKey = "";
let lastAt = 0;
export function scanned(raw) {
  const key = scanKey(raw);
  if (!key) {
    hide();
    return;
  }
  if (key === lastKey && Date.now() - lastAt < SAME_CODE_MS) return; // the same card, still in view
  lastKey = key;
  lastAt = Date.now();
  admit({ code: raw });
}

export function setUpScanBox() {
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
}
