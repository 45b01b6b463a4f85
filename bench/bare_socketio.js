// The Node baseline: a bare socket.io server that broadcasts one event to everyone.
// Run by bench/fanout.py: `node bench/bare_socketio.js PORT`; POST /emit?id=N.
// POST /api/checkins answers the kiosks of bench/hall.py at once (no database, no check):
// the floor any server meets on this machine with the same clients and the same pauses.
const http = require("http");
const { Server } = require("socket.io");

const TEXT = "Đề nghị phường nạo vét cống thoát nước ngõ 5 đường Nguyễn Trãi, mỗi khi mưa to nước "
  + "ngập sâu, bà con đi lại khó khăn, trẻ em đi học rất nguy hiểm.";
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (req.method === "POST" && url.pathname === "/emit") {
    io.emit("question", { id: Number(url.searchParams.get("id")), status: "approved", text: TEXT,
      group_name: "TDP số 3", asker_name: "", interest: 0 });
    res.end("ok");
  } else if (req.method === "POST" && url.pathname === "/api/checkins") {
    req.resume();
    req.on("end", () => {
      res.writeHead(201, { "Content-Type": "application/json", "Server-Timing": "app;dur=0" });
      res.end(JSON.stringify({ result: "checked_in" }));
    });
  } else {
    res.statusCode = 404;
    res.end();
  }
});
const io = new Server(server, { perMessageDeflate: false });
server.listen(Number(process.argv[2]), "127.0.0.1");
