// Shared by every page: JSON calls to our own server, and the page's translated labels.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function api(method, url, body) {
  const options = { method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
  if (body instanceof FormData) {
    options.body = body;
  } else if (method !== "GET") {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body ?? {});
  }
  const response = await fetch(url, options);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export class Offline extends Error {}

// A JSON call that answers {status, data} whatever the status, for pages that must tell
// "the server said no" from "the server did not answer" (after timeoutMs): then Offline.
export async function request(method, url, body, timeoutMs = 10_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const options = { method, credentials: "same-origin", signal: controller.signal, headers: { "X-CSRF-Token": csrf } };
    if (method !== "GET") {
      // JSON always: a body-less POST goes out as text/plain, which the CSRF guard refuses.
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body ?? {});
    }
    const response = await fetch(url, options);
    const data = await response.json().catch(() => ({}));
    return { status: response.status, data };
  } catch {
    throw new Offline();
  } finally {
    clearTimeout(timer);
  }
}

// A send's own id, kept in this browser with its text until the server has answered: sent
// again after a lost answer (weak Wi-Fi, a restarted server), the server answers as the first
// time and writes nothing twice. A text changed since is another send, with another id.
// `id(text)` gives it, `forget()` once an answer came. Used by the phone and the floor form.
export function sendIds(storageKey) {
  return {
    id(text) {
      let kept = null;
      try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch { kept = null; }
      if (kept?.text === text && kept.id) return kept.id;
      const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
      try { localStorage.setItem(storageKey, JSON.stringify({ id, text })); } catch { /* private mode: one try's id */ }
      return id;
    },
    forget() {
      try { localStorage.removeItem(storageKey); } catch { /* nothing kept */ }
    },
  };
}

export function labels(id = "labels") {
  return document.getElementById(id)?.dataset || {};
}

// A translation may choose its words by a number, as ICU writes it (Vietnamese never needs
// to): "{n, plural, one {# person} other {# people}}", # standing for the number.
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
let pluralRules = null;

export function fill(template, values) {
  pluralRules ||= new Intl.PluralRules(document.documentElement.lang || "vi");
  return template
    .replace(PLURAL, (_, key, one, other) => (pluralRules.select(Number(values[key])) === "one" ? one : other)
      .replace(/#/g, String(values[key] ?? "")))
    .replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

// Build an element; text always goes in as textContent, never as markup.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

// Every page's live connection: websocket first, and back within about two seconds of the
// server's return (socket.io's default backoff grows to five). An attempt that gets no answer
// is given up after eight seconds and made again: socket.io's default of twenty held a phone
// whose Wi-Fi dropped while its page was still connecting without a connection for twenty
// seconds after the Wi-Fi came back.
export function connect() {
  return window.io({ transports: ["websocket", "polling"], reconnectionDelay: 500, reconnectionDelayMax: 2000,
    timeout: 8000 });
}

// templates/_file_picker.html: the chosen file's name beside the page's own "Chọn tệp…"
// button (the browser's would speak the laptop's language), and "none" again on a reset.
for (const input of document.querySelectorAll(".file-picker input[type=file]")) {
  const shown = input.parentElement.querySelector(".file-name");
  const update = () => { shown.textContent = input.files?.[0]?.name || input.dataset.none; };
  input.addEventListener("change", update);
  input.form?.addEventListener("reset", () => setTimeout(update));
}

// A form sent again while its last send is on its way does nothing: a double click on "Thêm"
// added the person once, then answered the second click "already on the list". Its submit
// buttons are disabled meanwhile (those disabled before stay so).
export async function once(form, work) {
  if (form.dataset.busy) return;
  form.dataset.busy = "1";
  const buttons = [...form.querySelectorAll("button")].filter((b) => b.type === "submit" && !b.disabled);
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await work();
  } finally {
    delete form.dataset.busy;
    buttons.forEach((b) => { b.disabled = false; });
  }
}
