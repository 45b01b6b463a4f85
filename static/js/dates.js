// Dates the Vietnamese way whatever the browser's locale: a text field read day first, never the
// browser's <input type="date"> (an en-US browser reads "10122026" as October the 12th).
// Shared by the moderator's due date and the record page's due and done dates.
import { el, fill, labels } from "./api.js";

// Accepted: "31/12/2026", "31-12-2026", "31.12.2026", "3/1/2027", a two-digit year ("3/1/27"
// is 2027), eight digits typed on a number pad ("31122026"), and ISO pasted from elsewhere
// ("2026-12-31"). Anything else is refused in place, never guessed. Returns ISO, null when
// empty, undefined when unreadable.
export function isoDate(input) {
  const raw = input.value.trim();
  if (!raw) return null;
  let match = raw.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  let year, month, day;
  if (match) [, year, month, day] = match;
  else if ((match = raw.match(/^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})$/))) [, day, month, year] = match;
  else if ((match = raw.match(/^(\d{2})(\d{2})(\d{4})$/))) [, day, month, year] = match;
  else return undefined;
  if (year.length === 2) year = `20${year}`;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// A form's day box read for sending: ISO, or null when empty (and not `required`); undefined
// when it cannot be read (or is required and empty): the box is then marked and focused, and
// nothing is sent, never a guess.
export function readDay(input, required = false) {
  const when = isoDate(input);
  if (when === undefined || (required && when === null)) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return undefined;
  }
  input.removeAttribute("aria-invalid");
  return when;
}

export function dmy(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso || "";
}

// The hall's clock as the server gave it with the page (templates/base.html: ms since the epoch and
// the hall's minutes east of UTC), against this device's clock when the page loaded: a tablet set
// to the wrong day or zone still counts "today" as the hall does (the server checks due and done
// dates against the hall's calendar).
const hallClock = (document.querySelector('meta[name="hall-clock"]')?.content || "").split(" ").map(Number);
const hall = hallClock.length === 2 && hallClock.every(Number.isFinite)
  ? { skew: hallClock[0] - Date.now(), offset: hallClock[1] * 60000 } : null;

// Today on the hall's calendar, ISO; and `days` later. Without the server's clock, this device's.
export function localIso(days = 0) {
  let year, month, date;
  if (hall) {
    const wall = new Date(Date.now() + hall.skew + hall.offset);  // its UTC fields read the hall's wall clock
    [year, month, date] = [wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()];
  } else {
    const now = new Date();
    [year, month, date] = [now.getFullYear(), now.getMonth(), now.getDate()];
  }
  const day = new Date(Date.UTC(year, month, date + days));
  return `${day.getUTCFullYear()}-${String(day.getUTCMonth() + 1).padStart(2, "0")}-${String(day.getUTCDate()).padStart(2, "0")}`;
}

export const dayCount = (iso) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${localIso()}T00:00:00Z`)) / 86400000);

// What a due date was read as: "(in n days)", "(today)" or "a day already past".
export function dueSaying(when, L = labels()) {
  const days = dayCount(when);
  return fill(days === 0 ? L.dueToday : days < 0 ? L.duePast : L.dueRead, { date: dmy(when), n: days });
}

// Makes a text field (new or in the page) a day-first date: the dd/mm/yyyy mask (digits alone
// become "31/12/2026" as they are typed) and what it was read as said in `read`.
// `saying(iso)` words that reading; `late(iso)` marks it. Returns `explain`, to call after
// the field's value is set from a script.
export function dayFirst(input, read, { saying = dueSaying, late = (when) => dayCount(when) < 0 } = {}) {
  const explain = () => {
    const when = isoDate(input);
    read.textContent = when ? saying(when) : "";
    read.classList.toggle("late", Boolean(when) && late(when));
    // Refused before (a day gone, unreadable): a day now read right is no longer marked wrong.
    if (when && !late(when)) input.removeAttribute("aria-invalid");
  };
  input.addEventListener("input", (event) => {
    // Digits typed one by one (with the slashes this mask put in, at 2 and 5): "31/12/2026".
    // Anything typed with its own separators ("3/1/27", "31-12-2026") is left as it is.
    let value = input.value.trim();
    // A year typed first ("2026-12-31", ISO): the dash after four digits says so; the slash the
    // mask put after the first two is taken out again, and nothing more is masked.
    if (/^\d{2}\/\d{2}[-.]/.test(value)) {
      input.value = value = value.replace("/", "");
    }
    const digits = value.replace(/\//g, "");
    const ours = [...value].every((ch, i) => ch !== "/" || i === 2 || i === 5);
    if (event.inputType?.startsWith("insert") && ours && /^\d{3,8}$/.test(digits)) {
      input.value = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)].filter(Boolean).join("/");
    }
    explain();
  });
  explain();
  return explain;
}

// The due date's field: text with the dd/mm/yyyy mask, what it was read as said under it, and
// quick buttons for a touch screen.
export function dateInput(iso, L = labels()) {
  const input = el("input", { type: "text", name: "reply_due", inputmode: "numeric", autocomplete: "off",
    maxlength: "10", placeholder: L.datePlaceholder, class: "due-date" });
  input.value = dmy(iso);
  const read = el("small", { class: "hint due-read", "aria-live": "polite" });
  const explain = dayFirst(input, read, { saying: (when) => dueSaying(when, L) });
  const quick = el("div", { class: "quick-dates", role: "group", "aria-label": L.quickDates },
    ...[7, 15, 30].map((days) => el("button", { type: "button", class: "small", text: fill(L.plusDays, { n: days }),
      onclick: () => { input.value = dmy(localIso(days)); input.removeAttribute("aria-invalid"); explain(); } })));
  return { input, extra: [read, quick] };
}
