// Every call the door makes: an answer within 3 seconds, or Offline (see ../api.js request).
import { request } from "../api.js";

export const TIMEOUT_MS = 3000;
export const call = (method, url, body) => request(method, url, body, TIMEOUT_MS);
