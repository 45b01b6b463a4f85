// The Node peer of bench/join_surge.py: the same /ask page, snapshot and files, served by
// Node's own http and fs (a file's .gz twin when the phone accepts gzip, as ours does),
// with socket.io. Run: `node bench/bare_join.js PORT SNAPSHOT_FOLDER`.
const fs = require("fs");
const http = require("http");
const path = require("path");
const { Server } = require("socket.io");

const ROOT = path.resolve(__dirname, "..");
const [port, snapshot] = [Number(process.argv[2]), process.argv[3]];
const VENDOR = { "socket.io": "socket.io-client/dist", "be-vietnam-pro": "@fontsource/be-vietnam-pro",
  "qr-scanner": "qr-scanner", "noble-hashes": "@noble/hashes" };
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff",
  ".svg": "image/svg+xml", ".json": "application/json", ".png": "image/png" };

function file(res, req, name, immutable) {
  const gz = `${name}.gz`;
  const zipped = (req.headers["accept-encoding"] || "").includes("gzip") && fs.existsSync(gz);
  fs.readFile(zipped ? gz : name, (error, data) => {
    if (error) { res.statusCode = 404; res.end(); return; }
    res.setHeader("Content-Type", TYPES[path.extname(name)] || "application/octet-stream");
    res.setHeader("Cache-Control", immutable ? "max-age=315360000, public, immutable" : "no-cache");
    if (zipped) res.setHeader("Content-Encoding", "gzip");
    res.end(data);
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  let m;
  if (url.pathname === "/ask") {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Set-Cookie", "dt_device=node; Path=/; SameSite=Lax");
    res.end(fs.readFileSync(path.join(snapshot, "ask.html")));
  } else if (url.pathname === "/api/ask") {
    res.setHeader("Content-Type", "application/json");
    res.end(fs.readFileSync(path.join(snapshot, "ask.json")));
  } else if ((m = url.pathname.match(/^\/(v\/[^/]+\/)?static\/(.+)$/))) {
    file(res, req, path.join(ROOT, "static", path.normalize(m[2])), Boolean(m[1]));
  } else if ((m = url.pathname.match(/^\/(v\/[^/]+\/)?vendor\/([^/]+)\/(.+)$/)) && VENDOR[m[2]]) {
    file(res, req, path.join(ROOT, "node_modules", VENDOR[m[2]], path.normalize(m[3])), Boolean(m[1]));
  } else {
    res.statusCode = 404;
    res.end();
  }
});
new Server(server, { perMessageDeflate: false });
server.listen(port, "127.0.0.1");
