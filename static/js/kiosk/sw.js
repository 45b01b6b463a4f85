// The kiosk's offline shell, a service worker: served as /kiosk/sw.js with the scope /kiosk,
// registered by ./shell.js. A kiosk reloaded while the server is down still opens its page
// and admits from its copy (which lives in localStorage, not here).
//
// - the page (/kiosk) and its files (/static/…, /vendor/…): the network first, kept in the
//   cache on each answer; the cached copy when the network fails or takes over NETWORK_MS;
// - the API, the socket and every other address: the network only, untouched, so that the
//   page itself tells "the server did not answer" (./net.js) from an answer;
// - ./shell.js sends the files the page loaded before this worker took charge;
// - a new VERSION (bump it when this file's rules change) starts an empty cache and drops
//   the old one; the files themselves need no bump, the network comes first.
const VERSION = 1;
const CACHE = `doithoai-kiosk-v${VERSION}`;
const NETWORK_MS = 3000;
const PAGE = new URL(self.registration.scope).pathname; // "/kiosk"
const FILES = /^\/(v\/[^/]+\/)?(static|vendor)\//; // versioned (/v/<version>/static/…) or not

function inShell(url) {
  return url.origin === self.location.origin && (url.pathname === PAGE || FILES.test(url.pathname));
}

// A login page or an error is not the shell: only the page and files themselves are kept.
async function keep(cache, key, response) {
  const good = response.ok && response.type === "basic" && !response.redirected;
  if (good) await cache.put(key, response.clone());
  return good;
}

function within(ms, promise) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("slow")), ms))]);
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    await keep(cache, key, response);
    return response;
  });
  try {
    return await within(NETWORK_MS, network);
  } catch {
    return (await cache.match(key, { ignoreVary: true })) || network;
  }
}

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith("doithoai-kiosk-") && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || !inShell(url)) return;
  if (url.pathname === PAGE && request.mode !== "navigate") return;
  event.respondWith(networkFirst(request, url.pathname === PAGE ? PAGE : request));
});

// The page's list of what it loaded: what the cache lacks (all of it, the first time) is
// fetched again, mostly from the HTTP cache, and kept.
self.addEventListener("message", (event) => {
  const urls = (Array.isArray(event.data?.keep) ? event.data.keep : [])
    .map((text) => new URL(text, self.location.origin)).filter(inShell);
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const results = await Promise.allSettled(urls.map(async (url) => {
      const key = url.pathname === PAGE ? PAGE : url.href;
      if (await cache.match(key, { ignoreVary: true })) return true;
      return keep(cache, key, await fetch(key, { credentials: "same-origin" }));
    }));
    const kept = results.filter((result) => result.value === true).length;
    event.source?.postMessage({ kept, of: urls.length });
  })());
});
