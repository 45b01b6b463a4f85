// Admitting at the door: a scan or a name goes to the server or, when it does not answer, is
// admitted from the kiosk's copy and queued; the scan box, which keeps the focus.
import { fill, labels } from "../api.js";
import { hallClock } from "../clock.js";
import { dismiss, questionOpen } from "./confirm.js";
import { scanCall } from "./net.js";
import { detailOf, hide, show, showAnswer } from "./overlay.js";
import { enqueue, flush, loggedOut, newScanId, online, queue, setOnline } from "./queue.js";
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
    // Not shaped as a card at all (a web link, a bank's QR): that, as the server says it.
    const detail = kind === "keyboard" ? L.keyboard : kind === "code" || kind === "short" ? L.offlineUnknown : L.notInvitation;
    show("red", { title: kind === "code" || kind === "short" ? L.unknown : L.red, detail });
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

let latest = 0; // the last scan sent: an older one's answer arriving late never covers its answer

export async function admit(body) {
  const payload = { ...body, scan_id: newScanId() };
  const mine = ++latest;
  if (loggedOut) { // nobody to answer for this desk: the card is not judged, and never "invalid"
    show("login", { title: L.loginTitle, detail: L.loginDetail });
    flush();
    return;
  }
  if (!online || queue.length) {
    // Keep the order: while scans wait, new ones wait behind them.
    admitOffline(payload);
    flush();
    return;
  }
  try {
    const { status, data } = await scanCall("POST", "/api/checkins", payload);
    setOnline(true);
    if (mine !== latest && status < 300) {
      // Someone else's answer is on the screen now, with its Hoàn tác: this admission stands
      // (the copy knows it), shown over nobody. A refusal still shows: the staff must know.
      if (status === 201) markLocal(data.invitee.id, data.at, false);
      return;
    }
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

// A scanner types a whole card in a burst and ends it with Enter or Tab. Wherever the focus is
// when one comes — the door's question (its Enter would press "Hủy" or "Vẫn cho vào", its Tab
// move on), the name search, a walk-in's field or list, Hoàn tác — the burst is a scan: taken
// as one (a bank's QR is then "not an invitation", never a walk-in named with its digits), the
// question answered "no" (what was typed for the walk-in stays), the field or list given back
// what it held before.
// A burst is told by its pace, as the keyboard sent the keys (event.timeStamp, not when a busy
// page ran them): most of its gaps a scanner's (the median at most SCANNER_GAP_MS; no person
// types eight keys that fast), none long enough to end it (a Bluetooth hiccup, a loaded
// machine: BURST_BREAK_MS). A name typed by a person, even one that reads like a short code,
// stays what was typed.
const SCANNER_GAP_MS = 40;
const BURST_BREAK_MS = 300;
const BURST_MIN = 8;
let burst = "";
let gaps = [];
let burstAt = -Infinity;
let burstField = null;
let burstBefore = "";

const holdsValue = (node) => node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement
  || (node instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset"].includes(node.type));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : Infinity;
}

function catchScans(event) {
  const target = event.target;
  if (target === scanInput) return; // the scan box reads its own
  const now = event.timeStamp;
  const going = now - burstAt < BURST_BREAK_MS;
  if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    if (going) {
      gaps.push(now - burstAt);
    } else {
      burst = "";
      gaps = [];
      burstField = holdsValue(target) ? target : null;
      burstBefore = burstField ? burstField.value : "";
    }
    burst += event.key;
    burstAt = now;
    // On a button, the keys of a burst press nothing (a space would).
    if (!burstField && burst.length > 1) event.preventDefault();
    return;
  }
  if (event.key !== "Enter" && event.key !== "Tab") return;
  const text = burst;
  const scanner = going && [...text].length >= BURST_MIN && median(gaps) <= SCANNER_GAP_MS;
  burst = "";
  gaps = [];
  burstAt = -Infinity;
  if (!scanner) return;
  event.preventDefault();
  event.stopPropagation();
  if (burstField) {
    burstField.value = burstBefore;
    burstField.dispatchEvent(new Event("input", { bubbles: true }));
    burstField.dispatchEvent(new Event("change", { bubbles: true }));
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
