// Admitting at the door: a scan or a name goes to the server or, when it does not answer, is
// admitted from the kiosk's copy and queued; the scan box, which keeps the focus.
import { fill, labels } from "../api.js";
import { hallClock } from "../clock.js";
import { dismiss, questionOpen } from "./confirm.js";
import { scanCall } from "./net.js";
import { detailOf, hide, show, showAnswer } from "./overlay.js";
import { enqueue, flush, newScanId, online, queue, setOnline } from "./queue.js";
import { mayBeOurs, readScan, scanKey } from "./reading.js";
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

// A scanner types a whole card in a burst, each key a few milliseconds after the last, and ends
// it with Enter or Tab (the gap allowed is wide: a busy tablet, a loaded test machine). Wherever
// the focus is when one comes — the door's question (its Enter would press "Hủy", its Tab move on), the name
// search, a walk-in's field — the burst is a scan: taken as one, the question answered "no"
// (what was typed for the walk-in stays), the field given back what it held before.
const BURST_GAP_MS = 150; // between keys as the keyboard sent them (event.timeStamp), not as a busy page ran them
const BURST_MIN = 8;
let burst = "";
let burstAt = -Infinity;
let burstField = null;
let burstBefore = "";

const isTextField = (node) => node instanceof HTMLTextAreaElement
  || (node instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset"].includes(node.type));

function catchScans(event) {
  const target = event.target;
  if (target === scanInput) return; // the scan box reads its own
  const now = event.timeStamp;
  const quick = now - burstAt < BURST_GAP_MS;
  if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    if (!quick) {
      burst = "";
      burstField = isTextField(target) ? target : null;
      burstBefore = burstField ? burstField.value : "";
    }
    burst += event.key;
    burstAt = now;
    // On a button, a space in a burst must not press it.
    if (!burstField && burst.length > 1) event.preventDefault();
    return;
  }
  if ((event.key !== "Enter" && event.key !== "Tab") || !quick || [...burst].length < BURST_MIN) return;
  const text = burst;
  burst = "";
  burstAt = -Infinity;
  // Typed into a field, only what can be one of our cards is taken: a name typed fast stays a
  // name, a short code typed and sent from the search box is a scan, as it should be.
  if (burstField && !questionOpen() && !mayBeOurs(readScan(text))) return;
  event.preventDefault();
  event.stopPropagation();
  if (burstField) {
    burstField.value = burstBefore;
    burstField.dispatchEvent(new Event("input", { bubbles: true }));
  }
  dismiss();
  scanInput?.focus();
  scanned(text);
}

export function setUpScanBox() {
  document.getElementById("scan-form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const raw = scanInput.value;
    scanInput.value = "";
    scanned(raw);
  });
  document.addEventListener("keydown", catchScans, true);
  let leaving = false;
  scanInput?.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    if (scanInput.value.trim()) { // scanners set to end with Tab
      event.preventDefault();
      document.getElementById("scan-form").requestSubmit();
    } else {
      leaving = true; // a person moving on with the keyboard: to the answer's buttons, the search, a walk-in
      const answerButton = overlay.hidden ? null : [...overlay.querySelectorAll("button")].find((b) => !b.hidden);
      if (answerButton && !event.shiftKey) {
        event.preventDefault();
        answerButton.focus();
      }
    }
  });
  // The scan box keeps the focus, unless a person is typing in another field or has tabbed away.
  scanInput?.addEventListener("blur", () => setTimeout(() => {
    const active = document.activeElement;
    const tabbed = leaving;
    leaving = false;
    if (!active || active === document.body || (!tabbed && overlay.contains(active))) scanInput.focus();
  }, 100));
}
