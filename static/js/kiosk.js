// The door's page (templates/kiosk/index.html): green / amber / red for each scan, admitting
// from the kiosk's own copy while the server does not answer, and opening from the browser's
// cache when reloaded then (./kiosk/shell.js); the parts are in ./kiosk/.
import { connect, labels } from "./api.js";
import { setUpScanBox } from "./kiosk/door.js";
import { setUpOverlay, showAnswer } from "./kiosk/overlay.js";
import { flush, onRefusedLater, queue, setOnline, startKnocking } from "./kiosk/queue.js";
import { attendanceChanged, checkedInElsewhere, showCopyCount, showSummary, startSyncing } from "./kiosk/roster.js";
import { setUpCamera } from "./kiosk/scanner.js";
import { setUpSearch, setUpWalkIns } from "./kiosk/search.js";
import { keepShell } from "./kiosk/shell.js";

const conferenceId = labels().conferenceId;

onRefusedLater(showAnswer); // a queued admission the server refuses once back is said, not dropped unseen
startKnocking();
if (conferenceId) {
  showCopyCount(); // until the server's count arrives (or while it cannot)
  startSyncing();
}
setUpScanBox();
setUpOverlay();
setUpSearch();
setUpWalkIns();

if (window.io && conferenceId) {
  const socket = connect();
  socket.on("connect", () => { flush(); });
  socket.on("attendance", (data) => {
    showSummary(data);
    attendanceChanged();
  });
  socket.on("checkin", checkedInElsewhere);
}

setOnline(queue.length === 0);
setUpCamera();
if (conferenceId) {
  flush().catch(() => setOnline(false));
}
document.getElementById("scan")?.focus();
keepShell();
