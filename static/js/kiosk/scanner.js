// The tablet's camera as a scanner (qr-scanner, loaded on first use); needs a secure page.
import { scanned } from "./door.js";

export async function setUpCamera() {
  const start = document.getElementById("camera-start");
  const stop = document.getElementById("camera-stop");
  const video = document.getElementById("camera-view");
  if (!start) return;
  if (!window.isSecureContext || !navigator.mediaDevices) {
    document.getElementById("camera-note").hidden = false;
    return;
  }
  start.hidden = false;
  let scanner = null;
  start.addEventListener("click", async () => {
    const { default: QrScanner } = await import("/vendor/qr-scanner/qr-scanner.min.js");
    scanner = scanner || new QrScanner(video, (result) => scanned(result.data), {
      returnDetailedScanResult: true, highlightScanRegion: true, preferredCamera: "environment",
    });
    video.hidden = false;
    await scanner.start();
    start.hidden = true;
    stop.hidden = false;
  });
  stop.addEventListener("click", () => {
    scanner?.stop();
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
    document.getElementById("scan").focus();
  });
}
