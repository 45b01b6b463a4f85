// Keyed digests of invitation codes, as kiosk/digests.py makes them (checked against
// tests/cases/digests.json): the kiosk's copy holds these, never a code in clear.
// HMAC-SHA256 from @noble/hashes, not crypto.subtle, which a page on http:// on the LAN lacks.
import { hmac } from "/vendor/noble-hashes/hmac.js";
import { sha256 } from "/vendor/noble-hashes/sha2.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "/vendor/noble-hashes/utils.js";

export const CODE_DIGEST_HEX = 16;
export const SHORT_DIGEST_HEX = 6;
const LENGTHS = { code: CODE_DIGEST_HEX, short: SHORT_DIGEST_HEX };

// The digest of a scan as readScan reads it: kind "code" or "short", value its normalised text;
// keyHex is the conference's key from the page.
export function digest(keyHex, kind, value) {
  return bytesToHex(hmac(sha256, hexToBytes(keyHex), utf8ToBytes(value))).slice(0, LENGTHS[kind]);
}
