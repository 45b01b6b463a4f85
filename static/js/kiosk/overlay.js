// The full-screen answer (green / amber / red, and blue for an admission taken back) with its
// sound, and its Undo and dismiss buttons.
import { fill, labels } from "../api.js";
import { call } from "./net.js";
import { isLoggedOut, setLoggedOut } from "./queue.js";
import { markLocal } from "./roster.js";

const L = labels();
const UNDO_MS = 60_000;
const scanInput = document.getElementById("scan");
const overlay = document.getElementById("result");
const undoButton = document.getElementById("undo");

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
  login: [[440, 0.2], [330, 0.3]],
  green: [[880, 0.12], [1320, 0.18]],
  amber: [[660, 0.25], [660, 0.25]],
  red: [[180, 0.6]],
  undone: [[660, 0.15], [440, 0.3]],
};
let hideTimer = null;
let undoTimer = null;

export function show(colour, { title, name = "", detail = "", count = "", checkinId = null }) {
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
  // It goes by itself, unless a person has moved onto its buttons with the keyboard.
  hideTimer = setTimeout(() => { if (!overlay.hidden && !overlay.contains(document.activeElement)) hide(); }, colour === "red" ? 8000 : 5000);
  scanInput?.focus();
}

export function hide() {
  // Its timer goes with it: left running, it took the focus back to the scan box seconds later,
  // from whatever field the staff had moved on to (half a name typed there, half here).
  clearTimeout(hideTimer);
  overlay.hidden = true;
  scanInput?.focus();
}

export function countLine(group) {
  if (!group) return "";
  return group.kind === "tdp"
    ? fill(L.count, { group: group.name, present: group.residents_present, quota: group.quota })
    : fill(L.countWard, { group: group.name, present: group.present });
}

export function detailOf(person) {
  const parts = [person.group_name, person.position];
  if (person.walk_in) parts.push(L.walkIn);
  return parts.filter(Boolean).join(" · ");
}

// The server's answer to a check-in or a walk-in.
export function showAnswer(status, data) {
  if (status === 201) {
    markLocal(data.invitee.id, data.at, false);
    show("green", { title: L.green, name: data.invitee.name, detail: detailOf(data.invitee), count: countLine(data.group), checkinId: data.checkin_id });
  } else if (status === 200 && data.result === "already_checked_in") {
    show("amber", { title: L.amber, name: data.invitee.name, detail: data.message, count: countLine(data.group) });
  } else if (isLoggedOut(status)) {
    // The desk's login, not the card: the volunteer must not turn the person away.
    setLoggedOut(true);
    show("login", { title: L.loginTitle, detail: L.loginDetail });
  } else {
    // A well-formed code no card has: "no such code", not "not an invitation".
    const title = data.error === "unknown_invitation" ? L.unknown : L.red;
    show("red", { title, name: data.invitee?.name || "", detail: data.message || L.network });
  }
}

export function setUpOverlay() {
  document.getElementById("dismiss").addEventListener("click", hide);
  undoButton.addEventListener("click", async () => {
    const id = undoButton.dataset.checkinId;
    if (!id) return;
    try {
      const { status, data } = await call("POST", `/api/checkins/${id}/undo`);
      if (status === 200) {
        markLocal(data.invitee.id, null, false);
        show("undone", { title: L.undone, name: data.invitee.name, count: countLine(data.group) });
        undoButton.hidden = true;
      } else {
        show("red", { title: L.red, detail: data.message });
      }
    } catch {
      show("red", { title: L.red, detail: L.network });
    }
  });
}
