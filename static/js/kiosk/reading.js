// Pure text rules shared with the server, checked against tests/cases/*.json: fold() is
// conference/text.py's search key, readScan() is kiosk/checkin.py's read_scan.
export const CODE_PREFIX = "DT1-";
export const SHORT_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"; // the server's codes.py
export const SHORT_LENGTH = 8;
export const MAX_SCAN = 200; // a card's text is 36 characters; anything far longer is not ours

// Python's \s (str.isspace), which JavaScript's \s is not quite.
const SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const EDGE = `[${SPACE}\\x00-\\x1f\\x7f\\u200b-\\u200f\\ufeff]+`;
const EDGES = new RegExp(`^${EDGE}|${EDGE}$`, "g");
const SEPARATORS = new RegExp(`[${SPACE}\\-_.]`, "g");
const CODE_BODY = /^[A-Z2-7]{32}$/;
const SHORT_SHAPE = new RegExp(`^[A-Z0-9]{${SHORT_LENGTH}}$`);
// Read alike: the short alphabet has none of these, so a card misread either way is answered
// "no such code" the same way (and gives one key, one digest).
const LOOKALIKES = { O: "0", I: "1", L: "1" };
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;
const SPACES = new RegExp(`[${SPACE}]+`, "g");
const MARK = /\p{M}/u;

// Python's str.casefold(): upper then lower case, but ß → ss, dotless ı kept, Cherokee upper.
function casefold(text) {
  return text.split("ı").map((part) => part.toUpperCase().toLowerCase()).join("ı")
    .replace(/ß/g, "ss").replace(/[\u13f8-\u13fd\uab70-\uabbf]/g, (ch) => ch.toUpperCase());
}

// Python drops marks with a combining class; canonical reordering tells them: such a mark
// moves before U+0345 (class 240) or lets U+0334 (class 1) move before it.
function combining(ch) {
  return MARK.test(ch) && (`a\u0345${ch}`.normalize("NFD") !== `a\u0345${ch}`
    || `a${ch}\u0334`.normalize("NFD") !== `a${ch}\u0334`);
}

// The search key: lower case, no diacritics (đ → d), whatever the input's form (NFC or NFD).
export function fold(text) {
  const clean = String(text ?? "").normalize("NFC").replace(INVISIBLE, "").replace(SPACES, " ").trim();
  return [...casefold(clean).normalize("NFD")].filter((ch) => !combining(ch)).join("").replace(/đ/g, "d");
}

// A card read through a Vietnamese keyboard (Unikey's Telex on the door's laptop): the
// scanner's keys came out as Vietnamese letters ("AA" as "Â", "DD" as "Đ"), so the text reads
// as our code only once its marks are gone. kiosk/checkin.py's _typed_in_vietnamese.
function typedInVietnamese(upper) {
  if (/^[\x00-\x7f]*$/.test(upper)) return false;
  const bare = upper.normalize("NFD").replace(/\p{M}/gu, "").replace(/Đ/g, "D");
  if (!/^[\x00-\x7f]*$/.test(bare)) return false;
  if (bare.startsWith(CODE_PREFIX)) return true;
  const compact = bare.replace(SEPARATORS, "");
  return compact.length >= 5 && compact.length <= SHORT_LENGTH && [...compact].every((ch) => SHORT_ALPHABET.includes(ch))
    && /[0-9]/.test(compact);
}

// What a scanner or a person sent: {kind: "code" | "short" | "forged" | "keyboard" | null, value}. A short
// code is any eight ASCII letters or digits once the separators are gone, O read as 0 and I, L
// as 1: well formed, so one that is not ours is "no such code", not "not an invitation".
export function readScan(raw) {
  if (typeof raw !== "string") return { kind: null, value: "" };
  const text = raw.replace(EDGES, "");
  if (!text || [...text].length > MAX_SCAN) return { kind: null, value: "" };
  const upper = text.toUpperCase();
  if (typedInVietnamese(upper)) return { kind: "keyboard", value: upper };
  if (upper.startsWith(CODE_PREFIX)) {
    const body = upper.slice(CODE_PREFIX.length);
    // Our prefix with a body of the wrong shape: a damaged or forged card.
    return CODE_BODY.test(body) ? { kind: "code", value: upper } : { kind: "forged", value: upper };
  }
  const compact = upper.replace(SEPARATORS, "");
  if (SHORT_SHAPE.test(compact)) {
    return { kind: "short", value: compact.replace(/[OIL]/g, (ch) => LOOKALIKES[ch]) };
  }
  return { kind: null, value: "" };
}

// Whether a scan can name one of our cards: our full code, or a short code made only of the
// alphabet's characters (the others are well formed, but no card has them).
export function mayBeOurs(scan) {
  if (scan.kind === "short") return [...scan.value].every((ch) => SHORT_ALPHABET.includes(ch));
  return scan.kind === "code";
}

// The kiosk's key for a scan (the same card twice; the lookup in its own copy): our code as
// readScan reads it, anything else upper case without separators, still sent to the server.
export function scanKey(raw) {
  const scan = readScan(raw);
  if (scan.kind) return scan.value;
  const upper = raw.replace(EDGES, "").toUpperCase();
  return upper.startsWith(CODE_PREFIX) ? upper : upper.replace(SEPARATORS, "");
}
