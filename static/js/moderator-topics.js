// Dialogue by topic on the moderator page: the pending and queued columns grouped under their
// fields (lĩnh vực), the field being taken now first; the list of fields edited in place
// (rename, move, add, remove) and sent with each field's id, so that its questions follow it.
import { el, fill } from "./api.js";

const KEY = "doithoai.moderator.byTopic";

export function groupedView() {
  try { return localStorage.getItem(KEY) === "1"; } catch { return false; }
}

export function setGroupedView(on) {
  try { localStorage.setItem(KEY, on ? "1" : "0"); } catch { /* private mode: for this page only */ }
}

// The questions of one column (already in the column's order) under their fields: the field
// taken now first, then the chairman's order, then fields no longer offered, then none.
// Each part keeps the column's order.
export function byTopic(list, topics, currentId, noneLabel) {
  const groups = new Map();
  const order = new Map((topics || []).map((t, i) => [t.id, i]));
  for (const q of list) {
    const id = q.topic_id ?? null;
    if (!groups.has(id)) groups.set(id, { id, name: id === null ? noneLabel : q.topic_name || noneLabel, list: [] });
    groups.get(id).list.push(q);
  }
  const rank = (g) => (g.id === null ? [3, 0] : g.id === currentId ? [0, 0] : order.has(g.id) ? [1, order.get(g.id)] : [2, 0]);
  return [...groups.values()].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1];
  });
}

// "Đang đối thoại: Đất đai – xây dựng (5 ý kiến)", or nothing when every field is taken.
export function topicLine(topic, L) {
  return topic ? fill(L.topicNow, { name: topic.name, n: topic.count }) : "";
}

// The list of fields, one row each: its name, move up/down, remove; "Thêm lĩnh vực" adds one.
export class TopicEditor {
  constructor(root, L) {
    this.root = root;
    this.L = L;
    this.rows = root.querySelector(".topic-rows");
    root.querySelector(".topic-add")?.addEventListener("click", () => {
      this.add({ id: null, name: "" }).querySelector("input").focus();
    });
  }

  fill(topics) {
    this.rows.replaceChildren();
    for (const topic of topics || []) this.add(topic);
  }

  add(topic) {
    const L = this.L;
    const input = el("input", { type: "text", maxlength: "120", value: topic.name, "aria-label": L.topicName });
    const move = (step) => {
      const sibling = step < 0 ? row.previousElementSibling : row.nextElementSibling;
      if (!sibling) return;
      if (step < 0) sibling.before(row); else sibling.after(row);
      input.focus();
    };
    const small = (text, label, onclick) => el("button", { type: "button", class: "arrow", text, title: label, "aria-label": label, onclick });
    const row = el("li", { class: "topic-row", dataset: { id: topic.id ?? "" } },
      input,
      small("▲", L.topicUp, () => move(-1)),
      small("▼", L.topicDown, () => move(1)),
      small("✕", L.topicRemove, () => { row.remove(); }));
    this.rows.append(row);
    return row;
  }

  // What PATCH /api/room takes: [{id, name}] for a kept field, [{name}] for a new one.
  value() {
    return [...this.rows.querySelectorAll(".topic-row")]
      .map((row) => ({ id: row.dataset.id ? Number(row.dataset.id) : null, name: row.querySelector("input").value.trim() }))
      .filter((t) => t.name || t.id !== null)
      .map((t) => (t.id === null ? { name: t.name } : t));
  }
}
