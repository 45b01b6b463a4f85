// Every call the door makes: an answer within 3 seconds, or Offline (see ../api.js request).
// A scan's call is counted: the copy's catch-up (./roster.js) waits until no scan does.
import { request } from "../api.js";

export const TIMEOUT_MS = 3000;
export const call = (method, url, body) => request(method, url, body, TIMEOUT_MS);

let scans = 0;
let waiters = [];
export async function scanCall(method, url, body) {
  scans += 1;
  try {
    return await call(method, url, body);
  } finally {
    scans -= 1;
    if (scans === 0) {
      const ready = waiters;
      waiters = [];
      ready.forEach((resolve) => resolve());
    }
  }
}

// Resolves once no scan waits for the server (at once when none does).
export function idle() {
  return scans === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
}
