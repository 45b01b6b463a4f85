// The arrivals board: bars per residential group against its quota, the officers and
// ward delegates by name, the pace and the latest arrivals. Redrawn from GET /api/board
// on every `attendance` event and after every reconnect: the server is the truth.
import { api, connect, el, fill, labels } from "./api.js";

const L = labels();
let timer = null;

function bar(group) {
  const residents = group.residents_present;
  const quota = Math.max(group.quota, 1);
  const width = Math.min(100, (residents / Math.max(quota, residents)) * 100);
  const status = group.level === "below" ? fill(L.below, { n: group.quota - residents })
    : group.level === "above" ? fill(L.above, { n: residents - group.quota }) : L.at;
  return el("div", { class: `bar-row ${group.level}`, dataset: { group: group.name } },
    el("div", { class: "bar-name", text: group.name }),
    el("div", { class: "bar-track" },
      el("div", { class: "bar-fill", style: `width: ${width}%` }),
      el("div", { class: "bar-quota", style: `left: ${Math.min(100, (group.quota / Math.max(quota, residents)) * 100)}%` })),
    el("div", { class: "bar-value", text: `${residents}/${group.quota}` }),
    el("div", { class: "bar-status", text: status }),
  );
}

function officers(group) {
  if (!group.officers.length) return null;
  return el("div", { class: "officer-group" },
    el("h3", { text: group.name }),
    el("ul", {}, ...group.officers.map((person) => el("li", { class: person.present ? "present" : "absent" },
      el("span", { class: "mark", text: person.present ? "✓" : "·" }),
      el("span", { text: person.name }),
      el("span", { class: "muted", text: person.position ? ` — ${person.position}` : "" }),
    ))),
  );
}

function render(data) {
  document.getElementById("present").textContent = `${data.present}/${data.capacity}`;
  document.getElementById("pace").textContent = String(data.per_minute);
  document.getElementById("groups").replaceChildren(...data.groups.filter((g) => g.kind === "tdp").map(bar));
  document.getElementById("officers").replaceChildren(...data.groups.map(officers).filter(Boolean));
  document.getElementById("latest").replaceChildren(...data.latest.map((row) => el("li", {},
    el("span", { class: "time", text: row.time }),
    el("span", { text: ` ${row.name}` }),
    el("span", { class: "muted", text: ` · ${row.group_name}` }),
    row.walk_in ? el("span", { class: "badge short", text: L.walkIn }) : null,
    row.flagged ? el("span", { class: "badge short", text: L.flagged }) : null,
  )));
}

async function refresh() {
  try {
    render(await api("GET", "/api/board"));
    document.getElementById("board-status").textContent = "";
  } catch { /* the next event or reconnect tries again */ }
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 300);
}

if (document.getElementById("groups")) {
  const socket = connect();
  socket.on("connect", refresh);
  socket.on("attendance", soon);
  socket.on("disconnect", () => {
    document.getElementById("board-status").textContent = L.reconnecting;
  });
  setInterval(refresh, 30_000); // the pace moves even when nobody arrives
  refresh();
}
