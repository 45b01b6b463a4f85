// The devices page while its pairing QR shows: asks every few seconds what became of that QR
// and reloads the page (a GET) once a tablet used it or it expired, so the QR goes and the list
// of paired devices shows the new one without anyone pressing anything.
import { api } from "./api.js";

const pairing = document.getElementById("pairing");
const EVERY_MS = 2000;

async function check() {
  try {
    const { state } = await api("GET", pairing.dataset.poll);
    if (state !== "valid") {
      window.location.replace(window.location.pathname);
      return;
    }
  } catch {
    // Offline a moment, or the login ended (the reload would show the login page): ask again.
  }
  setTimeout(check, EVERY_MS);
}

if (pairing) setTimeout(check, EVERY_MS);
