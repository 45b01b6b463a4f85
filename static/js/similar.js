// Similar matters on the moderator's cards (GET /api/questions/<id>/similar, staff only):
// "Có thể trùng: Câu 12 (87%)" with one click to the merge dialog, the target chosen (nothing
// is merged until the chairman confirms there), and the same matter raised at an earlier
// conference, with its outcome and where its follow-up stands.
// Fetched lazily, when a pending or queued card is drawn, at most two at a time; cached per
// question; a question that changes makes the suggestions that may name it stale.
import { api, el, fill, labels } from "./api.js";

const MAX_AT_ONCE = 2;
const SHOWN = new Set(["pending", "approved"]);

export function similarMatters({ chairman, number, statuses, redraw, merge }) {
  const L = labels("similar-labels");
  const cache = new Map(); // question id → { state: "loading" | "ready" | "failed", data, version }
  const waiting = [];
  let running = 0;
  let version = 0; // goes up with every change to the questions

  const dmy = (iso) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return match ? `${match[3]}/${match[2]}/${match[1]}` : iso || "";
  };

  function followUp(item) {
    const f = item.followup;
    if (!f) return "";
    if (f.state === "done") return f.done_on ? fill(L.done, { date: dmy(f.done_on) }) : L.doneNoDate;
    if (f.state === "overdue") return fill(L.overdue, { date: dmy(f.due) });
    return f.due ? fill(L.inProgress, { date: dmy(f.due) }) : L.inProgressNoDate;
  }

  // Many answers arrive together after a load: the cards are drawn again once per frame.
  let drawing = false;
  function later() {
    if (drawing) return;
    drawing = true;
    requestAnimationFrame(() => { drawing = false; redraw(); });
  }

  async function load(id) {
    const asked = version;
    try {
      const data = await api("GET", `/api/questions/${id}/similar`);
      cache.set(id, { state: "ready", data, version: asked });
      let stale = false;
      // A question that finds another whose suggestions, fetched before the last change, do
      // not name it back: those are stale (the new question arrived after them).
      for (const item of data.here) {
        const other = cache.get(item.id);
        if (other?.state === "ready" && other.version < asked && !other.data.here.some((x) => x.id === id)) {
          cache.delete(item.id);
          stale = true;
        }
      }
      if (stale || data.here.length || data.earlier.length) later();
    } catch {
      cache.set(id, { state: "failed", version: asked });
    }
  }

  function pump() {
    while (running < MAX_AT_ONCE && waiting.length) {
      const id = waiting.shift();
      running += 1;
      load(id).finally(() => { running -= 1; pump(); });
    }
  }

  function want(id) {
    if (cache.has(id)) return;
    cache.set(id, { state: "loading", version });
    waiting.push(id);
    pump();
  }

  function hereLine(q, item) {
    const text = fill(L.here, { question: number(item), score: `${Math.round(item.score * 100)}%` });
    const line = el("div", { class: "similar-here", title: item.text }, el("span", { text }));
    if (chairman) {
      line.append(" ", el("button", {
        type: "button", class: "small similar-merge", text: fill(L.mergeInto, { n: item.number ?? item.id }),
        onclick: (event) => { event.stopPropagation(); merge(q, item.id); },
      }));
    }
    return line;
  }

  function earlierLine(item) {
    const outcome = [statuses[item.status] || item.status, followUp(item)].filter(Boolean).join(", ");
    return el("div", { class: `similar-earlier${item.followup?.state === "overdue" ? " overdue" : ""}` },
      el("span", { text: fill(L.earlier, { date: dmy(item.held_on), outcome }) }),
      el("div", { class: "small muted similar-text", text: item.text }));
  }

  return {
    // The card's block: nothing while loading or when nothing is alike; starts the fetch.
    block(q) {
      if (!SHOWN.has(q.status)) return null;
      want(q.id);
      const entry = cache.get(q.id);
      if (entry?.state !== "ready") return null;
      const { here, earlier } = entry.data;
      if (!here.length && !earlier.length) return null;
      return el("div", { class: "similar", "aria-label": L.title, onclick: (event) => event.stopPropagation() },
        ...here.map((item) => hereLine(q, item)), ...earlier.map(earlierLine));
    },
    // A question changed (an event, a move): what may name it, and its own, are fetched again.
    changed(q, before) {
      version += 1;
      if (!before || before.text !== q.text) cache.delete(q.id);
      // A merged or rejected question is never a merge target: what names it is read again
      // (a merged one then names the question it joined).
      if (!before || before.text !== q.text || before.status !== q.status || ["merged", "rejected"].includes(q.status)) {
        for (const [id, entry] of cache) {
          if (entry.state === "ready" && entry.data.here.some((item) => item.id === q.id)) cache.delete(id);
        }
      }
    },
    // After a reconnect everything is read again.
    reset() {
      version += 1;
      cache.clear();
      waiting.length = 0;
    },
  };
}
