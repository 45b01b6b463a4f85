// Times as people in the hall read them: the hall's clock (the server's TIMEZONE, in the page's
// <meta name="hall-timezone">), never UTC and never the device's own zone. The pages' one
// formatter, like conference/clock.py and the `hall_time` filter on the server.
const zone = document.querySelector('meta[name="hall-timezone"]')?.content || undefined;

function parts(iso, options) {
  const moment = new Date(iso);
  if (!iso || Number.isNaN(moment.getTime())) return null;
  let format;
  try {
    format = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hourCycle: "h23", ...options });
  } catch {  // a zone this browser does not know: its own clock rather than nothing
    format = new Intl.DateTimeFormat("en-GB", { hourCycle: "h23", ...options });
  }
  return Object.fromEntries(format.formatToParts(moment).map((p) => [p.type, p.value]));
}

// "2026-11-30T05:10:42Z" → "12:10" in the hall.
export function hallClock(iso) {
  const p = parts(iso, { hour: "2-digit", minute: "2-digit" });
  return p ? `${p.hour}:${p.minute}` : "";
}

// "2026-11-30T05:10:42Z" → "12:10 30/11/2026" in the hall.
export function hallTime(iso) {
  const p = parts(iso, { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" });
  return p ? `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}` : "";
}

// A day "2026-11-30" → "30/11/2026", the Vietnamese way.
export function dayMonthYear(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso || "";
}
