// The page's offline shell: registers ./sw.js (served as /kiosk/sw.js) and hands it the files
// this page loaded, so that a reload while the server is down opens from the browser's cache.
// Browsers give service workers only to secure pages (https:// or localhost): elsewhere a note.
import { labels } from "../api.js";

const L = labels();
const FILES = /^\/(v\/[^/]+\/)?(static|vendor)\//; // versioned (/v/<version>/static/…) or not
const CACHES = "doithoai-kiosk-"; // ./sw.js names its caches so

// Logging out takes the page out of the cache: a tablet no one is logged in on opens no door
// page while the server is down (the copy and the queue stay: unsent scans must not be lost).
function forgetOnLogout() {
  const form = document.querySelector('form[action$="/logout"]');
  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHES)).map((name) => caches.delete(name)));
    } finally {
      form.submit();
    }
  }, { once: true });
}

const loaded = () => new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else window.addEventListener("load", resolve, { once: true });
});

export async function keepShell() {
  if (!L.serviceWorker) return;
  if (!("serviceWorker" in navigator)) {
    document.getElementById("shell-note")?.removeAttribute("hidden");
    return;
  }
  forgetOnLogout();
  try {
    await navigator.serviceWorker.register(L.serviceWorker, { scope: L.shellScope });
    const { active } = await navigator.serviceWorker.ready;
    await loaded();
    await document.fonts.ready;
    const files = performance.getEntriesByType("resource").map((entry) => new URL(entry.name))
      .filter((url) => url.origin === location.origin && FILES.test(url.pathname))
      .map((url) => url.pathname + url.search);
    navigator.serviceWorker.addEventListener("message", (event) => {
      // For whoever checks that the page would open offline (tests/browser/test_kiosk_page.py).
      if (event.data?.kept) document.documentElement.dataset.shell = `${event.data.kept}/${event.data.of}`;
    });
    active.postMessage({ keep: [location.pathname, ...new Set(files)] });
  } catch {
    // No shell (a refused registration, storage full): the page works as before, online.
  }
}
